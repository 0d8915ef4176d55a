/**
 * The form of a text that rules are matched against (guardrails, intent, phrase lists): never the form that
 * is stored or shown. It undoes the tricks that make two spellings look alike to a person but differ to a
 * program: compatibility forms (full-width, ligatures, mathematical letters) through NFKC, invisible
 * characters (zero-width spaces and joiners, soft hyphens, bidi controls, variation selectors, tags) by
 * removing them, and Cyrillic or Greek letters that look Latin by folding them, in the spirit of Unicode's
 * confusables (UTS #39) for the scripts that matter most in practice.
 */

/** Default-ignorable code points and format characters: invisible, so "keyl\u200Bogger" reads as "keylogger". */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** Capital look-alikes, folded before any lower-casing (Greek Η lower-cases to η, which looks like n, not h). */
const UPPER_LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  А: 'A',
  В: 'B',
  Е: 'E',
  Ё: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ѕ: 'S',
  І: 'I',
  Ї: 'I',
  Ј: 'J',
  Ԛ: 'Q',
  Ԝ: 'W',
  Ү: 'Y',
  Ӏ: 'I',
  // Greek
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

const LOWER_LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  г: 'r',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  ӏ: 'l',
  // Greek
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  // Latin letters outside ASCII that read as ASCII
  ı: 'i',
  ɑ: 'a',
  ɡ: 'g',
  ɩ: 'i',
  ʏ: 'y',
};

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const LOOKALIKES: Readonly<Record<string, string>> = { ...UPPER_LOOKALIKES, ...LOWER_LOOKALIKES };
const LOOKALIKE_CLASS = `[${Object.keys(LOOKALIKES).join('')}]`;
const ANY_LOOKALIKE = new RegExp(LOOKALIKE_CLASS, 'u');
const EVERY_LOOKALIKE = new RegExp(LOOKALIKE_CLASS, 'gu');
/** A letter that is not a look-alike: a genuine Cyrillic or Greek word has one (or is Latin already). */
const OTHER_LETTER = new RegExp(`(?!${LOOKALIKE_CLASS})\\p{L}`, 'u');
/** Text that NFKC, the invisibles and the look-alikes all leave as it is. */
const PLAIN_ASCII = /^[\x20-\x7e\t\n\r]*$/;

/**
 * A word is folded when it mixes Latin with look-alikes ("kеylоgger" with Cyrillic е and о) or consists of
 * look-alikes alone ("кеу"); a genuine Cyrillic or Greek word, which has letters without a Latin twin, stays.
 */
function foldWord(word: string): string {
  if (!ANY_LOOKALIKE.test(word)) return word;
  if (!LATIN.test(word) && OTHER_LETTER.test(word)) return word;
  return word.replace(EVERY_LOOKALIKE, (character) => LOOKALIKES[character] ?? character);
}

/** Removes every invisible character; tab and newline (which are visible separators) stay. */
export function withoutInvisibles(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Three or more single letters a space, dot, dash, underscore or star apart: "k e y l o g g e r", "r.a.n.s.o.m". */
const SPELLED_OUT = /(?<![\p{L}\p{N}])\p{L}(?:[ ._*-]{1,2}\p{L}){2,}(?![\p{L}\p{N}])/gu;
const NOT_A_LETTER = /[^\p{L}]/gu;
/** One-letter words that may stand before a spelled-out word: "a k e y l o g g e r", "I ...". */
const ONE_LETTER_WORD = /^[aAiI]/;

/**
 * A spelled-out word joined up. A run that starts with a one-letter word is read both ways, the whole run
 * first ("a d d o s" gives "addos a ddos", "i n f o s t e a l e r" gives "infostealer i nfostealer"), so
 * a rule finds the word whether or not the first letter belongs to it.
 */
function joinSpelledOut(run: string): string {
  const letters = run.replace(NOT_A_LETTER, '');
  return ONE_LETTER_WORD.test(letters) && letters.length > 3 ? `${letters} ${letters[0]} ${letters.slice(1)}` : letters;
}

/**
 * NFKC, invisibles removed, look-alike letters folded to Latin, spelled-out words joined. Case is kept:
 * callers lower-case if they need to.
 */
export function matchingForm(text: string): string {
  if (PLAIN_ASCII.test(text)) return text.replace(SPELLED_OUT, joinSpelledOut); // no look-alike is ASCII
  const normalized = withoutInvisibles(withoutInvisibles(text).normalize('NFKC'));
  const folded = ANY_LOOKALIKE.test(normalized) ? normalized.replace(WORD, foldWord) : normalized;
  return folded.replace(SPELLED_OUT, joinSpelledOut);
}

import { matchingForm } from './matching-form';

/**
 * Whole-word matching for the consultation rules. Text and phrases go through the same normaliser and are
 * compared token by token, so "ok" never matches inside "facebook" and "insta" never inside "install"
 * (substring matching read "yesterday" as "yes" and "cleared" as "clear").
 */

const WORD_OR_EMOJI = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;

/**
 * The matching form (NFKC, no invisible characters, look-alike letters folded), lowercase, with
 * contractions folded so that a phrase and a message written either way agree: "don't" becomes "dont",
 * and "let's", "it's", "instagram's" lose their "'s".
 */
export function normalizeText(text: string): string {
  return matchingForm(text)
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/n't\b/g, 'nt')
    .replace(/'(?:s|re|ll|m|ve|d)\b/g, '')
    .replace(/'/g, '');
}

export function tokenize(text: string): string[] {
  return normalizeText(text).match(WORD_OR_EMOJI) ?? [];
}

export interface PhraseMatch {
  phrase: string;
  start: number;
  length: number;
}

function matchesAt(tokens: readonly string[], phraseTokens: readonly string[], start: number): boolean {
  if (phraseTokens.length === 0 || start + phraseTokens.length > tokens.length) return false;
  return phraseTokens.every((token, offset) => tokens[start + offset] === token);
}

/** Phrases come from fixed catalogues: each is tokenised once, not once per message and clause. */
const PHRASE_TOKENS = new Map<string, readonly string[]>();
const PHRASE_CACHE_LIMIT = 20_000;

function phraseTokensOf(phrase: string): readonly string[] {
  let tokens = PHRASE_TOKENS.get(phrase);
  if (tokens === undefined) {
    tokens = tokenize(phrase);
    if (PHRASE_TOKENS.size >= PHRASE_CACHE_LIMIT) PHRASE_TOKENS.clear();
    PHRASE_TOKENS.set(phrase, tokens);
  }
  return tokens;
}

const INDEXES = new WeakMap<readonly string[], Map<string, number[]>>();

/** Where each token occurs: a phrase is tried only where its first token is, not at every position. */
function positionsByToken(tokens: readonly string[]): Map<string, number[]> {
  const known = INDEXES.get(tokens);
  if (known) return known;
  const positions = new Map<string, number[]>();
  INDEXES.set(tokens, positions);
  tokens.forEach((token, index) => {
    const at = positions.get(token);
    if (at) at.push(index);
    else positions.set(token, [index]);
  });
  return positions;
}

/** Every occurrence of every phrase, in token order (ties: the longer phrase first). */
export function findPhrases(tokens: readonly string[], phrases: readonly string[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  const positions = positionsByToken(tokens);
  for (const phrase of phrases) {
    const phraseTokens = phraseTokensOf(phrase);
    for (const start of positions.get(phraseTokens[0] ?? '') ?? []) {
      if (matchesAt(tokens, phraseTokens, start)) matches.push({ phrase, start, length: phraseTokens.length });
    }
  }
  return matches.sort((a, b) => a.start - b.start || b.length - a.length);
}

export function containsPhrase(tokens: readonly string[], phrases: readonly string[]): boolean {
  return findPhrases(tokens, phrases).length > 0;
}

/** Tokens left after removing every occurrence of the phrases (longest first, no overlaps). */
export function withoutPhrases(tokens: readonly string[], phrases: readonly string[]): string[] {
  const covered = new Set<number>();
  for (const match of findPhrases(tokens, phrases)) {
    const indexes = Array.from({ length: match.length }, (_, offset) => match.start + offset);
    if (indexes.some((index) => covered.has(index))) continue;
    indexes.forEach((index) => covered.add(index));
  }
  return tokens.filter((_, index) => !covered.has(index));
}

/**
 * The key whose phrases occur earliest in the tokens; at the same position the longer phrase wins, then
 * the earlier key in the list.
 */
export function earliestKey<K extends string>(tokens: readonly string[], entries: ReadonlyArray<readonly [K, readonly string[]]>): K | null {
  let best: { key: K; start: number; length: number } | null = null;
  for (const [key, phrases] of entries) {
    const first = findPhrases(tokens, phrases)[0];
    if (!first) continue;
    const better = !best || first.start < best.start || (first.start === best.start && first.length > best.length);
    if (better) best = { key, start: first.start, length: first.length };
  }
  return best ? best.key : null;
}

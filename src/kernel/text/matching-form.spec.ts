import { matchingForm, withoutInvisibles } from './matching-form';
import { tokenize } from './phrase-tokens';

describe('matchingForm', () => {
  it.each([
    ['zero-width space', 'keyl\u200bogger', 'keylogger'],
    ['zero-width non-joiner', 'key\u200clogger', 'keylogger'],
    ['zero-width joiner', 'key\u200dlogger', 'keylogger'],
    ['word joiner', 'key\u2060logger', 'keylogger'],
    ['byte-order mark', '\ufeffkeylogger', 'keylogger'],
    ['soft hyphen', 'ransom\u00adware', 'ransomware'],
    ['combining grapheme joiner', 'ransom\u034fware', 'ransomware'],
    ['right-to-left override', 'key\u202elogger', 'keylogger'],
    ['bidi isolates', '\u2066keylogger\u2069', 'keylogger'],
    ['left-to-right mark', 'key\u200elogger', 'keylogger'],
    ['variation selector', 'key\ufe0flogger', 'keylogger'],
    ['ideographic variation selector', 'key\u{e0100}logger', 'keylogger'],
    ['tag characters', 'key\u{e0041}logger', 'keylogger'],
    ['Mongolian vowel separator', 'key\u180elogger', 'keylogger'],
    ['Hangul filler', 'key\u3164logger', 'keylogger'],
    ['Cyrillic е and о', 'k\u0435yl\u043egger', 'keylogger'],
    ['Cyrillic capitals', 'KEYL\u041eGG\u0415R', 'KEYLOGGER'],
    ['Greek ο and ε', 'ransοmwarε', 'ransomware'],
    ['Greek capitals fold to the Latin capital they look like', 'ΗΕΚ', 'HEK'],
    ['a word made only of look-alikes', '\u043a\u0435\u0443', 'key'],
    ['full-width letters', 'ｋｅｙｌｏｇｇｅｒ', 'keylogger'],
    ['mathematical bold letters', '𝐤𝐞𝐲𝐥𝐨𝐠𝐠𝐞𝐫', 'keylogger'],
    ['the fi ligature', 'ﬁle', 'file'],
    ['dotless i', 'sp\u0131ware', 'spiware'],
    ['everything at once', 'R\u0430ns\u00adom\u200bw\u0430r\u0435', 'Ransomware'],
  ])('%s: %j becomes %j', (_, text, expected) => {
    expect(matchingForm(text)).toBe(expected);
  });

  it('keeps genuine Cyrillic and Greek words, which have letters with no Latin twin', () => {
    expect(matchingForm('приложение для рецептов')).toBe('приложение для рецептов');
    expect(matchingForm('λογισμικό')).toBe('λογισμικό');
  });

  it('keeps what is visible: accents, emoji, tabs and newlines', () => {
    expect(matchingForm('café 👍\tnext\nline')).toBe('café 👍\tnext\nline');
    expect(matchingForm('naïve résumé')).toBe('naïve résumé');
  });

  it('keeps case, and leaves plain ASCII exactly as it was', () => {
    const ascii = 'Build me a Todo app, with 3 lists & due-dates! A to-do list, e-mail, x-ray and a b';
    expect(matchingForm(ascii)).toBe(ascii);
  });

  it.each([
    ['spaces', 'k e y l o g g e r', 'keylogger'],
    ['dots', 'r.a.n.s.o.m.w.a.r.e kit', 'ransomware kit'],
    ['dashes and double spaces', 's-p-y  w-a-r-e', 'spyware'],
    ['capitals', 'Build me the R O O T K I T', 'Build me the ROOTKIT'],
    ['an article before it, read both ways', 'Build me a k e y l o g g e r', 'Build me akeylogger a keylogger'],
    ['a word that starts with a one-letter word, read both ways', 'an i n f o s t e a l e r', 'an infostealer i nfostealer'],
    ['look-alikes and invisibles first', 'k \u0435 y\u200b l o g g e r', 'keylogger'],
  ])('joins a word spelled out with %s', (_, text, expected) => {
    expect(matchingForm(text)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const text of ['k\u0435yl\u043egger', 'ransom\u00adware', 'ｋｅｙ', 'ΗΕΚ', 'приложение', 'a k e y l o g g e r', 'i n f o s t e a l e r']) {
      expect(matchingForm(matchingForm(text))).toBe(matchingForm(text));
    }
  });

  it('withoutInvisibles removes only what cannot be seen', () => {
    expect(withoutInvisibles('a\u200bb\u00adc\u202ed\ufe0fe')).toBe('abcde');
    expect(withoutInvisibles('a b\tc\nd')).toBe('a b\tc\nd');
  });

  it('is what tokenize matches on', () => {
    expect(tokenize('Build me a k\u0435yl\u043egger')).toEqual(['build', 'me', 'a', 'keylogger']);
    expect(tokenize('RANSOM\u00adWARE\u200b kit')).toEqual(['ransomware', 'kit']);
  });
});

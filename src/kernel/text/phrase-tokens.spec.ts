import { containsPhrase, earliestKey, findPhrases, normalizeText, tokenize, withoutPhrases } from './phrase-tokens';

describe('tokenize', () => {
  it.each([
    ['Hello, World!', ['hello', 'world']],
    ["Let's go", ['let', 'go']],
    ['Let’s go', ['let', 'go']],
    ["don't", ['dont']],
    ["Instagram's feed", ['instagram', 'feed']],
    ['x.com and next.js', ['x', 'com', 'and', 'next', 'js']],
    ['ok 👍', ['ok', '👍']],
    ['localStorage', ['localstorage']],
    ['25-minute', ['25', 'minute']],
    ['café', ['café']],
    ['', []],
    ['?!', []],
  ])('splits %j into whole words', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('normalises full-width letters', () => {
    expect(normalizeText('ＯＫ')).toBe('ok');
  });
});

describe('phrase matching', () => {
  it('matches whole words only', () => {
    expect(containsPhrase(tokenize('facebook'), ['ok', 'book'])).toBe(false);
    expect(containsPhrase(tokenize('a book'), ['ok', 'book'])).toBe(true);
  });

  it('matches phrases as consecutive words, whatever the punctuation', () => {
    expect(containsPhrase(tokenize('go... ahead!'), ['go ahead'])).toBe(true);
    expect(containsPhrase(tokenize('go right ahead'), ['go ahead'])).toBe(false);
  });

  it('lists matches in text order, the longer phrase first at the same place', () => {
    expect(findPhrases(tokenize('task board and task'), ['task', 'task board'])).toEqual([
      { phrase: 'task board', start: 0, length: 2 },
      { phrase: 'task', start: 0, length: 1 },
      { phrase: 'task', start: 3, length: 1 },
    ]);
  });

  it('removes phrases without overlapping them', () => {
    expect(withoutPhrases(tokenize('yes go ahead please'), ['go', 'go ahead', 'yes'])).toEqual(['please']);
  });

  it('picks the key named earliest, then the longer phrase, then the earlier key', () => {
    const entries = [
      ['A', ['alpha']],
      ['B', ['beta', 'alpha beta']],
      ['C', ['alpha']],
    ] as const;
    expect(earliestKey(tokenize('beta then alpha'), entries)).toBe('B');
    expect(earliestKey(tokenize('alpha beta'), entries)).toBe('B');
    expect(earliestKey(tokenize('alpha'), entries)).toBe('A');
    expect(earliestKey(tokenize('gamma'), entries)).toBeNull();
  });
});

import { cleanText, textProblem } from './well-formed-text';

describe('well-formed text', () => {
  it.each([
    ['A todo app', null],
    ['tabs\tand\nnewlines\r\n', null],
    ['emoji 🚀 and accents é', null],
    ['a\u0000b', 'a control character (U+0000)'],
    ['bell\u0007', 'a control character (U+0007)'],
    ['escape\u001b[31m', 'a control character (U+001B)'],
    ['delete\u007f', 'a control character (U+007F)'],
    ['c1\u0085', 'a control character (U+0085)'],
    ['lone \ud800 high', 'a lone surrogate (U+D800), which is not Unicode text'],
    ['lone \udc00 low', 'a lone surrogate (U+DC00), which is not Unicode text'],
    ['reversed \udc00\ud800', 'a lone surrogate (U+DC00), which is not Unicode text'],
  ])('%j: %s', (text, problem) => expect(textProblem(text)).toBe(problem));

  it('cleans a model answer: controls removed, lone surrogates replaced, good text untouched', () => {
    expect(cleanText('due\u0000 dates\u0007')).toBe('due dates');
    expect(cleanText('x\ud800y')).toBe('x\ufffdy');
    expect(cleanText('fine 🚀\n')).toBe('fine 🚀\n');
  });
});

import { findJsonObject } from './json-answer';

describe("findJsonObject cleans a model's text before it can become an event", () => {
  it('removes control characters and replaces lone surrogates in every string, keys included', () => {
    const answer = '```json\n{"features": ["due\\u0000 dates", "tags\\u0007"], "speech": "ok \\ud800", "k\\u0001": 1}\n```';
    expect(findJsonObject(answer)).toEqual({ ok: true, value: { features: ['due dates', 'tags'], speech: 'ok \ufffd', k: 1 } });
  });

  it('leaves good text as the model wrote it', () => {
    expect(findJsonObject('{"speech":"Tabs\\tand\\nnewlines 🚀"}')).toEqual({ ok: true, value: { speech: 'Tabs\tand\nnewlines 🚀' } });
  });

  it('answers a JSON nested too deeply to walk as invalid, not with a crash', () => {
    const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(findJsonObject(deep)).toMatchObject({ ok: false, problem: 'invalid' });
  });
});

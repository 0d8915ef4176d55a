import { parseManifestAnswer } from './manifest-parser';

const MANIFEST = {
  projectName: 'counter',
  stack: 'node',
  files: [{ path: 'index.js', content: 'const s = "{ not a brace }";\n' }],
  auditCommand: 'node --test',
  runCommand: 'node index.js',
};
const JSON_TEXT = JSON.stringify(MANIFEST, null, 2);

const answer = (text: string, stopReason: string | null = 'end_turn', outputTokens = 100) => ({ text, stopReason, usage: { inputTokens: 10, outputTokens } });

describe('parseManifestAnswer', () => {
  it('reads bare JSON', () => {
    expect(parseManifestAnswer(answer(JSON_TEXT))).toEqual({ ok: true, manifest: MANIFEST });
  });

  it('reads a ```json fence with prose around it', () => {
    const text = `Here is your project:\n\n\`\`\`json\n${JSON_TEXT}\n\`\`\`\n\nIt has one file. Let me know {if} you need more.`;

    expect(parseManifestAnswer(answer(text))).toEqual({ ok: true, manifest: MANIFEST });
  });

  it('reads JSON with prose around it and braces inside strings, without a fence', () => {
    const text = `Sure! {thinking} The manifest: ${JSON.stringify(MANIFEST)} Hope that helps }`;

    expect(parseManifestAnswer(answer(text))).toEqual({ ok: true, manifest: MANIFEST });
  });

  it('unwraps {"manifest": {...}}', () => {
    expect(parseManifestAnswer(answer(JSON.stringify({ manifest: MANIFEST })))).toEqual({ ok: true, manifest: MANIFEST });
  });

  it('says when the answer has no JSON at all', () => {
    const result = parseManifestAnswer(answer('I am sorry, I cannot help with building that application today.'));

    expect(result).toEqual({
      ok: false,
      reason: 'the model answered without a JSON manifest (it began: "I am sorry, I cannot help with building that application today.")',
    });
  });

  it('says when the answer is empty', () => {
    expect(parseManifestAnswer(answer('   '))).toEqual({ ok: false, reason: 'the model answered without a JSON manifest (the answer was empty)' });
  });

  it('says the answer was cut off, with the token count, when the model hit its limit', () => {
    const result = parseManifestAnswer(answer(JSON_TEXT.slice(0, 120), 'max_tokens', 8192));

    expect(result).toEqual({ ok: false, reason: "the model's answer was cut off at 8192 tokens, before its manifest was complete" });
  });

  it('says the JSON is truncated when it ends unclosed for another reason', () => {
    expect(parseManifestAnswer(answer(JSON_TEXT.slice(0, 120)))).toEqual({
      ok: false,
      reason: "the model's answer ends in the middle of its JSON manifest (truncated)",
    });
  });

  it('says what does not parse in a broken fence', () => {
    const result = parseManifestAnswer(answer('```json\n{"projectName": "a", files: []}\n```'));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^the model's manifest is not valid JSON: the JSON does not parse \(.+\)$/);
  });

  it("passes on the validator's reason for a path with ..", () => {
    const text = JSON.stringify({ ...MANIFEST, files: [{ path: '../../root/.ssh/authorized_keys', content: 'ssh-ed25519 AAAA' }] });

    expect(parseManifestAnswer(answer(text))).toEqual({
      ok: false,
      reason: 'the model\'s manifest was refused: file path "../../root/.ssh/authorized_keys" has a .. segment, which leaves the project',
    });
  });

  it('refuses 10,000 files and a 50 MB file arriving as model text', () => {
    const many = JSON.stringify({ ...MANIFEST, files: Array.from({ length: 10_000 }, (_, i) => ({ path: `f${i}.js`, content: 'x' })) });
    const huge = JSON.stringify({ ...MANIFEST, files: [{ path: 'big.js', content: 'x'.repeat(50 * 1024 * 1024) }] });

    expect(parseManifestAnswer(answer(many))).toEqual({ ok: false, reason: "the model's manifest was refused: the manifest has 10000 files (at most 500)" });
    expect(parseManifestAnswer(answer(huge))).toEqual({ ok: false, reason: 'the model\'s manifest was refused: file "big.js" is larger than 1048576 bytes' });
  });
});

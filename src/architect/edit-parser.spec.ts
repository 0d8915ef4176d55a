import { parseChangeAnswer } from './edit-parser';

const answer = (text: string) => ({ text, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } });
const fenced = (value: unknown) => `Here you go.\n\`\`\`json\n${JSON.stringify(value)}\n\`\`\``;

describe("The model's answer to a change", () => {
  it('parses per-file edits: replace, write and delete', () => {
    const edits = [
      { action: 'replace', path: 'public/index.html', replacements: [{ search: '<h1>', replace: '<h1 class="x">' }] },
      { action: 'write', path: 'lib/search.js', content: 'module.exports = {};\n' },
      { action: 'delete', path: 'public/old.js' },
    ];
    expect(parseChangeAnswer(answer(fenced({ edits })))).toEqual({ kind: 'edits', edits });
  });

  it('takes a whole manifest instead of edits', () => {
    const manifest = {
      projectName: 'notes',
      stack: 'node',
      files: [{ path: 'a.js', content: '1' }],
      auditCommand: 'node --test',
      runCommand: 'node server.js',
    };
    expect(parseChangeAnswer(answer(JSON.stringify(manifest)))).toEqual({ kind: 'manifest', manifest });
  });

  it.each([
    [{ edits: [] }, 'edits is empty'],
    [{ edits: [{ action: 'write', path: '../escape.js', content: 'x' }] }, 'edit path "../escape.js"'],
    [{ edits: [{ action: 'write', path: '/etc/passwd', content: 'x' }] }, 'edit path "/etc/passwd"'],
    [{ edits: [{ action: 'chmod', path: 'a.js' }] }, 'must be "write", "replace" or "delete"'],
    [{ edits: [{ action: 'replace', path: 'a.js', replacements: [{ search: '', replace: 'x' }] }] }, 'non-empty search'],
    [{ edits: [{ action: 'write', path: 'a.js' }] }, 'no content string'],
    [{ edits: 'all of them' }, 'edits is empty or not a list'],
  ])('refuses %j with a reason a person can read', (value, reason) => {
    const parsed = parseChangeAnswer(answer(fenced(value)));
    expect(parsed.kind).toBe('rejected');
    expect(parsed.kind === 'rejected' && parsed.reason).toContain(reason);
  });

  it('refuses prose with no JSON', () => {
    expect(parseChangeAnswer(answer('I would add a search box.'))).toMatchObject({ kind: 'rejected' });
  });
});

import { applyEdits } from './file-edits';
import type { Manifest } from './manifest';

const base: Manifest = {
  projectName: 'Notes',
  stack: 'node',
  auditCommand: 'node --test',
  runCommand: 'node server.js',
  files: [
    { path: 'public/index.html', content: '<body>\n<h1>Notes</h1>\n</body>\n' },
    { path: 'old.js', content: 'x' },
  ],
};

describe('Per-file edits applied to the version being changed', () => {
  it('writes, deletes and replaces, keeping every other file and the manifest', () => {
    const result = applyEdits(base, [
      { action: 'replace', path: 'public/index.html', replacements: [{ search: '<h1>Notes</h1>', replace: '<h1>Notes</h1>\n<input type="search">' }] },
      { action: 'write', path: 'public/dark.css', content: 'body{background:#000}' },
      { action: 'delete', path: 'old.js' },
    ]);
    expect(result).toEqual({
      kind: 'manifest',
      manifest: {
        ...base,
        files: [
          { path: 'public/index.html', content: '<body>\n<h1>Notes</h1>\n<input type="search">\n</body>\n' },
          { path: 'public/dark.css', content: 'body{background:#000}' },
        ],
      },
    });
  });

  it('rejects an edit that cannot land exactly once, a missing file, or no edit at all, and keeps "$&" literal', () => {
    const twice = { ...base, files: [{ path: 'a.js', content: 'x x' }] };
    expect(applyEdits(twice, [{ action: 'replace', path: 'a.js', replacements: [{ search: 'x', replace: 'y' }] }])).toMatchObject({ kind: 'rejected' });
    expect(applyEdits(base, [{ action: 'replace', path: 'old.js', replacements: [{ search: 'nope', replace: 'y' }] }])).toMatchObject({ kind: 'rejected' });
    expect(applyEdits(base, [{ action: 'delete', path: 'missing.js' }])).toMatchObject({
      kind: 'rejected',
      reason: 'the edits delete missing.js, which the version does not have',
    });
    expect(applyEdits(base, [])).toMatchObject({ kind: 'rejected' });
    const literal = applyEdits(base, [{ action: 'replace', path: 'old.js', replacements: [{ search: 'x', replace: '$&$&' }] }]);
    expect(literal.kind === 'manifest' && literal.manifest.files[1].content).toBe('$&$&');
  });
});

import { MANIFEST_LIMITS, validateManifest } from './manifest-validation';

const good = () => ({
  projectName: 'tip-calculator',
  stack: 'node',
  files: [
    { path: 'public/index.html', content: '<!doctype html><title>Tips</title>' },
    { path: 'test/tip.test.js', content: "require('node:test');\n" },
  ],
  auditCommand: 'node --test',
  runCommand: 'node server.js',
});

function reasonFor(change: (manifest: Record<string, unknown>) => void): string {
  const manifest: Record<string, unknown> = good();
  change(manifest);
  const result = validateManifest(manifest);
  if (result.ok) throw new Error('expected the manifest to be refused');
  return result.reason;
}

describe('validateManifest', () => {
  it('accepts a sound manifest and keeps only the known fields', () => {
    const result = validateManifest({ ...good(), notes: 'extra words from the model' });

    expect(result).toEqual({ ok: true, manifest: good() });
  });

  it.each([
    ['a leading digit', '1app', 'projectName "1app" must start with a letter and contain only letters, digits and dashes'],
    ['an underscore', 'my_app', 'projectName "my_app" must start with a letter and contain only letters, digits and dashes'],
    ['a space', 'my app', 'projectName "my app" must start with a letter and contain only letters, digits and dashes'],
    ['65 characters', `a${'b'.repeat(64)}`, 'projectName is 65 characters long (at most 64)'],
    ['a number', 42, 'projectName is missing or not a string'],
  ])('refuses a projectName with %s', (_, projectName, reason) => {
    expect(reasonFor((m) => (m.projectName = projectName))).toBe(reason);
  });

  it('accepts a projectName of exactly 64 characters', () => {
    expect(validateManifest({ ...good(), projectName: `a${'b'.repeat(63)}` }).ok).toBe(true);
  });

  it.each([
    ['../outside.js', 'file path "../outside.js" has a .. segment, which leaves the project'],
    ['src/../../etc/passwd', 'file path "src/../../etc/passwd" has a .. segment, which leaves the project'],
    ['/etc/passwd', 'file path "/etc/passwd" is absolute (paths are relative to the project)'],
    ['src\\win.js', 'file path "src\\\\win.js" contains a backslash (use / as the separator)'],
    ['a\u0000b.js', 'file path "a\\u0000b.js" contains a NUL character'],
    ['./index.js', 'file path "./index.js" has a . segment (write the path without it)'],
    ['src//index.js', 'file path "src//index.js" has an empty segment (// or a trailing /)'],
    ['', 'file path "" is empty'],
    ['C:/x.js', 'file path "C:/x.js" starts with a drive letter'],
  ])('refuses the path %j, naming it', (path, reason) => {
    expect(reasonFor((m) => (m.files = [{ path, content: 'x' }]))).toBe(reason);
  });

  it('cuts a long offending path short in the reason', () => {
    const path = `${'deep/'.repeat(40)}../x.js`;

    const reason = reasonFor((m) => (m.files = [{ path, content: 'x' }]));

    expect(reason).toBe(`file path ${JSON.stringify(`${path.slice(0, 80)}…`)} has a .. segment, which leaves the project`);
  });

  it('refuses the same path twice', () => {
    const files = [
      { path: 'index.js', content: 'a' },
      { path: 'index.js', content: 'b' },
    ];

    expect(reasonFor((m) => (m.files = files))).toBe('file "index.js" appears more than once');
  });

  it('leaves paths that differ only in letter case to the policy gate, which blocks them with path_conflict', () => {
    const files = [
      { path: 'README.md', content: 'a' },
      { path: 'readme.md', content: 'b' },
    ];

    expect(validateManifest({ ...good(), files }).ok).toBe(true);
  });

  it('refuses 10,000 files at once, by count', () => {
    const files = Array.from({ length: 10_000 }, (_, i) => ({ path: `f${i}.js`, content: '' }));

    expect(reasonFor((m) => (m.files = files))).toBe('the manifest has 10000 files (at most 500)');
  });

  it('refuses a 50 MB file, naming it', () => {
    const files = [{ path: 'public/huge.js', content: 'x'.repeat(50 * 1024 * 1024) }];

    expect(reasonFor((m) => (m.files = files))).toBe('file "public/huge.js" is larger than 1048576 bytes');
  });

  it('counts bytes, not characters: a file of 400,000 three-byte characters is over 1 MiB', () => {
    const files = [{ path: 'kanji.txt', content: '漢'.repeat(400_000) }];

    expect(reasonFor((m) => (m.files = files))).toBe('file "kanji.txt" is larger than 1048576 bytes');
  });

  it('refuses files that are each allowed but together too large', () => {
    const files = Array.from({ length: 9 }, (_, i) => ({ path: `part${i}.txt`, content: 'x'.repeat(MANIFEST_LIMITS.maxFileBytes) }));

    expect(reasonFor((m) => (m.files = files))).toBe('the files add up to more than 8388608 bytes (reached at "part8.txt")');
  });

  it.each([
    [(m: Record<string, unknown>) => delete m.files, 'files is missing or not a list'],
    [(m: Record<string, unknown>) => (m.files = []), 'files is empty (a project needs at least one file)'],
    [(m: Record<string, unknown>) => (m.files = ['index.js']), 'files[0] is not an object with path and content'],
    [(m: Record<string, unknown>) => (m.files = [{ path: 'a.js', content: 3 }]), 'file "a.js" has no content string'],
    [(m: Record<string, unknown>) => (m.files = [{ content: '' }]), 'files[0].path is missing or not a string'],
    [(m: Record<string, unknown>) => (m.stack = ''), 'stack is missing or empty'],
    [(m: Record<string, unknown>) => delete m.auditCommand, 'auditCommand is missing or empty'],
    [(m: Record<string, unknown>) => (m.runCommand = 'node '.repeat(300)), 'runCommand is 1500 characters long (at most 1000)'],
  ])('refuses a malformed field (%#)', (change, reason) => {
    expect(reasonFor(change)).toBe(reason);
  });

  it('refuses something that is not an object', () => {
    expect(validateManifest(['a'])).toEqual({ ok: false, reason: 'the manifest is not a JSON object' });
  });
});

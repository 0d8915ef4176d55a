import { extract, type Header } from 'tar-stream';
import { containerVerdict } from '../../src/foundry/docker/container-run';
import { checkedPath, directoriesOf, workspaceArchive } from '../../src/foundry/docker/workspace-archive';

async function entriesOf(archive: Buffer): Promise<Array<Header & { body: string }>> {
  const reader = extract();
  reader.end(archive);
  const entries: Array<Header & { body: string }> = [];
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
    entries.push({ ...entry.header, body: Buffer.concat(chunks).toString('utf8') });
  }
  return entries;
}

describe('workspaceArchive', () => {
  it('holds every parent directory and the files, all owned by 1000:1000', async () => {
    const archive = await workspaceArchive([
      { path: 'src/app/main.js', content: 'main' },
      { path: 'README.md', content: Buffer.from('readme') },
    ]);
    const entries = await entriesOf(archive);
    expect(entries.map((entry) => [entry.name, entry.type])).toEqual([
      ['src/', 'directory'],
      ['src/app/', 'directory'],
      ['src/app/main.js', 'file'],
      ['README.md', 'file'],
    ]);
    for (const entry of entries) expect([entry.uid, entry.gid]).toEqual([1000, 1000]);
    expect(entries.find((entry) => entry.name === 'src/app/main.js')?.body).toBe('main');
  });

  it.each(['/etc/passwd', '../escape.js', 'a/../../escape.js', '', '.'])('refuses the path %p', async (path) => {
    await expect(workspaceArchive([{ path, content: 'x' }])).rejects.toThrow(/not a relative path inside the workspace/);
  });

  it('normalises harmless paths and lists directories parents first', () => {
    expect(checkedPath('./a//b/../c.js')).toBe('a/c.js');
    expect(directoriesOf(['x/y/z.js', 'a.js', 'x/w.js'])).toEqual(['x', 'x/y']);
  });
});

describe('containerVerdict', () => {
  const exit = (statusCode: number | null) => ({ statusCode, timedOut: statusCode === null, durationMs: 5 });

  it.each([
    ['a pass', exit(0), false, false, { exitCode: 0, timedOut: false, oomKilled: false }],
    ['a failure', exit(1), false, false, { exitCode: 1, timedOut: false, oomKilled: false }],
    ['the timeout', exit(null), false, false, { exitCode: null, timedOut: true, oomKilled: false }],
    ['the timeout of a run that printed "out of memory"', exit(null), false, true, { exitCode: null, timedOut: true, oomKilled: false }],
    ['the kernel OOM killer (137)', exit(137), true, false, { exitCode: null, timedOut: false, oomKilled: true }],
    ["the kernel OOM killer taking a child (the shell's own code)", exit(1), true, false, { exitCode: 1, timedOut: false, oomKilled: true }],
    ['a Node heap abort (134, "JavaScript heap out of memory")', exit(134), false, true, { exitCode: 134, timedOut: false, oomKilled: true }],
    ['a plain abort', exit(134), false, false, { exitCode: 134, timedOut: false, oomKilled: false }],
    ['a SIGKILL that was not the OOM killer', exit(137), false, false, { exitCode: 137, timedOut: false, oomKilled: false }],
    ['a pass that printed "out of memory"', exit(0), false, true, { exitCode: 0, timedOut: false, oomKilled: false }],
  ])('reads %s', (_name, raw, kernelOom, sawMemory, expected) => {
    expect(containerVerdict(raw, kernelOom, sawMemory)).toEqual(expected);
  });
});

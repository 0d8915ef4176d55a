import { extract, type Header } from 'tar-stream';
import { BoundedOutput } from '../../src/foundry/docker/bounded-output';
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

describe('BoundedOutput', () => {
  it('keeps everything under the bound', () => {
    const output = new BoundedOutput(10);
    output.append(Buffer.from('hello'));
    output.append(Buffer.from('world'));
    expect([output.text(), output.truncated]).toEqual(['helloworld', false]);
  });

  it('keeps the first and the last half of a longer stream and says how much was cut', () => {
    const output = new BoundedOutput(10);
    for (const part of ['abc', 'defgh', 'ijklmnop', 'qrstuvwxyz']) output.append(Buffer.from(part));
    expect(output.truncated).toBe(true);
    expect(output.totalBytes).toBe(26);
    expect(output.text()).toBe('abcde\n[... 16 bytes of output cut ...]\nvwxyz');
  });

  it('takes both stdout and stderr through writables', async () => {
    const output = new BoundedOutput(100);
    const [out, err] = [output.writable(), output.writable()];
    await new Promise<void>((resolve) => out.write('one ', () => resolve()));
    await new Promise<void>((resolve) => err.write(Buffer.from('two'), () => resolve()));
    expect(output.text()).toBe('one two');
  });
});

import { BoundedOutput, DEFAULT_OUTPUT_LIMIT_BYTES } from '../../src/foundry/bounded-output';
import { BWRAP_CUT_MARKER } from '../../src/foundry/bwrap/bwrap-process';

/** The one bounded output both adapters capture a run's stdout and stderr in. */
describe('BoundedOutput', () => {
  const fed = (limit: number, parts: string[], options?: ConstructorParameters<typeof BoundedOutput>[1]): BoundedOutput => {
    const output = new BoundedOutput(limit, options);
    for (const part of parts) output.append(Buffer.from(part));
    return output;
  };

  it('keeps everything under the bound', () => {
    const output = fed(10, ['hello', 'world']);
    expect([output.text(), output.truncated, output.totalBytes]).toEqual(['helloworld', false, 10]);
    expect(fed(10, ['abc', 'defghij']).text()).toBe('abcdefghij');
  });

  it('keeps the first and the last half of a longer stream and says how much was cut', () => {
    const output = fed(10, ['abc', 'defgh', 'ijklmnop', 'qrstuvwxyz']);
    expect(output.truncated).toBe(true);
    expect(output.totalBytes).toBe(26);
    expect(output.text()).toBe('abcde\n[... 16 bytes of output cut ...]\nvwxyz');
  });

  it("marks the cut in the bubblewrap adapter's words, naming the bound", () => {
    const output = fed(10, ['01234', '5678', '9abcdef', 'ghij'], { cutMarker: BWRAP_CUT_MARKER });
    expect(output.truncated).toBe(true);
    expect(output.text()).toBe('01234\n[… 10 bytes of output cut: the sandbox keeps 10 …]\nfghij');
  });

  it('cuts inside a chunk larger than the whole bound, and rounds the head down on an odd bound', () => {
    expect(fed(5, ['0123456789']).text()).toBe('01\n[... 5 bytes of output cut ...]\n789');
    expect(fed(5, ['0', '1', '2', '3', '4', '5']).text()).toBe('01\n[... 1 bytes of output cut ...]\n345');
  });

  it('takes both stdout and stderr through writables', async () => {
    const output = new BoundedOutput(100);
    const [out, err] = [output.writable(), output.writable()];
    await new Promise<void>((resolve) => out.write('one ', () => resolve()));
    await new Promise<void>((resolve) => err.write(Buffer.from('two'), () => resolve()));
    expect(output.text()).toBe('one two');
  });

  it('shows every chunk whole to onChunk, the middle that is cut included', () => {
    const seen: string[] = [];
    const output = fed(4, ['ab', 'cdef', 'gh'], { onChunk: (chunk) => seen.push(chunk.toString()) });
    expect(seen).toEqual(['ab', 'cdef', 'gh']);
    expect(output.text()).toBe('ab\n[... 4 bytes of output cut ...]\ngh');
  });

  it('defaults to 256 KiB and refuses a bound that cannot hold a head and a tail', () => {
    expect(new BoundedOutput().limitBytes).toBe(256 * 1024);
    expect(DEFAULT_OUTPUT_LIMIT_BYTES).toBe(256 * 1024);
    for (const bad of [0, 1, 2.5, Number.NaN]) expect(() => new BoundedOutput(bad)).toThrow(RangeError);
  });
});

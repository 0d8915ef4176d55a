import { SECCOMP_FILTER, SECCOMP_REFUSED } from './seccomp-filter';
import { checkedSandboxUser, parsePasswd } from './sandbox-user';
import { hitDiskLimit, DiskLimitWatch } from '../disk-limit';

const X86_64 = 0xc000003e;
const AARCH64 = 0xc00000b7;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;
const ENOSYS = 0x00050026;

/** A classic-BPF interpreter for the four opcodes the filter uses, run over a struct seccomp_data. */
function decide(program: Buffer, call: { arch: number; nr: number; arg0?: number }): number {
  const data = Buffer.alloc(64);
  data.writeUInt32LE(call.nr, 0);
  data.writeUInt32LE(call.arch, 4);
  data.writeUInt32LE(call.arg0 ?? 0, 16);
  let accumulator = 0;
  for (let pc = 0; pc < program.length / 8; pc++) {
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) accumulator = data.readUInt32LE(k);
    else if (code === 0x06) return k;
    else if (code === 0x15) pc += accumulator === k ? jt : jf;
    else if (code === 0x35) pc += accumulator >= k ? jt : jf;
    else if (code === 0x45) pc += (accumulator & k) !== 0 ? jt : jf;
    else throw new Error(`unknown opcode ${code}`);
  }
  throw new Error('fell off the end of the program');
}

describe('the bubblewrap seccomp filter (classic BPF, assembled in TypeScript)', () => {
  const x86 = (nr: number, arg0?: number) => decide(SECCOMP_FILTER, { arch: X86_64, nr, arg0 });
  const arm = (nr: number, arg0?: number) => decide(SECCOMP_FILTER, { arch: AARCH64, nr, arg0 });

  it.each([
    ['ptrace', 101, 117],
    ['mount', 165, 40],
    ['umount2', 166, 39],
    ['unshare', 272, 97],
    ['setns', 308, 268],
    ['keyctl', 250, 219],
    ['add_key', 248, 217],
    ['request_key', 249, 218],
    ['bpf', 321, 280],
    ['userfaultfd', 323, 282],
    ['perf_event_open', 298, 241],
    ['init_module', 175, 105],
    ['finit_module', 313, 273],
    ['delete_module', 176, 106],
    ['kexec_load', 246, 104],
    ['reboot', 169, 142],
    ['swapon', 167, 224],
    ['pivot_root', 155, 41],
    ['fsopen', 430, 430],
  ])('refuses %s with EPERM on x86_64 (%i) and aarch64 (%i)', (_name, x86Nr, armNr) => {
    expect(x86(x86Nr)).toBe(EPERM);
    expect(arm(armNr)).toBe(EPERM);
  });

  it('answers ENOSYS to clone3 and io_uring, so libc and libuv fall back', () => {
    for (const nr of [435, 425, 426, 427]) {
      expect(x86(nr)).toBe(ENOSYS);
      expect(arm(nr)).toBe(ENOSYS);
    }
  });

  it('allows clone for threads and processes, and refuses it with any namespace flag (CLONE_NEWUSER above all)', () => {
    const threadFlags = 0x003d0f00;
    expect(x86(56, threadFlags)).toBe(ALLOW);
    expect(arm(220, 0x11)).toBe(ALLOW);
    for (const flag of [0x10000000, 0x20000000, 0x40000000, 0x00020000, 0x04000000, 0x08000000, 0x02000000]) {
      expect(x86(56, flag | 0x11)).toBe(EPERM);
      expect(arm(220, flag | 0x11)).toBe(EPERM);
    }
  });

  it('allows what a build needs (read, write, openat, execve, mmap, wait4)', () => {
    for (const nr of [0, 1, 257, 59, 9, 61]) expect(x86(nr)).toBe(ALLOW);
    for (const nr of [63, 64, 56, 221, 222, 260]) expect(arm(nr)).toBe(ALLOW);
  });

  it('refuses every call of another ABI: i386, x32, or an unknown architecture', () => {
    expect(decide(SECCOMP_FILTER, { arch: 0x40000003, nr: 1 })).toBe(EPERM);
    expect(x86(0x40000000 + 1)).toBe(EPERM);
    expect(decide(SECCOMP_FILTER, { arch: 0x12345678, nr: 0 })).toBe(EPERM);
  });

  it('lists what it refuses, for the README', () => {
    expect(SECCOMP_REFUSED.denied).toEqual(expect.arrayContaining(['ptrace', 'mount', 'keyctl', 'bpf', 'unshare']));
  });
});

describe('the dedicated sandbox host user', () => {
  const entry = (line: string) => parsePasswd(line)[0];

  it('accepts a system account with no login shell', () => {
    expect(checkedSandboxUser(entry('gantry-sandbox:x:999:995:Gantry:/nonexistent:/usr/sbin/nologin'))).toEqual({ uid: 999, gid: 995 });
  });

  it.each([
    ['uid 1000, a login user', 'gantry-sandbox:x:1000:1000::/home/me:/usr/sbin/nologin', /login users/],
    ['root', 'gantry-sandbox:x:0:0::/root:/usr/sbin/nologin', /is root/],
    ['a login shell', 'gantry-sandbox:x:998:998::/nonexistent:/bin/bash', /login shell/],
  ])('refuses %s', (_name, line, reason) => {
    expect(() => checkedSandboxUser(entry(line))).toThrow(reason);
  });
});

describe('the disk limit, read from the output', () => {
  it.each(['ENOSPC: no space left on device, write', "dd: error writing '/workspace/x': No space left on device", 'Disk quota exceeded'])(
    'sees %p, even split across chunks',
    (phrase) => {
      const watch = new DiskLimitWatch();
      const middle = Math.floor(phrase.length / 2);
      watch.push(Buffer.from(`noise ${phrase.slice(0, middle)}`));
      watch.push(Buffer.from(`${phrase.slice(middle)} more`));
      expect(watch.saw).toBe(true);
    },
  );

  it('counts only a failed, not timed-out run', () => {
    expect(hitDiskLimit({ exitCode: 1, timedOut: false }, true)).toBe(true);
    expect(hitDiskLimit({ exitCode: 0, timedOut: false }, true)).toBe(false);
    expect(hitDiskLimit({ exitCode: null, timedOut: true }, true)).toBe(false);
    expect(hitDiskLimit({ exitCode: 1, timedOut: false }, false)).toBe(false);
  });
});

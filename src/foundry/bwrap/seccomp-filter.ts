/**
 * The seccomp filter bubblewrap installs (`--seccomp FD`) just before it starts the build: a classic-BPF
 * program, assembled here from the tables below, in the spirit of Docker's default profile. bwrap wants the
 * raw `struct sock_filter` array (what libseccomp's seccomp_export_bpf writes): 8 bytes per instruction,
 * little-endian on both architectures it knows (x86_64, aarch64).
 *
 * The program: check the architecture (any other, including the 32-bit x86 and x32 ABIs, is refused
 * whole), then the syscall number. Refused calls fail with EPERM, as under Docker; clone3 and io_uring fail
 * with ENOSYS so that libc and libuv fall back to clone and the thread pool; clone is refused only with a
 * namespace flag (its flags are its first argument on both architectures). Everything else is allowed.
 */

/** Calls a build has no business making: tracing, mounting, namespaces, keys, BPF, modules, clocks, swap, reboot. */
// prettier-ignore
const DENIED = [
  'ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'perf_event_open', 'bpf', 'userfaultfd',
  'mount', 'umount2', 'pivot_root', 'open_tree', 'move_mount', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'mount_setattr',
  'unshare', 'setns', 'add_key', 'request_key', 'keyctl',
  'init_module', 'finit_module', 'delete_module', 'kexec_load', 'kexec_file_load', 'reboot', 'swapon', 'swapoff',
  'acct', 'quotactl', 'settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex', 'sethostname', 'setdomainname',
  'syslog', 'vhangup', 'lookup_dcookie', 'name_to_handle_at', 'open_by_handle_at', 'fanotify_init', 'nfsservctl',
  'iopl', 'ioperm', 'uselib', '_sysctl', 'create_module', 'get_kernel_syms', 'query_module',
] as const;

/** Refused with ENOSYS: callers fall back to an older way (clone3 → clone, io_uring → libuv's thread pool). */
const NOT_IMPLEMENTED = ['clone3', 'io_uring_setup', 'io_uring_enter', 'io_uring_register'] as const;

type SyscallName = (typeof DENIED)[number] | (typeof NOT_IMPLEMENTED)[number] | 'clone';

/** From the kernel's uapi headers (asm/unistd_64.h; asm-generic/unistd.h for aarch64). Absent: no such call there. */
// prettier-ignore
const X86_64: Partial<Record<SyscallName, number>> = {
  ptrace: 101, process_vm_readv: 310, process_vm_writev: 311, kcmp: 312, perf_event_open: 298, bpf: 321, userfaultfd: 323,
  mount: 165, umount2: 166, pivot_root: 155, open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432,
  fspick: 433, mount_setattr: 442, unshare: 272, setns: 308, add_key: 248, request_key: 249, keyctl: 250,
  init_module: 175, finit_module: 313, delete_module: 176, kexec_load: 246, kexec_file_load: 320, reboot: 169,
  swapon: 167, swapoff: 168, acct: 163, quotactl: 179, settimeofday: 164, clock_settime: 227, clock_adjtime: 305,
  adjtimex: 159, sethostname: 170, setdomainname: 171, syslog: 103, vhangup: 153, lookup_dcookie: 212,
  name_to_handle_at: 303, open_by_handle_at: 304, fanotify_init: 300, nfsservctl: 180, iopl: 172, ioperm: 173,
  uselib: 134, _sysctl: 156, create_module: 174, get_kernel_syms: 177, query_module: 178,
  clone3: 435, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, clone: 56,
};

// prettier-ignore
const AARCH64: Partial<Record<SyscallName, number>> = {
  ptrace: 117, process_vm_readv: 270, process_vm_writev: 271, kcmp: 272, perf_event_open: 241, bpf: 280, userfaultfd: 282,
  mount: 40, umount2: 39, pivot_root: 41, open_tree: 428, move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432,
  fspick: 433, mount_setattr: 442, unshare: 97, setns: 268, add_key: 217, request_key: 218, keyctl: 219,
  init_module: 105, finit_module: 273, delete_module: 106, kexec_load: 104, kexec_file_load: 294, reboot: 142,
  swapon: 224, swapoff: 225, acct: 89, quotactl: 60, settimeofday: 170, clock_settime: 112, clock_adjtime: 266,
  adjtimex: 171, sethostname: 161, setdomainname: 162, syslog: 116, vhangup: 58, lookup_dcookie: 18,
  name_to_handle_at: 264, open_by_handle_at: 265, fanotify_init: 262, nfsservctl: 42,
  clone3: 435, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427, clone: 220,
};

const AUDIT_ARCH_X86_64 = 0xc000003e;
const AUDIT_ARCH_AARCH64 = 0xc00000b7;
/** x86_64 numbers with this bit set are the x32 ABI: refused whole. */
const X32_SYSCALL_BIT = 0x40000000;
/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
const CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

const EPERM = 1;
const ENOSYS = 38;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;

/** struct seccomp_data: nr (u32) at 0, arch (u32) at 4, then the instruction pointer, then args[6] (u64) from 16. */
const OFFSET = { nr: 0, arch: 4, arg0Low: 16 } as const;

/** BPF opcodes: BPF_LD|BPF_W|BPF_ABS, BPF_JMP|{JEQ,JGE,JSET}|BPF_K, BPF_RET|BPF_K. */
const OP = { load: 0x20, jeq: 0x15, jge: 0x35, jset: 0x45, ret: 0x06 } as const;

type Instruction =
  { op: 'load'; offset: number } | { op: 'jeq' | 'jge' | 'jset'; k: number; then: string } | { op: 'ret'; k: number } | { op: 'label'; name: string };

const deny = 'deny';
const enosys = 'enosys';

function archBlock(prefix: string, table: Partial<Record<SyscallName, number>>, x32Guard: boolean): Instruction[] {
  const jumps = (names: readonly SyscallName[], target: string): Instruction[] =>
    names.flatMap((name) => (table[name] === undefined ? [] : [{ op: 'jeq' as const, k: table[name], then: target }]));
  const clone = table.clone;
  if (clone === undefined) throw new Error(`${prefix}: no clone number`);
  return [
    { op: 'label', name: prefix },
    { op: 'load', offset: OFFSET.nr },
    ...(x32Guard ? [{ op: 'jge' as const, k: X32_SYSCALL_BIT, then: deny }] : []),
    { op: 'jeq', k: clone, then: `${prefix}-clone` },
    ...jumps(NOT_IMPLEMENTED, enosys),
    ...jumps(DENIED, deny),
    { op: 'ret', k: SECCOMP_RET_ALLOW },
    { op: 'label', name: `${prefix}-clone` },
    { op: 'load', offset: OFFSET.arg0Low },
    { op: 'jset', k: CLONE_NAMESPACE_FLAGS, then: deny },
    { op: 'ret', k: SECCOMP_RET_ALLOW },
  ];
}

/** The whole program, with symbolic jump targets. */
export function seccompProgram(): Instruction[] {
  return [
    { op: 'load', offset: OFFSET.arch },
    { op: 'jeq', k: AUDIT_ARCH_X86_64, then: 'x86_64' },
    { op: 'jeq', k: AUDIT_ARCH_AARCH64, then: 'aarch64' },
    { op: 'ret', k: SECCOMP_RET_ERRNO | EPERM },
    ...archBlock('x86_64', X86_64, true),
    ...archBlock('aarch64', AARCH64, false),
    { op: 'label', name: deny },
    { op: 'ret', k: SECCOMP_RET_ERRNO | EPERM },
    { op: 'label', name: enosys },
    { op: 'ret', k: SECCOMP_RET_ERRNO | ENOSYS },
  ];
}

/** Resolves labels and writes `struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }` for each instruction. */
export function assemble(program: Instruction[]): Buffer {
  const labels = new Map<string, number>();
  const code: Array<Exclude<Instruction, { op: 'label' }>> = [];
  for (const instruction of program) {
    if (instruction.op === 'label') labels.set(instruction.name, code.length);
    else code.push(instruction);
  }
  const out = Buffer.alloc(code.length * 8);
  code.forEach((instruction, index) => {
    let jt = 0;
    let k: number;
    if (instruction.op === 'load') k = instruction.offset;
    else if (instruction.op === 'ret') k = instruction.k;
    else {
      const target = labels.get(instruction.then);
      if (target === undefined) throw new Error(`seccomp: no label ${instruction.then}`);
      jt = target - index - 1;
      if (jt < 0 || jt > 255) throw new Error(`seccomp: jump to ${instruction.then} out of reach (${jt})`);
      k = instruction.k;
    }
    out.writeUInt16LE(OP[instruction.op], index * 8);
    out.writeUInt8(jt, index * 8 + 2);
    out.writeUInt8(0, index * 8 + 3);
    out.writeUInt32LE(k >>> 0, index * 8 + 4);
  });
  return out;
}

/** The compiled filter bwrap reads from its --seccomp descriptor. */
export const SECCOMP_FILTER: Buffer = assemble(seccompProgram());

/** The names the filter refuses (EPERM) or reports as missing (ENOSYS), for tests and the README. */
export const SECCOMP_REFUSED = { denied: DENIED, notImplemented: NOT_IMPLEMENTED };

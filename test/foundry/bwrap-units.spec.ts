import { match } from '../support/expectations';
import { bwrapCommandLine, DEFAULT_TOOLS } from '../../src/foundry/bwrap/bwrap-args';
import { parseRunDirName, resolveInside, runDirPrefix, SandboxPathError } from '../../src/foundry/bwrap/bwrap-paths';
import { verdictOf } from '../../src/foundry/bwrap/bwrap-verdict';

describe('bwrap adapter pieces', () => {
  describe('resolveInside', () => {
    it.each(['index.js', 'src/app.js', 'public/design-reference.png', './a/./b.txt', '.env.example', 'a..b/c'])('accepts %j', (path) => {
      expect(resolveInside('/w', path).startsWith('/w/')).toBe(true);
    });

    it.each(['', '.', '/etc/passwd', '../x', 'a/../../x', 'a/../..', '..', 'a/..', 'dir/', 'a\0b'])('refuses %j', (path) => {
      expect(() => resolveInside('/w', path)).toThrow(SandboxPathError);
    });
  });

  describe('run directory names', () => {
    it.each([
      ['8d3f5a2e-1b2c-4d5e-8f90-123456789abc', 1],
      ['m-7', 12],
      ['with/slash and space', 0],
      ['ünïcode.and.dots', 3],
    ])('round-trips mission %j attempt %d', (missionId, attempt) => {
      const name = `${runDirPrefix(missionId, attempt)}Ab12Cd`;
      expect(name).toMatch(/^gantry-bwrap-[A-Za-z0-9%_-]+-\d+-Ab12Cd$/);
      expect(parseRunDirName(name)).toEqual({ missionId, attempt });
    });

    it.each(['gantry-bwrap-', 'gantry-bwrap-x', 'gantry-bwrap-m-1-short', 'other-m-1-Ab12Cd', 'gantry-bwrap-%E0%A4%A-1-Ab12Cd'])(
      'does not parse %j',
      (name) => {
        expect(parseRunDirName(name)).toBeNull();
      },
    );

    it('refuses an empty mission id or a fractional attempt', () => {
      expect(() => runDirPrefix('', 1)).toThrow(RangeError);
      expect(() => runDirPrefix('m', 1.5)).toThrow(RangeError);
    });
  });

  describe('verdictOf', () => {
    const exit = (exitCode: number | null, signal: NodeJS.Signals | null = null, timedOut = false) => ({ exitCode, signal, timedOut });

    it.each([
      ['a pass', exit(0), false, { exitCode: 0, timedOut: false, oomKilled: false }],
      ['a failure', exit(1), false, { exitCode: 1, timedOut: false, oomKilled: false }],
      ['the timeout', exit(null, 'SIGKILL', true), false, { exitCode: null, timedOut: true, oomKilled: false }],
      ['SIGXCPU (CPU budget spent)', exit(152), false, { exitCode: null, timedOut: true, oomKilled: false }],
      ['a heap out of memory abort', exit(134), true, { exitCode: null, timedOut: false, oomKilled: true }],
      ['a SIGKILL it did not get from us', exit(137), false, { exitCode: null, timedOut: false, oomKilled: true }],
      ['a plain abort', exit(134), false, { exitCode: 134, timedOut: false, oomKilled: false }],
      ['a pass that printed "out of memory"', exit(0), true, { exitCode: 0, timedOut: false, oomKilled: false }],
    ])('reads %s', (_name, raw, sawMemory, expected) => {
      expect(verdictOf(raw, sawMemory)).toEqual(expected);
    });
  });

  describe('bwrapCommandLine', () => {
    const argv = (hostUser: { uid: number; gid: number } | null, cgroupProcs: string[] = []): string[] =>
      bwrapCommandLine({
        tools: DEFAULT_TOOLS,
        dir: { root: '/t/r', workspace: '/t/r/workspace', passwd: '/t/r/passwd' },
        limits: { memoryBytes: 512 * 1024 ** 2, milliCpus: 500, pids: 64 },
        hostUser,
        addressSpaceBytes: 4 * 1024 ** 3,
        tmpfsBytes: 1024,
        diskBytes: 2048,
        seccomp: true,
        cgroupProcs,
        timeoutMs: 180_000,
        command: 'npm test',
      });

    it('joins the run cgroup from a host shell before anything else starts, naming the cgroup files as arguments', () => {
      const line = argv(null, ['/cg/memory/x/cgroup.procs', '/cg/pids/x/cgroup.procs']);
      expect(line.slice(0, 3)).toEqual(['/bin/sh', '-c', match.stringContaining('echo $$ > "$1"')]);
      expect(line.slice(3, 7)).toEqual(['gantry-cgroup', '/cg/memory/x/cgroup.procs', '/cg/pids/x/cgroup.procs', '--']);
      expect(line[7]).toBe('/usr/bin/nice');
    });

    it('drops to the host user with setpriv as root, and keeps the uid otherwise', () => {
      expect(argv({ uid: 1000, gid: 1000 }).slice(0, 11)).toEqual([
        '/usr/bin/nice',
        '-n',
        '10',
        '/usr/bin/setpriv',
        '--reuid=1000',
        '--regid=1000',
        '--clear-groups',
        '--inh-caps=-all',
        '--bounding-set=-all',
        '--no-new-privs',
        '/usr/bin/bwrap',
      ]);
      expect(argv(null).slice(0, 6)).toEqual(['/usr/bin/nice', '-n', '10', '/usr/bin/setpriv', '--no-new-privs', '/usr/bin/bwrap']);
    });

    it('unshares everything, binds no host /etc, /home or /root, and clears the environment', () => {
      const line = argv(null).join(' ');
      expect(line).toContain('--unshare-all --unshare-user --disable-userns --uid 1000 --gid 1000');
      expect(line).toContain('--die-with-parent --new-session');
      expect(line).toContain('--ro-bind /t/r/workspace /run/workspace-files --perms 0755 --size 2048 --tmpfs /workspace --remount-ro / --chdir /workspace');
      expect(line).toContain('--clearenv --setenv PATH /usr/local/bin:/usr/bin:/bin --setenv HOME /workspace --setenv LANG C.UTF-8 --seccomp 3 --');
      expect(line).not.toMatch(/--(ro-)?bind \/(etc|home|root|var)\b/);
    });

    it('sets the limits inside the sandbox, then runs the command with sh -c', () => {
      const line = argv(null);
      const inside = line.slice(line.indexOf('--') + 1);
      expect(inside).toEqual([
        '/usr/bin/prlimit',
        '--nproc=64',
        `--data=${512 * 1024 ** 2}`,
        `--as=${4 * 1024 ** 3}`,
        '--cpu=90:91',
        '--core=0',
        '--',
        '/bin/sh',
        '-c',
        'exec 2>&1; cp -pR /run/workspace-files/. /workspace/ && exec /bin/sh -c "$1"',
        'sh',
        'npm test',
      ]);
    });
  });
});

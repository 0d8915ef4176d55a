/**
 * The embedded (`process`) tier runs Node alone, never a shell: its probes for the hostile-code suite are node
 * scripts that try what the shell probes try, each attempt printing `name=ok` or `name=<error code>`.
 */
const TRY =
  "const fs = require('fs'); const t = (name, f) => { try { f(); console.log(name + '=ok'); } catch (e) { console.log(name + '=' + (e.code || e.message)); } };";

/** Writes 2 GB in 32 MB files (each within RLIMIT_FSIZE) to `dir`, printing how far it got; exits 1 if it can. */
export function fillScript(dir: string): string {
  return [
    TRY,
    "t('tmp', () => fs.writeFileSync('/tmp/fill', 'x'));",
    `const dir = ${dir}; const chunk = Buffer.alloc(32 * 1024 * 1024, 1); let written = 0;`,
    "try { for (let i = 0; i < 64; i++) { fs.writeFileSync(dir + '/fill' + i, chunk); written += chunk.length; } } catch (e) { console.log('error=' + e.code); }",
    "console.log('written=' + written); process.exit(1);",
  ].join('\n');
}

export const LINKS_SCRIPT = [TRY, "t('symlink', () => fs.symlinkSync('/etc/shadow', 's'));", "t('hardlink', () => fs.linkSync('/etc/passwd', 'h'));"].join(
  '\n',
);

/** mount and unshare are programs (Node has no call for them): this tier starts no program at all. */
export const MOUNT_SCRIPT = [
  TRY,
  "const run = (cmd) => require('child_process').execSync(cmd);",
  "t('mount', () => run('mount -t tmpfs none /tmp'));",
  "t('unshare', () => run('unshare -U true'));",
].join('\n');

export const PROC_SCRIPT = [
  TRY,
  "t('environ', () => console.log(fs.readFileSync('/proc/1/environ', 'utf8')));",
  "t('kcore', () => fs.readFileSync('/proc/kcore'));",
  "t('mem', () => fs.readFileSync('/proc/1/mem'));",
  "t('sys', () => fs.writeFileSync('/sys/kernel/mm/ksm/run', '1'));",
].join('\n');

export const SETUID_SCRIPT = [
  TRY,
  "t('write', () => fs.writeFileSync('suid', '#!/bin/sh\\nid -u\\n'));",
  "t('chmod', () => fs.chmodSync('suid', 0o4755));",
  "t('exec', () => require('child_process').execFileSync('./suid'));",
  'console.log(process.getuid());',
].join('\n');

export const FORK_BOMB_SCRIPT = [TRY, "t('fork', () => { for (;;) require('child_process').fork(__filename); });", "console.log('still-here');"].join('\n');

export const MEMORY_BOMB_SCRIPT = 'const a = []; for (;;) a.push(Buffer.alloc(16 * 1024 * 1024, 1));';

import { posix } from 'node:path';
import type { CommandShape, ShapeToken } from './policy';

/**
 * Command shapes: the audit and run commands are run with `sh -c`, so they are held to a short allow-list of
 * exact forms (`node --test <path>...`, `npm test`, …) instead of being scanned for bad words. Only letters,
 * digits, spaces and `._=@+/-` may appear: no separators, pipes, substitutions, redirections, quotes or globs.
 */

const SAFE_COMMAND = /^[A-Za-z0-9._=@+/ -]*$/;
const LITERAL = /^[A-Za-z0-9._=@+/-]+$/;
const SEGMENT = /^[A-Za-z0-9._@+-]+$/;
const SCRIPT_EXTENSION = /\.(?:js|mjs|cjs)$/;

const SHELL_MEANINGS: Record<string, string> = {
  ';': 'a command separator',
  '&': 'chains or backgrounds a command',
  '|': 'a pipe',
  '`': 'command substitution',
  $: 'expansion or $( ) substitution',
  '<': 'a redirection',
  '>': 'a redirection',
  '\n': 'a line break, which starts another command',
  '\r': 'a line break',
  "'": 'quoting',
  '"': 'quoting',
  '\\': 'an escape',
  '*': 'a glob',
  '?': 'a glob',
  '[': 'a glob',
  ']': 'a glob',
  '{': 'brace expansion',
  '}': 'brace expansion',
  '~': 'home directory expansion',
  '#': 'a comment',
  '(': 'a subshell',
  ')': 'a subshell',
  '!': 'history expansion or negation',
};

/** Parses a shape from policy.yaml; the returned string is the problem when it is not a valid shape. */
export function parseShape(text: string, runsPackageScript: string | null): CommandShape | string {
  const words = text.trim().split(/ +/);
  if (text !== text.trim() || words.length !== text.split(' ').length) return 'must be words separated by single spaces';
  const tokens: ShapeToken[] = [];
  for (const [index, word] of words.entries()) {
    if (word === '<path>') tokens.push({ kind: 'path' });
    else if (word === '<path>...') {
      if (index !== words.length - 1) return 'may use <path>... only as its last word';
      tokens.push({ kind: 'paths' });
    } else if (word === '<script>') tokens.push({ kind: 'script' });
    else if (word.startsWith('<')) return `uses an unknown placeholder "${word}" (known: <path>, <path>..., <script>)`;
    else if (!LITERAL.test(word)) return `has "${word}", which may contain only letters, digits and ._=@+/-`;
    else tokens.push({ kind: 'literal', text: word });
  }
  if (tokens[0]?.kind !== 'literal') return 'must start with the program, not a placeholder';
  return { text, tokens, runsPackageScript };
}

/** A relative path in the project that cannot be read as an option (`-e`, `--require=…`) or leave the project. */
export function isSafeRelativePath(word: string): boolean {
  let path = word.startsWith('./') ? word.slice(2) : word;
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path === '' || path.startsWith('-')) return false;
  return path.split('/').every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..');
}

function tokenMatches(token: ShapeToken, word: string): boolean {
  switch (token.kind) {
    case 'literal':
      return word === token.text;
    case 'path':
    case 'paths':
      return isSafeRelativePath(word);
    case 'script':
      return isSafeRelativePath(word) && SCRIPT_EXTENSION.test(word);
  }
}

function matchesShape(shape: CommandShape, words: string[]): boolean {
  const last = shape.tokens[shape.tokens.length - 1];
  if (last?.kind === 'paths') {
    if (words.length < shape.tokens.length) return false;
  } else if (words.length !== shape.tokens.length) return false;
  return words.every((word, index) => tokenMatches(shape.tokens[Math.min(index, shape.tokens.length - 1)], word));
}

/** The first character the shell would interpret, named, or null when there is none. */
export function shellMetacharacter(command: string): string | null {
  if (SAFE_COMMAND.test(command)) return null;
  for (const char of command) {
    if (SAFE_COMMAND.test(char)) continue;
    const meaning = SHELL_MEANINGS[char];
    if (meaning) return `${JSON.stringify(char)} (${meaning})`;
    if (char === '\t') return '"\\t" (a tab; separate words with single spaces)';
    const code = char.codePointAt(0) ?? 0;
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${code < 0x20 || code === 0x7f ? 'a control character' : 'a character outside the allowed set'})`;
  }
  return null;
}

export type CommandCheck = { ok: true; shape: CommandShape } | { ok: false; problem: string };

/**
 * Checks one command against the shapes; `problem` reads after the command's name ("auditCommand … ").
 * A word with one of `unscannedExtensions` (prose) is refused: `node --test notes.txt` would run unscanned text.
 */
export function checkCommand(command: string, shapes: readonly CommandShape[], maxChars: number, unscannedExtensions: readonly string[] = []): CommandCheck {
  const allowed = `allowed shapes: ${shapes.map((shape) => shape.text).join(' | ')}`;
  if (command.trim() === '') return { ok: false, problem: `is empty; ${allowed}` };
  if (command.length > maxChars) return { ok: false, problem: `is ${command.length} characters long (at most ${maxChars})` };
  const shown = JSON.stringify(command);
  const metacharacter = shellMetacharacter(command);
  if (metacharacter) return { ok: false, problem: `${shown} contains ${metacharacter}; ${allowed}` };
  const words = command.trim().split(/ +/);
  const unscanned = words.slice(1).find((word) => unscannedExtensions.includes(posix.extname(word).toLowerCase()));
  if (unscanned) return { ok: false, problem: `${shown} names ${unscanned}, a prose file, which the content rules do not scan` };
  const shape = shapes.find((candidate) => matchesShape(candidate, words));
  if (!shape) return { ok: false, problem: `${shown} runs something else; ${allowed}` };
  return { ok: true, shape };
}

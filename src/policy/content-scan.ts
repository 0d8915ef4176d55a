import { posix } from 'node:path';
import type { Violation } from '../missions/ports/policy-gate.port';
import type { Policy } from './policy';

/**
 * Content rules, line by line. Every file is scanned except prose (Markdown, plain text): a README that says
 * "never use eval()" or "no reverse shells here" is documentation, not code, so only its fenced code blocks
 * (what a reader would paste into a terminal) are scanned. A code file loading a prose file as code is its own
 * rule (prose_loaded_as_code), so prose cannot smuggle code past the scan.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const EXCERPT_CHARS = 60;
// C0 controls other than tab, LF, VT, FF and CR; DEL; and U+FFFD, which is what decoding binary leaves behind.
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's purpose
const SUSPICIOUS = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's purpose
const UNPRINTABLE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

export interface ScannedLine {
  /** 1-based. */
  line: number;
  text: string;
}

export function isProse(path: string, policy: Policy): boolean {
  return policy.proseExtensions.includes(posix.extname(path).toLowerCase());
}

/** The lines the content rules see: all of a code file; only the fenced code blocks of a prose file. */
export function scannedLines(path: string, content: string, policy: Policy): ScannedLine[] {
  const lines = content.split('\n').map((text, index) => ({ line: index + 1, text: text.endsWith('\r') ? text.slice(0, -1) : text }));
  if (!isProse(path, policy)) return lines;
  const scanned: ScannedLine[] = [];
  let fence: string | null = null;
  for (const entry of lines) {
    const opener = FENCE.exec(entry.text)?.[1];
    if (fence === null) {
      if (opener) fence = opener;
    } else if (opener && opener[0] === fence[0] && opener.length >= fence.length && entry.text.trim() === opener) {
      fence = null;
    } else {
      scanned.push(entry);
    }
  }
  return scanned;
}

/** Why the content looks binary, or null when it reads as text. */
export function binaryProblem(content: string): string | null {
  if (content.includes('\u0000')) return 'contains NUL characters, so it looks binary (only text files are accepted)';
  const suspicious = content.match(SUSPICIOUS)?.length ?? 0;
  if (suspicious * 100 > content.length) {
    return `${suspicious} of its ${content.length} characters are control or replacement characters, so it looks binary (only text files are accepted)`;
  }
  return null;
}

function excerpt(matched: string): string {
  const shown = matched.length > EXCERPT_CHARS ? `${matched.slice(0, EXCERPT_CHARS)}…` : matched;
  return shown.replace(UNPRINTABLE, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

/** One violation per rule and line: every line is checked against every rule, and all hits are reported. */
export function scanContent(path: string, content: string, policy: Policy): Violation[] {
  const violations: Violation[] = [];
  for (const { line, text } of scannedLines(path, content, policy)) {
    if (text.trim() === '') continue;
    for (const rule of policy.contentRules) {
      for (const pattern of rule.patterns) {
        const match = pattern.exec(text);
        if (match) {
          violations.push({ rule: rule.rule, file: path, line, detail: `${rule.detail}: "${excerpt(match[0])}"` });
          break;
        }
      }
    }
  }
  return violations;
}

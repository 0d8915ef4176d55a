/**
 * Text from a user or a model, put into Markdown (a pull request's description, a commit message) so that it
 * reads as what it says and does nothing: no headings or sections, no images, links or autolinks, no HTML,
 * no @mentions, and no issue references a host could act on ("fixes #1" closing an issue).
 */

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * The characters that start Markdown anywhere in a line: emphasis, code, links and images, HTML and
 * entities, headings, tables, strikethrough, math. Commas, periods and brackets stay as written.
 */
const MARKDOWN_ACTIVE = /[\\`*_[\]<>!#|~&$]/g;
/** What starts a block at the beginning of a line: a list item, a quote, a heading underline. */
const BLOCK_START = /^(?:[-+=]|(\d+)([.)]))/;

/**
 * Breaks what a forge turns into actions or links, with an invisible character: `@name` (a mention),
 * `#12` and `GH-12` (issue references, which closing keywords act on), `://` and `www.` (autolinks, and
 * issue URLs after a closing keyword). The text still reads the same.
 */
export function withoutReferences(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}-`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

/** One line of literal text inside Markdown prose: newlines become spaces, punctuation is escaped, references are broken. */
export function markdownInline(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  // An escaped `<` cannot open HTML, an escaped `[` or `!` cannot open a link or an image, an escaped `#` no heading.
  const escaped = withoutReferences(oneLine).replace(MARKDOWN_ACTIVE, (character) => `\\${character}`);
  return escaped.replace(BLOCK_START, (start: string, digits?: string, mark?: string) => (digits && mark ? `${digits}\\${mark}` : `\\${start}`));
}

const longestBacktickRun = (text: string): number => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/** Literal text as a fenced block: shown exactly as written (references broken), whatever Markdown it holds. */
export function markdownQuote(text: string, language = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1)); // longer than any run inside: the text cannot close it
  return [`${fence}${language}`, withoutReferences(text.replace(/\r\n?/g, '\n')), fence].join('\n');
}

/** Literal text as an inline code span (a file path, a command), on one line, that the text cannot close; code is inert. */
export function markdownCode(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  const ticks = '`'.repeat(longestBacktickRun(oneLine) + 1);
  return `${ticks} ${oneLine} ${ticks}`; // one space each side is stripped by the renderer, and lets the text start or end with a backtick
}

/** Literal text inside a plain-text commit message: indented, so it can neither end the message's body nor forge a trailer. */
export function commitQuote(text: string): string {
  return withoutReferences(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line) => (line.trim() ? `    ${line}` : ''))
    .join('\n');
}

import MarkdownIt from 'markdown-it';
import { commitQuote, markdownCode, markdownInline, markdownQuote, withoutReferences } from './markdown-literal';

/** Rendered as a forge would: raw HTML allowed, bare URLs linked, tables on. */
const markdown = new MarkdownIt({ html: true, linkify: true });

const HOSTILE = [
  '## Approved by security\n\nMerge without review.',
  '![tracker](https://evil.example/pixel.png?u=1)',
  '[click here](https://evil.example/login)',
  '<img src=x onerror=alert(1)><script>alert(1)</script><details open>hidden</details>',
  'See https://evil.example and www.evil.example for details',
  'cc @octocat and @my-org/security-team',
  'fixes #1, closes owner/repo#2, resolves GH-3, fixes https://github.com/o/r/issues/4',
  '```\nfenced\n```\n# heading after the fence',
  '| a | b |\n|---|---|\n| injected | table |',
  '> quoted\n- list\n1. numbered\n---\n***',
  '<https://evil.example/auto>',
  'a [reference][x]\n\n[x]: https://evil.example',
  'trailing backtick `',
];

/** What a rendered fragment must not hold: anything a reader could click, see load, or that shapes the page. */
function activeParts(html: string): string[] {
  const found: string[] = [];
  for (const [name, pattern] of [
    ['link', /<a\s/i],
    ['image', /<img\s/i],
    ['heading', /<h[1-6]>/i],
    ['raw html', /<(script|details|iframe)/i],
    ['table', /<table>/i],
    ['list', /<(ul|ol)>/i],
    ['blockquote', /<blockquote>/i],
    ['rule', /<hr/i],
  ] as const) {
    if (pattern.test(html)) found.push(name);
  }
  return found;
}

const MENTION_OR_ISSUE = /@[\p{L}\p{N}_-]|#\d|GH-\d|:\/\/|www\./iu;

describe('markdownQuote', () => {
  it.each(HOSTILE)('renders %j as one inert code block, text intact', (text) => {
    const html = markdown.render(`## Plan\n\n${markdownQuote(text)}\n\n## Files\n`);
    expect(html.match(/<h2>/g)).toHaveLength(2); // only the two sections the description itself wrote
    expect(activeParts(html.replace(/<h2>/g, ''))).toEqual([]);
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(withoutInvisible(decode(html))).toContain(text.split('\n')[0]);
    expect(decode(html)).not.toMatch(MENTION_OR_ISSUE);
  });
});

describe('markdownInline', () => {
  it.each(HOSTILE)('renders %j as plain text in a list item', (text) => {
    const html = markdown.render(`- ${markdownInline(text)}\n`);
    expect(html.match(/<li>/g)).toHaveLength(1);
    expect(activeParts(html.replace(/<\/?ul>/g, ''))).toEqual([]);
    expect(html).not.toMatch(/<(code|pre|em|strong)>/);
    expect(decode(html)).not.toMatch(MENTION_OR_ISSUE);
    expect(withoutInvisible(decode(html)).replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
  });
});

describe('markdownInline at the start of a list item', () => {
  it.each(['1. numbered', '2) numbered', '- dash', '+ plus', '= underline', '> quote', '# heading', '* star'])('keeps %j from starting a block', (text) => {
    const html = markdown.render(`- ${markdownInline(text)}\n`);
    expect(html.match(/<(ul|ol|blockquote|h\d)>/g)).toEqual(['<ul>']);
    expect(decode(html).trim()).toBe(text);
  });

  it('leaves ordinary punctuation as written', () => {
    expect(markdownInline('Add, complete and delete tasks (with due dates); 3.5 stars?')).toBe('Add, complete and delete tasks (with due dates); 3.5 stars?');
  });
});

describe('markdownCode', () => {
  it.each(['src/app.js', 'weird `name`.js', '`', '[x](y) <b>.js'])('keeps %j literal in a code span, even in a table cell', (path) => {
    const html = markdown.render(`| path |\n|---|\n| ${markdownCode(path).replace(/\|/g, '\\|')} |\n`);
    expect(html).toContain('<code>');
    expect(activeParts(html.replace(/<\/?table>/g, ''))).toEqual([]);
    expect(decode(html.match(/<code>(.*)<\/code>/s)?.[1] ?? '')).toBe(path);
  });
});

describe('commitQuote', () => {
  it('indents every line, so the text can forge no trailer and start no paragraph of its own', () => {
    expect(commitQuote('A todo app\n\nGantry-Mission: 00000000\nfixes #1 @octocat')).toBe(
      `    A todo app\n\n    Gantry-Mission: 00000000\n    fixes #\u200b1 @\u200boctocat`,
    );
  });
});

describe('withoutReferences', () => {
  it('breaks mentions, issue references and autolinks with an invisible character, and leaves other text alone', () => {
    expect(withoutReferences('fixes #12 for @bob at https://x.y and www.z.com; email bob@x.y')).not.toMatch(MENTION_OR_ISSUE);
    expect(withoutInvisible(withoutReferences('fixes #12 for @bob at https://x.y'))).toBe('fixes #12 for @bob at https://x.y');
    expect(withoutReferences('A todo app with 3 lists, in C# and F#')).toBe('A todo app with 3 lists, in C# and F#');
  });
});

function withoutInvisible(text: string): string {
  return text.replace(/\u200b/g, '');
}

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

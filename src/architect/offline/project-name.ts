import { tokenize } from '../../kernel/text/phrase-tokens';

const MAX_CHARS = 64;
const FILLER = new Set([
  'a',
  'an',
  'the',
  'app',
  'application',
  'with',
  'and',
  'for',
  'of',
  'to',
  'my',
  'me',
  'i',
  'please',
  'build',
  'make',
  'create',
  'want',
  'need',
  'that',
  'which',
  'it',
  'in',
  'on',
  'simple',
  'web',
  'website',
]);

/**
 * "a notes app named Field Notes 2 with tags", "called 'Grocery Buddy'": the name the user asked for, quoted or
 * up to the next clause. "named after" is not a name.
 */
const REQUESTED_NAME =
  /\b(?:named|called)\s+(?!after\b)(?:["\u201c\u2018']([^"\u201d\u2019'\n]{1,200})["\u201d\u2019']|([^\n,.;:!?()"]{1,200}?)(?=\s+(?:with|that|which|where|for|to|and|so|in|on)\b|[\n,.;:!?()"]|$))/i;

function words(text: string): string[] {
  return tokenize(text)
    .map((token) => token.normalize('NFKD').replace(/[^a-z0-9]/g, ''))
    .filter((word) => word !== '');
}

/** Dashed words within 64 characters, cut at a word boundary. */
function joined(parts: readonly string[]): string {
  let name = parts.join('-');
  if (name.length > MAX_CHARS) name = name.slice(0, MAX_CHARS).replace(/-[^-]*$/, '');
  return name.replace(/-+$/, '');
}

/** The name the request asks for ("named X", "called X"), as words, or null when it asks for none. */
export function requestedNameWords(prompt: string): string[] | null {
  const match = REQUESTED_NAME.exec(prompt);
  const asked = words(match?.[1] ?? match?.[2] ?? '');
  return asked.length > 0 ? asked : null;
}

/**
 * Letters, digits and dashes, starting with a letter, at most 64 characters. The name the request asks for
 * ("named Field Notes" is `field-notes`; one starting with a digit gets the archetype in front), else the
 * archetype and the request's first four telling words: `tasks-groceries-weekly`.
 */
export function projectNameFor(archetypeSlug: string, prompt: string): string {
  const asked = requestedNameWords(prompt);
  if (asked) return joined(/^[a-z]/.test(asked[0]) ? asked : [archetypeSlug, ...asked]);
  const telling = words(prompt).filter((word) => !FILLER.has(word) && word !== archetypeSlug);
  return joined([archetypeSlug, ...[...new Set(telling)].slice(0, 4)]);
}

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

/** Letters, digits and dashes, starting with a letter, at most 64 characters: `tasks-groceries-weekly`. */
export function projectNameFor(archetypeSlug: string, prompt: string): string {
  const words = tokenize(prompt)
    .map((token) => token.normalize('NFKD').replace(/[^a-z0-9]/g, ''))
    .filter((word) => word !== '' && !FILLER.has(word) && word !== archetypeSlug);
  const unique = [...new Set(words)].slice(0, 4);
  let name = [archetypeSlug, ...unique].join('-');
  if (name.length > MAX_CHARS) name = name.slice(0, MAX_CHARS).replace(/-[^-]*$/, '');
  return name.replace(/-+$/, '');
}

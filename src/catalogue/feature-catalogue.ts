import { tokenize } from '../kernel/text/phrase-tokens';
import type { Archetype, FeatureDefinition } from './archetype-types';
import { findMentions, type Clause } from './clause-polarity';

/** Optional features every archetype can take. */
export const COMMON_FEATURES: readonly FeatureDefinition[] = [
  {
    label: 'Dark mode toggle',
    phrases: ['dark mode', 'dark theme', 'darkmode', 'night mode', 'light mode', 'light and dark', 'dark and light'],
  },
  {
    label: 'Saves your data in the browser with localStorage',
    phrases: [
      'save',
      'saves',
      'saved',
      'saving',
      'offline',
      'localstorage',
      'local storage',
      'remember',
      'remembers',
      'persist',
      'persists',
      'persistence',
      'persistent',
    ],
  },
  {
    label: 'Search and filter',
    phrases: ['search', 'searching', 'searchable', 'filter', 'filters', 'filtering', 'filterable'],
  },
  {
    label: 'Export data as CSV or JSON',
    phrases: ['export', 'exports', 'exporting', 'csv', 'json', 'download'],
  },
];

/** Words that say nothing about which feature is meant: "remove the whole timer feature please". */
const NON_CONTENT_WORDS: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'any',
  'all',
  'my',
  'our',
  'your',
  'its',
  'it',
  'them',
  'that',
  'this',
  'those',
  'these',
  'feature',
  'features',
  'option',
  'options',
  'support',
  'functionality',
  'ability',
  'thing',
  'things',
  'stuff',
  'whole',
  'entire',
  'please',
  'too',
  'also',
  'need',
  'want',
  'to',
  'for',
  'of',
  'i',
  'we',
  'you',
  'just',
  'part',
  'bit',
  'one',
  'ones',
  'then',
  'now',
  'anymore',
  'either',
  'after',
  'at',
  'really',
]);

/** Crude singular, applied alike to both sides of a comparison: "dates" and "date" agree. */
function stem(token: string): string {
  return token.length > 3 && token.endsWith('s') && !token.endsWith('ss') ? token.slice(0, -1) : token;
}

export function contentWords(tokens: readonly string[]): string[] {
  return tokens.filter((token) => !NON_CONTENT_WORDS.has(token)).map(stem);
}

/** The words that name something, as the user wrote them: "the whole timer" reads "timer". */
export function contentText(tokens: readonly string[]): string {
  return tokens.filter((token) => !NON_CONTENT_WORDS.has(token)).join(' ');
}

/** True when every content word of the target is in the feature: "priorities" names "Priorities and due dates". */
export function featureNamedBy(feature: string, targetWords: readonly string[]): boolean {
  if (targetWords.length === 0) return false;
  const words = new Set(tokenize(feature).map(stem));
  return targetWords.every((word) => words.has(word));
}

export function lowerFirst(text: string): string {
  return text.length > 0 ? text[0].toLowerCase() + text.slice(1) : text;
}

/** "Dark mode toggle" reads as "dark mode toggle", but "CSV" stays "CSV" since only the first letter changes. */
export function featureInSpeech(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? lowerFirst(label) : label;
}

/** The optional features a plan of this archetype can take (a generic web app takes the common ones). */
export function optionalFeaturesOf(archetype: Archetype | null): readonly FeatureDefinition[] {
  return [...(archetype?.optionalFeatures ?? []), ...COMMON_FEATURES];
}

export interface FeatureEdits {
  added: string[];
  removed: string[];
  /** Catalogue features refused that the plan did not have, by the word the user used. */
  absent: string[];
}

/** Adds each catalogue feature the message asks for and removes each it refuses; the last mention wins. */
export function applyFeatureMentions(features: string[], clauses: readonly Clause[], definitions: readonly FeatureDefinition[]): FeatureEdits {
  const edits: FeatureEdits = { added: [], removed: [], absent: [] };
  for (const definition of definitions) {
    const last = findMentions(clauses, definition.phrases).at(-1);
    const index = features.indexOf(definition.label);
    if (last?.polarity === 'wanted' && index < 0) {
      features.push(definition.label);
      edits.added.push(definition.label);
    } else if (last?.polarity === 'refused' && index >= 0) {
      features.splice(index, 1);
      edits.removed.push(definition.label);
    } else if (last?.polarity === 'refused') {
      edits.absent.push(last.phrase);
    }
  }
  return edits;
}

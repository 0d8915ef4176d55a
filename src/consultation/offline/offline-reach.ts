import { ARCHETYPES, type Archetype, type FeatureDefinition } from '../../catalogue/archetypes';
import { contentWords } from '../../catalogue/feature-catalogue';
import { tokenize } from '../../kernel/text/phrase-tokens';

/** Words every kind of app shares, which say nothing about which one is closest. */
const SHARED_WORDS = new Set(['app', 'add', 'and', 'with', 'list', 'page', 'show', 'delete', 'edit', 'create', 'build', 'make', 'simple', 'web', 'or']);

function wordsOf(archetype: Archetype): Set<string> {
  const text = [archetype.name, ...archetype.phrases, ...archetype.baseFeatures].join(' ');
  return new Set(contentWords(tokenize(text)).filter((word) => !SHARED_WORDS.has(word)));
}

const ARCHETYPE_WORDS = ARCHETYPES.map((archetype) => [archetype, wordsOf(archetype)] as const);

/** The archetype sharing the most words with a request no template fits, if any shares one. */
export function closestArchetype(text: string): Archetype | null {
  const words = new Set(contentWords(tokenize(text)).filter((word) => !SHARED_WORDS.has(word)));
  let best: Archetype | null = null;
  let bestScore = 0;
  for (const [archetype, known] of ARCHETYPE_WORDS) {
    const score = [...words].filter((word) => known.has(word)).length;
    if (score > bestScore) [best, bestScore] = [archetype, score];
  }
  return best;
}

/** Splits a plan's features into those an offline template builds and those only a model does. */
export function offlineFeatures(features: readonly string[], definitions: readonly FeatureDefinition[]): { kept: string[]; notOffline: string[] } {
  const modelOnly = new Set(definitions.filter((definition) => definition.offline === false).map((definition) => definition.label));
  return { kept: features.filter((feature) => !modelOnly.has(feature)), notOffline: features.filter((feature) => modelOnly.has(feature)) };
}

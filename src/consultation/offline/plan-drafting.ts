import type { BuildPlan } from '../../missions/domain/mission-events';
import { detectDesignTarget, type DesignTargetKey } from '../../catalogue/design-target';
import { isRevision } from '../../missions/domain/intent/confirmation';
import { containsPhrase, tokenize } from '../../kernel/text/phrase-tokens';
import { archetypeByKey, archetypeImpliedBy, detectArchetype, type Archetype } from '../../catalogue/archetypes';
import { offlineLimitsAskedIn } from '../../catalogue/offline-limits';
import { DEFAULT_RECORDS, inferRecordSchema, schemaFeature } from '../../catalogue/record-schema';
import { closestArchetype, offlineFeatures } from './offline-reach';
import { splitClauses } from '../../catalogue/clause-polarity';
import { applyFeatureMentions, optionalFeaturesOf } from '../../catalogue/feature-catalogue';
import { OFFLINE_STACK, detectRequestedFramework } from '../../catalogue/offline-stack';

/** A first plan drafted from what the user has said so far, or the finding that it is too vague to plan. */
export type Draft =
  | { kind: 'vague' }
  /** No template fits: said before anything is built, with the closest thing offline mode can build. */
  | { kind: 'decline'; summary: string; closest: Archetype | null }
  | ({ kind: 'plan'; archetype: Archetype; framework: string | null; confidencePercent: number } & OfflineDraft);

/** Fewer meaningful words than this, and no archetype or famous app named, is too vague to plan. */
export const MIN_MEANINGFUL_WORDS = 4;
/** A request no template fits is declined (rather than asked about) from this many meaningful words: "a chess game". */
const MIN_SPECIFIC_WORDS = 2;

const NOT_MEANINGFUL: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'app',
  'apps',
  'application',
  'web',
  'website',
  'site',
  'webpage',
  'page',
  'something',
  'anything',
  'thing',
  'stuff',
  'build',
  'make',
  'create',
  'write',
  'code',
  'develop',
  'design',
  'generate',
  'me',
  'my',
  'i',
  'we',
  'us',
  'you',
  'can',
  'could',
  'would',
  'will',
  'please',
  'want',
  'need',
  'like',
  'to',
  'for',
  'with',
  'and',
  'or',
  'of',
  'it',
  'this',
  'that',
  'some',
  'simple',
  'small',
  'quick',
  'cool',
  'nice',
  'new',
  'basic',
  'good',
  'great',
  'awesome',
  'just',
  'let',
  'lets',
  'hey',
  'hi',
  'gantry',
  'program',
  'tool',
  'project',
  'is',
  'be',
  'do',
  'on',
  'in',
  'so',
  'really',
  'very',
  'clone',
  'copy',
  'version',
  'kind',
  'sort',
  'one',
  'other',
  'idea',
  'ideas',
  'now',
  'ok',
  'okay',
  'yes',
  'sure',
  'maybe',
  'not',
  'what',
  'how',
]);

const SWITCH_CUES: readonly string[] = [
  'instead',
  'rather',
  'switch to',
  'switch it to',
  'change it to',
  'change to',
  'turn it into',
  'make it a',
  'make it an',
  'make a',
  'make an',
  'build a',
  'build an',
];

export function meaningfulWordCount(text: string): number {
  return tokenize(text).filter((token) => !NOT_MEANINGFUL.has(token)).length;
}

/** "a blog about cats", "how about a quiz?": a new request rather than a change to the current one. */
const FRESH_REQUEST = new RegExp(
  [
    '^(?:(?:ok|okay|actually|no|hmm|well)\\W+)*',
    "(?:i want |i need |i'd like |let's do |lets do |how about |what about |can you |could you )?",
    '(?:an?\\s|build\\s|make\\s|create\\s)',
  ].join(''),
  'i',
);

/**
 * The archetype a later message switches to, if it does: it names another archetype and either asks to
 * switch ("actually, make it a calculator instead") or reads as a new request without revising anything
 * ("a blog about cats"). "Add notes to each task" names notes but revises the task list.
 */
export function switchedArchetype(text: string, current: Archetype | null): Archetype | null {
  const candidate = detectArchetype(text);
  if (!candidate || candidate.key === current?.key) return null;
  const tokens = tokenize(text);
  if (containsPhrase(tokens, SWITCH_CUES)) return candidate;
  const namesCurrent = current !== null && containsPhrase(tokens, current.phrases);
  return !namesCurrent && !isRevision(text) && FRESH_REQUEST.test(text.trim()) ? candidate : null;
}

/**
 * The archetype of a conversation: the first one named, unless a later message switches to another;
 * failing that, the one a famous-app theme implies ("a Twitter clone" is a social feed).
 */
export function resolveArchetype(userMessages: readonly string[]): Archetype | null {
  let current: Archetype | null = null;
  for (const message of userMessages) {
    current = current ? (switchedArchetype(message, current) ?? current) : detectArchetype(message);
  }
  const records = inferRecordSchema(userMessages.join('. ')) ? archetypeByKey('RECORDS') : null;
  return current ?? archetypeImpliedBy(firstDesignTarget(userMessages)) ?? records;
}

export function firstDesignTarget(userMessages: readonly string[]): DesignTargetKey | null {
  for (const message of userMessages) {
    const target = detectDesignTarget(message);
    if (target) return target;
  }
  return null;
}

export function firstFramework(userMessages: readonly string[]): string | null {
  for (const message of userMessages) {
    const framework = detectRequestedFramework(message);
    if (framework) return framework;
  }
  return null;
}

const REQUEST_OPENING = new RegExp(
  [
    '^(?:(?:hey|hi|ok|okay)\\s+)?(?:gantry\\W+)?(?:please\\s+)?',
    '(?:(?:can|could|would|will)\\s+you\\s+)?(?:please\\s+)?',
    "(?:i(?:\\s+(?:want|need|would like)|['\u2019]d like)\\s+(?:you\\s+)?(?:to\\s+)?)?",
    '(?:build|make|create|write|code|develop|design|generate)?\\s*(?:me\\s+)?',
  ].join(''),
  'i',
);
/** "a web app that tracks..." is the app itself; what follows the connector says what it does. */
const APP_NOUN = new RegExp(
  [
    '^(?:an?\\s+)?(?:(?:simple|small|little|basic)\\s+)?',
    '(?:web\\s+app|web\\s+application|app|application|website|site|web\\s*page|page|tool|program)\\s+',
    '(?=(?:that|which|to|for|where)\\s)',
  ].join(''),
  'i',
);
const SUMMARY_LIMIT = 80;

/**
 * "Please build me a tracker for my plants." becomes "a tracker for my plants", and "an app that tracks my
 * plants" becomes "that tracks my plants".
 */
export function summarizeRequest(text: string): string {
  const summary = text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(REQUEST_OPENING, '')
    .replace(APP_NOUN, '')
    .replace(/[\s.!?,;:]+$/, '');
  if (summary.length <= SUMMARY_LIMIT) return summary;
  const cut = summary.slice(0, SUMMARY_LIMIT);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > 0 ? cut.slice(0, lastSpace) : cut}...`;
}

function confidenceFor(archetype: Archetype, namedDirectly: boolean): number {
  return namedDirectly ? 85 : 75;
}

/** A plan and what the request asked for that offline templates cannot build. */
export interface OfflineDraft {
  plan: BuildPlan;
  /** Catalogue features only a model-written app has ("Subtasks"). */
  notOffline: string[];
  /** Things no offline app can do ("payments"). */
  limits: string[];
}

/** The features a plan starts with: the archetype's base, and for a list of records the fields it keeps. */
function baseFeaturesOf(archetype: Archetype, userMessages: readonly string[]): string[] {
  if (archetype.key !== 'RECORDS') return [...archetype.baseFeatures];
  const schema = inferRecordSchema(userMessages.join('. ')) ?? DEFAULT_RECORDS;
  return [...archetype.baseFeatures, schemaFeature(schema)];
}

/** Drafts a plan for an archetype from the user's messages; features only a model builds are set aside, named. */
export function draftWithNotes(archetype: Archetype, userMessages: readonly string[], designTarget: string | null): OfflineDraft {
  const features = baseFeaturesOf(archetype, userMessages);
  const definitions = optionalFeaturesOf(archetype);
  // Message by message, so that a later "actually, no export" overrides an earlier "with export".
  for (const message of userMessages) applyFeatureMentions(features, splitClauses(message), definitions);
  const { kept, notOffline } = offlineFeatures(features, definitions);
  const limits = [...new Set(userMessages.flatMap((message) => offlineLimitsAskedIn(splitClauses(message))))];
  return { plan: { features: kept, stack: OFFLINE_STACK, designTarget }, notOffline, limits };
}

export function draftPlan(userMessages: readonly string[]): Draft {
  const designTarget = firstDesignTarget(userMessages);
  const archetype = resolveArchetype(userMessages);
  const namedDirectly = userMessages.some((message) => detectArchetype(message) !== null);
  const meaningful = meaningfulWordCount(userMessages.join(' '));
  const asksTheImpossible = userMessages.some((message) => offlineLimitsAskedIn(splitClauses(message)).length > 0);
  if (!archetype && !designTarget && meaningful < MIN_SPECIFIC_WORDS && !asksTheImpossible) return { kind: 'vague' };
  if (!archetype) {
    const request = userMessages.find((message) => meaningfulWordCount(message) >= MIN_MEANINGFUL_WORDS) ?? userMessages.join(' ');
    return { kind: 'decline', summary: summarizeRequest(request), closest: closestArchetype(userMessages.join(' ')) };
  }
  return {
    kind: 'plan',
    archetype,
    ...draftWithNotes(archetype, userMessages, designTarget),
    framework: firstFramework(userMessages),
    confidencePercent: confidenceFor(archetype, namedDirectly),
  };
}

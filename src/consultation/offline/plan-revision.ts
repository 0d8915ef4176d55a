import type { BuildPlan } from '../../missions/domain/mission-events';
import { DESIGN_TARGET_KEYS, DESIGN_TARGET_PHRASES, type DesignTargetKey } from '../../catalogue/design-target';
import { containsPhrase } from '../../kernel/text/phrase-tokens';
import type { Archetype } from '../../catalogue/archetypes';
import { findMentions, refusedTargets, splitClauses, type Clause } from '../../catalogue/clause-polarity';
import { applyFeatureMentions, contentText, contentWords, featureNamedBy, optionalFeaturesOf } from '../../catalogue/feature-catalogue';
import type { FeatureDefinition } from '../../catalogue/archetypes';
import { OFFLINE_STACK, detectRequestedFramework } from '../../catalogue/offline-stack';
import { offlineLimitsAskedIn } from '../../catalogue/offline-limits';
import { offlineFeatures } from './offline-reach';

/** What a revision changed, for the speech that reports it. */
export interface PlanChanges {
  added: string[];
  removed: string[];
  /** Set when the theme changed: the new design target, or null when the theme was dropped. */
  designTarget: { to: string | null } | null;
  /** Things the user asked to remove that the plan does not have ("remove the chat"). */
  notFound: string[];
  /** A framework the user asked for, which the offline provider does not build. */
  framework: string | null;
  /** Features asked for that no offline template builds: named, never planned. */
  notOffline: string[];
  /** Things no offline app can do that the message asks for ("payments"). */
  limits: string[];
}

export interface Revision {
  plan: BuildPlan;
  changes: PlanChanges;
}

const THEME_WORDS: readonly string[] = ['theme', 'themes', 'style', 'styling', 'skin', 'branding', 'design', 'look'];
const ADDING_COMMAND = /\b(?:add|include|plus)\s+(.+)$/i;
const LEADING_FILLER = /^(?:(?:also|a|an|the|some|another|more|support for|an option for|a way to)\s+)+/i;
const TRAILING_FILLER = /(?:\s+(?:too|as well|also|please|then|now))+$/i;
const CUSTOM_LABEL_LIMIT = 60;

function featurePhrasesOf(definitions: readonly FeatureDefinition[]): string[] {
  return definitions.flatMap((definition) => definition.phrases);
}

/** Refusals of things outside the catalogue: "remove the priorities" drops "Priorities and due dates". */
function applyFreeRemovals(features: string[], clauses: Clause[], known: readonly string[], changes: PlanChanges): void {
  for (const target of refusedTargets(clauses)) {
    if (containsPhrase(target, known) || containsPhrase(target, THEME_WORDS)) continue;
    const words = contentWords(target);
    if (words.length === 0) continue;
    const named = features.filter((feature) => featureNamedBy(feature, words));
    if (named.length === 0) changes.notFound.push(contentText(target));
    for (const feature of named) {
      features.splice(features.indexOf(feature), 1);
      changes.removed.push(feature);
    }
  }
}

function customLabel(clause: Clause): string | null {
  const match = ADDING_COMMAND.exec(clause.text);
  if (!match) return null;
  const adderIndex = clause.tokens.findIndex((token) => token === 'add' || token === 'include' || token === 'plus');
  if (clause.refused[adderIndex + 1] ?? true) return null;
  const text = match[1].replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '').trim();
  if (text.length === 0 || text.length > CUSTOM_LABEL_LIMIT) return null;
  return text[0].toUpperCase() + text.slice(1);
}

/**
 * Additions outside the catalogue, as the user worded them ("also add a leaderboard"): no offline template
 * builds them, so they are named as needing a model rather than planned.
 */
function noteFreeAdditions(features: string[], clauses: Clause[], known: readonly string[], changes: PlanChanges): void {
  for (const clause of clauses) {
    if (containsPhrase(clause.tokens, known) || detectRequestedFramework(clause.text)) continue;
    const label = customLabel(clause);
    const exists = features.some((feature) => feature.toLowerCase() === label?.toLowerCase());
    if (label && !exists) changes.notOffline.push(label);
  }
}

/** A named famous app wins ("use the Spotify style instead of Twitter"); refusing the theme drops it. */
function revisedDesignTarget(current: string | null, clauses: Clause[], featurePhrases: readonly string[]): { to: string | null } | null {
  const mentions = DESIGN_TARGET_KEYS.flatMap((key) => findMentions(clauses, DESIGN_TARGET_PHRASES[key]).map((mention) => ({ key, ...mention })));
  const wanted = mentions.filter((mention) => mention.polarity === 'wanted').map((mention) => mention.key);
  const last: DesignTargetKey | undefined = wanted[wanted.length - 1];
  if (last) return last === current ? null : { to: last };
  const refusesCurrent = mentions.some((mention) => mention.key === current);
  // "no dark theme" refuses a feature, not the famous-app theme.
  const refusesTheme = refusedTargets(clauses).some((target) => containsPhrase(target, THEME_WORDS) && !containsPhrase(target, featurePhrases));
  return current !== null && (refusesCurrent || refusesTheme) ? { to: null } : null;
}

/**
 * Applies the user's newest message to the current plan: catalogue features wanted or refused, other
 * features named for removal, free-worded additions, and a theme change. The stack stays the offline one.
 */
export function revisePlan(current: BuildPlan, message: string, archetype: Archetype | null): Revision {
  const clauses = splitClauses(message);
  const definitions = optionalFeaturesOf(archetype);
  const featurePhrases = featurePhrasesOf(definitions);
  const known = [...featurePhrases, ...Object.values(DESIGN_TARGET_PHRASES).flat()];
  const asked = [...current.features];
  const edits = applyFeatureMentions(asked, clauses, definitions);
  const { kept: features, notOffline } = offlineFeatures(asked, definitions);
  const changes: PlanChanges = {
    added: edits.added.filter((label) => !notOffline.includes(label)),
    removed: edits.removed,
    designTarget: null,
    notFound: edits.absent,
    framework: null,
    notOffline,
    limits: offlineLimitsAskedIn(clauses),
  };

  applyFreeRemovals(features, clauses, known, changes);
  noteFreeAdditions(features, clauses, known, changes);
  changes.designTarget = revisedDesignTarget(current.designTarget, clauses, featurePhrases);
  changes.framework = detectRequestedFramework(message);

  const designTarget = changes.designTarget ? changes.designTarget.to : current.designTarget;
  return { plan: { features, stack: OFFLINE_STACK, designTarget }, changes };
}

export function hasChanges(changes: PlanChanges): boolean {
  return changes.added.length > 0 || changes.removed.length > 0 || changes.designTarget !== null;
}

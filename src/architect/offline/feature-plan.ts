import type { Archetype } from '../../catalogue/archetypes';
import { COMMON_FEATURES } from '../../catalogue/feature-catalogue';
import { containsPhrase, tokenize } from '../../kernel/text/phrase-tokens';

/** The common features (feature-catalogue.ts) every offline template can add. */
export interface FeatureFlags {
  darkMode: boolean;
  persistence: boolean;
  search: boolean;
  export: boolean;
}

export type CommonFeature = keyof FeatureFlags;

/** Each flag by its catalogue label, in catalogue order. */
export const COMMON_FEATURE_LABELS: Readonly<Record<CommonFeature, string>> = {
  darkMode: COMMON_FEATURES[0].label,
  persistence: COMMON_FEATURES[1].label,
  search: COMMON_FEATURES[2].label,
  export: COMMON_FEATURES[3].label,
};

/** What the templates make of a plan's feature list. */
export interface FeaturePlan {
  flags: FeatureFlags;
  /** Plan features the app has: base, common and optional ones, as the plan words them. */
  built: string[];
  /** Plan features the templates cannot build: the README lists them honestly. */
  notBuilt: string[];
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A common feature named by its label, or (for a plan another consultant wrote) by the catalogue's phrases. */
function commonFeatureOf(feature: string): CommonFeature | null {
  const keys = Object.keys(COMMON_FEATURE_LABELS) as CommonFeature[];
  const byLabel = keys.find((key) => same(COMMON_FEATURE_LABELS[key], feature));
  if (byLabel) return byLabel;
  const tokens = tokenize(feature);
  return keys.find((key, index) => containsPhrase(tokens, COMMON_FEATURES[index].phrases)) ?? null;
}

export function planFeatures(features: readonly string[], archetype: Archetype, optionalBuilt: readonly string[]): FeaturePlan {
  const plan: FeaturePlan = { flags: { darkMode: false, persistence: false, search: false, export: false }, built: [], notBuilt: [] };
  for (const feature of features) {
    const common = commonFeatureOf(feature);
    const isBase = archetype.baseFeatures.some((label) => same(label, feature));
    const isBuiltOptional = optionalBuilt.some((label) => same(label, feature));
    if (common) plan.flags[common] = true;
    if (common || isBase || isBuiltOptional) plan.built.push(feature);
    else plan.notBuilt.push(feature);
  }
  return plan;
}

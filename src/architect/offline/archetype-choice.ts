import { isDesignTargetKey } from '../../catalogue/design-target';
import { ARCHETYPES, archetypeByKey, archetypeImpliedBy, detectArchetype, type Archetype } from '../../catalogue/archetypes';
import { COMMON_FEATURES } from '../../catalogue/feature-catalogue';
import type { ApprovedPlan } from '../../missions/domain/mission.state';

export const FALLBACK_ARCHETYPE = 'TASKS';

export interface ArchetypeChoice {
  archetype: Archetype;
  /** How it was chosen, for the README. */
  reason: 'prompt' | 'features' | 'design target' | 'fallback';
}

const COMMON_LABELS = new Set(COMMON_FEATURES.map((feature) => feature.label.toLowerCase()));

/** The archetype whose own feature labels the plan carries most often (a plan drafted by the offline consultant). */
function archetypeByFeatures(features: readonly string[]): Archetype | null {
  const wanted = new Set(features.map((feature) => feature.trim().toLowerCase()).filter((label) => !COMMON_LABELS.has(label)));
  let best: Archetype | null = null;
  let bestCount = 0;
  for (const archetype of ARCHETYPES) {
    const labels = [...archetype.baseFeatures, ...archetype.optionalFeatures.map((feature) => feature.label)];
    const count = labels.filter((label) => wanted.has(label.toLowerCase())).length;
    if (count > bestCount) [best, bestCount] = [archetype, count];
  }
  return best;
}

/**
 * From the plan's own feature labels (the plan the user confirmed, which a revision may have switched), then
 * the prompt, then features worded by another consultant, then the design target; else the task list, said
 * so in the README.
 */
export function chooseArchetype(plan: ApprovedPlan): ArchetypeChoice {
  const byLabels = archetypeByFeatures(plan.features);
  if (byLabels) return { archetype: byLabels, reason: 'features' };
  const byPrompt = detectArchetype(plan.buildPrompt);
  if (byPrompt) return { archetype: byPrompt, reason: 'prompt' };
  const byFeatures = detectArchetype(plan.features.join('. '));
  if (byFeatures) return { archetype: byFeatures, reason: 'features' };
  const target = plan.designTarget;
  const byTarget = target && isDesignTargetKey(target) ? archetypeImpliedBy(target) : null;
  if (byTarget) return { archetype: byTarget, reason: 'design target' };
  return { archetype: archetypeByKey(FALLBACK_ARCHETYPE), reason: 'fallback' };
}

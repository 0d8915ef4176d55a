import type { ArchetypeKey } from '../../catalogue/archetypes';
import { DEFAULT_RECORDS, inferRecordSchema, schemaFromFeature, type RecordSchema } from '../../catalogue/record-schema';
import type { ApprovedPlan } from '../../missions/domain/mission.state';
import { copyFor, type AppCopy } from './app-copy';
import { chooseArchetype, type ArchetypeChoice } from './archetype-choice';
import { templateFor } from './archetypes/template-registry';

/**
 * Everything the offline renderer needs, and nothing else: a plan read once. A revised plan (features added
 * or removed, another theme, title or copy) is a new spec rendered again by renderOfflineApp.
 */
export interface OfflineAppSpec {
  archetype: ArchetypeKey;
  /** How the archetype was chosen, for the README. */
  chosenBy: ArchetypeChoice['reason'];
  title: string;
  features: readonly string[];
  designTarget: string | null;
  copy: AppCopy;
  /** RECORDS only: the fields each record has. */
  schema: RecordSchema | null;
  /** The request, quoted in the README and used for the project's name. */
  request: string;
}

function schemaFor(plan: ApprovedPlan): RecordSchema {
  for (const feature of plan.features) {
    const schema = schemaFromFeature(feature);
    if (schema) return schema;
  }
  return inferRecordSchema(plan.buildPrompt) ?? DEFAULT_RECORDS;
}

/** Reads an approved plan into the renderer's spec: the archetype, title, copy, features, theme and schema. */
export function specFromPlan(plan: ApprovedPlan): OfflineAppSpec {
  const choice = chooseArchetype(plan);
  const archetype = choice.archetype.key;
  const schema = archetype === 'RECORDS' ? schemaFor(plan) : null;
  const copy = copyFor(archetype, plan.buildPrompt);
  return {
    archetype,
    chosenBy: choice.reason,
    title: schema?.title ?? copy.subject ?? templateFor(archetype).title,
    features: [...plan.features],
    designTarget: plan.designTarget,
    copy,
    schema,
    request: plan.buildPrompt,
  };
}

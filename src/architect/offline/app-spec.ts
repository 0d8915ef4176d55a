import type { ArchetypeKey } from '../../catalogue/archetypes';
import { COMMON_FEATURES } from '../../catalogue/feature-catalogue';
import { inferRecordSchema, schemaFromFeature, type RecordSchema } from '../../catalogue/record-schema';
import { containsPhrase } from '../../kernel/text/phrase-tokens';
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

const FALLBACK_SCHEMA: RecordSchema = {
  title: 'Records',
  noun: 'record',
  plural: 'records',
  fields: [
    { key: 'name', label: 'Name', kind: 'text' },
    { key: 'notes', label: 'Notes', kind: 'longtext' },
  ],
};

const COMMON_PHRASES = COMMON_FEATURES.flatMap((feature) => feature.phrases);

/** "with search and export" names features, not fields. */
export function namesAFeature(words: string[]): boolean {
  return containsPhrase(words, COMMON_PHRASES) || words.some((word) => ['dark', 'mode', 'theme', 'sort', 'sorting', 'sortable'].includes(word));
}

function schemaFor(plan: ApprovedPlan): RecordSchema {
  for (const feature of plan.features) {
    const schema = schemaFromFeature(feature);
    if (schema) return schema;
  }
  return inferRecordSchema(plan.buildPrompt, namesAFeature) ?? FALLBACK_SCHEMA;
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

import type { BuildPlan } from '../../missions/domain/mission-events';
import { DESIGN_TARGET_NAMES, isDesignTargetKey } from '../../catalogue/design-target';
import { ARCHETYPES, type Archetype } from '../../catalogue/archetypes';
import { CONFIGURE_A_MODEL } from '../../catalogue/offline-limits';
import { RECORD_KINDS, schemaFromFeature } from '../../catalogue/record-schema';
import { featureInSpeech, lowerFirst } from '../../catalogue/feature-catalogue';
import { OFFLINE_STACK_IN_SPEECH, frameworkNote } from '../../catalogue/offline-stack';
import type { PlanChanges } from './plan-revision';

/** What the offline consultant says: one or two sentences, plus the question that goes with them. */

export const CONFIRM_QUESTION = 'Shall I build it? Say yes, or tell me what to change.';
export const VAGUE_SPEECH = 'I need a little more detail before I can plan this.';

function withArticle(name: string): string {
  return /^(?:[aeio]|u(?!ni))/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** "a task list, a notes app, ... or a list of records you can ... (recipes, contacts ... and the like)": what offline mode builds. */
export function offlineMenu(): string {
  const names = ARCHETYPES.filter((archetype) => archetype.key !== 'RECORDS').map((archetype) => withArticle(archetype.name));
  const kinds = RECORD_KINDS.map((kind) => kind.plural).join(', ');
  return `${names.join(', ')}, or a list of records you can add, edit, search, sort and export (${kinds} and the like)`;
}

export const VAGUE_QUESTION = `What should the app do? Offline I can build ${offlineMenu()}.`;

/** "a recipe book (a list of records)" for a list of records; else the archetype's name. */
export function subjectOf(archetype: Archetype | null, plan?: BuildPlan): string {
  const schema = archetype?.key === 'RECORDS' ? plan?.features.map(schemaFromFeature).find((found) => found !== null) : null;
  if (schema) return `a list of ${schema.plural} called "${schema.title}"`;
  return withArticle(archetype ? archetype.name : 'web app');
}

/** "Offline I can build ...; for a weather dashboard, configure a model ...": said before anything is built. */
export function declineSpeech(summary: string, closest: Archetype | null): string {
  const closestSentence = closest ? ` The closest I can build offline is ${withArticle(closest.name)}.` : '';
  return `Offline I can build ${offlineMenu()}; for ${summary ? lowerFirst(summary) : 'this'}, ${CONFIGURE_A_MODEL}.${closestSentence}`;
}

export function declineQuestion(closest: Archetype | null): string {
  if (!closest) return 'Which of those should I build? Or configure a model for the app you described.';
  const name = withArticle(closest.name);
  return `Shall I build ${name} instead? Say "build ${name}", or configure a model for the app you described.`;
}

/** What the request asked for that offline templates cannot build, said with the plan rather than dropped. */
export function notOfflineSentence(notOffline: readonly string[], limits: readonly string[]): string {
  const items = [...notOffline.map(featureInSpeech), ...limits];
  return items.length > 0 ? ` Offline I can't build ${listed(items)}: for that, ${CONFIGURE_A_MODEL}.` : '';
}

export function themeName(designTarget: string): string {
  return isDesignTargetKey(designTarget) ? DESIGN_TARGET_NAMES[designTarget] : designTarget;
}

/** "a, b and c" */
function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "a task list with 3 features (add, complete and delete tasks; ...), styled like Spotify" */
export function describePlan(archetype: Archetype | null, plan: BuildPlan): string {
  const count = plan.features.length === 1 ? '1 feature' : `${plan.features.length} features`;
  const features = plan.features.map(featureInSpeech).join('; ');
  const theme = plan.designTarget ? `, styled like ${themeName(plan.designTarget)}` : '';
  return `${subjectOf(archetype, plan)} with ${count} (${features})${theme}`;
}

/** After a change the features were just named, so only the shape of the plan is repeated. */
function summaryAfterChange(archetype: Archetype | null, plan: BuildPlan, changed: boolean): string {
  const count = plan.features.length === 1 ? '1 feature' : `${plan.features.length} features`;
  const theme = plan.designTarget ? `, styled like ${themeName(plan.designTarget)}` : '';
  return `It is ${changed ? 'now' : 'still'} ${subjectOf(archetype, plan)} with ${count}${theme}.`;
}

function stackSentence(framework: string | null): string {
  const note = framework ? `: ${frameworkNote(framework)}` : '';
  return `It will be ${OFFLINE_STACK_IN_SPEECH}${note}.`;
}

export function proposalSpeech(archetype: Archetype | null, plan: BuildPlan, framework: string | null, notOffline = ''): string {
  return `I'd build ${describePlan(archetype, plan)}. ${stackSentence(framework)}${notOffline}`;
}

function changeClauses(changes: PlanChanges): string[] {
  const clauses: string[] = [];
  if (changes.added.length > 0) clauses.push(`added ${listed(changes.added.map(featureInSpeech))}`);
  if (changes.removed.length > 0) clauses.push(`removed ${listed(changes.removed.map(featureInSpeech))}`);
  if (changes.designTarget?.to) clauses.push(`switched the theme to ${themeName(changes.designTarget.to)}`);
  if (changes.designTarget && !changes.designTarget.to) clauses.push('dropped the famous-app theme');
  return clauses;
}

function caveats(changes: PlanChanges): string {
  const notes: string[] = [];
  if (changes.notFound.length > 0) {
    notes.push(`the plan had no ${listed(changes.notFound.map((item) => `"${item}"`))} to remove`);
  }
  if (changes.framework) notes.push(frameworkNote(changes.framework));
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

export function revisionSpeech(archetype: Archetype | null, plan: BuildPlan, changes: PlanChanges): string {
  const clauses = changeClauses(changes);
  const opening =
    clauses.length > 0
      ? `Updated the plan: ${clauses.join('; ')}${caveats(changes)}.`
      : `I found nothing to change in that, so the plan is the same${caveats(changes)}.`;
  return `${opening} ${summaryAfterChange(archetype, plan, clauses.length > 0)}${notOfflineSentence(changes.notOffline, changes.limits)}`;
}

export function switchSpeech(archetype: Archetype | null, plan: BuildPlan, framework: string | null): string {
  return `Switched to ${describePlan(archetype, plan)}. ${stackSentence(framework)}`;
}

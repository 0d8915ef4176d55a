/** Mission statuses as the API names them, and how the console groups and labels them. */

export const TERMINAL = new Set(['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT']);
export const RETRYABLE = new Set(['FAILED', 'BLOCKED', 'TIMEOUT']);
const GOOD = new Set(['DEPLOYED', 'PR_OPENED', 'SUCCESS']);
const CONSULTING = new Set(['PENDING', 'CONSULTING', 'AWAITING_INPUT']);

/** The pipeline's stages in order, each with the statuses that mean "here". */
export const STAGES = [
  { label: 'Plan', statuses: ['PENDING', 'CONSULTING', 'AWAITING_INPUT', 'READY_TO_BUILD'] },
  { label: 'Architect', statuses: ['ARCHITECTING'] },
  { label: 'Validate', statuses: ['VALIDATING'] },
  { label: 'Build', statuses: ['BUILDING', 'HEALING'] },
  { label: 'Deploy', statuses: ['DEPLOYING'] },
  { label: 'Publish', statuses: ['PUBLISHING'] },
];

const LABELS = {
  PENDING: 'Pending',
  CONSULTING: 'Consulting',
  AWAITING_INPUT: 'Awaiting your input',
  READY_TO_BUILD: 'Ready to build',
  ARCHITECTING: 'Architecting',
  VALIDATING: 'Validating',
  BUILDING: 'Building',
  HEALING: 'Healing',
  DEPLOYING: 'Deploying',
  PUBLISHING: 'Publishing',
  DEPLOYED: 'Deployed',
  PR_OPENED: 'Pull request opened',
  SUCCESS: 'Succeeded',
  FAILED: 'Failed',
  BLOCKED: 'Blocked by policy',
  TIMEOUT: 'Timed out',
};

export function statusLabel(status) {
  return LABELS[status] ?? String(status);
}

/** good, bad, active or idle: the badge's colour. */
export function statusTone(status) {
  if (GOOD.has(status)) return 'good';
  if (RETRYABLE.has(status)) return 'bad';
  if (CONSULTING.has(status)) return 'idle';
  return 'active';
}

export function stageIndex(status) {
  if (TERMINAL.has(status)) return STAGES.length;
  return STAGES.findIndex((stage) => stage.statuses.includes(status));
}

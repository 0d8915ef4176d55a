/** Statuses as the Python Gantry named them: its clients read these strings. */
export const MISSION_STATUSES = [
  'PENDING',
  'CONSULTING',
  'AWAITING_INPUT',
  'READY_TO_BUILD',
  'ARCHITECTING',
  'VALIDATING',
  'BUILDING',
  'HEALING',
  'DEPLOYING',
  'PUBLISHING',
  'DEPLOYED',
  'PR_OPENED',
  'SUCCESS',
  'FAILED',
  'BLOCKED',
  'TIMEOUT',
] as const;

export type MissionStatus = (typeof MISSION_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<MissionStatus> = new Set(['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT']);
export const RETRYABLE_STATUSES: ReadonlySet<MissionStatus> = new Set(['FAILED', 'BLOCKED', 'TIMEOUT']);
export const CONSULTING_STATUSES: ReadonlySet<MissionStatus> = new Set(['CONSULTING', 'AWAITING_INPUT']);
export const PIPELINE_STATUSES: ReadonlySet<MissionStatus> = new Set([
  'READY_TO_BUILD',
  'ARCHITECTING',
  'VALIDATING',
  'BUILDING',
  'HEALING',
  'DEPLOYING',
  'PUBLISHING',
]);

export function isTerminal(status: MissionStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

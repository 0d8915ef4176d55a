import type { JsonObject } from '../../../kernel/black-box/canonical-json';
import { attemptFile, attemptFolder } from '../pipeline/blueprint-evidence';

/** An evidence file an event names, with the SHA-256 the event recorded for it. */
export interface NamedEvidence {
  revision: number;
  file: string;
  sha256: string;
}

interface FileDigestData {
  path: string;
  sha256: string;
}

/** The deployment and pull-request records, named by the events recorded with them (when they carry `recordSha256`). */
const RECORD_FILES: Partial<Record<string, string>> = {
  DeploymentSucceeded: 'deployment.json',
  DeploymentFailed: 'deployment.json',
  PullRequestOpened: 'pull-request.json',
  PublishFailed: 'pull-request.json',
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * The evidence files each event names (paths inside the mission's pack, or as the event recorded them).
 * `scripts/verify-bundle.mjs` (`evidenceNamedBy`) applies the same rules offline; change both together.
 */
export function evidenceNamedBy(revision: number, type: string, data: JsonObject): NamedEvidence[] {
  const named: Array<[string, string]> = [];
  if (type === 'BlueprintDrafted' && Array.isArray(data.files)) {
    for (const file of data.files as unknown as FileDigestData[]) named.push([attemptFile(Number(data.attempt), text(file.path)), text(file.sha256)]);
  }
  if (type === 'BuildAttemptFinished' && data.abandoned !== true) named.push([`${attemptFolder(Number(data.attempt))}/build.log`, text(data.logSha256)]);
  if (type === 'DesignImageAttached') named.push([text(data.evidencePath), text(data.sha256)]);
  if (type === 'PullRequestOpened') named.push(['pull-request.md', text(data.descriptionSha256)]);
  const record = RECORD_FILES[type];
  if (record && typeof data.recordSha256 === 'string') named.push([record, data.recordSha256]);
  return named.map(([file, sha256]) => ({ revision, file, sha256 }));
}

import type { Manifest } from '../../../domain/manifest';
import { sha256 } from '../../../infrastructure/evidence-store';
import type { FileDigest } from '../../../domain/mission-events';

/**
 * Healing fixes the code, never the exam: every test file of the approved plan's first blueprint must come
 * back byte for byte, and the test command must stay the same. Returns why a healed manifest breaks
 * that rule, or null when it keeps it. New tests may be added.
 */
export function weakenedTests(planTests: readonly FileDigest[], auditCommand: string | null, healed: Manifest): string | null {
  const healedFiles = new Map(healed.files.map((file) => [file.path, file.content]));
  for (const test of planTests) {
    const content = healedFiles.get(test.path);
    if (content === undefined) return `healing deleted the plan's test file ${test.path}`;
    if (sha256(content) !== test.sha256) return `healing changed the plan's test file ${test.path}`;
  }
  if (auditCommand !== null && healed.auditCommand !== auditCommand)
    return `healing changed the test command from "${auditCommand}" to "${healed.auditCommand}"`;
  return null;
}

import { Query } from '@nestjs/cqrs';
import type { Viewer } from '../../domain/viewer';

/** A mission's audit bundle file (its exact bytes); not found for another user's mission. */
export class ExportAuditBundleQuery extends Query<string> {
  constructor(
    readonly missionId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

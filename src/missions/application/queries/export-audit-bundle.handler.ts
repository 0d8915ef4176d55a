import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MISSION_DIRECTORY, type MissionDirectory } from '../../ports/mission-directory.port';
import { assertVisibleMission } from './visible-mission';
import { bundleText } from '../audit/audit-bundle';
import { AuditBundleService } from '../audit/audit-bundle.service';
import { ExportAuditBundleQuery } from './export-audit-bundle.query';

@QueryHandler(ExportAuditBundleQuery)
export class ExportAuditBundleHandler implements IQueryHandler<ExportAuditBundleQuery, string> {
  constructor(
    @Inject(MISSION_DIRECTORY) private readonly directory: MissionDirectory,
    private readonly bundles: AuditBundleService,
  ) {}

  async execute({ missionId, viewer }: ExportAuditBundleQuery): Promise<string> {
    await assertVisibleMission(this.directory, missionId, viewer);
    return bundleText(await this.bundles.export(missionId));
  }
}

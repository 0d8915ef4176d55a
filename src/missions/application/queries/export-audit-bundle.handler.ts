import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MissionNotFoundError } from '../../domain/mission.errors';
import { maySee } from '../../domain/viewer';
import { MISSION_DIRECTORY, type MissionDirectory } from '../../ports/mission-directory.port';
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
    const owner = await this.directory.ownerOf(missionId);
    if (owner === null || !maySee(viewer, owner)) throw new MissionNotFoundError(missionId);
    return bundleText(await this.bundles.export(missionId));
  }
}

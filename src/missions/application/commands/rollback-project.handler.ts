import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DEPLOYER, DeploymentError, type Deployer } from '../../ports/deployer.port';
import { decide } from '../../domain/mission.decisions';
import { InvalidTransitionError } from '../../domain/mission.errors';
import { mustExist } from '../../domain/mission.state';
import { restorableDeployment, VersionNotFoundError } from '../../domain/project-version';
import { MissionRepository } from '../../infrastructure/mission.repository';
import { GreenReleases } from '../pipeline/green-release';
import { ProjectChanges } from '../projects/project-changes';
import { RollbackProjectCommand, type RollbackOutcome } from './rollback-project.command';
import { DeploymentUnavailableError } from './deployment-unavailable.error';

/**
 * A rollback: the version's passing files (read back by their Black Box hashes) go live again under the
 * project's one name, through the deployer's atomic switch, and `VersionRestored` records it on that version.
 */
@CommandHandler(RollbackProjectCommand)
export class RollbackProjectHandler implements ICommandHandler<RollbackProjectCommand, RollbackOutcome> {
  constructor(
    private readonly projects: ProjectChanges,
    private readonly missions: MissionRepository,
    private readonly releases: GreenReleases,
    @Inject(DEPLOYER) private readonly deployer: Deployer,
  ) {}

  async execute({ viewer, projectId, version }: RollbackProjectCommand): Promise<RollbackOutcome> {
    const project = await this.projects.projectOf(viewer.name, projectId, viewer.admin);
    const target = project.versions.find((entry) => entry.version === version);
    if (!target) throw new VersionNotFoundError(projectId, version, Math.max(...project.versions.map((entry) => entry.version)));
    if (project.liveMissionId === target.missionId) {
      throw new InvalidTransitionError(`Version ${version} of project ${projectId} is already live`, `Version ${version} is already the live one.`);
    }
    const mission = mustExist(await this.missions.load(target.missionId), target.missionId);
    const deployment = restorableDeployment(mission, version);
    const release = await this.releases.load(mission, deployment.manifestDigest);
    const restored = await this.deployer
      .deploy({
        missionId: mission.id,
        slug: deployment.slug,
        key: `${mission.id}.restore.${mission.revision + 1}`,
        digest: deployment.manifestDigest,
        files: [...release.files, ...release.assets],
      })
      .catch((error: unknown) => {
        if (error instanceof DeploymentError) throw new DeploymentUnavailableError(error.message);
        throw error;
      });
    const details = { provider: this.deployer.provider, url: restored.url, deploymentId: restored.deploymentId, manifestDigest: deployment.manifestDigest };
    const recorded = await this.missions.change(mission.id, { actor: viewer.name }, (state) =>
      decide({ type: 'RestoreVersion', by: viewer.name, restored: details }, state),
    );
    return { projectId, missionId: mission.id, version, url: restored.url, revision: recorded.state.revision };
  }
}

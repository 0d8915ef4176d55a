import type { Deployer, DeploymentRequest } from '../../../src/missions/ports/deployer.port';
import type { PublishedBranch, Publisher, PublishRequest, PullRequestDraft } from '../../../src/missions/ports/publisher.port';

/** Resolves when the wrapped side effect has been done; the step then hangs as if the process had died before recording it. */
export class CrashPoint {
  reached!: () => void;
  readonly done = new Promise<void>((resolve) => (this.reached = resolve));

  async after<T>(work: Promise<T>): Promise<never> {
    await work;
    this.reached();
    return new Promise<never>(() => undefined);
  }
}

export function deployerCrashingAfterDeploy(real: Deployer, crash: CrashPoint): Deployer {
  return { provider: real.provider, deploy: (request: DeploymentRequest) => crash.after(real.deploy(request)) };
}

export function publisherCrashingAfter(step: 'branch' | 'pull', real: Publisher, crash: CrashPoint): Publisher {
  return {
    provider: real.provider,
    ensureBranch: (request: PublishRequest) => (step === 'branch' ? crash.after(real.ensureBranch(request)) : real.ensureBranch(request)),
    ensurePullRequest: (branch: PublishedBranch, draft: PullRequestDraft, missionId: string) =>
      step === 'pull' ? crash.after(real.ensurePullRequest(branch, draft, missionId)) : real.ensurePullRequest(branch, draft, missionId),
    diff: (branch, number) => real.diff(branch, number),
  };
}

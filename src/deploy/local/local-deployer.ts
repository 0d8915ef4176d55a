import type { GantryConfig } from '../../config/gantry-config';
import { DeploymentError, type Deployer, type Deployment, type DeploymentRequest } from '../../missions/ports/deployer.port';
import { SLUG_PATTERN, type AppReleases } from './app-releases';
import { staticSite } from './static-site';

/** Serves each deployed app from Gantry itself (any of its processes), at `<publicUrl>/apps/<slug>/`. */
export class LocalDeployer implements Deployer {
  readonly provider = 'local' as const;

  constructor(
    private readonly config: Pick<GantryConfig, 'publicUrl'>,
    readonly releases: AppReleases,
  ) {}

  async deploy(request: DeploymentRequest): Promise<Deployment> {
    if (!SLUG_PATTERN.test(request.slug)) throw new DeploymentError(`"${request.slug}" is not a usable app name`);
    const site = staticSite(request.files);
    if (!site.some((file) => file.path === 'index.html')) throw new DeploymentError('the project has no index.html (nor public/index.html) to serve');
    const existing = await this.releases.completed(request.slug, request.digest);
    if (!existing) await this.releases.write(request.slug, request.digest, request.key, site);
    await this.releases.goLive(request.slug, request.digest);
    return { deploymentId: `${request.slug}@${request.digest.slice(0, 12)}`, url: `${this.config.publicUrl}/apps/${request.slug}/`, reused: existing !== null };
  }
}

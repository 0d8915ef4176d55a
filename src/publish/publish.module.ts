import { Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { GitHubPublisher } from './github/github-publisher';
import { LocalPublisher } from './local/local-publisher';
import { PUBLISHER, PublishError, type Publisher } from '../missions/ports/publisher.port';

function publisherFor(config: GantryConfig): Publisher {
  if (config.publisher === 'local') return new LocalPublisher(config);
  if (!config.githubOwner) throw new PublishError('GITHUB_OWNER is required when GANTRY_PUBLISHER=github');
  return new GitHubPublisher({ apiUrl: config.githubApiUrl, owner: config.githubOwner });
}

/** The publisher chosen by GANTRY_PUBLISHER: a local git repository (default) or GitHub. */
@Module({
  providers: [{ provide: PUBLISHER, inject: [GANTRY_CONFIG], useFactory: publisherFor }],
  exports: [PUBLISHER],
})
export class PublishModule {}

import { Module } from '@nestjs/common';
import { GANTRY_CONFIG, type GantryConfig } from '../config/gantry-config';
import { GitHubPublisher } from './github/github-publisher';
import { LocalPublisher } from './local/local-publisher';
import { PUBLISHER, PublishError, type Publisher } from '../missions/ports/publisher.port';
import { CHECKPOINT_PUBLISHER, type CheckpointPublisher } from '../missions/ports/transparency-log.port';
import { GitHubCheckpointPublisher } from './github/github-checkpoint-publisher';
import { LocalCheckpointPublisher } from './local/local-checkpoint-publisher';

function publisherFor(config: GantryConfig): Publisher {
  if (config.publisher === 'local') return new LocalPublisher(config);
  if (!config.githubOwner) throw new PublishError('GITHUB_OWNER is required when GANTRY_PUBLISHER=github');
  return new GitHubPublisher({ apiUrl: config.githubApiUrl, owner: config.githubOwner });
}

/** The transparency log's checkpoints go to a `gantry-log` branch: of the local repository, or of `<owner>/gantry-log` on GitHub. */
function checkpointPublisherFor(config: GantryConfig): CheckpointPublisher {
  if (config.publisher === 'local') return new LocalCheckpointPublisher(config);
  if (!config.githubOwner) throw new PublishError('GITHUB_OWNER is required when GANTRY_PUBLISHER=github');
  return new GitHubCheckpointPublisher({ apiUrl: config.githubApiUrl, owner: config.githubOwner });
}

/** The publisher chosen by GANTRY_PUBLISHER: a local git repository (default) or GitHub. */
@Module({
  providers: [
    { provide: PUBLISHER, inject: [GANTRY_CONFIG], useFactory: publisherFor },
    { provide: CHECKPOINT_PUBLISHER, inject: [GANTRY_CONFIG], useFactory: checkpointPublisherFor },
  ],
  exports: [PUBLISHER, CHECKPOINT_PUBLISHER],
})
export class PublishModule {}

import type { MissionEvent, MissionEventMap } from './mission-events';

/** What the run has asked for and got from the deployer and the publisher. */
export interface ShippingProgress {
  deployment: MissionEventMap['DeploymentRequested'] | null;
  publication: MissionEventMap['PublishRequested'] | null;
  branch: MissionEventMap['BranchCreated'] | null;
  pullRequest: MissionEventMap['PullRequestOpened'] | null;
}

export const NO_SHIPPING: ShippingProgress = { deployment: null, publication: null, branch: null, pullRequest: null };

const SHIPPING_TYPES = [
  'DeploymentRequested',
  'DeploymentSucceeded',
  'DeploymentFailed',
  'PublishRequested',
  'BranchCreated',
  'PullRequestOpened',
  'PublishFailed',
] as const;
export type ShippingEvent = Extract<MissionEvent, { type: (typeof SHIPPING_TYPES)[number] }>;

export function isShippingEvent(event: MissionEvent): event is ShippingEvent {
  return (SHIPPING_TYPES as readonly string[]).includes(event.type);
}

/** A shipping event's effect: the progress it leaves, the step it ends (if any), and the link it brings (if any). */
export interface ShippingChange {
  shipping: ShippingProgress;
  /** Requests and intermediate results keep the step under way; a success or failure ends it. */
  finished: 'deploy' | 'publish' | null;
  url?: string;
  prUrl?: string;
}

export function evolveShipping(shipping: ShippingProgress, event: ShippingEvent): ShippingChange {
  switch (event.type) {
    case 'DeploymentRequested':
      return { shipping: { ...shipping, deployment: event.data }, finished: null };
    case 'DeploymentSucceeded':
      return { shipping, finished: 'deploy', url: event.data.url };
    case 'DeploymentFailed':
      return { shipping, finished: 'deploy' };
    case 'PublishRequested':
      return { shipping: { ...shipping, publication: event.data }, finished: null };
    case 'BranchCreated':
      return { shipping: { ...shipping, branch: event.data }, finished: null };
    case 'PullRequestOpened':
      return { shipping: { ...shipping, pullRequest: event.data }, finished: 'publish', prUrl: event.data.url };
    case 'PublishFailed':
      return { shipping, finished: 'publish' };
  }
}

import type { MissionEvent, MissionEventMap } from './mission-events';
import type { MissionState } from './mission.state';

/** What the run has asked for and got from the deployer and the publisher. */
export interface ShippingProgress {
  deployment: MissionEventMap['DeploymentRequested'] | null;
  publication: MissionEventMap['PublishRequested'] | null;
  branch: MissionEventMap['BranchCreated'] | null;
  pullRequest: MissionEventMap['PullRequestOpened'] | null;
}

export const NO_SHIPPING: ShippingProgress = { deployment: null, publication: null, branch: null, pullRequest: null };

const SHIPPING_TYPES = ['DeploymentRequested', 'DeploymentSucceeded', 'DeploymentFailed', 'PublishRequested', 'BranchCreated', 'PullRequestOpened', 'PublishFailed'] as const;
type ShippingEvent = Extract<MissionEvent, { type: (typeof SHIPPING_TYPES)[number] }>;

export function isShippingEvent(event: MissionEvent): event is ShippingEvent {
  return (SHIPPING_TYPES as readonly string[]).includes(event.type);
}

/** Requests and intermediate results keep the step under way; a success or failure ends it. */
function finishStep(state: MissionState, step: 'deploy' | 'publish'): MissionState {
  return { ...state, currentStep: null, pipeline: { ...state.pipeline, finishedSteps: [...state.pipeline.finishedSteps, step] } };
}

function withShipping(state: MissionState, change: Partial<ShippingProgress>): MissionState {
  return { ...state, pipeline: { ...state.pipeline, shipping: { ...state.pipeline.shipping, ...change } } };
}

export function evolveShipping(state: MissionState, event: ShippingEvent): MissionState {
  switch (event.type) {
    case 'DeploymentRequested':
      return withShipping(state, { deployment: event.data });
    case 'DeploymentSucceeded':
      return { ...finishStep(state, 'deploy'), url: event.data.url };
    case 'DeploymentFailed':
      return finishStep(state, 'deploy');
    case 'PublishRequested':
      return withShipping(state, { publication: event.data });
    case 'BranchCreated':
      return withShipping(state, { branch: event.data });
    case 'PullRequestOpened':
      return { ...finishStep(withShipping(state, { pullRequest: event.data }), 'publish'), prUrl: event.data.url };
    case 'PublishFailed':
      return finishStep(state, 'publish');
  }
}

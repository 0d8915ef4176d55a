import { AwaitReadModelsHandler } from './await-read-models.handler';
import { GetConsultationHandler } from './get-consultation.handler';
import { GetLatestMissionHandler } from './get-latest-mission.handler';
import { GetMissionRevisionsHandler } from './get-mission-revisions.handler';
import { GetMissionEventsHandler } from './get-mission-events.handler';
import { GetMissionStatusHandler } from './get-mission-status.handler';
import { GetMissionTimelineHandler } from './get-mission-timeline.handler';
import { GetProjectHandler } from './get-project.handler';
import { GetPullRequestHandler } from './get-pull-request.handler';
import { ListProjectsHandler } from './list-projects.handler';
import { ListMissionsHandler } from './list-missions.handler';
import { SearchMissionsHandler } from './search-missions.handler';

/** The read side's query handlers, for the module that registers them with the QueryBus. */
export const READ_QUERY_HANDLERS = [
  GetMissionStatusHandler,
  GetLatestMissionHandler,
  GetMissionRevisionsHandler,
  ListMissionsHandler,
  SearchMissionsHandler,
  GetConsultationHandler,
  GetMissionTimelineHandler,
  GetMissionEventsHandler,
  GetPullRequestHandler,
  ListProjectsHandler,
  GetProjectHandler,
  AwaitReadModelsHandler,
];

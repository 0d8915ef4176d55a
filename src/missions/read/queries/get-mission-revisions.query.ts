import { Query } from '@nestjs/cqrs';

/**
 * The revision the read models show for each of these missions: what the live streams look at, in one
 * query for all of them, to notice changes another process applied. Not a viewer's query: it reveals
 * nothing but numbers, to streams whose callers were admitted already.
 */
export class GetMissionRevisionsQuery extends Query<Map<string, number>> {
  constructor(readonly missionIds: readonly string[]) {
    super();
  }
}

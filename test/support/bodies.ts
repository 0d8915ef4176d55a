/**
 * The JSON bodies the suites read from Gantry's HTTP answers, typed once at the boundary (supertest and fetch type
 * every body as `any`). Each shape names only the fields a test reads, spelled as the API answers (snake_case).
 */

/** POST /gantry/architect (202) and POST /gantry/consult: the mission the answer is about. */
export interface MissionStartedBody {
  mission_id: string;
}

/** One event of GET /gantry/missions/:id/events. */
export interface RecordedEvent {
  type: string;
  hash: string;
  data: Record<string, unknown>;
}

/** GET /gantry/missions/:id/events: the mission's Black Box stream and its head. */
export interface EventsBody {
  events: RecordedEvent[];
  head: { headHash: string };
}

/** GET /gantry/missions/:id/audit */
export interface AuditBody {
  valid: boolean;
}

/** GET /health */
export interface HealthBody {
  checks: Record<string, { status: string; detail?: string }>;
}

/** Any 4xx answer: each carries a line to speak. */
export interface ErrorBody {
  speech: string;
}

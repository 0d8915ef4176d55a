/**
 * The JSON the missions suites read from Gantry's HTTP answers, typed once at the boundary (supertest types every
 * `response.body` as `any`). Each shape names only the fields a test reads, snake_case as the API answers.
 */

/** Every consultation turn (POST /gantry/consult, /gantry/voice) and every accepted build (POST /gantry/architect) names its mission. */
export interface MissionRefBody {
  mission_id: string;
}

/** A consultation turn, and GET /gantry/consultation/:id. */
export interface ConsultationBody extends MissionRefBody {
  status: string;
  features: string[];
  proposed_stack: string | null;
  design_target: string | null;
  conversation_history: Array<{ content: string }>;
}

/** GET /gantry/status/:id: the mission's summary row. */
export interface StatusBody extends MissionRefBody {
  url: string | null;
  archived: boolean;
}

/** One row of GET /gantry/missions and GET /gantry/search. */
export interface MissionListItemBody {
  mission_id: string;
}

/** GET /gantry/missions?limit=&offset= */
export interface MissionPageBody {
  total: number;
  missions: MissionListItemBody[];
}

/** GET /gantry/search?q= */
export interface SearchBody {
  results: MissionListItemBody[];
}

/** GET /gantry/missions/:id/events: the Black Box stream. */
export interface EventsBody {
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

/** GET /gantry/missions/:id/audit */
export interface AuditBody {
  valid: boolean;
}

/** GET /gantry/missions/:id/pr */
export interface PullRequestBody {
  description: string;
}

/** Any 4xx answer: each carries a line to speak. */
export interface ErrorBody {
  speech: string;
}

/** GET /openapi.json */
export interface OpenApiBody {
  paths: Record<string, unknown>;
}

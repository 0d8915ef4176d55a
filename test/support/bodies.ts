/**
 * The JSON bodies the suites read from Gantry's HTTP answers, typed once at the boundary (supertest and fetch type
 * every body as `any`). Each shape names only the fields the suites read, spelled as the API answers (snake_case).
 */

/** Every consultation turn (POST /gantry/consult, /gantry/voice) and every accepted build (POST /gantry/architect) names its mission. */
export interface MissionRefBody {
  mission_id: string;
}

/** The id of the mission a response started (or answered on). */
export const missionIdOf = (response: { body: unknown }): string => (response.body as MissionRefBody).mission_id;

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

/** POST /gantry/missions/clear */
export interface ClearedBody {
  cleared: number;
}

/** GET /gantry/missions/:id/timeline */
export interface TimelineBody {
  timeline: Array<{ summary: string }>;
}

/** One event of GET /gantry/missions/:id/events. */
export interface EventBody {
  revision: number;
  type: string;
  hash: string;
  data: Record<string, unknown>;
}

/** GET /gantry/missions/:id/events: the mission's Black Box stream and its head. */
export interface EventsBody {
  events: EventBody[];
  head: { headHash: string };
}

/** GET /gantry/missions/:id/audit */
export interface AuditBody {
  valid: boolean;
}

/** GET /gantry/missions/:id/pr */
export interface PullRequestBody {
  description: string;
}

/** GET /gantry/themes */
export interface ThemesBody {
  count: number;
}

/** GET /health */
export interface HealthBody {
  checks: Record<string, { status: string; detail?: string }>;
}

/** GET /openapi.json */
export interface OpenApiBody {
  paths: Record<string, unknown>;
}

/** Any error answer (400, 401, 404, 409, 422, 429, ...): each carries a line to speak. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  speech: string;
}

/** A 422 from the content guardrails. */
export interface RefusalBody extends ErrorBody {
  category: string;
}

/** POST /gantry/tokens: the token itself is shown this once. */
export interface TokenCreatedBody {
  id: string;
  name: string;
  token: string;
  revoked: boolean;
}

/** GET /gantry/tokens */
export interface TokenListBody {
  tokens: Array<{ name: string; revoked: boolean }>;
}

/** POST /gantry/users: a generated password is shown this once; a chosen one is never echoed. */
export interface UserAddedBody {
  user: { name: string; admin: boolean };
  password?: string;
}

/**
 * The JSON bodies the security suites read, typed at one boundary: supertest types `response.body` as `any`.
 * Each interface names only the fields a test reads, spelled as the API answers (snake_case).
 */

/** POST /gantry/architect (202) and POST /gantry/consult (200). */
export interface MissionStarted {
  mission_id: string;
}

/** The id of the mission a response started (or answered on). */
export const missionIdOf = (response: { body: unknown }): string => (response.body as MissionStarted).mission_id;

/** GET /gantry/missions. */
export interface MissionList {
  missions: Array<{ mission_id: string }>;
  total: number;
}

/** GET /gantry/search. */
export interface SearchResults {
  results: unknown[];
}

/** POST /gantry/missions/clear. */
export interface Cleared {
  cleared: number;
}

/** GET /gantry/themes. */
export interface Themes {
  count: number;
}

/** GET /gantry/missions/:id/timeline. */
export interface Timeline {
  timeline: Array<{ summary: string }>;
}

/** GET /gantry/missions/:id/events. */
export interface MissionEvents {
  events: Array<{ type: string; data: Record<string, unknown> }>;
}

/** An error answer (401, 422, 429, ...). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  speech: string;
}

/** A 422 from the content guardrails. */
export interface Refusal extends ErrorBody {
  category: string;
}

/** POST /gantry/tokens: the token itself is shown this once. */
export interface TokenCreated {
  id: string;
  name: string;
  token: string;
  revoked: boolean;
}

/** GET /gantry/tokens. */
export interface TokenList {
  tokens: Array<{ name: string }>;
}

/** POST /gantry/users: a generated password is shown this once; a chosen one is never echoed. */
export interface UserAdded {
  user: { name: string; admin: boolean };
  password?: string;
}

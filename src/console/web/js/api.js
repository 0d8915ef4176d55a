/** The Gantry API as the console uses it. Every answer is JSON with a `speech` line. */

export class ApiError extends Error {
  constructor(status, body) {
    super(typeof body?.message === 'string' ? body.message : `Gantry answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

let unauthorizedHandler = () => {};

/** Called whenever a mission route answers 401: the session is missing or expired. */
export function whenUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && !path.startsWith('/gantry/auth')) unauthorizedHandler();
  if (!response.ok) throw new ApiError(response.status, data);
  return { status: response.status, data };
}

const get = async (path) => (await request('GET', path)).data;
const post = async (path, body = {}) => (await request('POST', path, body)).data;
const id = (missionId) => encodeURIComponent(missionId);

export const api = {
  settings: () => get('/console/settings.json'),
  authStatus: () => get('/gantry/auth/status'),
  login: (username, password) => post('/gantry/auth', username ? { username, password } : { password }),
  logout: () => post('/gantry/auth/logout'),
  /** Resolves to {status, data}: 200 while consulting, 202 when a build starts. */
  consult: (body) => request('POST', '/gantry/consult', body),
  consultation: (missionId) => get(`/gantry/consultation/${id(missionId)}`),
  status: (missionId) => get(`/gantry/status/${id(missionId)}`),
  missions: (limit, offset) => get(`/gantry/missions?limit=${limit}&offset=${offset}`),
  search: (query, limit) => get(`/gantry/search?q=${encodeURIComponent(query)}&limit=${limit}`),
  timeline: (missionId) => get(`/gantry/missions/${id(missionId)}/timeline`),
  events: (missionId) => get(`/gantry/missions/${id(missionId)}/events`),
  audit: (missionId) => get(`/gantry/missions/${id(missionId)}/audit`),
  pullRequest: (missionId) => get(`/gantry/missions/${id(missionId)}/pr`),
  retry: (missionId) => post(`/gantry/missions/${id(missionId)}/retry`),
  clear: () => post('/gantry/missions/clear'),
  projects: () => get('/gantry/projects'),
  project: (projectId) => get(`/gantry/projects/${id(projectId)}`),
  /** Resolves to {status, data}: 200 while the change is discussed, 202 when its build starts. */
  change: (projectId, message) => request('POST', `/gantry/projects/${id(projectId)}/changes`, { message }),
  rollback: (projectId, version) => post(`/gantry/projects/${id(projectId)}/rollback`, { version }),
  diff: (missionId) => get(`/gantry/missions/${id(missionId)}/diff`),
  streamUrl: (missionId) => `/gantry/missions/${id(missionId)}/stream`,
};

/** A sentence for the user from any failure: the server's own message when it sent one. */
export function problemText(error) {
  if (error instanceof ApiError) return error.body?.message || error.body?.speech || error.message;
  return 'Gantry could not be reached. Check your connection and try again.';
}

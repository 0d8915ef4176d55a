import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Http } from '../../support/test-app';

export type Method = 'get' | 'post' | 'delete';

/** One call of an API route, with the ids it needs filled in. */
export interface ApiCall {
  method: Method;
  /** The route as Express declares it, e.g. `/gantry/status/:id`. */
  route: string;
  path: string;
  body?: object;
}

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every `METHOD /gantry/...` route the running app declares, straight from Express's router. */
export function declaredApiRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: RouteLayer[] }; _router?: { stack: RouteLayer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  return stack
    .flatMap(({ route }) => (route ? Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`) : []))
    .filter((route) => / \/gantry(\/|$)/.test(route))
    .sort();
}

export function routeKey(call: Pick<ApiCall, 'method' | 'route'>): string {
  return `${call.method.toUpperCase()} ${call.route}`;
}

export function send(http: Http, call: ApiCall, headers: Record<string, string> = {}) {
  const request = http[call.method](call.path).set(headers);
  if (call.method === 'get' && call.route.endsWith('/stream'))
    request.buffer(true).parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => done(null, text));
    });
  return call.body === undefined ? request : request.send(call.body);
}

export interface MissionIds {
  /** A finished (failed) direct build. */
  built: string;
  /** A consultation waiting for its owner. */
  consulting: string;
}

/** The routes that read or change one mission: another user must get 404, as if it did not exist. */
export function missionCalls(ids: MissionIds): Array<ApiCall & { ownerStatus: number }> {
  return [
    { method: 'get', route: '/gantry/status/:id', path: `/gantry/status/${ids.built}`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions/:id/failure', path: `/gantry/missions/${ids.built}/failure`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions/:id/timeline', path: `/gantry/missions/${ids.built}/timeline`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions/:id/events', path: `/gantry/missions/${ids.built}/events`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions/:id/audit', path: `/gantry/missions/${ids.built}/audit`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions/:id/stream', path: `/gantry/missions/${ids.built}/stream`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/consultation/:id', path: `/gantry/consultation/${ids.consulting}`, ownerStatus: 200 },
    { method: 'post', route: '/gantry/consult', path: '/gantry/consult', body: { message: 'also add search', mission_id: ids.consulting }, ownerStatus: 200 },
    { method: 'post', route: '/gantry/voice', path: '/gantry/voice', body: { message: 'and dark mode', mission_id: ids.consulting }, ownerStatus: 200 },
    { method: 'post', route: '/gantry/missions/:id/retry', path: `/gantry/missions/${ids.built}/retry`, body: {}, ownerStatus: 202 },
    { method: 'get', route: '/gantry/missions/:id/audit/bundle', path: `/gantry/missions/${ids.built}/audit/bundle`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions/:id/diff', path: `/gantry/missions/${ids.built}/diff`, ownerStatus: 200 },
    { method: 'get', route: '/gantry/projects/:id', path: `/gantry/projects/${ids.built}`, ownerStatus: 200 },
    {
      method: 'post',
      route: '/gantry/projects/:id/changes',
      path: `/gantry/projects/${ids.built}/changes`,
      body: { message: 'add dark mode' },
      ownerStatus: 409,
    },
    { method: 'post', route: '/gantry/projects/:id/rollback', path: `/gantry/projects/${ids.built}/rollback`, body: { version: 1 }, ownerStatus: 409 },
  ];
}

/** The routes any signed-in user may call (their own data only). */
export function userCalls(ownTokenId: string): Array<ApiCall & { ownerStatus: number }> {
  return [
    { method: 'post', route: '/gantry/consult', path: '/gantry/consult', body: { message: 'A quiz app about capitals' }, ownerStatus: 200 },
    {
      method: 'post',
      route: '/gantry/chat',
      path: '/gantry/chat',
      body: { messages: [{ role: 'user', content: 'Which stack suits a blog?' }] },
      ownerStatus: 200,
    },
    {
      method: 'post',
      route: '/gantry/architect',
      path: '/gantry/architect',
      body: { voice_memo: 'A pomodoro timer with sounds', deploy: false },
      ownerStatus: 202,
    },
    { method: 'get', route: '/gantry/latest', path: '/gantry/latest', ownerStatus: 200 },
    { method: 'get', route: '/gantry/missions', path: '/gantry/missions', ownerStatus: 200 },
    { method: 'get', route: '/gantry/search', path: '/gantry/search?q=kanban', ownerStatus: 200 },
    { method: 'get', route: '/gantry/tokens', path: '/gantry/tokens', ownerStatus: 200 },
    { method: 'post', route: '/gantry/tokens', path: '/gantry/tokens', body: { name: 'laptop' }, ownerStatus: 201 },
    { method: 'delete', route: '/gantry/tokens/:id', path: `/gantry/tokens/${ownTokenId}`, ownerStatus: 200 },
    { method: 'post', route: '/gantry/missions/clear', path: '/gantry/missions/clear', ownerStatus: 200 },
    { method: 'get', route: '/gantry/projects', path: '/gantry/projects', ownerStatus: 200 },
    { method: 'get', route: '/gantry/log/proof/inclusion', path: '/gantry/log/proof/inclusion?leaf=0&size=1', ownerStatus: 200 },
    { method: 'get', route: '/gantry/log/proof/consistency', path: '/gantry/log/proof/consistency?from=1&to=1', ownerStatus: 200 },
  ];
}

/** The admin's routes: 403 for other users. */
export function adminCalls(removable: string): Array<ApiCall & { ownerStatus: number }> {
  return [
    { method: 'get', route: '/gantry/users', path: '/gantry/users', ownerStatus: 200 },
    { method: 'post', route: '/gantry/users', path: '/gantry/users', body: { name: 'newcomer' }, ownerStatus: 201 },
    { method: 'delete', route: '/gantry/users/:name', path: `/gantry/users/${removable}`, ownerStatus: 200 },
  ];
}

/** Routes under /gantry anyone may call. */
export const PUBLIC_ROUTES = [
  'POST /gantry/auth',
  'GET /gantry/auth/status',
  'POST /gantry/auth/logout',
  'GET /gantry/themes',
  'GET /gantry/log/key',
  'GET /gantry/log/checkpoint',
];

/** Signed-in routes that change the caller's own credentials: probed by credentials.e2e.spec.ts, since calling them ends the caller's tokens. */
export const CREDENTIAL_ROUTES = ['POST /gantry/auth/password'];

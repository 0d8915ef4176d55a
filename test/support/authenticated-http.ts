import type { Server } from 'node:http';
import supertest from 'supertest';

export type Http = ReturnType<typeof supertest>;
type Request = ReturnType<Http['get']>;

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);
const CLIENT_HEADER = 'x-gantry-client';

export function anonymousHttp(server: Server): Http {
  return supertest(server);
}

/**
 * supertest, signed in as `user` with a bearer token fetched just before the request is sent. Setting
 * `X-Gantry-Client: <name>` switches the request to the user <name> (the header itself is not sent; Gantry
 * ignores it): the other suites used it to act as different owners before sign-in existed.
 */
export function authenticatedHttp(server: Server, user: string, tokenFor: (name: string) => Promise<string>): Http {
  const base = supertest(server);
  return new Proxy(base, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => signed((value as (url: string) => Request).call(target, url), user, tokenFor);
    },
  });
}

function signed(request: Request, defaultUser: string, tokenFor: (name: string) => Promise<string>): Request {
  let user = defaultUser;
  let ownAuthorization = false;
  const set = request.set.bind(request) as (field: string | Record<string, string>, value?: string) => Request;
  const end = request.end.bind(request);
  const take = (field: string, value: string): boolean => {
    if (field.toLowerCase() === 'authorization') ownAuthorization = true;
    if (field.toLowerCase() !== CLIENT_HEADER) return false;
    user = value;
    return true;
  };
  Object.assign(request, {
    set: (field: string | Record<string, string>, value?: string) => {
      if (typeof field === 'string') return take(field, String(value)) ? request : set(field, value);
      return set(Object.fromEntries(Object.entries(field).filter(([name, headerValue]) => !take(name, headerValue))));
    },
    end: (callback?: Parameters<Request['end']>[0]) => {
      tokenFor(user).then(
        (token) => {
          if (!ownAuthorization) set('Authorization', `Bearer ${token}`);
          end(callback);
        },
        (error: unknown) => callback?.(error, undefined as never),
      );
      return request;
    },
  });
  return request;
}

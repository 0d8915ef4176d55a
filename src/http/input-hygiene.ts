import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../kernel/domain-error';
import { textProblem } from '../kernel/text/well-formed-text';

/** Input no route accepts, whatever its own rules: refused before any controller, guard or validator sees it. */
export class InvalidInputError extends DomainError {
  readonly code = 'INVALID_INPUT';
  readonly kind = 'bad_input';
}

/** The limits every route shares; a route's DTO may be stricter, never looser. */
export const INPUT_LIMITS = {
  /** Objects and arrays inside one another (the validators recurse: 5,000 levels overflowed the stack). */
  depth: 32,
  /** Characters in one string of a body (a design image, base64, is the exception: its route's body limit bounds it). */
  stringLength: 20_000,
  /** Items in one array, keys in one object. */
  items: 1_000,
  keyLength: 200,
  /** Characters in one query value, values of one query name. */
  queryLength: 2_000,
  queryValues: 20,
  /** Characters in one path segment, once decoded. */
  segmentLength: 1_000,
} as const;

/**
 * Names every plain object inherits (`constructor`, `toString`, `__proto__`...) and `prototype`. The
 * validator's "no unknown field" rule finds them on the DTO as inherited members and lets them through,
 * and code that reads them expects a function: no route has a field of that name, so none is accepted.
 */
const INHERITED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Fields whose strings may be long: their route's body limit bounds them instead. */
const LONG_FIELDS = new Set(['image_base64']);

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkName(name: string, where: string): void {
  if (INHERITED_NAMES.has(name)) {
    throw new InvalidInputError(`${capitalised(where)} is ${JSON.stringify(name)}, a name no field may have`, `I can't accept a field named ${name}.`);
  }
}

function refuse(where: string, problem: string): InvalidInputError {
  return new InvalidInputError(`${capitalised(where)} holds ${problem}; send plain text`, `I can't accept that: ${where} holds ${problem}.`);
}

function checkText(text: string, where: string, limit: number): void {
  if (text.length > limit) {
    throw new InvalidInputError(`${capitalised(where)} is longer than ${limit} characters`, `That is too long: keep ${where} under ${limit} characters.`);
  }
  const problem = textProblem(text);
  if (problem) throw refuse(where, problem);
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
  field: string;
}

/** Walks a parsed body without recursion (so no depth can overflow the stack) and checks every string, key and count. */
export function checkBody(body: unknown): void {
  const pending: Pending[] = [{ value: body, path: 'the body', depth: 0, field: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth, field } = next;
    if (typeof value === 'string') {
      checkText(value, path, LONG_FIELDS.has(field) ? Number.MAX_SAFE_INTEGER : INPUT_LIMITS.stringLength);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= INPUT_LIMITS.depth) {
      throw new InvalidInputError(`The body is nested more than ${INPUT_LIMITS.depth} levels deep`, 'That request is nested too deeply.');
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    if (entries.length > INPUT_LIMITS.items) {
      throw new InvalidInputError(`${capitalised(path)} has more than ${INPUT_LIMITS.items} items`, `That is too many items in ${path}.`);
    }
    for (const [key, item] of entries) {
      if (!Array.isArray(value)) {
        checkText(key, `a field name in ${path}`, INPUT_LIMITS.keyLength);
        checkName(key, `a field name in ${path}`);
      }
      const itemField = Array.isArray(value) ? field : key;
      pending.push({ value: item, path: Array.isArray(value) ? `${path}[${key}]` : `the field ${JSON.stringify(key)}`, depth: depth + 1, field: itemField });
    }
  }
}

function checkQuery(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  for (const [name, value] of Object.entries(query)) {
    checkText(name, 'a query parameter name', INPUT_LIMITS.keyLength);
    checkName(name, 'a query parameter name');
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (values.length > INPUT_LIMITS.queryValues) throw new InvalidInputError(`Query parameter ${name} is given more than ${INPUT_LIMITS.queryValues} times`);
    for (const each of values) {
      if (typeof each !== 'string') throw new InvalidInputError(`Query parameter ${name} must be plain text`);
      checkText(each, `query parameter ${name}`, INPUT_LIMITS.queryLength);
    }
  }
}

/** A path of unreserved characters only: nothing to decode, no control character, no segment over the limit. */
const PLAIN_PATH = /^[\w/.~-]*$/;

function checkPath(path: string): void {
  if (path.length <= INPUT_LIMITS.segmentLength && PLAIN_PATH.test(path)) return;
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new InvalidInputError('The path holds an invalid percent-encoding', 'That address is not valid.');
    }
    checkText(decoded, 'the path', INPUT_LIMITS.segmentLength);
  }
}

/**
 * Input hygiene at the edge, for every route at once, after the body parsers: the path, the query and
 * the body hold only well-formed text without control characters (tab and newlines aside), within the
 * shared limits. What passes is handed on as it is: nothing is rewritten, what the user said is stored as said.
 */
export function inputHygiene(request: Request, _response: Response, next: NextFunction): void {
  try {
    checkPath(request.path);
    // Express parses the query string anew at each read of request.query: a URL without one has nothing to check.
    if (request.url.includes('?')) checkQuery(request.query);
    if (request.body !== undefined) checkBody(request.body);
    next();
  } catch (error) {
    next(error);
  }
}

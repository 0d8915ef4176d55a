import { BadRequestException } from '@nestjs/common';

/** The first user, made from GANTRY_PASSWORD; `{password}` alone at login means this user. */
export const ADMIN_NAME = 'admin';

/** Names that already mean something in the mission log (`gantry` is the pipeline's actor). */
const RESERVED = new Set(['gantry', 'anonymous', 'system', 'everyone']);

const VALID_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A user name as stored: lower-case letters, digits, `-` and `_`, up to 64 characters. */
export function normalizeUserName(raw: string): string {
  const name = raw.trim().toLowerCase();
  if (!VALID_NAME.test(name)) throw new BadRequestException('A user name is 1 to 64 lower-case letters, digits, - or _, starting with a letter or digit');
  if (RESERVED.has(name)) throw new BadRequestException(`The name ${name} is reserved`);
  return name;
}

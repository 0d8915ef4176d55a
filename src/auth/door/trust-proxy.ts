import { ConfigError } from '../../config/gantry-config';

/**
 * Express's `trust proxy` from TRUST_PROXY: unset, the socket's address is the client's; a hop count or
 * the proxies' addresses (`loopback`, `10.0.0.0/8, 172.16.0.1`) let those proxies' X-Forwarded-For count.
 * Trusting every address is refused: any client could then name its own address and dodge the rate limits.
 */
export function trustProxySetting(value: string | null): false | number | string {
  if (value === null) return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(true|\*|all|any)$/i.test(value.trim())) {
    throw new ConfigError(
      'TRUST_PROXY',
      'must name the proxies (e.g. loopback or 10.0.0.1) or count them (e.g. 1); trusting every address lets clients forge theirs',
    );
  }
  return value;
}

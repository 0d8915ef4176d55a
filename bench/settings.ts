/** A whole number above zero from the environment, or the fallback; anything else stops the benchmark. */
export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return positiveIntValue(name, raw);
}

/** `raw` as a whole number above zero; anything else stops the benchmark, naming the setting. */
export function positiveIntValue(name: string, raw: string): number {
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

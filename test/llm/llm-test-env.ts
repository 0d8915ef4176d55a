/** Sets environment variables for one suite and puts the old values back afterwards. */
export function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  apply(values);
  return () => apply(saved);
}

function apply(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
}

/** Retries without real waits worth speaking of, so suites stay quick; the loop and the counting are the real ones. */
export const QUICK_RETRIES = { tries: 3, baseDelayMs: 5, maxDelayMs: 20 };

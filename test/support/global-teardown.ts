export default async function globalTeardown(): Promise<void> {
  await globalThis.__GANTRY_TEST_PG__?.stop();
}

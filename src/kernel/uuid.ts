const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any-case UUID text; ids are stored lower-case (the HTTP layer's `MissionIdPipe` lower-cases them). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

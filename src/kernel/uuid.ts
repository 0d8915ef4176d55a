import { ParseUUIDPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any-case UUID text; ids are stored lower-case (see `MissionIdPipe`). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A UUID path parameter, answered 400 when it is not one, and lower-cased so every layer sees one spelling. */
export class MissionIdPipe implements PipeTransform<string, Promise<string>> {
  private readonly uuid = new ParseUUIDPipe();

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await this.uuid.transform(value, metadata)).toLowerCase();
  }
}

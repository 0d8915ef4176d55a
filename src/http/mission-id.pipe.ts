import { ParseUUIDPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** A UUID path parameter, answered 400 when it is not one, and lower-cased so every layer sees one spelling. */
export class MissionIdPipe implements PipeTransform<string, Promise<string>> {
  private readonly uuid = new ParseUUIDPipe();

  async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    return (await this.uuid.transform(value, metadata)).toLowerCase();
  }
}

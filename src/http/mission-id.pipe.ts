import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { isUuid } from '../kernel/uuid';

/**
 * A UUID path parameter, answered 400 when it is not one (ParseUUIDPipe's message), and lower-cased so
 * every layer sees one spelling. Synchronous: a status read must not pay a promise for a regular expression.
 */
export class MissionIdPipe implements PipeTransform<string, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string') throw new BadRequestException('The value passed as UUID is not a string');
    if (!isUuid(value)) throw new BadRequestException('Validation failed (uuid is expected)');
    return value.toLowerCase();
  }
}

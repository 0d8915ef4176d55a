import type { MigrationInterface } from 'typeorm';

/**
 * What a module keeps in PostgreSQL: its TypeORM entities (if it reads through TypeORM) and its migrations.
 * Each module declares its own; the composition root hands them all to the database, which knows no feature.
 */
export interface SchemaPart {
  readonly entities?: readonly (new () => object)[];
  readonly migrations: readonly (new () => MigrationInterface)[];
}

/** Entities and migrations of several parts; TypeORM orders migrations by the timestamp in their names. */
export function mergeSchema(parts: readonly SchemaPart[]): { entities: (new () => object)[]; migrations: (new () => MigrationInterface)[] } {
  return { entities: parts.flatMap((part) => part.entities ?? []), migrations: parts.flatMap((part) => part.migrations) };
}

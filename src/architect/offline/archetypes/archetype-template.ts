import type { ArchetypeKey } from '../../../catalogue/archetypes';
import type { RecordSchema } from '../../../catalogue/record-schema';
import type { AppCopy } from '../app-copy';
import type { FeatureFlags } from '../feature-plan';

export interface TemplateContext {
  flags: FeatureFlags;
  /** The page's heading (the spec's title). */
  title: string;
  copy: AppCopy;
  /** The records' fields (the RECORDS template only; null for every other). */
  schema: RecordSchema | null;
  /** The plan's features, to switch on optional sections a template builds only when asked. */
  has(label: string): boolean;
}

/**
 * One archetype's generated app: a pure logic module (src/<module>.js, tested by test/<module>.test.js),
 * the page's <main> markup and the page wiring (app.js). Shared parts (page shell, theme, the common
 * features, server, README) come from ../shell.
 */
export interface ArchetypeTemplate {
  key: ArchetypeKey;
  /** The page's heading: "Tasks". */
  title: string;
  /** File base name and project-name prefix: "tasks". */
  module: string;
  /** The logic module's global name in the page: "Tasks". */
  global: string;
  /** Optional catalogue features (by label) the app has. */
  builds: readonly string[];
  /** Those of `builds` the app has only when the plan asks (a landing page's sections); the others it always has. */
  onRequest?: readonly string[];
  /** What the app cannot do for real, said in the README (e.g. no audio files offline). */
  limitations: readonly string[];
  /** Record fields the search box looks in, and the columns export writes. */
  searchFields: readonly string[];
  exportColumns: readonly string[];
  /** The logic module's factory body, ending with its `return { ... }`. */
  logic: string;
  /** node:test cases; the module is in scope as `global`. */
  tests: string;
  body(context: TemplateContext): string;
  /** The page wiring, run inside a function with h, clear and byId in scope. */
  app(context: TemplateContext): string;
  css: string;
}

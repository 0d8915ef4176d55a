import type { Octokit as OctokitClass } from '@octokit/rest';

export type Octokit = InstanceType<typeof OctokitClass>;
export type OctokitConstructor = typeof OctokitClass;

let loaded: Promise<OctokitConstructor> | null = null;

/**
 * `@octokit/rest` is ESM-only and Gantry is CommonJS: loaded with a dynamic `import()`, which the
 * TypeScript compiler keeps as it is under `module: nodenext` (and Jest's transform turns into a require).
 */
export function loadOctokit(): Promise<OctokitConstructor> {
  loaded ??= import('@octokit/rest').then((module) => module.Octokit);
  return loaded;
}

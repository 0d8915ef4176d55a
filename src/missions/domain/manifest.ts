/**
 * What the architect produces: a project of files that builds and passes its own tests.
 * (The architect issue adds strict validation of paths, names and sizes.)
 */
export interface ManifestFile {
  /** A relative POSIX path inside the project. */
  path: string;
  content: string;
}

export interface Manifest {
  projectName: string;
  stack: string;
  files: ManifestFile[];
  /** Runs the project's own tests in the sandbox, e.g. `node --test`. */
  auditCommand: string;
  /** Starts the app, e.g. `node server.js`; the build never runs it, the deployer may. */
  runCommand: string;
}

/**
 * The embedded tier runs Node itself, never a shell: a job's command must be one of the plain `node` forms
 * the policy gate allows (`node --test`, `node --test <path>...`, `node <script>`), or `npm test` / `npm start`
 * whose package.json script is one of those. Anything else is refused before anything runs.
 */

/** A command the embedded tier cannot run (another program, a shell feature, a node option). */
export class ProcessCommandError extends Error {
  readonly code = 'PROCESS_COMMAND_REFUSED';
}

export interface NodeInvocation {
  /** Whether this is `node --test` (run in-process: the test runner may not start child processes here). */
  test: boolean;
  /** What follows `node` (and `--test`): relative paths only. */
  paths: string[];
}

const WORD = /^[A-Za-z0-9._@+/=-]+$/;
const NPM_SCRIPTS = { 'npm test': 'test', 'npm start': 'start' } as const;

/** Parses `command` (reading package.json's scripts through `readScripts` for `npm test`/`npm start`). */
export function nodeInvocation(command: string, readScripts: () => Record<string, unknown> | null): NodeInvocation {
  const script = NPM_SCRIPTS[command as keyof typeof NPM_SCRIPTS] as string | undefined;
  if (script === undefined) return parseNodeCommand(command);
  const scripts = readScripts() ?? {};
  for (const hook of [`pre${script}`, `post${script}`]) {
    if (scripts[hook] !== undefined) throw new ProcessCommandError(`"${command}" would also run the ${hook} script, which this tier does not run`);
  }
  const body = scripts[script];
  if (typeof body !== 'string') throw new ProcessCommandError(`"${command}": package.json has no ${script} script`);
  return parseNodeCommand(body);
}

function parseNodeCommand(command: string): NodeInvocation {
  const words = command.split(' ');
  if (words[0] !== 'node' || words.some((word) => !WORD.test(word))) {
    throw new ProcessCommandError(`"${command}" is not a plain node command (node --test [paths], node <script>)`);
  }
  const test = words[1] === '--test';
  const paths = words.slice(test ? 2 : 1);
  const option = paths.find((word) => word.startsWith('-'));
  if (option !== undefined) throw new ProcessCommandError(`"${command}" passes node the option ${option}, which this tier does not allow`);
  if (!test && paths.length === 0) throw new ProcessCommandError(`"${command}" names no script`);
  if (paths.some((path) => path.split('/').includes('..') || path.startsWith('/'))) {
    throw new ProcessCommandError(`"${command}" names a path outside the workspace`);
  }
  return { test, paths };
}

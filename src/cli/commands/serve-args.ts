import { ConfigError, serveRole, type GantryConfig } from '../../config/gantry-config';

export const SERVE_USAGE = [
  '  serve [--role api|worker|all]      start Gantry (default); the role also comes from GANTRY_ROLE (default all):',
  '                                       api: HTTP (REST, console, deployed apps, live streams), no pipeline worker',
  '                                       worker: the pipeline worker, no HTTP listener',
  '                                       all: both, in one process',
];

/** The config with `--role` applied (the flag wins over GANTRY_ROLE); a bad or missing value fails fast. */
export function withServeArgs(config: GantryConfig, args: readonly string[]): GantryConfig {
  let role = config.processes.role;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--role' || arg.startsWith('--role=')) {
      const value = arg === '--role' ? args[(index += 1)] : arg.slice('--role='.length);
      if (value === undefined || value.startsWith('--')) throw new ConfigError('--role', 'needs a value: api, worker or all');
      role = serveRole(value, '--role');
    } else {
      throw new ConfigError(arg, 'is not an option of gantry serve (only --role api|worker|all)');
    }
  }
  return { ...config, processes: { ...config.processes, role } };
}

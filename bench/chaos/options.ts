import { freshSeed } from './prng';

export interface ChaosOptions {
  seed: number;
  missions: number;
  kills: number;
  restartEngine: boolean;
  /** Keep the run's directory (database, logs, data) even when every invariant held. */
  keep: boolean;
  timeoutMinutes: number;
  gapSeconds: [number, number];
}

export const CHAOS_USAGE = [
  'usage: npm run chaos [-- --seed N --missions M --kills K --gap MIN,MAX --timeout-minutes T --keep --restart-engine]',
  '  --seed N             replay a run: the same mission mix and fault schedule (default: a fresh seed, printed)',
  '  --missions M         offline missions to send (default 12)',
  '  --kills K            SIGKILLs of a random worker, each restarted (default 5)',
  '  --gap MIN,MAX        seconds between two faults, drawn from the seed (default 3,10)',
  '  --timeout-minutes T  how long the missions may take to end once sent (default 20)',
  '  --keep               keep the run directory (logs, database) even when every invariant held',
  '  --restart-engine     also restart the Docker engine once during a build (the engine is shared: opt-in)',
];

function whole(name: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} needs a whole number of at least ${min} (got "${String(raw)}")`);
  return value;
}

export function parseChaosOptions(argv: string[]): ChaosOptions {
  const options: ChaosOptions = { seed: freshSeed(), missions: 12, kills: 5, restartEngine: false, keep: false, timeoutMinutes: 20, gapSeconds: [3, 10] };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    const value = () => argv[++index];
    if (flag === '--seed') options.seed = whole('--seed', value(), 0);
    else if (flag === '--missions') options.missions = whole('--missions', value(), 1);
    else if (flag === '--kills') options.kills = whole('--kills', value(), 0);
    else if (flag === '--timeout-minutes') options.timeoutMinutes = whole('--timeout-minutes', value(), 1);
    else if (flag === '--gap') {
      const [min, max] = (value() ?? '').split(',');
      options.gapSeconds = [whole('--gap MIN', min, 0), whole('--gap MAX', max, 0)];
      if (options.gapSeconds[1] < options.gapSeconds[0]) throw new Error('--gap MIN,MAX needs MIN <= MAX');
    } else if (flag === '--keep') options.keep = true;
    else if (flag === '--restart-engine') options.restartEngine = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

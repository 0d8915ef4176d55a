import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.server';
import { errorMessage } from '../../src/kernel/error-message';
import { runGantry, startGantry } from '../../test/support/gantry-process';

const ROOT = join(__dirname, '..', '..');
const BOOT_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;
/** Boots tried before a start gives up (a boot fails while PostgreSQL is down). */
const BOOT_TRIES = 10;

/** A word the chaos run's policy refuses in a project's name: how a "blocked" mission is made with the offline architect. */
export const QUARANTINE_WORD = 'quarantined';

export type NodeRole = 'api' | 'worker';

export interface ClusterPaths {
  root: string;
  postgres: string;
  data: string;
  missions: string;
  /** TMPDIR of every Gantry process: scratch directories left here are workspaces left behind. */
  scratch: string;
  logs: string;
  policy: string;
}

function makePaths(): ClusterPaths {
  const root = mkdtempSync(join(tmpdir(), 'gantry-chaos-'));
  // Reachable by the postgres user, so that the embedded cluster lives here (and goes with the directory), not under /var/lib/gantry.
  chmodSync(root, 0o755);
  const paths = {
    root,
    postgres: join(root, 'postgres'),
    data: join(root, 'data'),
    missions: join(root, 'missions'),
    scratch: join(root, 'scratch'),
    logs: join(root, 'logs'),
    policy: join(root, 'policy.yaml'),
  };
  for (const dir of [paths.data, paths.missions, paths.scratch, paths.logs]) mkdirSync(dir, { recursive: true });
  return paths;
}

/** The shipped policy plus one content rule: a package named with QUARANTINE_WORD is refused (BLOCKED at VALIDATING). */
function writeChaosPolicy(file: string): void {
  const policy = parse(readFileSync(join(ROOT, 'policy.yaml'), 'utf8')) as { content_rules: unknown[] };
  policy.content_rules.push({
    rule: 'chaos_quarantine',
    detail: `the chaos run refuses any project whose name carries "${QUARANTINE_WORD}"`,
    patterns: [`"name":\\s{0,4}"[^"\\n]{0,200}${QUARANTINE_WORD}`],
  });
  writeFileSync(file, stringify(policy));
}

/**
 * Resolves once the process says it is online: with its HTTP port (api, all), or 0 for a worker, which has
 * no listener. Rejects if it exits first or takes longer than BOOT_TIMEOUT_MS.
 */
function online(child: ReturnType<typeof startGantry>, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${name} was not online within ${BOOT_TIMEOUT_MS} ms`)), BOOT_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /online at http:\/\/localhost:(\d+)|online as a worker/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1] ? Number(match[1]) : 0);
    });
    void child.output.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? `code ${String(code)}`}) before it was online`));
    });
  });
}

/** One `gantry serve` process of the cluster; `restart()` starts a new one under the same name. */
export class GantryNode {
  private child: ReturnType<typeof startGantry> | null = null;
  port = 0;
  /** Exits nobody asked for (not a SIGKILL of ours, not a stop): a crash. */
  readonly crashes: string[] = [];
  private expectingExit = false;
  private isOnline = false;

  constructor(
    readonly name: string,
    readonly role: NodeRole,
    private readonly env: () => Record<string, string>,
    private readonly logFile: string,
    private readonly roleArgs: (role: NodeRole) => string[],
    private readonly entry: () => string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Up and said so (a process still booting is running but not online). */
  get online(): boolean {
    return this.isOnline && this.running;
  }

  /**
   * Starts the process as a supervisor would: a boot that fails (PostgreSQL restarting at that moment) is
   * retried. An exit after it was online that the run did not cause is recorded as a crash.
   */
  async start(): Promise<void> {
    for (let boot = 1; ; boot += 1) {
      try {
        await this.boot();
        return;
      } catch (error) {
        appendFileSync(this.logFile, `\n==== chaos: boot ${boot} of ${this.name} failed: ${errorMessage(error)}\n`);
        if (boot >= BOOT_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  private async boot(): Promise<void> {
    const child = startGantry(['serve', ...this.roleArgs(this.role)], this.env(), this.entry());
    this.child = child;
    this.isOnline = false;
    this.expectingExit = false;
    const log = (chunk: Buffer) => appendFileSync(this.logFile, chunk);
    child.stdout?.on('data', log);
    child.stderr?.on('data', log);
    appendFileSync(this.logFile, `\n==== chaos: started ${this.name} (pid ${String(child.pid)}) at ${new Date().toISOString()}\n`);
    try {
      this.port = await online(child, this.name);
    } catch (error) {
      if (this.running) await this.kill();
      throw error;
    }
    this.isOnline = true;
    void child.output.then(({ code, signal }) => {
      if (this.expectingExit || this.child !== child) return;
      this.crashes.push(`${this.name} (pid ${String(child.pid)}) exited by itself: ${signal ?? `code ${String(code)}`}`);
      // As a supervisor would: the crash is recorded (an invariant breaks), and the run goes on.
      appendFileSync(this.logFile, `\n==== chaos: ${this.name} exited by itself; starting it again\n`);
      this.start().catch((error: unknown) => this.crashes.push(`${this.name} could not be started again: ${errorMessage(error)}`));
    });
  }

  /** SIGKILL: no shutdown hook runs, leases and locks are left as a crash leaves them. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    this.isOnline = false;
    child.kill('SIGKILL');
    await child.output;
  }

  /** SIGTERM, as an operator stops it; SIGKILL if it does not stop in time. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    this.isOnline = false;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await child.output;
    clearTimeout(timer);
  }
}

export interface ClusterOptions {
  workers: number;
  /** Whether `gantry serve --role` exists: then one api and N workers, else N+1 processes in the default role. */
  roles: boolean;
  password: string;
}

/** PostgreSQL on a fixed port (so a restart keeps the URL), and the Gantry processes around it. */
export class ChaosCluster {
  readonly paths = makePaths();
  private postgres: EmbeddedPostgresServer | null = null;
  private port = 0;
  databaseUrl = '';
  /** The compiled CLI every process runs (bench/gantry-build.ts); set before the processes start. */
  entry = '';
  readonly api: GantryNode;
  readonly workers: GantryNode[];

  constructor(private readonly options: ClusterOptions) {
    writeChaosPolicy(this.paths.policy);
    const roleArgs = (role: NodeRole) => (options.roles ? ['--role', role] : []);
    const node = (name: string, role: NodeRole) =>
      new GantryNode(
        name,
        role,
        () => this.gantryEnv(),
        join(this.paths.logs, `${name}.log`),
        roleArgs,
        () => this.entry,
      );
    this.api = node('api', 'api');
    this.workers = Array.from({ length: options.workers }, (_, index) => node(`worker-${index + 1}`, 'worker'));
  }

  get nodes(): GantryNode[] {
    return [this.api, ...this.workers];
  }

  /** What every Gantry process is given: one database, one data directory, docker builds, short leases. */
  gantryEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      PORT: '0',
      GANTRY_PUBLIC_URL: 'http://localhost:5999',
      GANTRY_DATA_DIR: this.paths.data,
      GANTRY_MISSIONS_DIR: this.paths.missions,
      GANTRY_POLICY_FILE: this.paths.policy,
      GANTRY_PASSWORD: this.options.password,
      GANTRY_SANDBOX: 'docker',
      GANTRY_DOCKER_RUNTIME: 'runc',
      GANTRY_PIPELINE_LEASE_MS: '6000',
      GANTRY_RATE_LIMIT_PER_MINUTE: '1000000',
      TMPDIR: this.paths.scratch,
    };
  }

  async startPostgres(): Promise<void> {
    const log = (line: string) => appendFileSync(join(this.paths.logs, 'postgres.log'), `${line}\n`);
    this.postgres = new EmbeddedPostgresServer({ dataDir: this.paths.postgres, log, ...(this.port ? { port: this.port } : {}) });
    this.databaseUrl = await this.postgres.start();
    this.port = Number(new URL(this.databaseUrl).port);
  }

  async stopPostgres(): Promise<void> {
    await this.postgres?.stop();
    this.postgres = null;
  }

  /** A fast shutdown of PostgreSQL (every connection cut), a pause, and a start on the same port and data. */
  async restartPostgres(downMs: number): Promise<void> {
    await this.stopPostgres();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startPostgres();
  }

  /** The API first (it migrates the schema and makes the admin), then the workers side by side. */
  async startGantry(): Promise<void> {
    await this.api.start();
    await Promise.all(this.workers.map((worker) => worker.start()));
  }

  async stopGantry(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
  }

  /** Runs a `gantry` CLI command against the cluster's database and data directory. */
  async cli(args: string[]): Promise<{ ok: boolean; text: string }> {
    const { DATABASE_URL, GANTRY_DATA_DIR, GANTRY_MISSIONS_DIR, GANTRY_PUBLIC_URL } = this.gantryEnv();
    const result = await runGantry(args, { DATABASE_URL, GANTRY_DATA_DIR, GANTRY_MISSIONS_DIR, GANTRY_PUBLIC_URL }, this.entry);
    return { ok: result.code === 0, text: `${result.stdout}${result.stderr}`.trim() };
  }

  crashes(): string[] {
    return this.nodes.flatMap((node) => node.crashes);
  }
}

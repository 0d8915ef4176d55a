import { errorMessage } from '../../kernel/error-message';
import type { Duty } from '../ports/duty.port';

export interface DutyLoopOptions {
  /** The work runs this often in the holder (and at once when it takes the duty). */
  intervalMs: number;
  /** A standby tries to take the duty this often. */
  retryMs: number;
  log: (line: string) => void;
}

/** Periodic work (a reaper) that runs in the one process holding its duty; the others stand by. */
export class DutyLoop {
  private timer: NodeJS.Timeout | null = null;
  private lastRun = 0;
  private running: Promise<boolean> | null = null;
  private stopped = true;

  constructor(
    private readonly duty: Duty,
    private readonly work: () => Promise<void>,
    private readonly options: DutyLoopOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * Stops, then runs the work once more if this process holds the duty, however recently it last ran: the
   * holder's last look as it shuts down (no standby takes over when every process stops together).
   */
  async stopAfterLastTurn(): Promise<boolean> {
    await this.stop();
    if (!this.duty.held) return false;
    await this.runWork();
    return true;
  }

  /** One turn now: runs the work if this process holds (or takes) the duty and it is due; true when it ran. */
  tick(): Promise<boolean> {
    this.running ??= this.turn().finally(() => (this.running = null));
    return this.running;
  }

  private async turn(): Promise<boolean> {
    const wasHeld = this.duty.held;
    if (!(await this.duty.hold())) return false;
    if (wasHeld && Date.now() - this.lastRun < this.options.intervalMs) return false;
    this.lastRun = Date.now();
    await this.runWork();
    return true;
  }

  /** The work, its failure logged rather than thrown: the next turn tries again. */
  private runWork(): Promise<void> {
    return this.work().catch((error: unknown) => this.options.log(`${this.duty.name}: ${errorMessage(error)}`));
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule()), this.options.retryMs);
    this.timer.unref();
  }
}

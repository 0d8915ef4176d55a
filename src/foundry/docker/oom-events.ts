import type Docker from 'dockerode';

/**
 * The engine's `oom` events for one container, watched from before its start. Docker's State.OOMKilled is set
 * only when the engine handles the OOM before the exit; under gVisor the kernel's OOM killer takes the Sentry
 * (the whole sandbox), and the engine often hears of the exit first (events `die`, then `oom`; about one run
 * in thirty here), so State.OOMKilled stays false. The event itself still comes: this watch hears it.
 */
export interface OomEventWatch {
  /** Whether an `oom` event came, waiting up to `graceMs` for one still on its way. */
  sawOom(graceMs: number): Promise<boolean>;
  close(): void;
}

/** After a SIGKILL that Gantry did not send, how long the engine gets to deliver the `oom` event behind the `die`. */
export const OOM_EVENT_GRACE_MS = 3_000;

export async function watchOomEvents(docker: Pick<Docker, 'getEvents'>, containerId: string): Promise<OomEventWatch> {
  const stream = await docker.getEvents({ filters: { type: ['container'], event: ['oom'], container: [containerId] } });
  let seen = false;
  let heard: (() => void) | null = null;
  stream.on('data', (chunk: Buffer) => {
    if (!chunk.toString().includes('"oom"')) return;
    seen = true;
    heard?.();
  });
  stream.on('error', () => undefined);
  return {
    async sawOom(graceMs) {
      if (seen || graceMs <= 0) return seen;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        heard = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
      heard = null;
      return seen;
    },
    close() {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    },
  };
}

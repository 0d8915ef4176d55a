import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { containerSpec, runscHostTasks } from './container-spec';
import { killedUnasked } from './container-run';
import { watchOomEvents } from './oom-events';

function engine(): { docker: Pick<Docker, 'getEvents'>; events: PassThrough; filters: unknown[] } {
  const events = new PassThrough();
  const filters: unknown[] = [];
  const docker = {
    getEvents: (options: { filters?: unknown }) => {
      filters.push(options.filters);
      return Promise.resolve(events);
    },
  } as unknown as Pick<Docker, 'getEvents'>;
  return { docker, events, filters };
}

const OOM_EVENT = JSON.stringify({ status: 'oom', id: 'c1', Type: 'container', Action: 'oom' }) + '\n';

describe('watchOomEvents', () => {
  it("asks only for the container's oom events", async () => {
    const { docker, filters } = engine();
    (await watchOomEvents(docker, 'c1')).close();
    expect(filters).toEqual([{ type: ['container'], event: ['oom'], container: ['c1'] }]);
  });

  it('hears an oom event that came before the question, without waiting', async () => {
    const { docker, events } = engine();
    const watch = await watchOomEvents(docker, 'c1');
    events.write(OOM_EVENT);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await watch.sawOom(0)).toBe(true);
    watch.close();
  });

  it('waits for an oom event still on its way behind the exit, and no longer than the grace', async () => {
    const { docker, events } = engine();
    const watch = await watchOomEvents(docker, 'c1');
    setTimeout(() => events.write(OOM_EVENT), 50);
    expect(await watch.sawOom(10_000)).toBe(true);
    const quiet = await watchOomEvents(engine().docker, 'c2');
    expect(await quiet.sawOom(30)).toBe(false);
    expect(await quiet.sawOom(0)).toBe(false);
    watch.close();
    quiet.close();
  });

  it('waits only after a SIGKILL that the deadline did not send', () => {
    expect(killedUnasked({ statusCode: 137, timedOut: false, durationMs: 1 })).toBe(true);
    expect(killedUnasked({ statusCode: null, timedOut: true, durationMs: 1 })).toBe(false);
    expect(killedUnasked({ statusCode: 1, timedOut: false, durationMs: 1 })).toBe(false);
  });
});

describe('the task limit per runtime', () => {
  const job = { missionId: 'm', attempt: 1, files: [], command: 'true', timeoutMs: 1000 };
  const limits = { memoryBytes: 1 << 29, milliCpus: 1000, pids: 64 };

  it('is the pids cgroup under runc, with no RLIMIT_NPROC (it would count every host process of uid 1000)', () => {
    const spec = containerSpec('image', limits, job, {}, { runtime: 'runc', diskBytes: 1 << 28 });
    expect(spec.HostConfig).toMatchObject({ PidsLimit: 64 });
    expect(spec.HostConfig?.Ulimits).toBeUndefined();
  });

  it("is gVisor's own RLIMIT_NPROC under runsc, the host cgroup a ceiling above the Sentry's tasks", () => {
    const spec = containerSpec('image', limits, job, {}, { runtime: 'runsc', diskBytes: 1 << 28 });
    expect(spec.HostConfig).toMatchObject({ PidsLimit: runscHostTasks(64), Ulimits: [{ Name: 'nproc', Soft: 64, Hard: 64 }] });
    // Measured here: 64 guest tasks took the Sentry up to 2,334 host tasks, 256 up to 4,598.
    expect(runscHostTasks(64)).toBeGreaterThan(2_334);
    expect(runscHostTasks(256)).toBeGreaterThan(4_598);
  });
});

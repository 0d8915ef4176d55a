import { mkdtempSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventsBody, MissionRefBody } from '../support/bodies';
import { finishedBuilds, runScriptedMission } from '../support/foundry-run';
import { match, required } from '../support/expectations';
import { waitForStatus } from '../support/http-helpers';
import { nodeProject } from '../support/scripted-architect';
import { createTestApp } from '../support/test-app';

const MiB = 1024 * 1024;
const hostFreeBytes = (): number => {
  const stats = statfsSync(tmpdir());
  return stats.bavail * stats.bsize;
};

/** Whole missions on this machine's engine, which has gVisor registered: `auto` picks it. */
describe('Sandbox hardening, end to end', () => {
  it('takes a normal offline mission to DEPLOYED under gVisor, and the status names the tier', async () => {
    const missionsDir = mkdtempSync(join(tmpdir(), 'gantry-gvisor-'));
    const app = await createTestApp({ config: { missionsDir } });
    try {
      const response = await app.http.post('/gantry/architect').send({ voice_memo: 'A tip calculator that splits the bill' }).expect(202);
      const id = (response.body as MissionRefBody).mission_id;
      const final = await waitForStatus(app.http, id, ['DEPLOYED', 'PR_OPENED', 'SUCCESS', 'FAILED', 'BLOCKED', 'TIMEOUT'], 1200);
      expect(final).toMatchObject({ status: 'DEPLOYED', sandbox_tier: 'gvisor' });
      const events = ((await app.http.get(`/gantry/missions/${id}/events`).expect(200)).body as EventsBody).events;
      const started = events.filter((event) => event.type === 'BuildAttemptStarted').map((event) => event.data);
      expect(started).toEqual([match.objectContaining({ driver: 'docker', tier: 'gvisor' })]);
    } finally {
      await app.close();
      await app.db.drop();
    }
  });

  it('ends a disk-filling build FAILED, unhealed, with "disk limit" in its failure, and the host disk untouched', async () => {
    const filler = [
      "const test = require('node:test');",
      "const fs = require('node:fs');",
      "test('fills the disk', () => { const mb = Buffer.alloc(1024 * 1024, 1); for (let i = 0; i < 2048; i++) fs.appendFileSync('fill.bin', mb); });",
      '',
    ].join('\n');
    const before = hostFreeBytes();
    const run = await runScriptedMission(() => nodeProject('filler', { 'fill.test.js': filler }));
    expect(before - hostFreeBytes()).toBeLessThan(256 * MiB);
    expect(run.final).toMatchObject({ status: 'FAILED', attempts: 1, failure: { stage: 'BUILDING', reason: match.stringContaining('disk limit') } });
    expect(run.types).not.toContain('HealRequested');
    expect(finishedBuilds(run.events)).toEqual([match.objectContaining({ passed: false, diskLimitHit: true, timedOut: false })]);
    const failed = required(
      run.events.find((event) => event.type === 'MissionFailed'),
      'a MissionFailed event',
    ).data;
    expect(failed).toMatchObject({ failure: { diskLimitHit: true, command: 'node --test', output: match.stringContaining('ENOSPC') } });
  });

  it('ends a disk-filling build FAILED with "disk limit" under the embedded tier too: its measured workspace stops the run', async () => {
    // Many files, each within RLIMIT_FSIZE: only the workspace measure can stop this one.
    const filler = [
      "const test = require('node:test');",
      "const fs = require('node:fs');",
      "test('fills the disk', () => { const chunk = Buffer.alloc(32 * 1024 * 1024, 1); for (let i = 0; i < 64; i++) fs.writeFileSync('fill' + i + '.bin', chunk); });",
      '',
    ].join('\n');
    const before = hostFreeBytes();
    const run = await runScriptedMission(() => nodeProject('filler', { 'fill.test.js': filler }), {
      sandbox: 'process',
      bwrapPath: '/nonexistent/gantry-test/bwrap',
    });
    expect(before - hostFreeBytes()).toBeLessThan(256 * MiB);
    expect(run.final).toMatchObject({ status: 'FAILED', attempts: 1, failure: { stage: 'BUILDING', reason: match.stringContaining('disk limit') } });
    expect(run.types).not.toContain('HealRequested');
    expect(run.events.filter((event) => event.type === 'BuildAttemptStarted').map((event) => event.data)).toEqual([
      match.objectContaining({ tier: 'process' }),
    ]);
    expect(finishedBuilds(run.events)).toEqual([match.objectContaining({ passed: false, diskLimitHit: true, timedOut: false, oomKilled: false })]);
    const failed = required(
      run.events.find((event) => event.type === 'MissionFailed'),
      'a MissionFailed event',
    ).data;
    expect(failed).toMatchObject({ failure: { diskLimitHit: true, output: match.stringMatching(/past its 256\.0 MB disk limit/) } });
  });
});

import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../../src/kernel/black-box/canonical-json';
import type { RecordedEvent } from '../../src/missions/ports/event-store.port';
import { unlabelledSandboxes } from '../../bench/chaos/docker-faults';
import { missionsEndedAsTheirKind } from '../../bench/chaos/kind-invariants';
import type { MissionKind, SentMission } from '../../bench/chaos/workload';
import { newEvent } from '../support/events';

type Step = [string, JsonObject];

const opened = (mode: string): Step[] => [['MissionOpened', { mode, prompt: 'a notes app' }]];
const CONSULTED: Step[] = [
  ['UserMessageReceived', { text: 'Build me a notes app' }],
  ['ConsultantReplied', { status: 'NEEDS_CONFIRMATION' }],
  ['UserMessageReceived', { text: 'ship it' }],
];
const CONFIRMED: Step[] = [['BuildConfirmed', { buildPrompt: 'a notes app' }]];
const attempt = (n: number, passed: boolean, abandoned = false): Step[] => [
  ['BlueprintDrafted', { attempt: n }],
  ['PolicyVerdictRendered', { attempt: n, allowed: true, violations: [] }],
  ['BuildAttemptStarted', { attempt: n }],
  ['BuildAttemptFinished', { attempt: n, passed, abandoned, exitCode: passed ? 0 : 137 }],
];
const healed = (n: number): Step[] => [['HealRequested', { attempt: n, failure: {} }]];
const ended = (status: string): Step[] => [[status === 'DEPLOYED' ? 'MissionSucceeded' : 'MissionFailed', { status }]];
const REFUSED: Step[] = [
  ['BlueprintDrafted', { attempt: 1 }],
  ['PolicyVerdictRendered', { attempt: 1, allowed: false, violations: [{ rule: 'chaos_quarantine', file: 'package.json', line: 2 }] }],
];

function recorded(id: string, steps: Step[]): RecordedEvent[] {
  return steps.map(([type, data], revision) => {
    const { metadata } = newEvent(type, data);
    return { stream: `mission-${id}`, revision, type, data, metadata, position: '', hash: '', prevHash: '', canonical: '' };
  });
}

/** Each mission of the mix with its events; returns the run's per-kind verdicts. */
function check(missions: Array<[MissionKind, Step[]]>) {
  const sent: SentMission[] = missions.map(([kind], index) => ({ index, kind, prompt: 'a notes app', id: randomUUID() }));
  const streams = new Map(sent.map((mission, index) => [`mission-${mission.id}`, recorded(mission.id, missions[index][1])]));
  const verdicts = missionsEndedAsTheirKind(sent, streams);
  return { sent, verdict: (name: RegExp) => verdicts.find((found) => name.test(found.name)) ?? { name: 'missing', held: false, details: [] } };
}

const GOOD: Array<[MissionKind, Step[]]> = [
  ['direct', [...opened('direct'), ...CONFIRMED, ...attempt(1, true), ...ended('DEPLOYED')]],
  ['consultation', [...opened('consultation'), ...CONSULTED, ...CONFIRMED, ...attempt(1, true), ...ended('DEPLOYED')]],
  ['heal', [...opened('direct'), ...CONFIRMED, ...attempt(1, false), ...healed(2), ...attempt(2, true), ...ended('DEPLOYED')]],
  ['blocked', [...opened('direct'), ...CONFIRMED, ...REFUSED, ...ended('BLOCKED')]],
];

describe('The chaos run: each kind of mission ended as its kind should', () => {
  it('holds for a mix that did, naming every mission and what it went through', () => {
    const { sent, verdict } = check(GOOD);
    for (const name of [/^direct/, /^consultations/, /^healing/, /^blocked/]) expect(verdict(name).held).toBe(true);
    expect(verdict(/^healing/).details).toEqual([`${sent[2].id}: attempt 1 (exit 137) failed, healed, DEPLOYED on attempt 2`]);
    expect(verdict(/^blocked/).details).toEqual([`${sent[3].id}: BLOCKED by chaos_quarantine, never built`]);
  });

  it.each<[string, RegExp, MissionKind, Step[], RegExp]>([
    ['a blocked mission that deployed', /^blocked/, 'blocked', GOOD[0][1], /ended DEPLOYED, not BLOCKED/],
    ['a blocked mission that failed its build', /^blocked/, 'blocked', [...opened('direct'), ...attempt(1, false), ...ended('FAILED')], /not BLOCKED/],
    [
      'a blocked mission built before its block',
      /^blocked/,
      'blocked',
      [...opened('direct'), ...attempt(1, true), ...REFUSED, ...ended('BLOCKED')],
      /a build ran/,
    ],
    ['a heal mission that passed at once', /^healing/, 'heal', GOOD[0][1], /no build failed/],
    [
      'a heal mission whose only failure was a restart',
      /^healing/,
      'heal',
      [...opened('direct'), ...attempt(1, false, true), ...attempt(1, true), ...ended('DEPLOYED')],
      /no build failed/,
    ],
    [
      'a heal mission that gave up',
      /^healing/,
      'heal',
      [...opened('direct'), ...attempt(1, false), ...healed(2), ...attempt(2, false), ...ended('FAILED')],
      /ended FAILED/,
    ],
    ['a consultation opened as a direct build', /^consultations/, 'consultation', GOOD[0][1], /not consultation/],
    [
      'a consultation the consultant never answered',
      /^consultations/,
      'consultation',
      [...opened('consultation'), ...CONFIRMED, ...attempt(1, true), ...ended('DEPLOYED')],
      /never answered/,
    ],
    ['a direct build that was blocked', /^direct/, 'direct', GOOD[3][1], /ended BLOCKED, not DEPLOYED/],
    ['a mission with no events', /^direct/, 'direct', [], /no events/],
  ])('is broken by %s, naming the mission', (_case, name, kind, steps, problem) => {
    const { sent, verdict } = check([...GOOD, [kind, steps]]);
    const result = verdict(name);
    expect(result.held).toBe(false);
    expect(result.details).toEqual([expect.stringMatching(problem)]);
    expect(result.details[0].startsWith(`${sent[4].id}: `)).toBe(true);
  });

  it('says when the plan had no mission of a kind instead of holding silently', () => {
    const { verdict } = check([GOOD[0]]);
    expect(verdict(/^healing/)).toMatchObject({ held: true, details: ["no heal mission in this run's plan"] });
  });
});

describe("The chaos run: every sandbox carried its installation's label", () => {
  it('names each container labelled otherwise or not at all, and says when nothing can be checked', () => {
    const seen = new Map<string, string | undefined>([
      ['a'.repeat(64), 'installation-1'],
      ['b'.repeat(64), 'installation-2'],
      ['c'.repeat(64), undefined],
    ]);
    expect(unlabelledSandboxes(seen, 'installation-1')).toEqual([
      `container ${'b'.repeat(12)} labelled installation-2`,
      `container ${'c'.repeat(12)} labelled with no installation`,
    ]);
    expect(unlabelledSandboxes(new Map([['a'.repeat(64), 'installation-1']]), 'installation-1')).toEqual([]);
    expect(unlabelledSandboxes(new Map(), 'installation-1')).toEqual(['no sandbox of this run was seen starting']);
    expect(unlabelledSandboxes(seen, null)).toEqual(['the database holds no installation id']);
  });
});

import type { RecordedEvent } from '../../src/missions/ports/event-store.port';
import { attemptOf, finalStatusOf, isAbandoned, verdict, type Verdict } from './invariants';
import type { MissionKind, SentMission } from './workload';

/** What each kind of mission must have gone through, as its events tell it. */
interface KindRule {
  kind: MissionKind;
  name: string;
  /** Why this mission did not end as its kind should, or null when it did. */
  problem(events: RecordedEvent[]): string | null;
  /** What it went through, for the report when it held. */
  note(events: RecordedEvent[]): string;
}

const ofType = (events: RecordedEvent[], type: string): RecordedEvent[] => events.filter((event) => event.type === type);

/** The attempt whose build passed (the last one), or 0. */
function greenAttempt(events: RecordedEvent[]): number {
  return Math.max(
    0,
    ...ofType(events, 'BuildAttemptFinished')
      .filter((event) => event.data.passed === true)
      .map((event) => attemptOf(event) ?? 0),
  );
}

/** Builds that ran and failed (not the ones cut off by a restart, which are run again as the same attempt). */
function failedBuilds(events: RecordedEvent[]): RecordedEvent[] {
  return ofType(events, 'BuildAttemptFinished').filter((event) => event.data.passed === false && !isAbandoned(event));
}

function refusedRules(events: RecordedEvent[]): string[] {
  const refusals = ofType(events, 'PolicyVerdictRendered').filter((event) => event.data.allowed === false);
  const violations = refusals.flatMap((event) => (Array.isArray(event.data.violations) ? event.data.violations : []));
  return [...new Set(violations.map((violation) => String((violation as { rule?: unknown }).rule)))];
}

const deployed = (events: RecordedEvent[]): string | null => {
  const status = finalStatusOf(events);
  return status === 'DEPLOYED' ? null : `ended ${status ?? 'without a final status'}, not DEPLOYED`;
};

export const KIND_RULES: readonly KindRule[] = [
  {
    kind: 'direct',
    name: 'direct builds deployed',
    problem: (events) => {
      const mode = ofType(events, 'MissionOpened')[0]?.data.mode;
      return mode === 'direct' ? deployed(events) : `opened in mode ${JSON.stringify(mode)}, not direct`;
    },
    note: (events) => `DEPLOYED on attempt ${greenAttempt(events)}`,
  },
  {
    kind: 'consultation',
    name: 'consultations went through consultation',
    problem: (events) => {
      const mode = ofType(events, 'MissionOpened')[0]?.data.mode;
      if (mode !== 'consultation') return `opened in mode ${JSON.stringify(mode)}, not consultation`;
      const firstReply = events.findIndex((event) => event.type === 'ConsultantReplied');
      const confirmed = events.findIndex((event) => event.type === 'BuildConfirmed');
      if (firstReply < 0) return 'no ConsultantReplied: the consultant never answered';
      if (confirmed < firstReply) return 'no BuildConfirmed after the consultant answered';
      return deployed(events);
    },
    note: (events) => `${ofType(events, 'ConsultantReplied').length} consultant replies, confirmed, DEPLOYED`,
  },
  {
    kind: 'heal',
    name: 'healing missions deployed after more than one attempt',
    problem: (events) => {
      if (failedBuilds(events).length === 0) return 'no build failed: nothing was healed';
      if (ofType(events, 'HealRequested').length === 0) return 'a build failed but no HealRequested was recorded';
      const notDeployed = deployed(events);
      if (notDeployed) return notDeployed;
      const green = greenAttempt(events);
      return green > 1 ? null : `deployed on attempt ${green}, not after a heal`;
    },
    note: (events) => {
      const failed = failedBuilds(events).map((event) => `${attemptOf(event) ?? 0} (exit ${JSON.stringify(event.data.exitCode)})`);
      return `attempt ${failed.join(', ')} failed, healed, DEPLOYED on attempt ${greenAttempt(events)}`;
    },
  },
  {
    kind: 'blocked',
    name: 'blocked missions ended BLOCKED by the policy gate',
    problem: (events) => {
      const status = finalStatusOf(events);
      if (status !== 'BLOCKED') return `ended ${status ?? 'without a final status'}, not BLOCKED`;
      if (refusedRules(events).length === 0) return 'BLOCKED without a refusing PolicyVerdictRendered';
      return ofType(events, 'BuildAttemptStarted').length > 0 ? 'a build ran although the policy gate refused the code' : null;
    },
    note: (events) => `BLOCKED by ${refusedRules(events).join(', ')}, never built`,
  },
];

/**
 * One verdict per kind of the run's mix: each mission of that kind, by id, ended as its kind should. A kind
 * the plan did not include is said, not counted as held silently.
 */
export function missionsEndedAsTheirKind(sent: readonly SentMission[], streams: Map<string, RecordedEvent[]>): Verdict[] {
  return KIND_RULES.map((rule) => {
    const missions = sent.filter((mission) => mission.kind === rule.kind);
    const problems: string[] = [];
    const notes: string[] = [];
    for (const mission of missions) {
      const events = streams.get(`mission-${mission.id}`) ?? [];
      const problem = events.length === 0 ? 'no events in the database' : rule.problem(events);
      if (problem) problems.push(`${mission.id}: ${problem}`);
      else notes.push(`${mission.id}: ${rule.note(events)}`);
    }
    return verdict(rule.name, problems, missions.length > 0 ? notes : [`no ${rule.kind} mission in this run's plan`]);
  });
}

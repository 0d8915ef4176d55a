import type { StreamHead } from '../../ports/event-store.port';
import type { Mission } from '../../domain/mission.state';
import type { PassingAttempt } from './green-release';

function planSection(mission: Mission): string[] {
  const plan = mission.approvedPlan;
  if (!plan) return ['## Plan', '', mission.prompt];
  const features = plan.features.length ? plan.features.map((feature) => `- ${feature}`) : ['- (no features listed)'];
  return ['## Plan', '', plan.buildPrompt, '', `Stack: ${plan.stack}${plan.designTarget ? ` · design: ${plan.designTarget}` : ''}`, '', ...features];
}

function filesSection(passing: PassingAttempt): string[] {
  const rows = [...passing.blueprint.files]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((file) => `| \`${file.path}\` | ${file.bytes} | \`${file.sha256}\` |`);
  return [`## Files (attempt ${passing.attempt})`, '', '| path | bytes | sha256 |', '|---|---|---|', ...rows];
}

function testSection(passing: PassingAttempt): string[] {
  const { build, blueprint } = passing;
  return [
    '## Tests',
    '',
    `\`${blueprint.manifest.auditCommand}\` passed on attempt ${build.attempt}: exit code ${String(build.exitCode)}, ${build.durationMs} ms, log sha256 \`${build.logSha256}\`.`,
  ];
}

function liveSection(mission: Mission): string[] {
  if (mission.url) return ['## Live', '', mission.url];
  return ['## Live', '', mission.deploy ? 'Not deployed: see the mission timeline.' : 'Not deployed (not asked for).'];
}

const MAX_DIFF_CHARS = 60_000;

/** A fence longer than any run of backticks in the text, so the diff cannot close it early. */
function fenced(text: string, language: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, text.replace(/\n$/, ''), fence];
}

/** A version's changes against the version it was made on (the pull request's base branch). */
function changesSection(mission: Mission, diff: string | null): string[] {
  const link = mission.project;
  if (!link || diff === null) return [];
  const shown = diff.length > MAX_DIFF_CHARS ? `${diff.slice(0, MAX_DIFF_CHARS)}\n… (cut: the whole diff is at /gantry/missions/${mission.id}/diff)` : diff;
  return [
    `## Changes since version ${link.parentVersion}`,
    '',
    `Version ${link.version} of project \`${link.projectId}\`, made on mission \`${link.parentMissionId}\` at Black Box head \`${link.parentHeadHash}\`.`,
    '',
    ...(diff ? fenced(shown, 'diff') : ['No file changed.']),
    '',
  ];
}

/** The pull request's description: plan, a version's changes, files, test result, live URL and the Black Box head it was written at. */
export function pullRequestDescription(mission: Mission, passing: PassingAttempt, head: StreamHead | null, diff: string | null = null): string {
  const blackBox = head
    ? `Head hash \`${head.headHash}\` at revision ${head.lastRevision} of \`${head.stream}\`. Check it with \`gantry audit verify ${mission.id}\`.`
    : 'The mission stream has no head on record.';
  return [
    `Built by Gantry for mission \`${mission.id}\`. Review before merging: nothing lands on the default branch without you.`,
    '',
    ...planSection(mission),
    '',
    ...changesSection(mission, diff),
    ...filesSection(passing),
    '',
    ...testSection(passing),
    '',
    ...liveSection(mission),
    '',
    '## Black Box',
    '',
    blackBox,
    '',
  ].join('\n');
}

export function pullRequestTitle(passing: PassingAttempt): string {
  return `Gantry: ${passing.blueprint.manifest.projectName}`;
}

export function commitMessage(mission: Mission, passing: PassingAttempt, trailers: string): string {
  const summary = mission.approvedPlan?.buildPrompt ?? mission.prompt;
  return `${pullRequestTitle(passing)} (attempt ${passing.attempt}, tests passed)\n\n${summary.slice(0, 2000)}\n\n${trailers}\n`;
}

import type { StreamHead } from '../../ports/event-store.port';
import type { Mission } from '../../domain/mission.state';
import type { PassingAttempt } from './green-release';
import { commitQuote, markdownCode, markdownInline, markdownQuote, withoutReferences } from '../../../kernel/text/markdown-literal';

// What the user asked for and what a model wrote go in through these functions only: quoted or escaped, they
// cannot add sections, images, links, HTML or mentions, nor close an issue.

function planSection(mission: Mission): string[] {
  const plan = mission.approvedPlan;
  if (!plan) return ['## Plan', '', markdownQuote(mission.prompt)];
  const features = plan.features.length ? plan.features.map((feature) => `- ${markdownInline(feature)}`) : ['- (no features listed)'];
  const design = plan.designTarget ? ` · design: ${markdownInline(plan.designTarget)}` : '';
  return ['## Plan', '', markdownQuote(plan.buildPrompt), '', `Stack: ${markdownInline(plan.stack)}${design}`, '', ...features];
}

function filesSection(passing: PassingAttempt): string[] {
  const rows = [...passing.blueprint.files]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((file) => `| ${markdownCode(file.path).replace(/\|/g, '\\|')} | ${file.bytes} | \`${file.sha256}\` |`);
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
    diff ? markdownQuote(shown, 'diff') : 'No file changed.',
    '',
  ];
}

/** Where the mission sits in the signed transparency log when the description is written. */
export interface LoggedRange {
  firstLeaf: number;
  lastLeaf: number;
  checkpoint: { origin: string; size: number; root: string };
}

function logLine(mission: Mission, logged: LoggedRange | null): string {
  if (!logged) return "The transparency log had not signed this mission's events yet when this was written.";
  const { firstLeaf, lastLeaf, checkpoint } = logged;
  return (
    `Logged at leaves ${firstLeaf}–${lastLeaf} of the transparency log \`${checkpoint.origin}\`, under the signed checkpoint of size ` +
    `${checkpoint.size} with root \`${checkpoint.root}\`. Export the bundle with \`gantry audit export ${mission.id}\` and check it offline.`
  );
}

/** The pull request's description: plan, a version's changes, files, test result, live URL, the Black Box head and the log checkpoint it was written at. */
export function pullRequestDescription(
  mission: Mission,
  passing: PassingAttempt,
  head: StreamHead | null,
  logged: LoggedRange | null = null,
  diff: string | null = null,
): string {
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
    logLine(mission, logged),
    '',
  ].join('\n');
}

export function pullRequestTitle(passing: PassingAttempt): string {
  return `Gantry: ${withoutReferences(passing.blueprint.manifest.projectName.replace(/\s+/g, ' '))}`;
}

export function commitMessage(mission: Mission, passing: PassingAttempt, trailers: string): string {
  const summary = mission.approvedPlan?.buildPrompt ?? mission.prompt;
  return `${pullRequestTitle(passing)} (attempt ${passing.attempt}, tests passed)\n\n${commitQuote(summary.slice(0, 2000))}\n\n${trailers}\n`;
}

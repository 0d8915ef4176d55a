/**
 * `npx ts-node --transpile-only bench/version-diff.bench.ts`: how long a version's unified diff takes, p50/p95
 * over BENCH_RUNS (50) runs: the offline notes app's version 2 ("add dark mode and a search box") against
 * version 1, and a large project (300 files of 200 lines, one line in ten changed) against its previous version.
 */
import { performance } from 'node:perf_hooks';
import { OfflineArchitect } from '../src/architect/offline/offline-architect';
import { replyTo } from '../src/consultation/offline/offline-consultant';
import type { ManifestFile } from '../src/missions/domain/manifest';
import { diffTrees } from '../src/missions/application/projects/unified-diff';
import { ms, section, table } from './report';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);

async function notesVersions(): Promise<[ManifestFile[], ManifestFile[]]> {
  const prompt = 'A notes app';
  const change = 'add dark mode and a search box';
  const first = replyTo({ conversation: [{ role: 'user', content: prompt }], currentPlan: null }).plan;
  if (!first) throw new Error('no plan for the notes app');
  const second = replyTo({
    conversation: [
      { role: 'user', content: prompt },
      { role: 'user', content: change },
    ],
    currentPlan: first,
  }).plan;
  if (!second) throw new Error('no revised plan');
  const architect = new OfflineArchitect();
  const draft = async (plan: typeof first, buildPrompt: string) => {
    const outcome = await architect.draft({ missionId: 'bench', attempt: 1, plan: { ...plan, buildPrompt }, designImage: null });
    if (outcome.kind !== 'manifest') throw new Error('the offline architect did not answer with a manifest');
    return outcome.manifest.files;
  };
  return [await draft(first, prompt), await draft(second, `${prompt}\n${change}`)];
}

function largeVersions(): [ManifestFile[], ManifestFile[]] {
  const lines = (file: number, edited: boolean) =>
    Array.from({ length: 200 }, (_, line) => `const value${line} = ${file * 1000 + line}${edited && line % 10 === 0 ? ' + 1' : ''};`).join('\n');
  const before = Array.from({ length: 300 }, (_, file) => ({ path: `src/module-${file}.js`, content: lines(file, false) }));
  const after = before.map((file, index) => ({ path: file.path, content: lines(index, true) }));
  return [before, after];
}

function time([before, after]: [ManifestFile[], ManifestFile[]]): { samples: number[]; bytes: number; files: number } {
  const samples: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    bytes = diffTrees(before, after).text.length;
    samples.push(performance.now() - start);
  }
  return { samples: samples.sort((a, b) => a - b), bytes, files: after.length };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const cases: Array<[string, [ManifestFile[], ManifestFile[]]]> = [
    ['notes v1 → v2 (offline)', await notesVersions()],
    ['300 files × 200 lines, 10% changed', largeVersions()],
  ];
  section(`Unified diff of a version against its parent (${RUNS} runs)`);
  const rows = table(
    ['case', 'files', 'diff chars', 'p50 ms', 'p95 ms'],
    cases.map(([name, versions]) => {
      const { samples, bytes, files } = time(versions);
      return [name, String(files), String(bytes), ms(percentile(samples, 50)), ms(percentile(samples, 95))];
    }),
  );
  console.log(rows);
}

void main();

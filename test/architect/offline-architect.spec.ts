import { join } from 'node:path';
import { Script } from 'node:vm';
import type { Manifest } from '../../src/missions/domain/manifest';
import { OfflineArchitect } from '../../src/architect/offline/offline-architect';
import { FAMOUS_THEMES, FAMOUS_THEME_LIST } from '../../src/catalogue/famous-themes';
import { ARCHETYPES } from '../../src/catalogue/archetypes';
import { templateFor } from '../../src/architect/offline/archetypes/template-registry';
import { OFFLINE_STACK } from '../../src/catalogue/offline-stack';
import type { FailurePacket } from '../../src/missions/domain/mission-events';
import { YamlPolicyGate } from '../../src/policy/policy-gate';
import { loadPolicyFile } from '../../src/policy/policy-loader';
import { required } from '../support/expectations';
import { ALL_COMMON_FEATURES, ARCHETYPE_PROMPTS, draftRequest } from './offline-request.fixture';

const gate = new YamlPolicyGate(loadPolicyFile(join(__dirname, '..', '..', 'policy.yaml')));
const architect = new OfflineArchitect();
const [DARK_MODE, PERSISTENCE, SEARCH, EXPORT] = ALL_COMMON_FEATURES;
const LOGIC_FILES: Record<keyof typeof ARCHETYPE_PROMPTS, string> = {
  TASKS: 'src/tasks.js',
  NOTES: 'src/notes.js',
  CALCULATOR: 'src/calculator.js',
  KANBAN: 'src/kanban.js',
  POMODORO: 'src/pomodoro.js',
  QUIZ: 'src/quiz.js',
  EXPENSES: 'src/expenses.js',
  LANDING_PAGE: 'src/landing.js',
  BLOG: 'src/blog.js',
  SOCIAL_FEED: 'src/feed.js',
  TEAM_CHAT: 'src/chat.js',
  MUSIC_PLAYER: 'src/player.js',
  LISTINGS: 'src/listings.js',
  UNIT_CONVERTER: 'src/converter.js',
  HABITS: 'src/habits.js',
  TIMER: 'src/timer.js',
  FLASHCARDS: 'src/flashcards.js',
  POLL: 'src/poll.js',
  RECORDS: 'src/records.js',
};

async function draft(...args: Parameters<typeof draftRequest>): Promise<Manifest> {
  const outcome = await architect.draft(draftRequest(...args));
  if (outcome.kind !== 'manifest') throw new Error(outcome.kind === 'rejected' ? outcome.reason : 'the offline architect answered with edits');
  return outcome.manifest;
}

const file = (manifest: Manifest, path: string): string => {
  const found = manifest.files.find((entry) => entry.path === path);
  if (!found) throw new Error(`${path} is not in ${manifest.files.map((entry) => entry.path).join(', ')}`);
  return found.content;
};
const paths = (manifest: Manifest): string[] => manifest.files.map((entry) => entry.path);

describe('OfflineArchitect', () => {
  it('answers as the offline provider: no model calls, no tokens, the runtime of the stack the consultant promised', async () => {
    const outcome = await architect.draft(draftRequest(ARCHETYPE_PROMPTS.TASKS));
    expect(outcome).toMatchObject({ kind: 'manifest', provider: 'offline', model: 'templates-v1', usage: { inputTokens: 0, outputTokens: 0 }, calls: 0 });
    expect(architect.provider).toBe('offline');
    const manifest = (outcome as { manifest: Manifest }).manifest;
    expect(OFFLINE_STACK.startsWith(`${manifest.stack} `)).toBe(true);
    expect(manifest).toMatchObject({ stack: 'node', auditCommand: 'node --test', runCommand: 'node server.js' });
    expect(JSON.parse(file(manifest, 'package.json'))).toMatchObject({ private: true, scripts: { test: 'node --test', start: 'node server.js' } });
    expect(JSON.parse(file(manifest, 'package.json'))).not.toHaveProperty('dependencies');
  });

  describe('choosing the archetype', () => {
    it.each(Object.entries(ARCHETYPE_PROMPTS))('%s from the prompt', async (key, prompt) => {
      const manifest = await draft(prompt);
      expect(paths(manifest)).toContain(LOGIC_FILES[key as keyof typeof LOGIC_FILES]);
      expect(file(manifest, 'README.md')).toContain('named in the request');
    });

    it("from the plan's features when the prompt names none", async () => {
      const manifest = await draft('an app for my household', ['Add and delete expenses with amount, date and description', 'Totals per month']);
      expect(paths(manifest)).toContain('src/expenses.js');
      expect(file(manifest, 'README.md')).toContain("chosen from the plan's features");
    });

    it('from the design target when neither prompt nor features name one', async () => {
      const manifest = await draft('an app like the one I use every day', [], FAMOUS_THEMES.SPOTIFY);
      expect(paths(manifest)).toContain('src/player.js');
    });

    it('falls back to the task list and says so in the README', async () => {
      const manifest = await draft('a weather forecast');
      expect(paths(manifest)).toContain('src/tasks.js');
      expect(file(manifest, 'README.md')).toContain('have no template for this request');
      expect(file(manifest, 'README.md')).toContain('it is not the app that was asked for');
    });
  });

  it.each(ARCHETYPES.map((archetype) => [archetype.key, archetype] as const))(
    "%s: the catalogue offers offline exactly the optional features its template builds, so the consultant never plans one it won't have",
    (key, archetype) => {
      const offered = archetype.optionalFeatures.filter((feature) => feature.offline !== false).map((feature) => feature.label);
      expect([...offered].sort()).toEqual([...templateFor(key).builds].sort());
    },
  );

  describe('adapting to the features', () => {
    it("adds the dark mode toggle, its module, its test and the other mode's palette only when asked", async () => {
      const without = await draft(ARCHETYPE_PROMPTS.NOTES, [SEARCH]);
      const withDark = await draft(ARCHETYPE_PROMPTS.NOTES, [SEARCH, DARK_MODE]);
      expect(paths(without)).not.toContain('src/theme-mode.js');
      expect(file(without, 'index.html')).not.toContain('mode-toggle');
      expect(file(without, 'styles.css')).not.toContain('data-mode=');
      expect(paths(withDark)).toEqual(expect.arrayContaining(['src/theme-mode.js', 'test/theme-mode.test.js']));
      expect(file(withDark, 'index.html')).toContain('<button id="mode-toggle"');
      expect(file(withDark, 'index.html')).toContain('<script src="src/theme-mode.js"></script>');
      expect(file(withDark, 'styles.css')).toContain(':root[data-mode="dark"] { --background: #121417;');
      expect(file(without, 'app.js')).toBe(file(withDark, 'app.js'));
    });

    it.each([
      [PERSISTENCE, 'src/storage.js', 'test/storage.test.js', null],
      [SEARCH, 'src/search.js', 'test/search.test.js', 'id="search"'],
      [EXPORT, 'src/export.js', 'test/export.test.js', 'id="export-csv"'],
    ])('"%s" brings %s and %s', async (feature, module, test, control) => {
      const without = await draft(ARCHETYPE_PROMPTS.KANBAN);
      const withIt = await draft(ARCHETYPE_PROMPTS.KANBAN, [feature]);
      expect(paths(without)).not.toContain(module);
      expect(paths(withIt)).toEqual(expect.arrayContaining([module, test]));
      expect(file(withIt, 'index.html')).toContain(`<script src="${module}"></script>`);
      if (control) {
        expect(file(without, 'index.html')).not.toContain(control);
        expect(file(withIt, 'index.html')).toContain(control);
      }
    });

    it("recognises a common feature worded by another consultant, by the catalogue's phrases", async () => {
      expect(paths(await draft(ARCHETYPE_PROMPTS.BLOG, ['Dark theme']))).toContain('src/theme-mode.js');
    });

    it('lists honestly what it built, what it did not, and optional sections appear only when asked', async () => {
      const manifest = await draft(ARCHETYPE_PROMPTS.LANDING_PAGE, ['Pricing table', 'FAQ section', 'Payments with Stripe', DARK_MODE]);
      const readme = file(manifest, 'README.md');
      expect(readme).toMatch(/## Features\n\n- Pricing table\n- FAQ section\n- Dark mode toggle\n\n/);
      expect(readme).toContain('## Not built by the offline templates');
      expect(readme).toContain('- Payments with Stripe');
      expect(file(manifest, 'index.html')).toContain('<h2>Pricing</h2>');
      expect(file(manifest, 'index.html')).not.toContain('What people say');
    });
  });

  describe('themes', () => {
    it("puts the theme's colours, font and radius into CSS variables; a dark theme starts dark", async () => {
      const manifest = await draft(ARCHETYPE_PROMPTS.SOCIAL_FEED, [DARK_MODE], FAMOUS_THEMES.TWITTER);
      const css = file(manifest, 'styles.css');
      expect(css).toContain('--primary: #1d9bf0;');
      expect(css).toContain('--radius: 16px;');
      expect(css).toContain("--font-family: 'TwitterChirp'");
      expect(css).toContain(':root[data-mode="light"]');
      expect(file(manifest, 'index.html')).toContain('<html lang="en" data-mode="dark" data-natural="dark">');
      expect(file(manifest, 'README.md')).toContain('Theme: Twitter/X.');
    });

    it('uses a neutral light theme without a design target', async () => {
      const manifest = await draft(ARCHETYPE_PROMPTS.QUIZ);
      expect(file(manifest, 'styles.css')).toContain('/* Theme: neutral default */');
      expect(file(manifest, 'styles.css')).toContain('--primary: #2563eb;');
      expect(file(manifest, 'index.html')).toContain('data-mode="light"');
    });
  });

  describe('safety', () => {
    it('keeps a <script> in the prompt as text: escaped in the README, absent from code', async () => {
      const prompt = 'a todo app </script><script>alert(document.cookie)</script> <img src=x onerror=alert(1)>';
      const manifest = await draft(prompt, ALL_COMMON_FEATURES);
      for (const entry of manifest.files) {
        expect(entry.content).not.toContain('<script>alert');
        expect(entry.content).not.toContain('<img src=x');
      }
      expect(file(manifest, 'README.md')).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
      expect(gate.check(manifest)).toEqual({ allowed: true, violations: [] });
    });

    it('does not echo the prompt into code, so a prompt that mentions eval( cannot get the app refused', async () => {
      const manifest = await draft('a calculator that must not use eval(input) or rm -rf /', ALL_COMMON_FEATURES);
      expect(gate.check(manifest)).toEqual({ allowed: true, violations: [] });
    });

    it('renders user data with textContent: no generated script uses innerHTML, eval or document.write', async () => {
      for (const prompt of Object.values(ARCHETYPE_PROMPTS)) {
        const manifest = await draft(prompt, ALL_COMMON_FEATURES);
        for (const entry of manifest.files.filter((candidate) => candidate.path.endsWith('.js'))) {
          expect(entry.content).not.toMatch(/\.(?:inner|outer)HTML\b|insertAdjacentHTML|document\.write|\beval\(/);
        }
      }
    });

    it('references an attached design image where the build puts it, without writing that file', async () => {
      const manifest = await draft(ARCHETYPE_PROMPTS.BLOG, [], null, { designImage: { fileName: 'mock.JPEG', mime: 'image/jpeg' } });
      expect(file(manifest, 'index.html')).toContain('<img src="public/design-reference.jpg" alt="Design reference">');
      expect(paths(manifest).some((path) => path.startsWith('public/'))).toBe(false);
      expect(gate.check(manifest).allowed).toBe(true);
    });
  });

  describe('every archetype, feature set and theme', () => {
    const featureSets = [[], ALL_COMMON_FEATURES, [DARK_MODE, EXPORT]];
    const themes = [null, ...FAMOUS_THEME_LIST];
    const cases = ARCHETYPES.flatMap((archetype) =>
      featureSets.map((features, index) => [archetype.key, features, themes[(ARCHETYPES.indexOf(archetype) + index) % themes.length]] as const),
    );

    it.each(cases)(
      '%s with %j passes the real policy gate, has a valid name, builds its base features, and every script parses',
      async (key, features, theme) => {
        const prompt = ARCHETYPE_PROMPTS[key];
        const archetype = required(
          ARCHETYPES.find((candidate) => candidate.key === key),
          `the archetype ${key}`,
        );
        const manifest = await draft(prompt, [...features, ...archetype.baseFeatures, ...archetype.optionalFeatures.map((feature) => feature.label)], theme);
        expect(gate.check(manifest)).toEqual({ allowed: true, violations: [] });
        expect(manifest.projectName).toMatch(/^[a-zA-Z][a-zA-Z0-9-]{0,63}$/);
        for (const entry of manifest.files.filter((candidate) => candidate.path.endsWith('.js'))) {
          // Compiled, never run: a syntax error in browser-only code (app.js) would otherwise go unnoticed.
          expect(() => new Script(entry.content, { filename: entry.path })).not.toThrow();
        }
        // Base and common features are always built; only optional ones may be listed as not built.
        const notBuilt = /## Not built[\s\S]*?\n\n[^\n]*\n\n((?:- [^\n]*\n?)*)/.exec(file(manifest, 'README.md'))?.[1] ?? '';
        for (const label of [...archetype.baseFeatures, ...ALL_COMMON_FEATURES]) expect(notBuilt).not.toContain(label);
        for (const label of archetype.baseFeatures) expect(file(manifest, 'README.md')).toContain(`- ${label}`);
      },
    );
  });

  it('names projects from the archetype and the prompt, within 64 characters', async () => {
    expect((await draft('A todo app for my weekly groceries!')).projectName).toBe('tasks-todo-weekly-groceries');
    const long = await draft(`a kanban board ${'supercalifragilistic '.repeat(10)}`);
    expect(long.projectName.length).toBeLessThanOrEqual(64);
    expect(long.projectName).toMatch(/^kanban(-[a-z0-9]+)*$/);
    expect((await draft('un tableau kanban élégant ☕')).projectName).toBe('kanban-un-tableau-elegant');
  });

  it.each(Object.entries(ARCHETYPE_PROMPTS))('names a %s project as the request asks ("named X"), so a policy on names sees it', async (_key, prompt) => {
    const manifest = await draft(`${prompt} named Quarantined Field 11`);
    expect(manifest.projectName).toBe('quarantined-field-11');
    expect(JSON.parse(file(manifest, 'package.json'))).toMatchObject({ name: 'quarantined-field-11' });
    const policy = loadPolicyFile(join(__dirname, '..', '..', 'policy.yaml'));
    const refusing = new YamlPolicyGate({
      ...policy,
      contentRules: [...policy.contentRules, { rule: 'quarantine', detail: 'a quarantined name', patterns: [/"name":\s{0,4}"[^"\n]{0,200}quarantined/i] }],
    });
    expect(refusing.check(manifest)).toMatchObject({ allowed: false, violations: [{ rule: 'quarantine', file: 'package.json' }] });
    expect(gate.check(manifest)).toEqual({ allowed: true, violations: [] });
  });

  it('is deterministic: the same request gives byte-identical manifests, and heal gives the same templates', async () => {
    const request = draftRequest(ARCHETYPE_PROMPTS.POMODORO, ALL_COMMON_FEATURES, FAMOUS_THEMES.NOTION);
    const first = await architect.draft(request);
    const second = await architect.draft(request);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const failure: FailurePacket = {
      command: 'node --test',
      exitCode: 1,
      timedOut: false,
      oomKilled: false,
      failingTests: ['1'],
      output: 'not ok 1',
      manifestDigest: 'ab'.repeat(32),
    };
    const healed = await architect.heal({ ...request, attempt: 2, previous: (first as { manifest: Manifest }).manifest, failure });
    expect(JSON.stringify(healed)).toBe(JSON.stringify(first));
  });
});

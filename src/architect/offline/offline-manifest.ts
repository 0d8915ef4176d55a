import { themeFor } from '../../catalogue/famous-themes';
import { OFFLINE_STACK } from '../../catalogue/offline-stack';
import type { DraftRequest } from '../../missions/ports/architect.port';
import type { Manifest, ManifestFile } from '../../missions/domain/manifest';
import { chooseArchetype } from './archetype-choice';
import type { ArchetypeTemplate, TemplateContext } from './archetypes/archetype-template';
import { templateFor } from './archetypes/template-registry';
import { planFeatures, type FeaturePlan } from './feature-plan';
import { projectNameFor } from './project-name';
import { APP_KIT_JS } from './shell/app-kit.source';
import { BASE_CSS } from './shell/base-css';
import { EXPORT_MODULE, SEARCH_MODULE, STORAGE_MODULE, THEME_MODE_MODULE, type ModuleSource } from './shell/feature-modules.source';
import { pageHtml } from './shell/page-shell';
import { readme } from './shell/readme';
import { SERVER_JS, SERVER_TEST_JS } from './shell/server.source';
import { naturalMode, themeCss } from './shell/theme-css';
import { testFile, umdModule } from './shell/umd';

export const AUDIT_COMMAND = 'node --test';
/**
 * The manifest names the runtime, which the policy gate checks against allowed_stacks; the plan's stack
 * (OFFLINE_STACK, "node (static HTML, CSS and JavaScript with Node tests)") describes the same project in full.
 */
export const MANIFEST_STACK = OFFLINE_STACK.split(' ')[0];
export const RUN_COMMAND = 'node server.js';

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** Where the build puts the design image (build.step.ts), named as the build names it. */
function designReferencePath(image: DraftRequest['designImage']): string | null {
  if (!image) return null;
  const fromName = /\.([a-z0-9]{1,8})$/i.exec(image.fileName)?.[1].toLowerCase();
  return `public/design-reference.${IMAGE_EXTENSIONS[image.mime] ?? fromName ?? 'png'}`;
}

function featureModules(features: FeaturePlan): ModuleSource[] {
  const { flags } = features;
  return [
    ...(flags.persistence ? [STORAGE_MODULE] : []),
    ...(flags.search ? [SEARCH_MODULE] : []),
    ...(flags.export ? [EXPORT_MODULE] : []),
    ...(flags.darkMode ? [THEME_MODE_MODULE] : []),
  ];
}

function appJs(template: ArchetypeTemplate, context: TemplateContext): string {
  return `/* Wires the page to src/${template.module}.js. Browser only: the logic is tested in test/${template.module}.test.js. */
(function () {
  'use strict';
  var h = Kit.h;
  var clear = Kit.clear;
  var byId = Kit.byId;
${template.app(context).trim()}
})();
`;
}

function packageJson(projectName: string, description: string): string {
  const pkg = {
    name: projectName,
    version: '1.0.0',
    private: true,
    description,
    scripts: { test: AUDIT_COMMAND, start: RUN_COMMAND },
    engines: { node: '>=20' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** The whole project for a request: same request, same bytes. */
export function offlineManifest(request: DraftRequest): Manifest {
  const choice = chooseArchetype(request.plan);
  const template = templateFor(choice.archetype.key);
  const features = planFeatures(request.plan.features, choice.archetype, template.builds);
  const wanted = new Set(request.plan.features.map((feature) => feature.trim().toLowerCase()));
  const context: TemplateContext = { flags: features.flags, has: (label) => wanted.has(label.toLowerCase()) };
  const projectName = projectNameFor(template.module, request.plan.buildPrompt);
  const modules = featureModules(features);
  const logicPath = `src/${template.module}.js`;
  const theme = themeFor(request.plan.designTarget);
  const mode = naturalMode(theme);

  const files: ManifestFile[] = [
    {
      path: 'index.html',
      content: pageHtml({
        title: template.title,
        mode,
        flags: features.flags,
        body: template.body(context),
        scripts: ['src/app-kit.js', ...modules.map((module) => module.path), logicPath, 'app.js'],
        designReference: designReferencePath(request.designImage),
      }),
    },
    { path: 'styles.css', content: `${themeCss(theme, features.flags.darkMode)}\n${BASE_CSS}${template.css.trim()}\n` },
    { path: 'app.js', content: appJs(template, context) },
    { path: 'src/app-kit.js', content: APP_KIT_JS },
    {
      path: logicPath,
      content: umdModule(template.global, `${template.title}: the app's logic, with no DOM, shared by the page and the tests.`, template.logic),
    },
    ...modules.map((module) => ({ path: module.path, content: module.source })),
    { path: 'server.js', content: SERVER_JS },
    { path: `test/${template.module}.test.js`, content: testFile(template.global, logicPath, template.tests) },
    ...modules.map((module) => ({ path: module.testPath, content: module.test })),
    { path: 'test/server.test.js', content: SERVER_TEST_JS },
    { path: 'package.json', content: packageJson(projectName, `${template.title}, from Gantry's offline templates`) },
  ];
  const extras = template.builds.filter((label) => !context.has(label));
  const readmeText = readme({
    projectName,
    title: template.title,
    prompt: request.plan.buildPrompt,
    choice,
    themeName: theme?.name ?? null,
    features,
    extras,
    limitations: template.limitations,
    files: [...files.map((file) => file.path), 'README.md'],
  });
  files.push({ path: 'README.md', content: readmeText });
  return { projectName, stack: MANIFEST_STACK, files, auditCommand: AUDIT_COMMAND, runCommand: RUN_COMMAND };
}

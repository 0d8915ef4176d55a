import { themeFor } from '../../catalogue/famous-themes';
import { OFFLINE_STACK } from '../../catalogue/offline-stack';
import type { DraftRequest } from '../../missions/ports/architect.port';
import type { Manifest, ManifestFile } from '../../missions/domain/manifest';
import { archetypeByKey } from '../../catalogue/archetypes';
import { specFromPlan, type OfflineAppSpec } from './app-spec';
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

/** The records' schema as a module the page and the tests share (RECORDS only). */
function schemaFile(spec: OfflineAppSpec): ManifestFile[] {
  if (!spec.schema) return [];
  return [{ path: 'src/schema.js', content: umdModule('Schema', "The records' fields, from the plan.", `return ${JSON.stringify(spec.schema, null, 2)};`) }];
}

/** The whole project for a request: same request, same bytes. */
export function offlineManifest(request: DraftRequest): Manifest {
  return renderOfflineApp(specFromPlan(request.plan), { designImage: request.designImage });
}

/** The whole project for a spec (app-spec.ts): same spec, same bytes. */
export function renderOfflineApp(spec: OfflineAppSpec, options: { designImage: DraftRequest['designImage'] }): Manifest {
  const archetype = archetypeByKey(spec.archetype);
  const template = templateFor(spec.archetype);
  const features = planFeatures(spec.features, archetype, template.builds);
  const wanted = new Set(spec.features.map((feature) => feature.trim().toLowerCase()));
  const context: TemplateContext = {
    flags: features.flags,
    has: (label) => wanted.has(label.toLowerCase()),
    title: spec.title,
    copy: spec.copy,
    schema: spec.schema,
  };
  const projectName = projectNameFor(template.module, spec.request);
  const modules = featureModules(features);
  const logicPath = `src/${template.module}.js`;
  const theme = themeFor(spec.designTarget);
  const mode = naturalMode(theme);
  const schemaFiles = schemaFile(spec);

  const files: ManifestFile[] = [
    {
      path: 'index.html',
      content: pageHtml({
        title: spec.title,
        mode,
        flags: features.flags,
        body: template.body(context),
        scripts: ['src/app-kit.js', ...modules.map((module) => module.path), ...schemaFiles.map((file) => file.path), logicPath, 'app.js'],
        designReference: designReferencePath(options.designImage),
      }),
    },
    { path: 'styles.css', content: `${themeCss(theme, features.flags.darkMode)}\n${BASE_CSS}${template.css.trim()}\n` },
    { path: 'app.js', content: appJs(template, context) },
    { path: 'src/app-kit.js', content: APP_KIT_JS },
    ...schemaFiles,
    {
      path: logicPath,
      content: umdModule(template.global, `${template.title}: the app's logic, with no DOM, shared by the page and the tests.`, template.logic),
    },
    ...modules.map((module) => ({ path: module.path, content: module.source })),
    { path: 'server.js', content: SERVER_JS },
    { path: `test/${template.module}.test.js`, content: testFile(template.global, logicPath, template.tests) },
    ...modules.map((module) => ({ path: module.testPath, content: module.test })),
    { path: 'test/server.test.js', content: SERVER_TEST_JS },
    { path: 'package.json', content: packageJson(projectName, `${spec.title}, from Gantry's offline templates`) },
  ];
  const onRequest = new Set(template.onRequest ?? []);
  const extras = template.builds.filter((label) => !context.has(label) && !onRequest.has(label));
  const readmeText = readme({
    projectName,
    title: spec.title,
    prompt: spec.request,
    choice: { archetype, reason: spec.chosenBy },
    themeName: theme?.name ?? null,
    features,
    extras,
    limitations: template.limitations,
    files: [...files.map((file) => file.path), 'README.md'],
  });
  files.push({ path: 'README.md', content: readmeText });
  return { projectName, stack: MANIFEST_STACK, files, auditCommand: AUDIT_COMMAND, runCommand: RUN_COMMAND };
}

import type { DraftRequest, HealRequest } from '../../missions/ports/architect.port';
import type { Manifest } from '../../missions/domain/manifest';
import { cssVariables, themeFor, type FamousTheme } from '../../catalogue/famous-themes';
import { fillTemplate } from '../../llm/prompt-files';

/** The user messages of the architect's two calls, filled into the prompt templates (draft.user.md, heal.user.md). */

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export function draftMessage(template: string, request: DraftRequest): string {
  return fillTemplate(template, planValues(request));
}

/** A change to a live app: the user's words, the revised plan and the version's files as they are. */
export function changeMessage(template: string, request: DraftRequest & { change: { base: Manifest; request: string } }): string {
  return fillTemplate(template, { ...planValues(request), request: request.change.request, files: manifestJson(request.change.base) });
}

export function healMessage(template: string, request: HealRequest): string {
  const { failure } = request;
  return fillTemplate(template, {
    ...planValues(request),
    attempt: String(request.attempt - 1),
    command: failure.command,
    exitCode: failure.exitCode === null ? 'none (the process was killed)' : String(failure.exitCode),
    failureKind: failureKind(failure.timedOut, failure.oomKilled),
    failingTests: failure.failingTests.length > 0 ? failure.failingTests.map((name) => `- ${name}`).join('\n') : '- (none named: see the output)',
    manifestDigest: failure.manifestDigest,
    output: fenceSafe(failure.output),
    files: previousFiles(request.previous),
  });
}

function planValues(request: DraftRequest): Record<string, string> {
  const { plan } = request;
  return {
    buildPrompt: plan.buildPrompt,
    features: plan.features.length > 0 ? plan.features.map((feature) => `- ${feature}`).join('\n') : '- (none beyond the request itself)',
    stack: plan.stack,
    theme: themeLine(themeFor(plan.designTarget)),
    designImage: request.designImage ? designImageNote(request.designImage.mime) : '',
  };
}

function themeLine(theme: FamousTheme | null): string {
  return theme ? themeSection(theme) : 'No famous-app theme: choose a clean, modern look of your own.';
}

function themeSection(theme: FamousTheme): string {
  return [
    `Dress the app in the ${theme.name} style (say "${theme.name}-style", never "clone").`,
    `Layout: ${theme.layout}. Corner radius: ${theme.borderRadius}. Open on: ${theme.samplePage}.`,
    'Put these CSS custom properties in the stylesheet and use them for every colour, the font and the radius:',
    '```css',
    cssVariables(theme),
    '```',
    'Components:',
    ...theme.components.map((component) => `- ${component}`),
  ].join('\n');
}

function designImageNote(mime: string): string {
  const extension = IMAGE_EXTENSIONS[mime] ?? 'png';
  const path = `public/design-reference.${extension}`;
  return `The user attached a design image. Gantry places it at \`${path}\` (served as \`/design-reference.${extension}\`): show it on a "Design reference" panel or page, follow its look, and never write a file at that path yourself.`;
}

function failureKind(timedOut: boolean, oomKilled: boolean): string {
  if (timedOut) return ' (the build ran out of time and was killed)';
  if (oomKilled) return ' (the build ran out of memory and was killed)';
  return '';
}

/** Build output may itself contain ``` fences; keep it inside ours. */
function fenceSafe(text: string): string {
  return text.replace(/```/g, "'''");
}

function previousFiles(previous: Manifest | null): string {
  if (previous === null) return "None: the failed attempt's answer could not be made into a manifest (see the failure above). Write the whole project again.";
  return manifestJson(previous);
}

function manifestJson(manifest: Manifest): string {
  return ['```json', JSON.stringify(manifest), '```'].join('\n');
}

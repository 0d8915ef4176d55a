import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installRoot } from '../config/gantry-config';

/**
 * Prompts are Markdown files kept beside the code that uses them (src/<capability>/prompts/). `tsc` does not
 * copy them to dist/, so they are read from the install root's src/ folder, which ships with Gantry (the
 * Docker image copies the whole tree): one copy of each prompt, the same from source and from dist/.
 * They are read once, when the component is made, so a missing prompt stops the boot, naming the file.
 */
export function readPromptFile(relativePath: string, root: string = installRoot()): string {
  const path = join(root, relativePath);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the prompt file ${path}: ${(error as Error).message}`);
  }
}

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself contains `{{...}}` (user text, model
 * output, build logs) is never expanded again. A placeholder without a value is a programming error.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`The prompt template has no value for {{${name}}}`);
    return value;
  });
}

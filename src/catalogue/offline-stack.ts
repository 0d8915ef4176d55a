import { earliestKey, tokenize } from '../kernel/text/phrase-tokens';

/**
 * The one stack the offline provider plans: the runtime ("node") first, then what is actually generated.
 * It stays this even when the user names a framework, so that the plan the user confirms is the plan
 * that gets built (proposing "next.js" and then building plain HTML would promise what the build does not do).
 */
export const OFFLINE_STACK = 'node (static HTML, CSS and JavaScript with Node tests)';

export const OFFLINE_STACK_IN_SPEECH = 'plain HTML, CSS and JavaScript with Node tests';

const FRAMEWORKS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Next.js', ['next.js', 'nextjs', 'next js']],
  ['React', ['react', 'reactjs', 'react.js', 'react js']],
  ['Vue', ['vue', 'vuejs', 'vue.js', 'vue js', 'nuxt']],
  ['Svelte', ['svelte', 'sveltekit']],
  ['Angular', ['angular', 'angularjs']],
];

/** The framework the user asked for by name, if any, as speech should name it. */
export function detectRequestedFramework(text: string): string | null {
  return earliestKey(tokenize(text), FRAMEWORKS);
}

export function frameworkNote(framework: string): string {
  return `the offline provider does not build ${framework}`;
}

import { containsPhrase, tokenize, withoutPhrases } from '../../../kernel/text/phrase-tokens';

/**
 * Deciding whether a reply approves the pending plan. Everything is whole-word: the original matched
 * substrings, so "facebook" (ok), "logo" (go) and "eyes" (yes) started builds.
 *
 * A confirmation must (1) contain an approval phrase, (2) contain no revision cue, and (3) say nothing
 * else: every other word has to be courtesy or filler ("yes please, build it now, thanks"). Rule 3 is what
 * keeps "yes, make it blue" or "sure, dark theme" from starting a build of the unrevised plan; when in
 * doubt we ask again, because a wrong "no" costs one more turn and a wrong "yes" costs a whole build.
 */

export const APPROVAL_PHRASES: readonly string[] = [
  'yes', 'yeah', 'yep', 'yup', 'yea', 'ya', 'aye', 'sure', 'ok', 'okay', 'okey', 'k', 'alright', 'all right',
  'go', 'go ahead', 'go for it', 'let\'s go', 'lets go', 'let\'s do it', 'lets do it', 'do it', 'ship it',
  'build it', 'sounds good', 'sounds great', 'sounds perfect', 'looks good', 'looks great',
  'looks perfect', 'lgtm', 'approved', 'approve', 'i approve', 'confirmed', 'confirm', 'i confirm', 'proceed',
  'perfect', 'great', 'good', 'fine', 'nice', 'cool', 'excellent', 'awesome', 'absolutely', 'definitely',
  'of course', 'agreed', 'deal', 'sure thing',
  'correct', 'exactly', 'yes please', 'love it', 'i like it', 'that works', 'works for me', 'good to go',
  '👍', '👌', '✅', '🚀', '💯',
];

/**
 * Words that mean "change something" or "not that". Any of them turns a reply into a revision, even next to
 * an approval ("yes but add dark mode", "ok, no, add search").
 */
export const REVISION_CUES: readonly string[] = [
  'no', 'nope', 'nah', 'not', 'dont', 'do not', 'never', 'cant', 'wont', 'shouldnt', 'isnt',
  'but', 'however', 'though', 'although', 'except', 'instead', 'rather', 'actually', 'also',
  'add', 'adding', 'include', 'plus', 'remove', 'delete', 'drop', 'without', 'skip', 'exclude', 'minus',
  'change', 'replace', 'swap', 'switch', 'use', 'make', 'rename', 'move', 'turn', 'set', 'more', 'less',
  'fewer', 'wait', 'hold on', 'hang on', 'stop', 'cancel', 'undo',
  '👎', '❌',
];

/** Idioms whose negative word does not revise anything ("no problem, go ahead"). */
const NEUTRAL_IDIOMS: readonly string[] = ['no problem', 'no worries', 'no doubt', 'why not', 'not bad', 'cant wait'];

/** Words allowed around an approval without changing its meaning. */
const FILLER_WORDS: ReadonlySet<string> = new Set([
  'please', 'pls', 'plz', 'thanks', 'thank', 'you', 'thx', 'ty', 'cheers', 'mate', 'sir', 'boss', 'gantry',
  'that', 'this', 'it', 'thats', 'its', 'the', 'a', 'plan', 'idea', 'app', 'one', 'all', 'everything',
  'now', 'then', 'right', 'away', 'asap', 'just', 'so', 'and', 'me', 'to', 'i', 'we', 'am', 'is', 'are',
  'be', 'let', 'lets', 'us', 'build', 'ship', 'do', 'go', 'ahead', 'for', 'good', 'great', 'nice', 'cool',
  'fine', 'really', 'very', 'totally', 'sounds', 'looks', 'seems', 'like', 'love', 'happy', 'with', 'what',
  'want', 'wanted', 'oh', 'well', 'hey', 'hi', 'wow', 'yay', 'super', 'brilliant', 'amazing', 'wonderful',
  'fantastic', 'exactly', 'indeed', 'yes', 'sure', 'ok', 'okay', 'course', 'of', 'works', 'start', 'begin',
  'get', 'going', 'started', 'building', 'on',
]);

function significantTokens(text: string): string[] {
  return withoutPhrases(tokenize(text), NEUTRAL_IDIOMS);
}

/** True when the message asks for a change or says no (whole words and phrases only). */
export function isRevision(text: string): boolean {
  return containsPhrase(significantTokens(text), REVISION_CUES);
}

/** True when the message approves the pending plan and says nothing else. */
export function isConfirmation(text: string): boolean {
  const tokens = significantTokens(text);
  if (!containsPhrase(tokens, APPROVAL_PHRASES)) return false;
  if (containsPhrase(tokens, REVISION_CUES)) return false;
  return withoutPhrases(tokens, APPROVAL_PHRASES).every((token) => FILLER_WORDS.has(token));
}

import { ARCHETYPES } from '../catalogue/archetypes';
import { containsPhrase, findPhrases } from '../kernel/text/phrase-tokens';

/**
 * Whether an opening message asks for something to be built. A description of an app is a request to build
 * it, with or without "Build me": "A recipe book where I can add recipes", "Something to track my runs",
 * "Recipe book with ingredients and steps". Small talk ("hello", "thanks") and questions to Gantry ("what can
 * you do?") are not. The guardrails refuse harm, not phrasing: when in doubt, a description is accepted and
 * the consultant asks what it needs.
 */

/** Words that say "make me something": verbs, kinds of software, and every kind of app the consultant plans. */
const BUILD_WORDS = [
  'build',
  'create',
  'make',
  'develop',
  'design',
  'generate',
  'code',
  'prototype',
  'implement',
  'craft',
  'app',
  'apps',
  'application',
  'website',
  'site',
  'webpage',
  'web page',
  'page',
  'api',
  'service',
  'dashboard',
  'tool',
  'system',
  'platform',
  'game',
  'clone',
  'tracker',
  'timer',
  'portal',
  'store',
  'shop',
  'form',
  'bot',
  'widget',
  'extension',
  'plugin',
  'script',
  'program',
  'software',
  'generator',
  'converter',
  'editor',
  'player',
  'manager',
  'planner',
  'board',
  'portfolio',
  'landing',
  'calendar',
  'counter',
  'gallery',
  'wiki',
  'forum',
  'crm',
  'cms',
  ...ARCHETYPES.flatMap((archetype) => archetype.phrases),
];

/** How a request may begin before the thing itself: "I want", "please", "hey Gantry, could you give me". */
const LEAD_INS = [
  'please',
  'hey',
  'hi',
  'gantry',
  'i want',
  'i need',
  'we want',
  'we need',
  'i would like',
  'we would like',
  'i am looking for',
  'looking for',
  'give me',
  'get me',
  'how about',
  'maybe',
  'just',
];

/** Openers of a noun phrase that names a thing: "a", "an", "my own", "something". */
const DETERMINERS = new Set(['a', 'an', 'my', 'our', 'some', 'one', 'own', 'simple', 'little', 'small', 'new']);

/** Words that stand for the thing itself, so what it does may follow at once: "something to", "somewhere for". */
const PRO_FORMS = new Set(['something', 'somewhere', 'someplace', 'anything']);

/** Words that go on to say what the named thing does or holds: "... where I can", "... to track", "... with tags". */
const DESCRIBERS = new Set(['where', 'that', 'which', 'to', 'for', 'with', 'so', 'lets', 'letting', 'allowing', 'allows', 'helps', 'showing', 'listing', 'of']);

/**
 * Words that cannot start a bare noun phrase or sit inside one (pronouns, greetings, questions, verbs of
 * being and saying): "The weather is nice", "Thanks for the help", "My dog likes to run".
 */
const NOT_IN_A_NOUN_PHRASE = new Set([
  ...['i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'him', 'her', 'us', 'them', 'this', 'that', 'these', 'those', 'there', 'here', 'the'],
  ...['hello', 'hi', 'hey', 'yo', 'thanks', 'thank', 'thx', 'bye', 'goodbye', 'good', 'morning', 'evening', 'night', 'ok', 'okay', 'yes', 'no', 'please'],
  ...['what', 'who', 'why', 'when', 'how', 'which', 'whose', 'whom'],
  ...['is', 'are', 'was', 'were', 'am', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should'],
  ...['shall', 'may', 'might', 'must', 'like', 'likes', 'liked', 'want', 'wants', 'need', 'needs', 'go', 'goes', 'went', 'said', 'says', 'tell', 'told'],
  ...['to', 'for', 'with', 'of', 'in', 'on', 'at', 'by', 'from', 'and', 'or', 'but', 'if', 'so', 'not', 'dont', 'just', 'very', 'really'],
]);

const QUESTION_WORDS = new Set(['what', 'which', 'how', 'who', 'why', 'when']);
const MAX_NOUN_PHRASE = 5;

/** The tokens after any lead-ins ("hey gantry, i want ..."). */
function afterLeadIns(tokens: readonly string[]): readonly string[] {
  let rest = tokens;
  for (let lead = findPhrases(rest, LEAD_INS).find((match) => match.start === 0); lead; lead = findPhrases(rest, LEAD_INS).find((match) => match.start === 0)) {
    rest = rest.slice(lead.length);
  }
  return rest;
}

/** A question about Gantry itself: "what can you do", "how are you", "what can you build". */
function isQuestionToGantry(tokens: readonly string[]): boolean {
  const rest = afterLeadIns(tokens);
  return QUESTION_WORDS.has(rest[0] ?? '') && rest.includes('you') && !rest.includes('a') && !rest.includes('an');
}

/** "[a|my|something] NOUN PHRASE DESCRIBER ...": a named thing followed by what it does or holds. */
function isDescription(tokens: readonly string[]): boolean {
  const rest = afterLeadIns(tokens);
  let start = 0;
  while (start < rest.length && DETERMINERS.has(rest[start])) start += 1;
  if (PRO_FORMS.has(rest[start] ?? '')) return DESCRIBERS.has(rest[start + 1] ?? '');
  const determined = start > 0;
  if (!determined && NOT_IN_A_NOUN_PHRASE.has(rest[0] ?? '')) return false;
  for (let index = start; index < rest.length && index <= start + MAX_NOUN_PHRASE; index += 1) {
    const word = rest[index];
    if (index > start && DESCRIBERS.has(word)) return true;
    if (NOT_IN_A_NOUN_PHRASE.has(word)) return false;
  }
  return false;
}

/** True when the message, as tokens, asks for something to be built (see the module's comment). */
export function readsAsBuildRequest(tokens: readonly string[]): boolean {
  if (isQuestionToGantry(tokens)) return false;
  return containsPhrase(tokens, BUILD_WORDS) || isDescription(tokens);
}

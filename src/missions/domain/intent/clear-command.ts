import { tokenize } from '../../../kernel/text/phrase-tokens';

/**
 * "Clear my projects" as a command, recognised only when it is the whole message. The Python Gantry searched
 * for "clear all" anywhere, so "a calculator with a clear all button" wiped every mission. Here the
 * message, as words, must fit this grammar and nothing else:
 *
 *   [hey gantry] [please|can you|could you|would you] VERB OBJECT [please|now|for me|thanks]
 *
 * VERB OBJECT is either ANY_VERB [out] [all [of]] [my|the|our] [old|previous|existing|current]
 * projects|missions|builds [list|history] (or project|mission|build list|history), or
 * CLEAR_VERB [out] all|everything. Bare "all" and "everything" take only clear, wipe, erase and reset:
 * "remove everything" in the middle of a consultation more likely means the plan's features than the
 * caller's projects.
 */

const ALTERNATIVES = (words: readonly string[]): string => `(?:${words.join('|')})`;

const CLEAR_VERB = ALTERNATIVES(['clear', 'wipe', 'erase', 'reset']);
const ANY_VERB = ALTERNATIVES(['clear', 'wipe', 'erase', 'reset', 'archive', 'delete', 'remove']);
const DETERMINER = `(?:all (?:of )?)?(?:${ALTERNATIVES(['my', 'the', 'our'])} )?`;
const QUALIFIER = `(?:${ALTERNATIVES(['old', 'previous', 'existing', 'current'])} )?`;
const COLLECTION = ALTERNATIVES(['list', 'history']);
// "delete the project" alone names one project, not all of them: the singular needs "list" or "history".
const NOUN = ALTERNATIVES([
  `${ALTERNATIVES(['projects', 'missions', 'builds'])}(?: ${COLLECTION})?`,
  `${ALTERNATIVES(['project', 'mission', 'build'])} ${COLLECTION}`,
]);
const ACTION = ALTERNATIVES([`${ANY_VERB}(?: out)? ${DETERMINER}${QUALIFIER}${NOUN}`, `${CLEAR_VERB}(?: out)? ${ALTERNATIVES(['all', 'everything'])}`]);
const ASKING = ALTERNATIVES(['please', 'kindly', 'can you', 'could you', 'would you']);
const OPENING = `(?:(?:hey |ok |okay )?gantry )?(?:${ASKING} )?(?:please )?`;
const CLOSING = `(?: ${ALTERNATIVES(['please', 'now', 'for me', 'thanks', 'thank you'])})*`;

const CLEAR_COMMAND = new RegExp(`^${OPENING}${ACTION}${CLOSING}$`);

export function isClearProjectsCommand(text: string): boolean {
  return CLEAR_COMMAND.test(tokenize(text).join(' '));
}

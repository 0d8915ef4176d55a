import { containsPhrase, normalizeText, tokenize } from '../kernel/text/phrase-tokens';
import { ALLOWED, refuse, type GuardrailVerdict } from '../missions/domain/screening';
import type { MessagePlace, MessageScreen } from '../missions/ports/message-screen.port';
import { readsAsBuildRequest } from './build-intent';
import { malwareAskedFor } from './malware-rules';

const MIN_CHARACTERS = 10;
const MIN_WORDS = 3;

const PROFANITY = [
  'fuck',
  'fucking',
  'fucked',
  'fucker',
  'motherfucker',
  'shit',
  'shitty',
  'bullshit',
  'damn',
  'ass',
  'asshole',
  'bitch',
  'bitches',
  'crap',
  'crappy',
  'bastard',
  'cunt',
  'wanker',
  'twat',
  'kill yourself',
  'kys',
];

/** Keyboard mashing and test pings (the Python Gantry's patterns, as whole-word or substring checks on purpose). */
const MASHING = /(asdf|qwerty|zxcv|hjkl)/;
const TEST_PING = /\btest\s*\d+\b/;

const SUGGEST_DETAIL = 'Describe what you want to build in a bit more detail. For example: a calculator, a dashboard, a social feed, or a landing page.';

/** Refusals that hold for any message, first or follow-up: harm and abuse. */
function screenContent(tokens: readonly string[]): GuardrailVerdict {
  const malware = malwareAskedFor(tokens);
  if (malware) {
    return refuse(
      'malware',
      `Gantry does not build malware or attack tools (${malware})`,
      'It can build the defensive side instead, such as a dashboard of security alerts or a password-strength checker.',
    );
  }
  if (containsPhrase(tokens, PROFANITY)) {
    return refuse('abusive', 'Abusive language', 'Let us keep it civil: describe the app you want without insults or profanity.');
  }
  return ALLOWED;
}

/** The checks for a message that opens a mission: is there a build request here at all. */
function screenOpening(text: string, tokens: readonly string[]): GuardrailVerdict {
  const lower = normalizeText(text).trim();
  if (lower.length < MIN_CHARACTERS) return refuse('too_short', 'Message too short', SUGGEST_DETAIL);
  if (tokens.length < MIN_WORDS) return refuse('no_context', 'Not enough context', SUGGEST_DETAIL);
  if (MASHING.test(lower) || TEST_PING.test(lower)) {
    return refuse('gibberish', 'This looks like a test or keyboard mashing', 'Tell me about a real app: what it is for and one or two things it should do.');
  }
  if (!readsAsBuildRequest(tokens)) {
    return refuse(
      'no_intent',
      'No clear build intent',
      'I build apps from a description: say what it is for and what it should do, for example "a recipe book where I can add recipes with ingredients and steps".',
    );
  }
  return ALLOWED;
}

/**
 * The content guardrails for a message that can start a build. Every check reads the text's matching form
 * (NFKC, invisible characters removed, look-alike letters folded), never the text as it is stored. An opening message (a new mission or a
 * direct build) must also read as a build request; a follow-up in a consultation ("yes", "dark mode")
 * is only screened for harm and abuse.
 */
export function screenMessage(text: string, kind: MessagePlace): GuardrailVerdict {
  const tokens = tokenize(text);
  const content = screenContent(tokens);
  if (!content.allowed || kind === 'follow-up') return content;
  return screenOpening(text, tokens);
}

/** The guardrails as the core's MessageScreen port. */
export class ContentGuardrails implements MessageScreen {
  screen(text: string, place: MessagePlace): GuardrailVerdict {
    return screenMessage(text, place);
  }
}

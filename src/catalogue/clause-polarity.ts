import { findPhrases, tokenize, type PhraseMatch } from '../kernel/text/phrase-tokens';

/**
 * Which words of a message are asked for and which are refused: "a todo list with dark mode but no
 * export" wants dark mode and refuses export. A message is cut into clauses at punctuation and at "but";
 * inside a clause a negator ("no", "without", or a command such as "remove") makes what follows refused
 * until an adding word ("add", "with", "plus"...) or a relative word ("that", "which") makes it wanted
 * again; an adding word that is itself negated ("don't add", "no need to add") does not.
 */

export interface Clause {
  text: string;
  tokens: string[];
  /** One flag per token: true where the token sits in a refused stretch. */
  refused: boolean[];
}

export type Polarity = 'wanted' | 'refused';

export interface Mention extends PhraseMatch {
  polarity: Polarity;
}

const GRAMMATICAL_NEGATORS: ReadonlySet<string> = new Set(['no', 'not', 'dont', 'never', 'without', 'except', 'excluding', 'instead', 'minus']);
/** Refusing verbs; they count only as commands ("remove the timer"), not inside a description. */
const VERB_NEGATORS: ReadonlySet<string> = new Set(['remove', 'delete', 'drop', 'skip', 'exclude', 'ditch', 'lose']);
/** Words that may precede a refusing verb used as a command: "ok, then remove export", "can you drop it". */
const COMMAND_LEADS: ReadonlySet<string> = new Set([
  'and',
  'then',
  'also',
  'please',
  'pls',
  'just',
  'now',
  'so',
  'ok',
  'okay',
  'yes',
  'actually',
  'you',
  'lets',
  'let',
  'us',
  'plus',
]);
/** Verbs that list what an app does: "add, edit and delete tasks" describes, it does not refuse. */
const DESCRIBING_VERBS: ReadonlySet<string> = new Set([
  'add',
  'create',
  'edit',
  'view',
  'update',
  'complete',
  'archive',
  'mark',
  'read',
  'write',
  'rename',
  'sort',
  'reorder',
  'move',
  'undo',
  'restore',
  'save',
  'search',
  'list',
  'see',
  'check',
]);
const WISHES: ReadonlySet<string> = new Set(['want', 'need', 'like', 'prefer', 'wanna']);
const ADDERS: ReadonlySet<string> = new Set(['add', 'adding', 'include', 'including', 'with', 'plus', 'also', 'keep']);
/** Relative words end a refusal: "with no login that saves offline" still wants saving. */
const SCOPE_ENDS: ReadonlySet<string> = new Set(['that', 'which', 'where', 'who', 'so']);
/** Skipped when looking back from an adder for a negator: "don't want you to add" is still negated. */
const TRANSPARENT: ReadonlySet<string> = new Set(['to', 'want', 'need', 'wanna', 'going', 'ever', 'really', 'you', 'i', 'we', 'please']);

const CLAUSE_BREAK = /[,;:!?\n()]+|\.(?=\s|$)|\s(?:but|however)\s/i;

function isCommandVerb(tokens: readonly string[], index: number): boolean {
  if (!VERB_NEGATORS.has(tokens[index])) return false;
  if (index === 0) return true;
  if (tokens[index - 1] === 'and' && index >= 2 && DESCRIBING_VERBS.has(tokens[index - 2])) return false;
  if (COMMAND_LEADS.has(tokens[index - 1])) return true;
  return tokens[index - 1] === 'to' && index >= 2 && WISHES.has(tokens[index - 2]);
}

function isNegatorAt(tokens: readonly string[], index: number): boolean {
  return GRAMMATICAL_NEGATORS.has(tokens[index]) || isCommandVerb(tokens, index);
}

function adderIsNegated(tokens: readonly string[], adderIndex: number): boolean {
  for (let index = adderIndex - 1; index >= 0; index -= 1) {
    if (TRANSPARENT.has(tokens[index])) continue;
    return GRAMMATICAL_NEGATORS.has(tokens[index]);
  }
  return false;
}

function refusedFlags(tokens: readonly string[]): boolean[] {
  let refused = false;
  return tokens.map((token, index) => {
    if (isNegatorAt(tokens, index)) refused = true;
    else if (SCOPE_ENDS.has(token)) refused = false;
    else if (ADDERS.has(token) && !adderIsNegated(tokens, index)) refused = false;
    return refused;
  });
}

export function splitClauses(text: string): Clause[] {
  return text
    .split(CLAUSE_BREAK)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const tokens = tokenize(part);
      return { text: part, tokens, refused: refusedFlags(tokens) };
    })
    .filter((clause) => clause.tokens.length > 0);
}

/** Every mention of the phrases in the message, in order, each with whether it was asked for or refused. */
export function findMentions(clauses: readonly Clause[], phrases: readonly string[]): Mention[] {
  return clauses.flatMap((clause) =>
    findPhrases(clause.tokens, phrases).map((match) => ({
      ...match,
      polarity: clause.refused[match.start] ? ('refused' as const) : ('wanted' as const),
    })),
  );
}

/** The polarity of the last mention: a later "actually, add search" overrides an earlier "no search". */
export function lastPolarity(clauses: readonly Clause[], phrases: readonly string[]): Polarity | null {
  const mentions = findMentions(clauses, phrases);
  return mentions.length > 0 ? mentions[mentions.length - 1].polarity : null;
}

/**
 * The refused stretches of every clause, as word lists without the negators themselves, cut at "and" and
 * "or": "remove the priorities and search" gives [["the","priorities"], ["search"]].
 */
export function refusedTargets(clauses: readonly Clause[]): string[][] {
  const targets: string[][] = [];
  for (const clause of clauses) {
    let current: string[] = [];
    const flush = (): void => {
      if (current.length > 0) targets.push(current);
      current = [];
    };
    clause.tokens.forEach((token, index) => {
      const cut = !clause.refused[index] || isNegatorAt(clause.tokens, index) || token === 'and' || token === 'or';
      if (cut) flush();
      else current.push(token);
    });
    flush();
  }
  return targets;
}

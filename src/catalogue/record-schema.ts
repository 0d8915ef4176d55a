import { containsPhrase, findPhrases, tokenize } from '../kernel/text/phrase-tokens';
import { COMMON_FEATURES } from './feature-catalogue';

/**
 * The shape of the records a "list of things" app keeps (recipes, contacts, an inventory...): inferred from
 * the prompt, carried in the plan as one readable feature ("Each recipe has: name, ingredients (list), ..."),
 * and read back from that feature by the architect, so a revised plan re-drives the same app.
 */
export type FieldKind = 'text' | 'longtext' | 'list' | 'number' | 'date' | 'rating' | 'email' | 'phone' | 'url';

export interface RecordField {
  /** A JavaScript-safe key: "prep_minutes". */
  key: string;
  /** As the page labels it: "Prep minutes". */
  label: string;
  kind: FieldKind;
}

export interface RecordSchema {
  /** The page's heading: "Recipe book". */
  title: string;
  /** One record, singular and lower case: "recipe". */
  noun: string;
  plural: string;
  /** The first field names the record and is required. */
  fields: RecordField[];
}

/** A list of records the request did not describe: a name and notes. */
export const DEFAULT_RECORDS: RecordSchema = {
  title: 'Records',
  noun: 'record',
  plural: 'records',
  fields: [
    { key: 'name', label: 'Name', kind: 'text' },
    { key: 'notes', label: 'Notes', kind: 'longtext' },
  ],
};

interface RecordKind {
  noun: string;
  plural: string;
  title: string;
  phrases: readonly string[];
  fields: readonly string[];
}

/** Field names by how the page should ask for them; a field's last word decides ("expiry date" is a date). */
const KIND_WORDS: ReadonlyArray<readonly [FieldKind, readonly string[]]> = [
  ['list', ['ingredients', 'steps', 'instructions', 'tags', 'items', 'exercises', 'toppings']],
  ['longtext', ['notes', 'description', 'comments', 'review', 'summary', 'details', 'method', 'bio']],
  ['date', ['date', 'day', 'birthday', 'deadline', 'due', 'expiry', 'expires', 'finished', 'started', 'watered', 'when']],
  ['rating', ['rating', 'stars', 'score']],
  ['email', ['email', 'mail']],
  ['phone', ['phone', 'mobile', 'telephone', 'tel']],
  ['url', ['url', 'link', 'website', 'web']],
  [
    'number',
    [
      'quantity',
      'qty',
      'count',
      'number',
      'amount',
      'price',
      'cost',
      'pages',
      'reps',
      'sets',
      'weight',
      'minutes',
      'hours',
      'calories',
      'age',
      'year',
      'stock',
      'distance',
      'servings',
      'km',
      'kg',
    ],
  ],
];

export const RECORD_KINDS: readonly RecordKind[] = [
  {
    noun: 'recipe',
    plural: 'recipes',
    title: 'Recipe book',
    phrases: ['recipe book', 'recipe box', 'recipe collection', 'recipe manager', 'recipe organizer', 'recipe app', 'recipes', 'cookbook'],
    fields: ['name', 'ingredients', 'steps', 'prep minutes', 'category'],
  },
  {
    noun: 'contact',
    plural: 'contacts',
    title: 'Contacts',
    phrases: ['contacts', 'contact list', 'contact manager', 'address book', 'phone book', 'crm'],
    fields: ['name', 'email', 'phone', 'company', 'notes'],
  },
  {
    noun: 'item',
    plural: 'items',
    title: 'Inventory',
    phrases: ['inventory', 'stock list', 'stock tracker', 'stock levels', 'pantry'],
    fields: ['name', 'quantity', 'location', 'price'],
  },
  {
    noun: 'book',
    plural: 'books',
    title: 'Reading log',
    phrases: ['reading log', 'reading list', 'reading tracker', 'book tracker', 'book log', 'bookshelf', 'books'],
    fields: ['title', 'author', 'pages', 'finished', 'rating', 'notes'],
  },
  {
    noun: 'workout',
    plural: 'workouts',
    title: 'Workout log',
    phrases: ['workout log', 'workout tracker', 'workouts', 'workout', 'exercise log', 'gym log', 'training log', 'fitness log'],
    fields: ['exercise', 'date', 'sets', 'reps', 'weight', 'notes'],
  },
  {
    noun: 'movie',
    plural: 'movies',
    title: 'Watchlist',
    phrases: ['watchlist', 'movie log', 'movie list', 'movie collection', 'film log', 'movies', 'films'],
    fields: ['title', 'year', 'rating', 'notes'],
  },
  {
    noun: 'plant',
    plural: 'plants',
    title: 'Plants',
    phrases: ['plants', 'plant tracker', 'plant care', 'plant watering', 'watering schedule', 'houseplants'],
    fields: ['name', 'species', 'watered', 'notes'],
  },
];

/** Words that end a "with ..." list or are no field: "with search and export" names features, not fields. */
const NOT_FIELDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'my',
  'their',
  'its',
  'each',
  'every',
  'some',
  'optional',
  'field',
  'fields',
  'column',
  'columns',
  'for',
  'of',
]);

function fieldKindOf(label: string): FieldKind {
  const words = tokenize(label);
  const last = words[words.length - 1] ?? '';
  // "phone number" is a phone and "date of birth" a date, whatever the last word says.
  const telling = KIND_WORDS.find(([kind, names]) => ['date', 'email', 'phone', 'url'].includes(kind) && names.some((name) => words.includes(name)));
  return telling?.[0] ?? KIND_WORDS.find(([, names]) => names.includes(last))?.[0] ?? 'text';
}

export function fieldOf(name: string, kind: FieldKind = fieldKindOf(name)): RecordField {
  const words = tokenize(name);
  const label = words.join(' ');
  return { key: words.join('_').replace(/[^a-z0-9_]/g, '') || 'field', label: label[0].toUpperCase() + label.slice(1), kind };
}

/** "with ingredients, steps and a photo" → ["ingredients", "steps", "photo"]: the fields a prompt names. */
const COMMON_PHRASES = COMMON_FEATURES.flatMap((feature) => feature.phrases);
const NOT_FIELD_WORDS = ['dark', 'mode', 'theme', 'sort', 'sorting', 'sortable', 'edit', 'delete', 'add', 'remove'];

/** "with search and export" names features, not fields. */
function namesAFeature(words: readonly string[]): boolean {
  return containsPhrase(words, COMMON_PHRASES) || words.some((word) => NOT_FIELD_WORDS.includes(word));
}

export function namedFields(text: string): string[] {
  const match = /\b(?:with|including|fields?|columns?|has|have|storing)\b:?\s+([^.;!?()]+)/i.exec(text);
  if (!match) return [];
  const items = match[1].split(/,|\band\b|\bor\b|&|\//i).map((item) => tokenize(item).filter((word) => !NOT_FIELDS.has(word)));
  return items.filter((words) => words.length > 0 && words.length <= 3 && !namesAFeature(words)).map((words) => words.join(' '));
}

function recordKindIn(text: string): RecordKind | null {
  const tokens = tokenize(text);
  let best: { kind: RecordKind; start: number } | null = null;
  for (const kind of RECORD_KINDS) {
    const first = findPhrases(tokens, kind.phrases)[0];
    if (first && (!best || first.start < best.start)) best = { kind, start: first.start };
  }
  return best?.kind ?? null;
}

const COLLECTION_WORDS = ['log', 'tracker', 'collection', 'catalog', 'catalogue', 'database', 'directory', 'register', 'list'];

/** "a vinyl collection with artist, album and year": a kind of record the catalogue does not know, named by the user. */
function genericKind(text: string): RecordKind | null {
  const match = new RegExp(`\\b((?:[a-z]+\\s+){1,2})(${COLLECTION_WORDS.join('|')})\\b`, 'i').exec(text.toLowerCase());
  const subject = match ? tokenize(match[1]).filter((word) => !NOT_FIELDS.has(word) && !['simple', 'small', 'personal'].includes(word)) : [];
  if (!match || subject.length === 0) return null;
  const title = `${subject.join(' ')} ${match[2]}`;
  return { noun: 'entry', plural: 'entries', title: title[0].toUpperCase() + title.slice(1), phrases: [], fields: [] };
}

/**
 * The records a prompt asks to keep: a kind the catalogue knows ("recipes"), or a collection the prompt
 * names with at least two fields ("a vinyl collection with artist, album and year"). Fields the prompt
 * names come first; the kind's usual fields fill in after them.
 */
export function inferRecordSchema(text: string): RecordSchema | null {
  const named = namedFields(text);
  const kind = recordKindIn(text) ?? (named.length >= 2 ? genericKind(text) : null);
  if (!kind) return null;
  const names = [...(recordKindIn(text) ? kind.fields.slice(0, 1) : []), ...named, ...kind.fields];
  const fields: RecordField[] = [];
  for (const name of names) {
    const field = fieldOf(name);
    if (!fields.some((known) => known.key === field.key || `${known.key}s` === field.key || known.key === `${field.key}s`)) fields.push(field);
  }
  return { title: kind.title, noun: kind.noun, plural: kind.plural, fields: fields.slice(0, 8) };
}

function pluralOf(noun: string): string {
  return RECORD_KINDS.find((kind) => kind.noun === noun)?.plural ?? (/[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`);
}

const FIELDS_FEATURE = /^Each (.+?) in the (.+?) has: (.+)$/;

/** The plan's line for the schema: "Each recipe in the Recipe book has: name, ingredients (list), prep minutes (number)". */
export function schemaFeature(schema: RecordSchema): string {
  const fields = schema.fields.map((field) => (field.kind === 'text' ? field.label.toLowerCase() : `${field.label.toLowerCase()} (${field.kind})`));
  return `Each ${schema.noun} in the ${schema.title} has: ${fields.join(', ')}`;
}

const FIELD_KINDS: readonly FieldKind[] = ['text', 'longtext', 'list', 'number', 'date', 'rating', 'email', 'phone', 'url'];

/** The schema a plan's feature line describes, or null when the line is not one. */
export function schemaFromFeature(feature: string): RecordSchema | null {
  const match = FIELDS_FEATURE.exec(feature.trim());
  if (!match) return null;
  const fields = match[3].split(',').flatMap((part) => {
    const field = /^\s*(.+?)\s*(?:\((\w+)\))?\s*$/.exec(part);
    const kind = FIELD_KINDS.find((known) => known === field?.[2]) ?? 'text';
    return field && tokenize(field[1]).length > 0 ? [fieldOf(field[1], kind)] : [];
  });
  if (fields.length === 0) return null;
  const noun = match[1];
  return { title: match[2], noun, plural: pluralOf(noun), fields };
}

import { feature, type Archetype, type FeatureDefinition } from './archetype-types';
import { COMMON_FEATURES } from './feature-catalogue';
import { RECORD_KINDS } from './record-schema';

/** Sections a landing page gets when the prompt names them ("a menu section and opening hours"). */
export const LANDING_SECTIONS: readonly FeatureDefinition[] = [
  feature('Menu section with dishes and prices', 'menu', 'menus', 'dishes', 'drinks'),
  feature('Opening hours section', 'opening hours', 'opening times', 'open hours', 'business hours', 'hours'),
  feature('Team section', 'team', 'staff', 'our people', 'founders', 'team members'),
  feature('Contact section with address and a message form', 'contact', 'contact form', 'contact us', 'contact details', 'get in touch', 'address'),
  feature('Photo gallery section', 'gallery', 'photo gallery', 'photos', 'pictures', 'portfolio'),
  feature('About section', 'about us', 'about section', 'our story', 'story'),
  feature('Events section', 'events', 'upcoming events', 'schedule', 'dates'),
];

const [, PERSISTENCE, SEARCH, EXPORT] = COMMON_FEATURES.map((definition) => definition.label);

/** The archetypes added after the first thirteen: small tools people ask for by name, and lists of records. */
export const MORE_ARCHETYPES: readonly Archetype[] = [
  {
    key: 'UNIT_CONVERTER',
    name: 'unit converter',
    phrases: ['unit converter', 'units converter', 'converter', 'unit conversion', 'conversion', 'convert units', 'metric converter'],
    baseFeatures: ['Convert length, weight, temperature and volume', 'Results update as you type', 'Swap the two units', 'Keep a list of saved conversions'],
    optionalFeatures: [],
    impliedBy: [],
  },
  {
    key: 'HABITS',
    name: 'habit tracker',
    phrases: ['habit', 'habits', 'habit tracker', 'streak', 'streaks', 'daily habits', 'routine tracker'],
    baseFeatures: ['Add and delete habits', 'Weekly grid with a checkbox per habit and day', 'Move between weeks', 'Current streak per habit'],
    optionalFeatures: [],
    impliedBy: [],
  },
  {
    key: 'TIMER',
    name: 'timer',
    phrases: ['timer', 'timers', 'countdown', 'count down', 'countdown timer', 'stopwatch', 'egg timer', 'kitchen timer'],
    baseFeatures: ['Countdown from the minutes and seconds you set', 'Start, pause and reset', 'Alert when the time is up', 'Stopwatch with laps'],
    optionalFeatures: [feature('Countdown to a date and time', 'days until', 'countdown to', 'date', 'event', 'deadline', 'birthday', 'wedding')],
    impliedBy: [],
  },
  {
    key: 'FLASHCARDS',
    name: 'flashcards app',
    phrases: ['flashcard', 'flashcards', 'flash card', 'flash cards', 'study cards', 'vocabulary cards', 'memory cards'],
    baseFeatures: [
      'Add, edit and delete cards with a front and a back',
      'Study mode: flip a card, then mark it known or not yet',
      'Progress: cards known out of all cards',
      'Shuffle the deck',
    ],
    optionalFeatures: [],
    impliedBy: [],
  },
  {
    key: 'POLL',
    name: 'poll',
    phrases: ['poll', 'polls', 'voting app', 'vote', 'votes', 'voting', 'straw poll'],
    baseFeatures: [
      'A question with two or more options',
      'Vote once in this browser',
      'Live results with counts and percentages',
      'Add options and reset the votes',
    ],
    optionalFeatures: [],
    impliedBy: [],
  },
  {
    key: 'RECORDS',
    name: 'list of records',
    phrases: RECORD_KINDS.flatMap((kind) => kind.phrases),
    baseFeatures: ['Add, edit and delete records', 'Sort the list by any field', SEARCH, PERSISTENCE, EXPORT],
    optionalFeatures: [],
    impliedBy: [],
  },
];

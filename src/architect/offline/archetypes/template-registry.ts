import type { ArchetypeKey } from '../../../catalogue/archetypes';
import type { ArchetypeTemplate } from './archetype-template';
import { BLOG_TEMPLATE } from './blog.template';
import { CALCULATOR_TEMPLATE } from './calculator.template';
import { EXPENSES_TEMPLATE } from './expenses.template';
import { KANBAN_TEMPLATE } from './kanban.template';
import { LANDING_PAGE_TEMPLATE } from './landing-page.template';
import { LISTINGS_TEMPLATE } from './listings.template';
import { MUSIC_PLAYER_TEMPLATE } from './music-player.template';
import { NOTES_TEMPLATE } from './notes.template';
import { POMODORO_TEMPLATE } from './pomodoro.template';
import { QUIZ_TEMPLATE } from './quiz.template';
import { SOCIAL_FEED_TEMPLATE } from './social-feed.template';
import { TASKS_TEMPLATE } from './tasks.template';
import { TEAM_CHAT_TEMPLATE } from './team-chat.template';
import { FLASHCARDS_TEMPLATE } from './flashcards.template';
import { HABITS_TEMPLATE } from './habits.template';
import { POLL_TEMPLATE } from './poll.template';
import { RECORDS_TEMPLATE } from './records.template';
import { TIMER_TEMPLATE } from './timer.template';
import { UNIT_CONVERTER_TEMPLATE } from './unit-converter.template';

/** One template per archetype the consultant knows: the type makes a missing one a compile error. */
export const OFFLINE_TEMPLATES: Readonly<Record<ArchetypeKey, ArchetypeTemplate>> = {
  TASKS: TASKS_TEMPLATE,
  NOTES: NOTES_TEMPLATE,
  CALCULATOR: CALCULATOR_TEMPLATE,
  KANBAN: KANBAN_TEMPLATE,
  POMODORO: POMODORO_TEMPLATE,
  QUIZ: QUIZ_TEMPLATE,
  EXPENSES: EXPENSES_TEMPLATE,
  LANDING_PAGE: LANDING_PAGE_TEMPLATE,
  BLOG: BLOG_TEMPLATE,
  SOCIAL_FEED: SOCIAL_FEED_TEMPLATE,
  TEAM_CHAT: TEAM_CHAT_TEMPLATE,
  MUSIC_PLAYER: MUSIC_PLAYER_TEMPLATE,
  LISTINGS: LISTINGS_TEMPLATE,
  UNIT_CONVERTER: UNIT_CONVERTER_TEMPLATE,
  HABITS: HABITS_TEMPLATE,
  TIMER: TIMER_TEMPLATE,
  FLASHCARDS: FLASHCARDS_TEMPLATE,
  POLL: POLL_TEMPLATE,
  RECORDS: RECORDS_TEMPLATE,
};

export function templateFor(key: ArchetypeKey): ArchetypeTemplate {
  return OFFLINE_TEMPLATES[key];
}

import type { DraftRequest } from '../../src/missions/ports/architect.port';
import type { FamousTheme } from '../../src/catalogue/famous-themes';
import { COMMON_FEATURES } from '../../src/catalogue/feature-catalogue';
import { OFFLINE_STACK } from '../../src/catalogue/offline-stack';

export const ALL_COMMON_FEATURES = COMMON_FEATURES.map((feature) => feature.label);

/** A draft request as the pipeline makes one from an approved plan. */
export function draftRequest(buildPrompt: string, features: string[] = [], theme: FamousTheme | null = null, extra: Partial<DraftRequest> = {}): DraftRequest {
  return {
    missionId: '00000000-0000-4000-8000-000000000001',
    attempt: 1,
    plan: { buildPrompt, features, stack: OFFLINE_STACK, designTarget: theme?.id ?? null },
    designImage: null,
    ...extra,
  };
}

/** A prompt naming each archetype, as a user would. */
export const ARCHETYPE_PROMPTS = {
  TASKS: 'a todo app with priorities and due dates',
  NOTES: 'a notes app',
  CALCULATOR: 'a calculator',
  KANBAN: 'a kanban board',
  POMODORO: 'a pomodoro timer',
  QUIZ: 'a quiz about general knowledge',
  EXPENSES: 'an expense tracker',
  LANDING_PAGE: 'a landing page for my bakery',
  BLOG: 'a blog',
  SOCIAL_FEED: 'a social feed',
  TEAM_CHAT: 'a team chat',
  MUSIC_PLAYER: 'a music player',
  LISTINGS: 'a rentals listings site',
  UNIT_CONVERTER: 'a unit converter for length, weight and temperature',
  HABITS: 'a habit tracker with a weekly grid of checkboxes',
  TIMER: 'a countdown timer',
  FLASHCARDS: 'flashcards for learning French',
  POLL: 'a poll for the team lunch',
  RECORDS: 'a recipe book where I can add recipes with ingredients and steps',
} as const;

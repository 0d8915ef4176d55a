import type { DesignTargetKey } from './design-target';

/**
 * A feature the offline consultant can put in a plan. The label is what the plan carries (and what the
 * architect reads); the phrases are the whole words a user says to ask for it or refuse it.
 */
export interface FeatureDefinition {
  label: string;
  phrases: readonly string[];
  /** False when no offline template builds it: the offline consultant names it as needing a model instead of planning it. */
  offline?: false;
}

/** The kinds of app the offline consultant knows how to plan. */
export type ArchetypeKey =
  | 'TASKS'
  | 'NOTES'
  | 'CALCULATOR'
  | 'KANBAN'
  | 'POMODORO'
  | 'QUIZ'
  | 'EXPENSES'
  | 'LANDING_PAGE'
  | 'BLOG'
  | 'SOCIAL_FEED'
  | 'TEAM_CHAT'
  | 'MUSIC_PLAYER'
  | 'LISTINGS'
  | 'UNIT_CONVERTER'
  | 'HABITS'
  | 'TIMER'
  | 'FLASHCARDS'
  | 'POLL'
  | 'RECORDS';

export interface Archetype {
  key: ArchetypeKey;
  /** How speech names it: "a task list". */
  name: string;
  phrases: readonly string[];
  baseFeatures: readonly string[];
  optionalFeatures: readonly FeatureDefinition[];
  /** Famous-app themes that imply this archetype when nothing else names one ("a Twitter clone"). */
  impliedBy: readonly DesignTargetKey[];
}

export const feature = (label: string, ...phrases: string[]): FeatureDefinition => ({ label, phrases });

/** A feature people ask for that only a model-written app has. */
export const modelOnly = (label: string, ...phrases: string[]): FeatureDefinition => ({ label, phrases, offline: false });

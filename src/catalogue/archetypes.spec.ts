import { ARCHETYPES, archetypeImpliedBy, detectArchetype } from './archetypes';

describe('detectArchetype', () => {
  it.each([
    ['Build a todo app', 'TASKS'],
    ['a to-do list for groceries', 'TASKS'],
    ['a task manager', 'TASKS'],
    ['a notes app', 'NOTES'],
    ['a note-taking app', 'NOTES'],
    ['a calculator', 'CALCULATOR'],
    ['a kanban board', 'KANBAN'],
    ['a kanban board for my tasks', 'KANBAN'],
    ['a task board', 'KANBAN'],
    ['a pomodoro timer', 'POMODORO'],
    ['a focus timer for studying', 'POMODORO'],
    ['a trivia quiz about space', 'QUIZ'],
    ['an expense tracker', 'EXPENSES'],
    ['track my spending', 'EXPENSES'],
    ['a landing page for my startup', 'LANDING_PAGE'],
    ['a blog about cooking', 'BLOG'],
    ['a social feed for my club', 'SOCIAL_FEED'],
    ['a news feed', 'SOCIAL_FEED'],
    ['a chat app for my team', 'TEAM_CHAT'],
    ['a music player', 'MUSIC_PLAYER'],
    ['a marketplace of rentals', 'LISTINGS'],
    ['a quiz to test my notes', 'QUIZ'],
    ['a unit converter', 'UNIT_CONVERTER'],
    ['a habit tracker with a weekly grid', 'HABITS'],
    ['a timer', 'TIMER'],
    ['a countdown to my wedding', 'TIMER'],
    ['flashcards for Spanish verbs', 'FLASHCARDS'],
    ['a poll for the team lunch', 'POLL'],
    ['a recipe book', 'RECORDS'],
    ['my reading log', 'RECORDS'],
    ['a recipe blog', 'BLOG'],
  ])('recognises %j as %s', (text, key) => {
    expect(detectArchetype(text)?.key).toBe(key);
  });

  it.each([
    'an app to calculate my age',
    'a feedback form',
    'a taskforce roster',
    'noteworthy quotes',
    'a blogger directory',
    'a weather forecast',
    'build an app',
    '',
  ])('recognises nothing in %j', (text) => {
    expect(detectArchetype(text)).toBeNull();
  });

  it('maps famous-app themes to the kind of app they imply', () => {
    expect(archetypeImpliedBy('TWITTER')?.key).toBe('SOCIAL_FEED');
    expect(archetypeImpliedBy('INSTAGRAM')?.key).toBe('SOCIAL_FEED');
    expect(archetypeImpliedBy('NOTION')?.key).toBe('NOTES');
    expect(archetypeImpliedBy('SLACK')?.key).toBe('TEAM_CHAT');
    expect(archetypeImpliedBy('SPOTIFY')?.key).toBe('MUSIC_PLAYER');
    expect(archetypeImpliedBy('AIRBNB')?.key).toBe('LISTINGS');
    expect(archetypeImpliedBy(null)).toBeNull();
  });

  it('gives every archetype a name, phrases and base features', () => {
    for (const archetype of ARCHETYPES) {
      expect(archetype.name).not.toHaveLength(0);
      expect(archetype.phrases.length).toBeGreaterThan(0);
      expect(archetype.baseFeatures.length).toBeGreaterThanOrEqual(2);
    }
  });
});

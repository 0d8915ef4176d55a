import { projectNameFor, requestedNameWords } from './project-name';

describe('projectNameFor', () => {
  it('takes the name the request asks for, however long the request is', () => {
    const long = 'a unit converter for length, weight and temperature named quarantined 11';
    expect(projectNameFor('converter', long)).toBe('quarantined-11');
    expect(projectNameFor('notes', 'a notes app called Field Notes with tags and search')).toBe('field-notes');
    expect(projectNameFor('tasks', 'a todo list named "Grocery Buddy", with due dates')).toBe('grocery-buddy');
    expect(projectNameFor('tasks', 'a todo list called \u201cM\u00e9nage \u00e0 trois\u201d')).toBe('menage-a-trois');
    expect(projectNameFor('timer', 'a countdown timer named Launch. It counts down to launch')).toBe('launch');
  });

  it('puts the archetype in front of an asked-for name that does not start with a letter', () => {
    expect(projectNameFor('poll', 'a poll named 2027 lunch')).toBe('poll-2027-lunch');
  });

  it('keeps an asked-for name within 64 characters, cut at a word', () => {
    const name = projectNameFor('notes', `a notes app named ${'wonderful '.repeat(12)}`);
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^wonderful(-wonderful)*$/);
  });

  it('falls back to the archetype and the telling words when no name is asked for', () => {
    expect(requestedNameWords('a habit tracker named after my grandmother')).toBeNull();
    expect(requestedNameWords('a notes app named ...')).toBeNull();
    expect(projectNameFor('tasks', 'A todo app for my weekly groceries!')).toBe('tasks-todo-weekly-groceries');
    expect(projectNameFor('habits', 'a habit tracker named after my grandmother')).toBe('habits-habit-tracker-named-after');
  });
});

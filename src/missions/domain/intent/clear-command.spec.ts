import { isClearProjectsCommand } from './clear-command';

describe('isClearProjectsCommand', () => {
  it.each([
    'clear all projects',
    'Clear my projects.',
    'please clear the project list',
    'delete all missions',
    'clear everything',
    'Clear all',
    'CLEAR ALL PROJECTS!',
    'clear projects',
    'clear the projects',
    'clear all my projects please',
    'clear all of my projects',
    'archive my projects',
    'archive all missions',
    'remove all my builds',
    'wipe everything',
    'reset all projects',
    'clear out my old projects',
    'clear the mission list',
    'clear my project history',
    'Can you clear all projects?',
    'could you please clear my projects',
    'Hey Gantry, clear all projects.',
    'clear all projects now',
    'clear all projects, thanks',
    'delete all previous missions',
  ])('treats %j as the command', (text) => {
    expect(isClearProjectsCommand(text)).toBe(true);
  });

  it.each([
    'Build a calculator with a clear all button',
    'an app to clear all completed todos',
    'a todo list where I can clear all finished tasks',
    'clear all completed todos',
    'make a form with a clear all fields button',
    'clear everything from the canvas when I press escape',
    'build me a project list app',
    'a kanban board to clear my projects faster',
    'I want to clear all projects from my head, build a meditation timer',
    'delete the project',
    'remove the timer',
    'remove everything',
    'delete everything',
    'clear',
    'projects',
    'all projects',
    'what happens if I clear all projects?',
    'do not clear my projects',
    "don't delete all missions",
    'clear all projects and build a blog',
    '',
  ])('does not treat %j as the command', (text) => {
    expect(isClearProjectsCommand(text)).toBe(false);
  });

  it('reads hidden and look-alike spellings as the words they show', () => {
    expect(isClearProjectsCommand('cl\u0435ar my pr\u043ejects')).toBe(true);
    expect(isClearProjectsCommand('clear\u200b all')).toBe(true);
    expect(isClearProjectsCommand('a calculator with a cl\u0435ar all button')).toBe(false);
  });
});

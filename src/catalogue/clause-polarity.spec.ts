import { findMentions, lastPolarity, refusedTargets, splitClauses } from './clause-polarity';

const polarityOf = (text: string, phrase: string) => lastPolarity(splitClauses(text), [phrase]);

describe('clause polarity', () => {
  it.each([
    ['a todo list with dark mode', 'dark mode', 'wanted'],
    ['a todo list without dark mode', 'dark mode', 'refused'],
    ['no dark mode', 'dark mode', 'refused'],
    ['dark mode but no export', 'dark mode', 'wanted'],
    ['dark mode but no export', 'export', 'refused'],
    ['no, add search', 'search', 'wanted'],
    ['remove the timer', 'timer', 'refused'],
    ['remove the timer and add dark mode', 'dark mode', 'wanted'],
    ['remove timer and add dark mode', 'timer', 'refused'],
    ["don't add export", 'export', 'refused'],
    ['no need to add export', 'export', 'refused'],
    ["I don't want you to add export", 'export', 'refused'],
    ['without dark mode and export', 'export', 'refused'],
    ['a todo app with no login that saves offline', 'saves', 'wanted'],
    ['an expense tracker that lets me delete expenses and export to csv', 'export', 'wanted'],
    ['a todo app where I can add and delete tasks and search them', 'search', 'wanted'],
    ['I want to remove search', 'search', 'refused'],
    ['use spotify instead of twitter', 'twitter', 'refused'],
    ['use spotify instead of twitter', 'spotify', 'wanted'],
    ['no search. Actually, add search', 'search', 'wanted'],
    ['add search. Actually, no search', 'search', 'refused'],
  ])('in %j, %j is %s', (text, phrase, expected) => {
    expect(polarityOf(text, phrase)).toBe(expected);
  });

  it('reports no polarity for a phrase that is not mentioned', () => {
    expect(polarityOf('a todo list', 'search')).toBeNull();
  });

  it('keeps dotted names inside one clause', () => {
    const clauses = splitClauses('like x.com, but with next.js');
    expect(clauses.map((clause) => clause.text)).toEqual(['like x.com', 'with next.js']);
    expect(findMentions(clauses, ['x.com'])).toHaveLength(1);
  });

  it('gives the refused stretches cut at "and" and "or"', () => {
    expect(refusedTargets(splitClauses('remove the priorities and search, add tags'))).toEqual([['the', 'priorities'], ['search']]);
    expect(refusedTargets(splitClauses('without likes or comments'))).toEqual([['likes'], ['comments']]);
    expect(refusedTargets(splitClauses('add search'))).toEqual([]);
  });
});

import { isConfirmation, isRevision } from './confirmation';

describe('isConfirmation', () => {
  it.each([
    'yes',
    'Yes.',
    'YES!!!',
    'yeah',
    'yep',
    'yup',
    'sure',
    'Sure thing!',
    'ok',
    'OK',
    'okay',
    'Okay!',
    'k',
    'alright',
    'go',
    'go ahead',
    'Go ahead, please.',
    'ship it',
    'Ship it!',
    'build it',
    'Build it now',
    'do it',
    "let's go",
    'lets go',
    'Let’s go!',
    "let's do it",
    'sounds good',
    'Sounds good to me.',
    'sounds great, thanks',
    'looks good',
    'Looks good, ship it!',
    'lgtm',
    'approved',
    'Approved.',
    'confirmed',
    'I confirm',
    'proceed',
    'Please proceed.',
    'go for it',
    'perfect',
    'Perfect, thanks!',
    'great',
    'good',
    'fine',
    'excellent, go ahead',
    'absolutely',
    'of course',
    'yes please',
    'Yes, please build it.',
    'yes, build the app',
    'ok 👍',
    '👍',
    '👌',
    '✅',
    'Yes, that is exactly what I want',
    "that's great, let's build it",
    'no problem, go ahead',
    'works for me',
    'good to go',
    'hey gantry, yes go ahead',
    '  yes  ',
  ])('approves %j', (text) => {
    expect(isConfirmation(text)).toBe(true);
  });

  it.each([
    ['facebook', 'contains "ok" only as a substring'],
    ['logo', 'contains "go" only as a substring'],
    ['ensure', 'contains "sure" only as a substring'],
    ['good morning google', 'greets, approves nothing'],
    ['token', 'contains "ok" only as a substring'],
    ['eyes', 'contains "yes" only as a substring'],
    ['make it blue', 'revises'],
    ['measure', 'contains "sure" only as a substring'],
    ['a category picker', 'contains "go" only as a substring'],
    ['book', 'contains "ok" only as a substring'],
    ['yesterday', 'contains "yes" only as a substring'],
    ['going', 'is not an approval on its own'],
    ['yes but add dark mode', 'approves and revises'],
    ['ok, no, add search', 'approves and revises'],
    ['sure, without the timer', 'approves and revises'],
    ['yes, change the stack to vue', 'approves and revises'],
    ['yes and also a timer', 'adds something'],
    ['yes, make it blue', 'approves and revises'],
    ['ok, replace the chart with a table', 'revises'],
    ['yes except the export', 'revises'],
    ['sure, use react instead', 'revises'],
    ['no', 'refuses'],
    ['nope', 'refuses'],
    ["don't build it", 'refuses'],
    ['do not proceed', 'refuses'],
    ['not yet', 'refuses'],
    ['wait', 'hesitates'],
    ['hold on', 'hesitates'],
    ['ok wait', 'hesitates'],
    ['yes dark mode', 'adds a feature without a cue word'],
    ['sure, dark theme please', 'adds a feature without a cue word'],
    ['ok, with search', 'adds a feature'],
    ['yes, a todo app with dark mode', 'describes an app'],
    ['maybe', 'is unsure'],
    ['yes maybe', 'is unsure'],
    ['', 'is empty'],
    ['   ', 'is blank'],
    ['?', 'has no words'],
    ['👎', 'disapproves'],
    ['Build a calculator', 'asks for an app'],
    ['What is the status?', 'asks a question'],
  ])('does not approve %j (it %s)', (text) => {
    expect(isConfirmation(text)).toBe(false);
  });
});

describe('isRevision', () => {
  it.each([
    'yes but add dark mode',
    'ok, no, add search',
    'sure, without the timer',
    'yes, change the stack to vue',
    'also add dark mode',
    'remove the timer',
    'no',
    "don't add export",
    'replace the chart',
    'use spotify instead',
    'make it blue',
    'everything except export',
  ])('finds a revision cue in %j', (text) => {
    expect(isRevision(text)).toBe(true);
  });

  it.each(['yes', 'go ahead', 'no problem, go ahead', 'sounds good', 'facebook', 'nobody', 'notebook', 'addition', 'butter'])(
    'finds no revision cue in %j',
    (text) => {
      expect(isRevision(text)).toBe(false);
    },
  );

  it('reads hidden and look-alike spellings as the words they show', () => {
    expect(isConfirmation('y\u200bes, go a\u00adhead')).toBe(true);
    expect(isConfirmation('\u0443\u0435s')).toBe(true); // Cyrillic у and е
    expect(isRevision('yes b\u200dut add search')).toBe(true);
    expect(isConfirmation('yes b\u200dut add search')).toBe(false);
  });
});

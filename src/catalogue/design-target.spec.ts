import { DESIGN_TARGET_KEYS, DESIGN_TARGET_NAMES, detectDesignTarget, isDesignTargetKey } from './design-target';

describe('detectDesignTarget', () => {
  it('knows the eight famous-app themes', () => {
    expect(DESIGN_TARGET_KEYS).toEqual(['LINKEDIN', 'TWITTER', 'INSTAGRAM', 'FACEBOOK', 'SLACK', 'SPOTIFY', 'NOTION', 'AIRBNB']);
    expect(Object.keys(DESIGN_TARGET_NAMES).sort()).toEqual([...DESIGN_TARGET_KEYS].sort());
  });

  it.each([
    ['Build an Instagram clone', 'INSTAGRAM'],
    ['something like insta for my cat pictures', 'INSTAGRAM'],
    ['a photo sharing app', 'INSTAGRAM'],
    ['a photo-sharing site', 'INSTAGRAM'],
    ["Instagram's explore page", 'INSTAGRAM'],
    ['a LinkedIn-style profile page', 'LINKEDIN'],
    ['a professional network for nurses', 'LINKEDIN'],
    ['a professional social network', 'LINKEDIN'],
    ['a twitter clone', 'TWITTER'],
    ['an app to schedule tweets', 'TWITTER'],
    ['write a tweet', 'TWITTER'],
    ['something like x.com', 'TWITTER'],
    ['a microblog', 'TWITTER'],
    ['a facebook clone', 'FACEBOOK'],
    ['an FB-style wall', 'FACEBOOK'],
    ['a social network for dogs', 'FACEBOOK'],
    ['a slack clone', 'SLACK'],
    ['team chat for my company', 'SLACK'],
    ['a spotify player', 'SPOTIFY'],
    ['a music streaming app', 'SPOTIFY'],
    ['a notion-like editor', 'NOTION'],
    ['an airbnb for tents', 'AIRBNB'],
    ['vacation rentals by the sea', 'AIRBNB'],
    ['a Twitter clone with Slack-style chat', 'TWITTER'],
    ['Slack-style chat in a Twitter clone', 'SLACK'],
  ])('finds the theme in %j', (text, expected) => {
    expect(detectDesignTarget(text)).toBe(expected);
  });

  it.each([
    'install the app on my phone',
    'instant messaging',
    'an instance manager for my servers',
    'a booking system for my salon',
    'a shared workspace for notes',
    'a todo list',
    'a fabulous fbi dossier',
    'the next thing',
    'slacker', // "slack" only as part of a word
    'notional value calculator',
    'microblogging' + 'platform',
    '',
  ])('finds no theme in %j', (text) => {
    expect(detectDesignTarget(text)).toBeNull();
  });

  it('tells a key from any other string', () => {
    expect(isDesignTargetKey('SPOTIFY')).toBe(true);
    expect(isDesignTargetKey('spotify')).toBe(false);
    expect(isDesignTargetKey('MYSPACE')).toBe(false);
  });
});

import { earliestKey, tokenize } from '../kernel/text/phrase-tokens';

/**
 * Which famous app a request wants to look like. Whole words and phrases only: the Python Gantry matched
 * substrings, so "install" or "instance" got the Instagram theme, and "booking" and "workspace" got
 * Airbnb and Notion. Those generic words are deliberately absent here.
 */

export const DESIGN_TARGET_KEYS = ['LINKEDIN', 'TWITTER', 'INSTAGRAM', 'FACEBOOK', 'SLACK', 'SPOTIFY', 'NOTION', 'AIRBNB'] as const;

export type DesignTargetKey = (typeof DESIGN_TARGET_KEYS)[number];

/** Display names, for speech only; the theme definitions themselves live with the architect. */
export const DESIGN_TARGET_NAMES: Readonly<Record<DesignTargetKey, string>> = {
  LINKEDIN: 'LinkedIn',
  TWITTER: 'Twitter/X',
  INSTAGRAM: 'Instagram',
  FACEBOOK: 'Facebook',
  SLACK: 'Slack',
  SPOTIFY: 'Spotify',
  NOTION: 'Notion',
  AIRBNB: 'Airbnb',
};

export const DESIGN_TARGET_PHRASES: Readonly<Record<DesignTargetKey, readonly string[]>> = {
  LINKEDIN: ['linkedin', 'linked in', 'professional network', 'professional networking', 'professional social network', 'job network'],
  TWITTER: ['twitter', 'tweet', 'tweets', 'tweeting', 'x.com', 'microblog', 'microblogging'],
  INSTAGRAM: ['instagram', 'insta', 'photo sharing', 'photo-sharing'],
  FACEBOOK: ['facebook', 'fb', 'social network', 'social networking'],
  SLACK: ['slack', 'team chat', 'workspace chat', 'team messaging'],
  SPOTIFY: ['spotify', 'music streaming', 'music player'],
  NOTION: ['notion'],
  AIRBNB: ['airbnb', 'vacation rental', 'vacation rentals', 'holiday rental', 'holiday rentals'],
};

const ENTRIES = DESIGN_TARGET_KEYS.map((key) => [key, DESIGN_TARGET_PHRASES[key]] as const);

export function isDesignTargetKey(value: string): value is DesignTargetKey {
  return (DESIGN_TARGET_KEYS as readonly string[]).includes(value);
}

/**
 * The target named earliest in the text ("a Twitter clone with Slack-style chat" is TWITTER); a longer
 * phrase beats a shorter one at the same place ("professional social network" is LINKEDIN, not FACEBOOK).
 */
export function detectDesignTarget(text: string): DesignTargetKey | null {
  return earliestKey(tokenize(text), ENTRIES);
}

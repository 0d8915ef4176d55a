import { findMentions, type Clause } from './clause-polarity';

/**
 * What an app built from the offline templates can never do, whatever the template: it is static HTML,
 * CSS and JavaScript with no server, no network and no model. A request that asks for one of these hears
 * so before anything is built, rather than getting a plan that quietly drops it.
 */
const LIMITS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['user accounts and sign-in', ['login', 'log in', 'sign in', 'user accounts', 'accounts', 'authentication', 'passwords', 'password']],
  ['payments', ['payment', 'payments', 'stripe', 'paypal', 'checkout', 'billing']],
  ['syncing with other services', ['sync', 'syncs', 'syncing', 'google calendar', 'integration', 'integrations', 'integrate', 'api']],
  [
    'sending email, texts or notifications',
    ['send email', 'send emails', 'emails me', 'notifications', 'notification', 'reminders', 'reminder', 'sms', 'text message'],
  ],
  ['sharing between people in real time', ['real time', 'realtime', 'multiplayer', 'collaborative', 'collaboration', 'live sync']],
  ['AI features', ['ai', 'gpt', 'chatbot', 'machine learning', 'artificial intelligence']],
  [
    'live data from the internet (weather, prices, exchange rates)',
    ['weather', 'forecast', 'stock prices', 'exchange rate', 'exchange rates', 'currency', 'currencies', 'crypto'],
  ],
];

/** The limits the clauses ask for (not those they refuse: "no login needed" asks for nothing). */
export function offlineLimitsAskedIn(clauses: readonly Clause[]): string[] {
  return LIMITS.filter(([, phrases]) => findMentions(clauses, phrases).some((mention) => mention.polarity === 'wanted')).map(([limit]) => limit);
}

export const CONFIGURE_A_MODEL = 'configure a model (GANTRY_LLM=bedrock or GANTRY_LLM=openai)';

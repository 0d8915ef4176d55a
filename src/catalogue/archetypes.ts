import type { DesignTargetKey } from './design-target';
import { earliestKey, tokenize } from '../kernel/text/phrase-tokens';
import { feature, modelOnly, type Archetype, type ArchetypeKey } from './archetype-types';
import { LANDING_SECTIONS, MORE_ARCHETYPES } from './more-archetypes';

export type { Archetype, ArchetypeKey, FeatureDefinition } from './archetype-types';

const FIRST_ARCHETYPES: readonly Archetype[] = [
  {
    key: 'TASKS',
    name: 'task list',
    phrases: ['todo', 'todos', 'to do list', 'to do app', 'task', 'tasks', 'task list', 'task manager', 'checklist'],
    baseFeatures: ['Add, complete and delete tasks', 'Priorities and due dates', 'Show all, active or completed tasks'],
    optionalFeatures: [
      feature('Tags or categories for tasks', 'tag', 'tags', 'category', 'categories', 'label', 'labels'),
      modelOnly('Drag to reorder tasks', 'drag', 'reorder', 'drag and drop'),
      modelOnly('Subtasks', 'subtask', 'subtasks'),
      modelOnly('Recurring tasks', 'recurring', 'repeat', 'repeating'),
    ],
    impliedBy: [],
  },
  {
    key: 'NOTES',
    name: 'notes app',
    phrases: ['note', 'notes', 'notepad', 'note taking', 'memo', 'memos', 'notebook', 'journal'],
    baseFeatures: ['Create, edit and delete notes', 'Note list with title and last-edited time', 'Pin important notes'],
    optionalFeatures: [
      modelOnly('Tags for notes', 'tag', 'tags', 'category', 'categories', 'label', 'labels'),
      modelOnly('Markdown formatting with preview', 'markdown', 'formatting', 'rich text'),
      modelOnly('Colour-coded notes', 'color', 'colors', 'colour', 'colours', 'colored', 'coloured'),
    ],
    impliedBy: ['NOTION'],
  },
  {
    key: 'CALCULATOR',
    name: 'calculator',
    phrases: ['calculator', 'calc'],
    baseFeatures: [
      'Add, subtract, multiply and divide',
      'Clear, clear-entry and backspace keys',
      'Keyboard input',
      'Decimal numbers and a clear division-by-zero error',
    ],
    optionalFeatures: [
      feature('History of past calculations', 'history', 'past calculations', 'log'),
      feature('Scientific functions (square root, powers, percentages)', 'scientific', 'square root', 'powers'),
      modelOnly('Memory keys (M+, M-, MR, MC)', 'memory'),
    ],
    impliedBy: [],
  },
  {
    key: 'KANBAN',
    name: 'kanban board',
    phrases: ['kanban', 'kanban board', 'task board', 'scrum board', 'trello'],
    baseFeatures: ['Columns for To do, In progress and Done', 'Add, edit and delete cards', 'Drag cards between columns'],
    optionalFeatures: [
      modelOnly('Colour labels on cards', 'label', 'labels', 'tag', 'tags', 'color', 'colors', 'colour', 'colours'),
      modelOnly('Due dates on cards', 'due date', 'due dates', 'deadline', 'deadlines'),
      feature('Work-in-progress limits per column', 'wip', 'wip limit', 'wip limits', 'work in progress limit'),
      modelOnly('Add and rename columns', 'custom columns', 'rename columns', 'new columns'),
    ],
    impliedBy: [],
  },
  {
    key: 'POMODORO',
    name: 'pomodoro timer',
    phrases: ['pomodoro', 'pomodoros', 'pomodoro timer', 'focus timer', 'study timer', 'tomato timer'],
    baseFeatures: [
      '25-minute focus sessions with 5-minute breaks',
      'Start, pause and reset the timer',
      'Sound and on-screen alert when a session ends',
      'Count of sessions completed today',
    ],
    optionalFeatures: [
      feature(
        'Custom focus and break lengths',
        'custom',
        'customizable',
        'customisable',
        'configurable',
        'adjustable',
        'length',
        'lengths',
        'duration',
        'durations',
        'settings',
      ),
      feature('Long break after every four sessions', 'long break', 'long breaks', 'longer break'),
      modelOnly('Session history and statistics', 'history', 'stats', 'statistics'),
    ],
    impliedBy: [],
  },
  {
    key: 'QUIZ',
    name: 'quiz',
    phrases: ['quiz', 'quizzes', 'trivia', 'quiz app', 'quiz game'],
    baseFeatures: ['Multiple-choice questions, one at a time', 'Score at the end with the correct answers', 'Restart the quiz'],
    optionalFeatures: [
      modelOnly('Countdown timer per question', 'timer', 'timed', 'time limit', 'countdown'),
      modelOnly('Question categories', 'category', 'categories', 'topic', 'topics'),
      feature('High-score table', 'high score', 'high scores', 'highscore', 'leaderboard', 'best score'),
      feature('Shuffled questions and answers', 'shuffle', 'shuffled', 'random', 'randomize', 'randomise'),
    ],
    impliedBy: [],
  },
  {
    key: 'EXPENSES',
    name: 'expense tracker',
    phrases: [
      'expense',
      'expenses',
      'expense tracker',
      'spending',
      'budget',
      'budgeting',
      'budget tracker',
      'personal finance',
      'finance tracker',
      'money tracker',
    ],
    baseFeatures: ['Add and delete expenses with amount, date and description', 'Totals per month'],
    optionalFeatures: [
      feature('Categories for expenses', 'category', 'categories', 'tag', 'tags'),
      modelOnly('Charts of spending by category', 'chart', 'charts', 'graph', 'graphs', 'pie chart'),
      feature('Monthly budget with a warning when it is exceeded', 'budget', 'budgets', 'limit', 'limits'),
      modelOnly('Income as well as expenses', 'income', 'earnings', 'salary'),
    ],
    impliedBy: [],
  },
  {
    key: 'LANDING_PAGE',
    name: 'landing page',
    phrases: ['landing page', 'landing', 'marketing page', 'marketing site', 'splash page', 'coming soon page', 'product page'],
    baseFeatures: [
      'Hero section with headline and call-to-action button',
      'Feature highlights section',
      'Sign-up form with validation',
      'Responsive layout for phone and desktop',
    ],
    optionalFeatures: [
      feature('Pricing table', 'pricing', 'prices', 'plans'),
      feature('Testimonials section', 'testimonial', 'testimonials', 'reviews'),
      feature('FAQ section', 'faq', 'faqs', 'questions'),
      ...LANDING_SECTIONS,
    ],
    impliedBy: [],
  },
  {
    key: 'BLOG',
    name: 'blog',
    phrases: ['blog', 'blogs', 'blogging', 'weblog'],
    baseFeatures: ['List of posts with title, date and excerpt', 'Full post page', 'Write, edit and delete posts'],
    optionalFeatures: [
      modelOnly('Comments on posts', 'comment', 'comments', 'commenting'),
      feature('Tags for posts', 'tag', 'tags', 'category', 'categories'),
      modelOnly('Markdown for post bodies', 'markdown'),
    ],
    impliedBy: [],
  },
  {
    key: 'SOCIAL_FEED',
    name: 'social feed',
    phrases: ['social feed', 'news feed', 'feed', 'social media', 'social app', 'timeline'],
    baseFeatures: ['Write and publish short posts', 'Newest-first feed of posts', 'Like posts', "Profile page with the user's posts"],
    optionalFeatures: [
      modelOnly('Comments on posts', 'comment', 'comments', 'reply', 'replies'),
      modelOnly('Image posts', 'image', 'images', 'photo', 'photos', 'picture', 'pictures'),
      modelOnly('Follow other users', 'follow', 'follows', 'following', 'followers'),
      feature('Hashtags', 'hashtag', 'hashtags'),
    ],
    impliedBy: ['TWITTER', 'INSTAGRAM', 'FACEBOOK', 'LINKEDIN'],
  },
  {
    key: 'TEAM_CHAT',
    name: 'team chat',
    phrases: ['chat', 'chat app', 'chat room', 'chatroom', 'messaging', 'messenger', 'team chat'],
    baseFeatures: ['Channels list', 'Message list with author and time', 'Message composer', 'Create a channel'],
    optionalFeatures: [
      modelOnly('Direct messages', 'direct message', 'direct messages', 'dm', 'dms'),
      modelOnly('Threaded replies', 'thread', 'threads', 'reply', 'replies'),
      modelOnly('Emoji reactions', 'emoji', 'emojis', 'reaction', 'reactions'),
    ],
    impliedBy: ['SLACK'],
  },
  {
    key: 'MUSIC_PLAYER',
    name: 'music player',
    phrases: ['music player', 'music app', 'playlist', 'playlists', 'audio player', 'mp3 player'],
    baseFeatures: [
      'Library of tracks with title, artist and length',
      'Play, pause, next and previous',
      'Now-playing bar with a progress slider',
      'Create and edit playlists',
    ],
    optionalFeatures: [
      feature('Shuffle and repeat', 'shuffle', 'repeat', 'random'),
      modelOnly('Volume control', 'volume'),
      modelOnly('Queue of upcoming tracks', 'queue', 'up next'),
    ],
    impliedBy: ['SPOTIFY'],
  },
  {
    key: 'LISTINGS',
    name: 'listings site',
    phrases: ['listings', 'listing', 'rentals', 'rental', 'marketplace', 'classifieds'],
    baseFeatures: ['Grid of listings with photo, title, price and location', 'Listing detail page', 'Search by place and price'],
    optionalFeatures: [
      feature('Favourites list', 'favourite', 'favourites', 'favorite', 'favorites', 'wishlist', 'save for later'),
      modelOnly('Map view of listings', 'map', 'maps'),
      modelOnly('Reviews and ratings', 'review', 'reviews', 'rating', 'ratings', 'stars'),
    ],
    impliedBy: ['AIRBNB'],
  },
];

export const ARCHETYPES: readonly Archetype[] = [...FIRST_ARCHETYPES, ...MORE_ARCHETYPES];

const ENTRIES = ARCHETYPES.map((archetype) => [archetype.key, archetype.phrases] as const);

export function archetypeByKey(key: ArchetypeKey): Archetype {
  const found = ARCHETYPES.find((archetype) => archetype.key === key);
  if (!found) throw new Error(`Unknown archetype ${key}`);
  return found;
}

/** The archetype named earliest in the text ("a kanban board for my tasks" is a kanban board). */
export function detectArchetype(text: string): Archetype | null {
  const key = earliestKey(tokenize(text), ENTRIES);
  return key ? archetypeByKey(key) : null;
}

export function archetypeImpliedBy(designTarget: DesignTargetKey | null): Archetype | null {
  if (!designTarget) return null;
  return ARCHETYPES.find((archetype) => archetype.impliedBy.includes(designTarget)) ?? null;
}

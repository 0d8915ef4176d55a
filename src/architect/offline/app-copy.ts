import type { ArchetypeKey } from '../../catalogue/archetypes';

/** The words a page uses about what it is for: the landing page's hero. */
export interface AppCopy {
  /** What the page is about, as the request names it ("Coffee shop"), or null. */
  subject: string | null;
  headline: string;
  tagline: string;
}

const SUBJECT =
  /\b(?:page|site|website|homepage|home page)\s+(?:for|about|of)\s+(?:(?:my|our|a|an|the)\s+)?(.+?)(?=\s+(?:with|that|which|where|including|featuring)\b|[,.;:!?(]|$)/i;

function capitalized(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

/** "Landing page for a coffee shop with a menu" is about "Coffee shop". */
export function subjectOf(request: string): string | null {
  const match = SUBJECT.exec(request.replace(/\s+/g, ' ').trim());
  const subject = match?.[1].trim().slice(0, 60) ?? '';
  return subject.length > 0 ? capitalized(subject) : null;
}

export function copyFor(archetype: ArchetypeKey, request: string): AppCopy {
  const subject = archetype === 'LANDING_PAGE' ? subjectOf(request) : null;
  return subject
    ? { subject, headline: `Welcome to ${subject}`, tagline: `Everything you need to know about ${subject.toLowerCase()}, on one page.` }
    : { subject: null, headline: "Everything you need, nothing you don't", tagline: 'A short promise that says what this product does and for whom.' };
}

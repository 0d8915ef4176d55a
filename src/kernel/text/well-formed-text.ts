/**
 * The text Gantry accepts from anyone (a person at the edge, a model's answer): well-formed Unicode (no
 * lone surrogate) without control characters, apart from tab, line feed and carriage return (a newline
 * typed on any system). U+0000 is one of them: PostgreSQL's text and jsonb cannot hold it.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What is wrong with the text, in a few words ("a control character (U+0000)"), or null when it is fine. */
export function textProblem(text: string): string | null {
  const control = CONTROL.exec(text);
  if (control) return `a control character (${codePoint(control[0])})`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `a lone surrogate (${codePoint(lone[0])}), which is not Unicode text`;
  return null;
}

/** The text without control characters (tab and newlines kept) and with each lone surrogate replaced by U+FFFD. */
export function cleanText(text: string): string {
  if (textProblem(text) === null) return text;
  return text.replace(CONTROLS, '').replace(LONE_SURROGATES, '\ufffd');
}

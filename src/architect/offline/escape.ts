/** Text for an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A JavaScript string literal that is also safe inside an HTML <script> element: JSON.stringify, plus
 * `<`, U+2028 and U+2029 escaped so that "</script>" cannot end the element.
 */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * User text quoted in Markdown prose: one line (so it cannot open a code fence, whose lines the policy
 * gate scans as code), HTML-escaped (so `<script>` stays text when a forge renders the README).
 */
export function markdownQuote(text: string, maxChars = 2000): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > maxChars ? `${oneLine.slice(0, maxChars)}…` : oneLine;
  return escapeHtml(cut).replace(/([\\`*_[\]#|])/g, '\\$1');
}

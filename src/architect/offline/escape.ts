/** Text for an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * User text quoted in Markdown prose: one line (so it cannot open a code fence, whose lines the policy
 * gate scans as code), HTML-escaped (so `<script>` stays text when a forge renders the README).
 */
export function markdownQuote(text: string, maxChars = 2000): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > maxChars ? `${oneLine.slice(0, maxChars)}…` : oneLine;
  const escaped = cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/([\\`*_[\]#|])/g, '\\$1');
}

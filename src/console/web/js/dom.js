/**
 * The console's only way to make elements. Strings always become text nodes (never HTML), event
 * handlers must be functions, and inline styles are refused (the server's CSP forbids them anyway).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) setProp(element, key, value);
  append(element, children);
  return element;
}

function setProp(element, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key === 'style' || key === 'innerHTML' || key === 'outerHTML') throw new Error(`h(): ${key} is not allowed`);
  if (key === 'class') element.className = value;
  else if (key === 'dataset') Object.assign(element.dataset, value);
  else if (key.startsWith('on')) {
    if (typeof value !== 'function') throw new Error(`h(): ${key} must be a function`);
    element.addEventListener(key.slice(2).toLowerCase(), value);
  } else element.setAttribute(key, value === true ? '' : String(value));
}

/** Appends nodes and strings (as text), skipping null, undefined and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A link target that can only be a web address or a path on this server (never `javascript:`). */
export function safeUrl(url) {
  if (typeof url !== 'string' || url.length === 0) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function externalLink(url, label, extra = {}) {
  const href = safeUrl(url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', ...extra }, label) : null;
}

export function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Small DOM and formatting helpers. Everything that comes from the API goes in through
// textContent or attributes, never through innerHTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function show(node, visible = true) {
  node.hidden = !visible;
}

/** "2030-04-02T00:00:00Z" as "2030-04-02 00:00:00 UTC"; anything unparsable as it came. */
export function fmtTime(iso) {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' UTC';
}

export function fmtDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO-8601 durations as the API writes them (PT168H, PT0S, P30D) in words. */
export function fmtDuration(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!m) return iso || '';
  const seconds = (+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
  if (seconds === 0) return 'at the time';
  if (seconds % 86400 === 0) return plural(seconds / 86400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** How far a time is from now, roughly: "in 3 days", "2 hours ago". */
export function fmtRelative(iso, now = Date.now()) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = t - now;
  const abs = Math.abs(diff);
  const units = [[86400000, 'day'], [3600000, 'hour'], [60000, 'minute']];
  for (const [ms, unit] of units) {
    if (abs >= ms) {
      const text = plural(Math.floor(abs / ms), unit);
      return diff >= 0 ? `in ${text}` : `${text} ago (overdue)`;
    }
  }
  return diff >= 0 ? 'in under a minute' : 'just now (overdue)';
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A <dl> of every field of a JSON object; nested values as compact JSON so that nothing is
 * left out, whatever fields a later version of the API adds.
 */
export function fieldList(obj) {
  const dl = el('dl', { class: 'fields' });
  for (const [key, value] of Object.entries(obj || {})) {
    dl.append(el('dt', { text: key }), el('dd', { text: fmtValue(value) }));
  }
  return dl;
}

export function fmtValue(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "+1 (415) 555-2671", "0014155552671" or "tel:+1-415-555-2671" as "+14155552671": the server does the real parsing. */
export function normaliseNumber(text) {
  let number = String(text || '').trim().replace(/^tel:/i, '').replace(/[\s\u00a0\-./()]/g, '');
  if (!number) return '';
  // No country code begins with 0: a leading 00 or 011 is a dialling prefix for abroad, not the number.
  if (!number.startsWith('+')) number = number.replace(/^(011|00)/, '');
  return number.startsWith('+') ? number : `+${number}`;
}

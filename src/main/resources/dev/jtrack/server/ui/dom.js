// DOM building and formatting helpers. Every piece of user data reaches the page through
// text nodes or attribute values set by these helpers, never through HTML parsing, so run names,
// params, tags and notes are shown literally whatever characters they hold.

/**
 * Creates an element: el('a', {href: '#/x', class: 'link'}, 'text', childNode, [more]).
 * Attribute values are set with setAttribute (no HTML parsing); keys starting with "on" take
 * functions and become event listeners. Children may be strings, numbers, nodes, arrays or null.
 */
export function el(tag, attrs, ...children) {
  const node = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

/** An SVG element (same arguments as el). */
export function svg(tag, attrs, ...children) {
  return el('svg:' + tag, attrs, ...children);
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else if (c instanceof Node) node.appendChild(c);
    else node.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces the content of node with the given children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A "2025-01-31 14:05:09" local time for epoch milliseconds; '' when absent. */
export function formatTime(ms) {
  if (ms === undefined || ms === null || ms === '') return '';
  const d = new Date(Number(ms));
  if (isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A run's duration as "850ms", "12.3s", "4m 05s", "2h 03m"; '' while unknown. */
export function formatDuration(start, end) {
  const absent = (v) => v === undefined || v === null || v === '';
  if (absent(start) || absent(end)) return '';
  const ms = Number(end) - Number(start);
  if (!(ms >= 0)) return '';
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** A metric value, compact but exact enough to tell runs apart. */
export function formatNumber(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v; // "NaN", "Infinity" as the API sends them
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}

/** Parses "a=1&b=x" (the part of the location hash after '?') into a plain object. */
export function parseQuery(q) {
  const out = {};
  for (const [k, v] of new URLSearchParams(q || '')) out[k] = v;
  return out;
}

/** Builds a hash route: route('/experiments/1', {filter: 'x'}) -> '#/experiments/1?filter=x'. */
export function route(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return '#' + path + (s ? '?' + s : '');
}

/** The list of {key, value} pairs in an API object as a Map (absent list -> empty Map). */
export function kvMap(list) {
  const m = new Map();
  for (const x of list || []) m.set(x.key, x.value);
  return m;
}

/** A red box with an error's code and message (the server's own words). */
export function errorBox(err) {
  const code = err && err.code ? err.code : 'ERROR';
  const msg = err && err.message ? err.message : String(err);
  return el('div', {class: 'error', role: 'alert'}, el('strong', {}, code), ': ', msg);
}

/** A section heading with optional extra nodes beside it. */
export function heading(text, ...extra) {
  return el('h2', {}, text, ...extra);
}

/** A simple table from column titles and row arrays (cells: strings or nodes). */
export function table(columns, rows, attrs) {
  return el('table', Object.assign({class: 'grid'}, attrs || {}),
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}

/** Tags the tools set (MLflow's mlflow.*, jtrack's jtrack.*), as opposed to the user's own. */
export function isSystemTag(key) {
  return key.startsWith('mlflow.') || key.startsWith('jtrack.');
}

/**
 * Up to n metric keys to chart first: the ones the user logged before the per-cell metrics the
 * jtrack kernel records for every session (cell_*, cells_*, total_execution_time_ms).
 */
export function defaultChartKeys(keys, n = 4) {
  const session = (k) => k.startsWith('cell_') || k.startsWith('cells_') || k === 'total_execution_time_ms';
  return [...keys.filter((k) => !session(k)), ...keys.filter(session)].slice(0, n);
}

/** Goes to a hash route; going to the current one renders it again (a repeated search refreshes). */
export function navigate(hash) {
  const before = location.href;
  location.hash = hash;
  if (location.href === before) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

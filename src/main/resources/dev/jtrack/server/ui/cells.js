// The notebook session a jtrack kernel recorded for a run (artifact session/cells.jsonl, one JSON
// object per executed cell): code, status, timing, outputs, errors and changed variables, in the
// order the cells really ran.
import * as api from './api.js';
import {el, replace, formatNumber, errorBox} from './dom.js';

export const CELLS_ARTIFACT = 'session/cells.jsonl';
const MAX_BYTES = 5 * 1024 * 1024;

/** Parses cells.jsonl; lines that are not JSON objects are reported, not dropped silently. */
export function parseCells(text) {
  const cells = [], bad = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const c = JSON.parse(line);
      if (c && typeof c === 'object' && !Array.isArray(c)) cells.push(c); else bad.push(i + 1);
    } catch (e) {
      bad.push(i + 1);
    }
  });
  return {cells, bad};
}

/** Fills box with the recorded cells of a run (the caller knows the artifact exists). */
export async function renderCells(box, view, runId) {
  replace(box, el('p', {class: 'muted'}, 'Loading cells…'));
  let file;
  try {
    file = await api.artifactText(runId, CELLS_ARTIFACT, MAX_BYTES);
  } catch (e) {
    if (view.alive()) replace(box, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const {cells, bad} = parseCells(file.text);
  replace(box,
    el('p', {class: 'muted'}, `${cells.length} cell${cells.length === 1 ? '' : 's'} in execution order`
      + (file.truncated ? ` (first ${formatNumber(MAX_BYTES / 1048576)} MiB only)` : '')),
    bad.length && !file.truncated ? errorBox({code: 'UNREADABLE_LINES', message: `Lines ${bad.join(', ')} of ${CELLS_ARTIFACT} are not JSON objects.`}) : null,
    el('ol', {class: 'cells', id: 'cells'}, cells.map((c) => cell(c, runId))));
}

function cell(c, runId) {
  const status = String(c.status || '');
  const text = (label, value, cls) => (value ? el('div', {class: 'out ' + cls}, el('span', {class: 'out-label'}, label), el('pre', {}, value)) : null);
  const images = (bundle) => (bundle && bundle.artifacts || []).map((p) => el('img', {src: api.artifactUrl(runId, p), alt: p, class: 'cell-image'}));
  const bundleView = (label, b) => (b ? [text(label, b.text, 'result'), images(b)] : null);
  const err = c.error;
  return el('li', {class: 'cell cell-' + (status || 'unknown'), 'data-order': c.order, 'data-status': status},
    el('div', {class: 'cell-head'},
      el('span', {class: 'prompt'}, `In [${c.execution_count ?? ' '}]`),
      el('span', {class: 'status ' + (status === 'ok' ? 'finished' : 'failed')}, status),
      c.duration_ms !== undefined ? el('span', {class: 'muted small'}, `${formatNumber(Math.round(c.duration_ms))} ms`) : null,
      c.start_time ? el('span', {class: 'muted small'}, c.start_time) : null),
    el('pre', {class: 'code cell-code'}, c.code || ''),
    text('stdout', c.stdout, 'stdout'),
    text('stderr', c.stderr, 'stderr'),
    bundleView('result', c.result),
    (c.outputs || []).map((o) => bundleView('display', o)),
    err ? el('div', {class: 'out error-out'}, el('strong', {}, err.class || 'Error'), ': ', err.message || '',
      Array.isArray(err.frames) && err.frames.length ? el('pre', {}, err.frames.join('\n')) : null) : null,
    (c.variables || []).length ? el('div', {class: 'vars small'}, 'Variables: ',
      c.variables.map((v) => el('code', {class: 'var'}, `${v.type || ''} ${v.name} = ${v.value ?? ''}`.trim()))) : null);
}

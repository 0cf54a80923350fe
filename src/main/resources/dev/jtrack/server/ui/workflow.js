// A workflow run's step graph (on #/runs/:id of a `jtrack run PROJECT` workflow parent): one box per
// step in dependency order (columns = how many steps lie before it), arrows from the steps it needs,
// each box showing the status and duration and linking to the step's own run. Drawn from the parent's
// jtrack.workflow.steps tag (status, run_id, needs per step) and the step runs' times.
import * as api from './api.js';
import {el, route, formatDuration} from './dom.js';

export const STEPS_TAG = 'jtrack.workflow.steps';
const BOX_W = 170, BOX_H = 54, GAP_X = 60, GAP_Y = 18, PAD = 10;

/** The "Workflow" section for a run whose tags hold the steps tag, else null. */
export function workflowSection(stepsJson, view) {
  let steps;
  try {
    steps = JSON.parse(stepsJson || 'null');
  } catch (e) {
    return el('section', {id: 'run-workflow'}, el('h2', {}, 'Workflow'),
      el('p', {class: 'error'}, `The ${STEPS_TAG} tag is not JSON: ${e.message}`));
  }
  if (!steps || typeof steps !== 'object') return null;
  const names = Object.keys(steps);
  const level = levels(steps);
  const columns = [];
  for (const name of names) (columns[level.get(name)] ||= []).push(name);
  const at = new Map();
  columns.forEach((column, x) => column.forEach((name, y) =>
    at.set(name, {x: PAD + x * (BOX_W + GAP_X), y: PAD + y * (BOX_H + GAP_Y)})));
  const width = PAD * 2 + columns.length * BOX_W + (columns.length - 1) * GAP_X;
  const height = PAD * 2 + Math.max(...columns.map((c) => c.length)) * (BOX_H + GAP_Y) - GAP_Y;

  const svg = el('svg:svg', {id: 'workflow-graph', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `workflow of ${names.length} steps`},
    el('svg:defs', {}, el('svg:marker', {id: 'workflow-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5,
      markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse'}, el('svg:path', {d: 'M 0 0 L 10 5 L 0 10 z'}))));
  for (const name of names) {
    for (const need of needsOf(steps[name])) {
      if (!at.has(need)) continue;
      const from = at.get(need), to = at.get(name);
      svg.append(el('svg:line', {class: 'workflow-edge', 'data-from': need, 'data-to': name,
        x1: from.x + BOX_W, y1: from.y + BOX_H / 2, x2: to.x, y2: to.y + BOX_H / 2, 'marker-end': 'url(#workflow-arrow)'}));
    }
  }
  const durations = new Map();
  for (const name of names) {
    const step = steps[name];
    const status = String(step.status || 'PENDING');
    const {x, y} = at.get(name);
    const duration = el('svg:text', {class: 'workflow-duration', x: x + 8, y: y + 44}, '');
    durations.set(name, duration);
    const box = el('svg:g', {class: 'workflow-step status-' + status.toLowerCase(), 'data-step': name, 'data-status': status},
      el('svg:title', {}, [name, status, step.entry_point ? 'entry point ' + step.entry_point : '', step.message || '']
        .filter(Boolean).join('\n')),
      el('svg:rect', {x, y, width: BOX_W, height: BOX_H, rx: 6}),
      el('svg:text', {class: 'workflow-name', x: x + 8, y: y + 18}, name),
      el('svg:text', {class: 'workflow-status', x: x + 8, y: y + 32}, status + (step.entry_point && step.entry_point !== name ? ' · ' + step.entry_point : '')),
      duration);
    svg.append(step.run_id ? el('svg:a', {href: route('/runs/' + step.run_id), 'data-run': step.run_id}, box) : box);
  }
  fillDurations(steps, durations, view);
  return el('section', {id: 'run-workflow'}, el('h2', {}, `Workflow (${names.length} steps)`),
    el('div', {class: 'workflow-scroll'}, svg));
}

function needsOf(step) {
  return Array.isArray(step && step.needs) ? step.needs : [];
}

/** Each step's column: 0 without needs, else one more than the furthest step it needs (cycles cut). */
function levels(steps) {
  const level = new Map();
  const visiting = new Set();
  const of = (name) => {
    if (level.has(name)) return level.get(name);
    if (visiting.has(name) || !steps[name]) return 0;
    visiting.add(name);
    const needs = needsOf(steps[name]).filter((n) => steps[n]);
    const value = needs.length ? 1 + Math.max(...needs.map(of)) : 0;
    visiting.delete(name);
    level.set(name, value);
    return value;
  };
  Object.keys(steps).forEach(of);
  return level;
}

async function fillDurations(steps, durations, view) {
  await Promise.all(Object.entries(steps).map(async ([name, step]) => {
    if (!step.run_id) return;
    try {
      const info = (await api.get('runs/get', {run_id: step.run_id})).run.info;
      if (!view.alive()) return;
      const text = formatDuration(info.start_time, info.end_time);
      durations.get(name).textContent = text ? (step.status === 'CACHED' ? 'reused · ' : '') + text : '';
    } catch (e) {
      durations.get(name).textContent = 'run not readable';
    }
  }));
}

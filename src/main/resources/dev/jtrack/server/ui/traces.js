// Traces (MLflow 3 tracing): an experiment's traces with a filter box, and one trace as a span
// tree with inputs, outputs, attributes, timings and errors. Reads MLflow's 3.0 API
// (traces/search, traces/get) through ajax-api/3.0/mlflow/.
import * as api from './api.js';
import {el, replace, route, navigate, formatTime, errorBox, table, isSystemTag} from './dom.js';

const V3 = '../../3.0/mlflow/';

/** Epoch ms of a protobuf JSON timestamp ("2025-01-01T10:00:00.250Z"). */
function timeMs(ts) {
  const t = Date.parse(ts || '');
  return isNaN(t) ? null : t;
}

/** Milliseconds of a protobuf JSON duration ("0.274s"). */
function durationMs(d) {
  if (!d || !d.endsWith('s')) return null;
  const s = Number(d.slice(0, -1));
  return isNaN(s) ? null : s * 1000;
}

function formatMs(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${Number(ms.toPrecision(3))} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** An OTLP AnyValue as a plain JS value. */
function anyValue(v) {
  if (!v) return null;
  if ('string_value' in v) return v.string_value;
  if ('int_value' in v) return Number(v.int_value);
  if ('double_value' in v) return v.double_value;
  if ('bool_value' in v) return v.bool_value;
  if ('bytes_value' in v) return v.bytes_value;
  if ('array_value' in v) return (v.array_value.values || []).map(anyValue);
  if ('kvlist_value' in v) return Object.fromEntries((v.kvlist_value.values || []).map((kv) => [kv.key, anyValue(kv.value)]));
  return null;
}

/** A span attribute: MLflow's older clients store JSON text, newer ones OTLP values. */
function attribute(span, key) {
  const a = (span.attributes || []).find((x) => x.key === key);
  if (!a) return undefined;
  const v = anyValue(a.value);
  if (typeof v === 'string') {
    try { return JSON.parse(v); } catch (e) { return v; }
  }
  return v;
}

function pretty(v) {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

function stateBadge(state) {
  return el('span', {class: 'state state-' + String(state || '').toLowerCase()}, state || '');
}

function location(expId) {
  return [{type: 'MLFLOW_EXPERIMENT', mlflow_experiment: {experiment_id: expId}}];
}

/** The traces of experiment expId, newest first, filtered by MLflow's trace filter grammar. */
export async function renderList(main, view, expId, query) {
  const filter = query.filter || '';
  const exp = (await api.get('experiments/get', {experiment_id: expId})).experiment;
  if (!view.alive()) return;
  const here = (extra) => route(`/experiments/${expId}/traces`, Object.assign({filter, page: query.page}, extra));
  const input = el('input', {type: 'search', id: 'trace-filter', class: 'filter', value: filter, spellcheck: 'false',
    placeholder: "trace.status = 'ERROR' and span.name = 'retrieve' and tag.env = 'prod'"});
  const form = el('form', {class: 'searchbar', id: 'trace-search', onsubmit: (ev) => {
    ev.preventDefault();
    navigate(here({filter: input.value.trim(), page: ''}));
  }}, input, el('button', {type: 'submit'}, 'Search'),
  el('button', {type: 'button', onclick: () => navigate(here({filter: '', page: ''}))}, 'Clear'));
  const box = el('div', {class: 'table-box'}, el('p', {class: 'muted'}, 'Loading traces…'));
  replace(main,
    el('div', {class: 'title-row'},
      el('h1', {id: 'traces-title'}, `Traces of ${exp.name}`),
      el('a', {href: route('/experiments/' + expId), id: 'runs-link'}, 'Runs')),
    form, box);
  const body = {locations: location(expId), max_results: 100, order_by: ['timestamp_ms DESC']};
  if (filter) body.filter = filter;
  if (query.page) body.page_token = query.page;
  let result;
  try {
    result = await api.post(V3 + 'traces/search', body);
  } catch (e) {
    if (view.alive()) replace(box, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const traces = result.traces || [];
  const rows = traces.map((t) => {
    const tags = Object.entries(t.tags || {}).filter(([k]) => !isSystemTag(k)).map(([k, v]) => `${k}=${v}`).join(', ');
    return [el('a', {href: route('/traces/' + t.trace_id), class: 'trace-link'}, t.trace_id),
      (t.tags || {})['mlflow.traceName'] || '', stateBadge(t.state), formatTime(timeMs(t.request_time)),
      formatMs(durationMs(t.execution_duration)), el('span', {class: 'preview'}, t.request_preview || ''),
      el('span', {class: 'preview'}, t.response_preview || ''), tags];
  });
  replace(box,
    traces.length === 0 ? el('p', {class: 'muted', id: 'no-traces'}, filter ? 'No trace matches the filter.' : 'No traces yet.')
      : table(['Trace', 'Name', 'State', 'Time', 'Duration', 'Request', 'Response', 'Tags'], rows, {id: 'traces-table'}),
    result.next_page_token && traces.length > 0
      ? el('div', {class: 'pager'}, el('a', {href: here({page: result.next_page_token}), id: 'next-traces'}, 'Next page →')) : '');
}

/** One trace: its info, assessments and the span tree. */
export async function renderTrace(main, view, traceId) {
  const trace = (await api.get(V3 + 'traces/get', {trace_id: traceId})).trace;
  if (!view.alive()) return;
  const info = trace.trace_info;
  const expId = info.trace_location && info.trace_location.mlflow_experiment
    ? info.trace_location.mlflow_experiment.experiment_id : '';
  const spans = trace.spans || [];
  const tags = Object.entries(info.tags || {});
  replace(main,
    el('div', {class: 'title-row'},
      el('h1', {id: 'trace-title'}, (info.tags || {})['mlflow.traceName'] || info.trace_id),
      el('a', {href: route(`/experiments/${expId}/traces`), id: 'trace-list-link'}, 'All traces of the experiment')),
    table(['Trace ID', 'State', 'Time', 'Duration', 'Spans'],
      [[info.trace_id, stateBadge(info.state), formatTime(timeMs(info.request_time)), formatMs(durationMs(info.execution_duration)),
        String(spans.length)]], {id: 'trace-info'}),
    tags.length ? el('details', {}, el('summary', {}, `Tags (${tags.length})`),
      table(['Key', 'Value'], tags.map(([k, v]) => [k, v]), {id: 'trace-tags'})) : '',
    el('details', {}, el('summary', {}, 'Metadata'),
      table(['Key', 'Value'], Object.entries(info.trace_metadata || {}).map(([k, v]) => [k, v]), {id: 'trace-metadata'})),
    assessments(info.assessments || []),
    el('h2', {}, 'Spans'),
    spans.length ? spanTree(spans) : el('p', {class: 'muted'}, 'No spans were stored for this trace.'));
}

function assessments(list) {
  if (list.length === 0) return '';
  const value = (a) => {
    if (a.feedback) return pretty(a.feedback.value !== undefined ? a.feedback.value : a.feedback.error);
    if (a.expectation) return a.expectation.value !== undefined ? pretty(a.expectation.value)
      : (a.expectation.serialized_value || {}).value || '';
    return '';
  };
  return el('div', {},
    el('h2', {}, 'Assessments'),
    table(['Name', 'Kind', 'Value', 'Rationale', 'Source'], list.map((a) => [a.assessment_name, a.feedback ? 'feedback' : 'expectation',
      el('pre', {class: 'value'}, value(a)), a.rationale || '', a.source ? `${a.source.source_type} ${a.source.source_id || ''}` : '']),
    {id: 'trace-assessments'}));
}

/** The spans nested under their parents (orphans at the top), each with a timing bar. */
function spanTree(spans) {
  const children = new Map();
  const ids = new Set(spans.map((s) => s.span_id));
  const starts = spans.map((s) => Number(s.start_time_unix_nano));
  const ends = spans.map((s) => Number(s.end_time_unix_nano || s.start_time_unix_nano));
  const t0 = Math.min(...starts);
  const total = Math.max(1, Math.max(...ends) - t0);
  for (const s of spans) {
    const parent = s.parent_span_id && ids.has(s.parent_span_id) ? s.parent_span_id : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  for (const list of children.values()) list.sort((a, b) => Number(a.start_time_unix_nano) - Number(b.start_time_unix_nano));
  const render = (s, depth) => {
    const start = Number(s.start_time_unix_nano);
    const end = s.end_time_unix_nano ? Number(s.end_time_unix_nano) : null;
    const ms = end === null ? null : (end - start) / 1e6;
    const error = s.status && s.status.code === 'STATUS_CODE_ERROR';
    const type = attribute(s, 'mlflow.spanType');
    const inputs = attribute(s, 'mlflow.spanInputs');
    const outputs = attribute(s, 'mlflow.spanOutputs');
    const attrs = (s.attributes || []).filter((a) => !a.key.startsWith('mlflow.'));
    const events = s.events || [];
    // Set through the CSSOM: the page's CSP refuses style attributes.
    const bar = el('span', {class: 'span-bar' + (error ? ' span-bar-error' : '')});
    bar.style.marginLeft = `${(100 * (start - t0) / total).toFixed(2)}%`;
    bar.style.width = `${Math.max(0.5, 100 * ((end || start) - start) / total).toFixed(2)}%`;
    return el('details', {class: 'span' + (error ? ' span-error' : ''), 'data-span': s.name, open: depth < 2},
      el('summary', {},
        el('span', {class: 'span-name'}, s.name), type ? el('span', {class: 'span-type'}, type) : '',
        el('span', {class: 'span-time'}, ms === null ? 'running' : formatMs(ms)),
        error ? el('span', {class: 'state state-error'}, 'ERROR') : '',
        el('span', {class: 'span-track'}, bar)),
      el('div', {class: 'span-body'},
        error && s.status.message ? el('div', {class: 'error span-status'}, s.status.message) : '',
        inputs !== undefined ? el('div', {}, el('h4', {}, 'Inputs'), el('pre', {class: 'span-inputs'}, pretty(inputs))) : '',
        outputs !== undefined ? el('div', {}, el('h4', {}, 'Outputs'), el('pre', {class: 'span-outputs'}, pretty(outputs))) : '',
        attrs.length ? el('div', {}, el('h4', {}, 'Attributes'),
          table(['Key', 'Value'], attrs.map((a) => [a.key, pretty(anyValue(a.value))]))) : '',
        events.length ? el('div', {}, el('h4', {}, 'Events'), events.map((e) => {
          const message = (e.attributes || []).find((a) => a.key === 'exception.message');
          const stack = (e.attributes || []).find((a) => a.key === 'exception.stacktrace');
          return el('div', {class: e.name === 'exception' ? 'error span-event' : 'span-event'},
            el('strong', {}, e.name), message ? ': ' + anyValue(message.value) : '',
            stack ? el('pre', {class: 'stack'}, anyValue(stack.value)) : '');
        })) : '',
        (children.get(s.span_id) || []).map((c) => render(c, depth + 1))));
  };
  return el('div', {class: 'span-tree', id: 'span-tree'}, (children.get('') || []).map((s) => render(s, 0)));
}

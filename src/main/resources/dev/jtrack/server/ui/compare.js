// Compare view (#/compare?runs=a,b,c): params and latest metrics side by side with differing rows
// marked, then a metric-history chart per chosen metric with one line per run.
import * as api from './api.js';
import {el, replace, route, kvMap, formatTime, formatDuration, formatNumber, errorBox, defaultChartKeys} from './dom.js';
import {lineChart, scatterChart} from './chart.js';

const MAX_RUNS = 100;

/** True when the values (undefined = missing) are not all the same. */
export function differs(values) {
  return new Set(values.map((v) => (v === undefined ? '\u0000missing' : String(v)))).size > 1;
}

/** Renders #/compare. */
export async function render(main, view, query) {
  const ids = (query.runs || '').split(',').map((s) => s.trim()).filter(Boolean).slice(0, MAX_RUNS);
  if (ids.length === 0) {
    replace(main, el('p', {}, 'Select runs in an experiment\'s runs table, then press Compare.'));
    return;
  }
  replace(main, el('p', {class: 'muted'}, 'Loading runs…'));
  let runs;
  try {
    runs = await Promise.all(ids.map((id) => api.get('runs/get', {run_id: id}).then((r) => r.run)));
  } catch (e) {
    if (view.alive()) replace(main, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const names = runs.map((r) => r.info.run_name || r.info.run_id);
  document.title = `Compare ${runs.length} runs · jtrack`;
  const head = el('tr', {}, el('th', {}, ''), runs.map((r, i) =>
    el('th', {}, el('a', {href: route('/runs/' + r.info.run_id)}, names[i]))));
  const section = (title, rowsData, className) => {
    const rows = rowsData.map(([key, values]) => {
      const diff = key !== 'Run ID' && differs(values);
      return el('tr', {class: diff ? 'diff' : 'same', 'data-key': key},
        el('th', {scope: 'row'}, key),
        values.map((v) => el('td', {}, v === undefined ? '—' : v)));
    });
    return [el('tr', {class: 'section'}, el('th', {colspan: runs.length + 1}, title)), rows];
  };
  const union = (f) => [...new Set(runs.flatMap((r) => (f(r) || []).map((x) => x.key)))].sort();
  const paramKeys = union((r) => r.data.params);
  const metricKeys = union((r) => r.data.metrics);
  const params = runs.map((r) => kvMap(r.data.params));
  const metrics = runs.map((r) => new Map((r.data.metrics || []).map((m) => [m.key, m.value])));
  const info = [
    ['Run ID', runs.map((r) => r.info.run_id)],
    ['Status', runs.map((r) => r.info.status)],
    ['Start time', runs.map((r) => formatTime(r.info.start_time))],
    ['Duration', runs.map((r) => formatDuration(r.info.start_time, r.info.end_time))],
    ['User', runs.map((r) => r.info.user_id || '')],
    ['Source', runs.map((r) => kvMap(r.data.tags).get('mlflow.source.name'))],
  ];
  const onlyDiff = el('input', {type: 'checkbox', id: 'only-diff', onchange: (ev) => {
    table.classList.toggle('only-diff', ev.target.checked);
  }});
  const table = el('table', {class: 'grid compare', id: 'compare-table'},
    el('thead', {}, head),
    el('tbody', {},
      section('Run', info),
      section('Parameters', paramKeys.map((k) => [k, params.map((p) => p.get(k))])),
      section('Metrics (latest)', metricKeys.map((k) => [k, metrics.map((m) => (m.has(k) ? formatNumber(m.get(k)) : undefined))]))));

  const charts = el('div', {class: 'charts', id: 'compare-charts'});
  const chosen = new Set(query.metrics ? query.metrics.split(',').filter((k) => metricKeys.includes(k)) : defaultChartKeys(metricKeys));
  const xAxis = query.x === 'time' ? 'time' : 'step';
  const logY = query.log === '1';
  const keep = (extra) => route('/compare', Object.assign({runs: ids.join(','), metrics: [...chosen].join(','),
    x: xAxis === 'time' ? 'time' : '', log: logY ? '1' : '', sx: query.sx, sy: query.sy}, extra));
  const redraw = () => drawCharts(charts, view, runs, names, defaultChartKeys(metricKeys.filter((m) => chosen.has(m)), Infinity), xAxis, logY);
  const picker = el('div', {class: 'metric-picker', id: 'metric-picker'},
    el('span', {}, 'Charts: '),
    metricKeys.map((k) => el('label', {},
      el('input', {type: 'checkbox', value: k, checked: chosen.has(k), onchange: (ev) => {
        if (ev.target.checked) chosen.add(k); else chosen.delete(k);
        history.replaceState(null, '', keep({}));
        redraw();
      }}), ' ', k)),
    el('label', {class: 'xaxis'}, ' x axis ',
      el('select', {id: 'x-axis', onchange: (ev) => { location.hash = keep({x: ev.target.value === 'time' ? 'time' : ''}); }},
        el('option', {value: 'step', selected: xAxis === 'step'}, 'step'),
        el('option', {value: 'time', selected: xAxis === 'time'}, 'relative time (s)'))),
    el('label', {}, el('input', {type: 'checkbox', id: 'log-y', checked: logY,
      onchange: (ev) => { location.hash = keep({log: ev.target.checked ? '1' : ''}); }}), ' log scale'));

  // Scatter: any numeric param or latest metric against another, one dot per run.
  const numeric = (values) => values.some((v) => v !== undefined) && values.every((v) => v === undefined || isFinite(Number(v)));
  const axes = [
    ...paramKeys.filter((k) => numeric(params.map((p) => p.get(k)))).map((k) => ['params.' + k, 'param ' + k, (i) => params[i].get(k)]),
    ...metricKeys.map((k) => ['metrics.' + k, k, (i) => metrics[i].get(k)])];
  let scatter = null;
  if (runs.length >= 2 && axes.length >= 2) {
    const find = (key, fallback) => axes.find((a) => a[0] === key) || fallback;
    const ax = find(query.sx, axes.find((a) => a[0].startsWith('params.')) || axes[0]);
    const ay = find(query.sy, axes.find((a) => a[0].startsWith('metrics.') && a !== ax) || axes[1]);
    const choose = (id, current, param) => el('select', {id, onchange: (ev) => { location.hash = keep({[param]: ev.target.value}); }},
      axes.map((a) => el('option', {value: a[0], selected: a === current}, a[1])));
    const points = runs.map((r, i) => ({name: names[i], x: Number(ax[2](i)), y: Number(ay[2](i)),
      defined: ax[2](i) !== undefined && ay[2](i) !== undefined})).filter((p) => p.defined);
    scatter = el('section', {id: 'scatter'}, el('h2', {}, 'Scatter'),
      el('div', {class: 'metric-picker'}, 'x ', choose('scatter-x', ax, 'sx'), ' y ', choose('scatter-y', ay, 'sy')),
      scatterChart({title: `${ay[1]} vs ${ax[1]}`, xLabel: ax[1], yLabel: ay[1], logY, points}));
  }

  replace(main,
    el('h1', {}, `Comparing ${runs.length} run${runs.length === 1 ? '' : 's'}`),
    el('label', {class: 'small'}, onlyDiff, ' show only rows that differ'),
    el('div', {class: 'table-box'}, table),
    el('h2', {}, 'Metric history'),
    metricKeys.length ? picker : el('p', {class: 'muted'}, 'These runs logged no metrics.'),
    charts,
    scatter);
  await redraw();
}

/** One chart per metric, one series per run, from metrics/get-history. */
export async function drawCharts(box, view, runs, names, keys, xAxis, logY) {
  // Only the latest request paints: ticking boxes quickly must not leave an older set of charts.
  const seq = (box.jtrackSeq = (box.jtrackSeq || 0) + 1);
  const current = () => view.alive() && box.jtrackSeq === seq;
  replace(box, keys.length ? el('p', {class: 'muted'}, 'Loading histories…') : null);
  let figures;
  try {
    figures = await Promise.all(keys.map(async (key) => {
      const histories = await Promise.all(runs.map((r) => api.all('GET', 'metrics/get-history',
        {run_id: r.info.run_id, metric_key: key, max_results: 25000}, 'metrics', 40)));
      const series = histories.map((h, i) => ({name: names[i], points: toPoints(h, xAxis, runs[i].info.start_time)}))
        .filter((s) => s.points.length > 0);
      return lineChart({title: key, xLabel: xAxis === 'time' ? 'seconds since run start' : 'step', integerX: xAxis !== 'time', logY, series});
    }));
  } catch (e) {
    if (current()) replace(box, errorBox(e));
    return;
  }
  if (current()) replace(box, figures);
}

/** Metric history -> chart points (x = step, or seconds since the run's start). */
export function toPoints(history, xAxis, startTime) {
  const t0 = Number(startTime) || Math.min(...history.map((m) => Number(m.timestamp)));
  return history.map((m) => ({
    x: xAxis === 'time' ? (Number(m.timestamp) - t0) / 1000 : Number(m.step || 0),
    y: typeof m.value === 'number' ? m.value : Number(m.value),
  }));
}

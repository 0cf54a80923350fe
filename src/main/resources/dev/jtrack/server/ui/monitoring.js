// A model version's monitoring page (#/models/:name/versions/:version/monitoring): the metrics
// `jtrack monitor` logged to the version's monitoring run (experiment jtrack-monitoring, tag
// jtrack.monitoring.model_uri = models:/name/version), one chart per family, step = window.
import * as api from './api.js';
import {el, replace, heading, table, formatNumber, formatTime, errorBox} from './dom.js';
import {lineChart} from './chart.js';

export const EXPERIMENT = 'jtrack-monitoring';
const MODEL_TAG = 'jtrack.monitoring.model_uri';
const LAST_ALERTS_TAG = 'jtrack.monitoring.last_alerts';

/** The link to a version's monitoring page. */
export function href(name, version) {
  return `#/models/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/monitoring`;
}

async function monitoringRun(name, version) {
  let exp;
  try {
    exp = (await api.get('experiments/get-by-name', {experiment_name: EXPERIMENT})).experiment;
  } catch (e) {
    if (e.code === 'RESOURCE_DOES_NOT_EXIST') return null;
    throw e;
  }
  const uri = `models:/${name}/${version}`.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const reply = await api.post('runs/search', {experiment_ids: [exp.experiment_id],
    filter: `tags.\`${MODEL_TAG}\` = '${uri}'`, order_by: ['start_time DESC'], max_results: 1});
  return (reply.runs || [])[0] || null;
}

async function history(runId, key) {
  return api.all('GET', 'metrics/get-history', {run_id: runId, metric_key: key, max_results: 25000}, 'metrics', 40);
}

function points(h) {
  return h.map((m) => ({x: Number(m.step || 0), y: Number(m.value)})).filter((p) => Number.isFinite(p.y));
}

export async function render(main, view, name, version) {
  replace(main, heading(`Monitoring: ${name} v${version}`), el('p', {class: 'muted'}, 'Loading…'));
  const run = await monitoringRun(name, version);
  if (!view.alive()) return;
  const back = el('p', {}, el('a', {href: `#/models/${encodeURIComponent(name)}`}, `← ${name}`));
  if (!run) {
    replace(main, heading(`Monitoring: ${name} v${version}`), back, el('p', {id: 'monitoring-empty'},
      'No inference log yet: serve this version with ', el('code', {}, 'jtrack models serve --log-predictions'),
      ' and measure it with ', el('code', {}, `jtrack monitor -m models:/${name}/${version}`), '.'));
    return;
  }
  const runId = run.info.run_id;
  const latest = new Map((run.data.metrics || []).map((m) => [m.key, m]));
  const tags = new Map((run.data.tags || []).map((t) => [t.key, t.value]));
  const keys = [...latest.keys()].sort();
  const drift = keys.filter((k) => k.endsWith('.psi'));
  const families = [
    {title: 'Drift (PSI) per window', keys: drift},
    {title: 'Kolmogorov–Smirnov per window', keys: keys.filter((k) => k.endsWith('.ks'))},
    {title: 'Requests per window', keys: keys.filter((k) => k === 'request_count')},
    {title: 'Latency per window (ms)', keys: keys.filter((k) => k.startsWith('latency_'))},
    {title: 'Error rate and alerts per window', keys: keys.filter((k) => k === 'error_rate' || k === 'alert')},
    {title: 'Accuracy / RMSE per window', keys: keys.filter((k) => k === 'accuracy' || k === 'rmse')},
  ].filter((f) => f.keys.length > 0);
  const charts = el('div', {class: 'charts', id: 'monitoring-charts'}, el('p', {class: 'muted'}, 'Loading histories…'));
  const alerts = tags.get(LAST_ALERTS_TAG);
  const lastWindow = latest.get('alert');
  replace(main, heading(`Monitoring: ${name} v${version}`), back,
    el('p', {}, 'Monitoring run ', el('a', {href: `#/runs/${runId}`, id: 'monitoring-run'}, run.info.run_name || runId),
      ` · last window ${lastWindow ? formatNumber(Number(lastWindow.step)) : '–'}`,
      lastWindow ? ` (${formatTime(Number(lastWindow.timestamp))})` : ''),
    alerts ? el('p', {class: 'error', id: 'monitoring-alerts'}, 'Last window alerts: ' + alerts)
      : el('p', {id: 'monitoring-alerts', class: 'muted'}, 'No alert in the last window.'),
    el('h2', {}, 'Last window'),
    table(['Metric', 'Value', 'Window'], keys.map((k) => [k, formatNumber(Number(latest.get(k).value)), String(latest.get(k).step || 0)]),
      {id: 'monitoring-latest'}),
    el('h2', {}, 'By window'), charts);
  try {
    const figures = await Promise.all(families.map(async (f) => {
      const series = await Promise.all(f.keys.map(async (k) => ({name: k, points: points(await history(runId, k))})));
      return lineChart({title: f.title, xLabel: 'window', integerX: true, series: series.filter((s) => s.points.length)});
    }));
    if (view.alive()) replace(charts, figures);
  } catch (e) {
    if (view.alive()) replace(charts, errorBox(e));
  }
}

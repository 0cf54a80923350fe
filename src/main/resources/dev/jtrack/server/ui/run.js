// Run detail (#/runs/:id): info, params, metrics with history charts, tags (system tags apart),
// the note / cell code, the artifacts tree with downloads and previews, logged and registered models;
// the edits (rename, delete / restore, note, tags) come from run-edit.js.
import * as api from './api.js';
import {el, replace, route, kvMap, formatTime, formatDuration, formatNumber, errorBox, table, isSystemTag, defaultChartKeys} from './dom.js';
import {drawCharts} from './compare.js';
import {renderCells, CELLS_ARTIFACT} from './cells.js';
import {runActions, noteSection, userTagsEditor, NOTE_TAG} from './run-edit.js';
import {workflowSection, STEPS_TAG} from './workflow.js';

const SYSTEM_TAG_LABELS = {
  'mlflow.source.name': 'Source',
  'mlflow.source.type': 'Source type',
  'mlflow.source.git.commit': 'Git commit',
  'mlflow.source.git.branch': 'Git branch',
  'mlflow.source.git.repoURL': 'Git repository',
  'mlflow.user': 'User',
  'mlflow.parentRunId': 'Parent run',
  'mlflow.runName': 'Run name',
};
const PREVIEWABLE = /\.(txt|log|json|ya?ml|md|csv|tsv|java|jsh|py|ipynb|xml|html?|properties|MLmodel)$|(^|\/)MLmodel$/i;

/** Renders #/runs/:id. */
export async function render(main, view, runId, query) {
  replace(main, el('p', {class: 'muted'}, 'Loading run…'));
  let run, experiment;
  try {
    run = (await api.get('runs/get', {run_id: runId})).run;
    experiment = (await api.get('experiments/get', {experiment_id: run.info.experiment_id})).experiment;
  } catch (e) {
    if (view.alive()) replace(main, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const info = run.info;
  const tags = kvMap(run.data.tags);
  const name = info.run_name || tags.get('mlflow.runName') || info.run_id;
  const metrics = [...(run.data.metrics || [])].sort((a, b) => a.key.localeCompare(b.key));
  const params = [...(run.data.params || [])].sort((a, b) => a.key.localeCompare(b.key));
  const userTags = [...tags].filter(([k]) => !isSystemTag(k)).sort();
  const systemTags = [...tags].filter(([k]) => isSystemTag(k) && k !== NOTE_TAG
    && k !== 'mlflow.log-model.history' && k !== STEPS_TAG).sort();
  const note = tags.get(NOTE_TAG);
  document.title = name + ' · jtrack';

  const charts = el('div', {class: 'charts', id: 'run-charts'});
  const chosen = new Set(defaultChartKeys(metrics.map((m) => m.key)));
  const redraw = () => drawCharts(charts, view, [run], [name], defaultChartKeys(metrics.map((m) => m.key).filter((k) => chosen.has(k)), Infinity), 'step');
  const metricRows = metrics.map((m) => [
    el('label', {}, el('input', {type: 'checkbox', checked: chosen.has(m.key), onchange: (ev) => {
      if (ev.target.checked) chosen.add(m.key); else chosen.delete(m.key);
      redraw();
    }}), ' ', m.key),
    formatNumber(m.value), String(m.step ?? 0), formatTime(m.timestamp)]);

  const artifacts = el('div', {class: 'artifacts', id: 'artifacts'});
  const preview = el('div', {class: 'preview', id: 'artifact-preview'});

  replace(main,
    el('div', {class: 'title-row'},
      el('h1', {id: 'run-title'}, name),
      info.lifecycle_stage === 'deleted' ? el('span', {class: 'badge deleted', id: 'run-deleted'}, 'deleted') : null,
      el('a', {href: route('/experiments/' + info.experiment_id)}, '← ' + experiment.name)),
    runActions(info, name),
    el('section', {id: 'run-info'}, el('h2', {}, 'Run'), kvTable([
      ['Run ID', info.run_id],
      ['Experiment', el('a', {href: route('/experiments/' + info.experiment_id)}, `${experiment.name} (#${info.experiment_id})`)],
      ['Status', el('span', {class: 'status ' + String(info.status).toLowerCase()}, info.status)],
      ['Start time', formatTime(info.start_time)],
      ['End time', formatTime(info.end_time)],
      ['Duration', formatDuration(info.start_time, info.end_time)],
      ['User', info.user_id || ''],
      ['Lifecycle', info.lifecycle_stage],
      ['Artifact URI', info.artifact_uri || ''],
    ])),
    workflowSection(tags.get(STEPS_TAG), view),
    el('section', {id: 'run-params'}, el('h2', {}, `Parameters (${params.length})`),
      params.length ? table(['Name', 'Value'], params.map((p) => [p.key, el('span', {class: 'value'}, p.value)])) : none()),
    el('section', {id: 'run-metrics'}, el('h2', {}, `Metrics (${metrics.length})`),
      metrics.length ? table(['Name (tick to chart)', 'Latest value', 'Step', 'Time'], metricRows) : none(), charts),
    el('section', {id: 'run-tags'}, el('h2', {}, `Tags (${userTags.length})`),
      userTagsEditor(info.run_id, userTags),
      el('h3', {}, 'System tags'),
      systemTags.length ? table(['Tag', 'Meaning', 'Value'], systemTags.map(([k, v]) => [k, SYSTEM_TAG_LABELS[k] || '', systemValue(k, v, tags)])) : none()),
    noteSection(info.run_id, note),
    el('section', {id: 'run-artifacts'}, el('h2', {}, 'Artifacts'), el('div', {class: 'artifact-pane'}, artifacts, preview)),
    datasets(run.inputs),
    loggedModels(tags.get('mlflow.log-model.history'), info.run_id),
    modelOutputs(run.outputs, info.experiment_id),
    el('section', {id: 'run-registered'}, el('h2', {}, 'Registered model versions'), el('div', {id: 'registered-versions'}, el('p', {class: 'muted'}, 'Loading…'))),
    el('section', {id: 'run-cells', hidden: true}, el('h2', {}, 'Notebook cells'), el('div', {id: 'cells-box'})));

  redraw();
  loadArtifacts(artifacts, preview, view, info.run_id, '');
  showCellsIfRecorded(main.querySelector('#run-cells'), view, info.run_id);
  registeredVersions(main.querySelector('#registered-versions'), view, info.run_id);
}

/** Shows the jtrack kernel's recorded cells when the run has session/cells.jsonl. */
async function showCellsIfRecorded(section, view, runId) {
  let listing;
  try {
    listing = await api.get('artifacts/list', {run_id: runId, path: 'session'});
  } catch (e) {
    return; // the artifacts section already shows why listing fails
  }
  if (!view.alive() || !(listing.files || []).some((f) => f.path === CELLS_ARTIFACT && !f.is_dir)) return;
  section.hidden = false;
  await renderCells(section.querySelector('#cells-box'), view, runId);
}

function none() {
  return el('p', {class: 'muted'}, 'None.');
}

function kvTable(rows) {
  return el('table', {class: 'grid kv'}, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', {scope: 'row'}, k), el('td', {}, v)))));
}

function systemValue(key, value, tags) {
  if (key === 'mlflow.parentRunId') return el('a', {href: route('/runs/' + value)}, value);
  if (key === 'mlflow.source.git.commit') {
    const repo = tags.get('mlflow.source.git.repoURL') || '';
    const web = /^https:\/\/(github\.com|gitlab\.com)\//.test(repo) ? repo.replace(/\.git$/, '') + '/commit/' + value : null;
    return web ? el('a', {href: web, rel: 'noopener noreferrer', target: '_blank'}, el('code', {}, value)) : el('code', {}, value);
  }
  return el('span', {class: 'value'}, value);
}

/** Lists one directory level; directories open (lazily) on click; files download or preview. */
async function loadArtifacts(box, preview, view, runId, path) {
  let reply;
  try {
    reply = await api.get('artifacts/list', path ? {run_id: runId, path} : {run_id: runId});
  } catch (e) {
    if (view.alive()) replace(box, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const files = (reply.files || []).sort((a, b) => (b.is_dir - a.is_dir) || a.path.localeCompare(b.path));
  if (!files.length) {
    replace(box, el('p', {class: 'muted'}, path ? 'Empty.' : 'No artifacts.'));
    return;
  }
  replace(box, el('ul', {class: 'tree'}, files.map((f) => {
    const base = f.path.split('/').pop();
    if (f.is_dir) {
      const child = el('div', {class: 'children', hidden: true});
      let loaded = false;
      return el('li', {class: 'dir', 'data-path': f.path},
        el('button', {type: 'button', class: 'linkish', onclick: () => {
          child.hidden = !child.hidden;
          if (!loaded) { loaded = true; loadArtifacts(child, preview, view, runId, f.path); }
        }}, '▸ ' + base + '/'), child);
    }
    return el('li', {class: 'file', 'data-path': f.path},
      el('a', {href: api.artifactUrl(runId, f.path), download: base}, base),
      el('span', {class: 'muted small'}, ' ' + sizeText(f.file_size)),
      PREVIEWABLE.test(f.path) ? el('button', {type: 'button', class: 'linkish small', onclick: () => showPreview(preview, runId, f.path)}, 'view') : null);
  })));
}

async function showPreview(box, runId, path) {
  replace(box, el('p', {class: 'muted'}, 'Loading ' + path + '…'));
  try {
    const r = await api.artifactText(runId, path);
    replace(box, el('h3', {}, path), el('pre', {class: 'code'}, r.text),
      r.truncated ? el('p', {class: 'muted'}, `Showing the first part of ${sizeText(r.size)}; download for the rest.`) : null);
  } catch (e) {
    replace(box, errorBox(e));
  }
}

/** "1.2 KiB" and the like. */
export function sizeText(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = Number(n), u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return (u === 0 ? String(v) : v.toFixed(1)) + ' ' + units[u];
}

function datasets(inputs) {
  const list = (inputs && inputs.dataset_inputs) || [];
  if (!list.length) return null;
  return el('section', {id: 'run-datasets'}, el('h2', {}, `Datasets (${list.length})`),
    table(['Name', 'Digest', 'Context', 'Source type', 'Source'], list.map((d) => {
      const ds = d.dataset || {};
      return [ds.name || '', el('code', {}, ds.digest || ''), kvMap(d.tags).get('mlflow.data.context') || '',
        ds.source_type || '', el('span', {class: 'small'}, ds.source || '')];
    })));
}

function loggedModels(historyJson, runId) {
  if (!historyJson) return null;
  let entries;
  try {
    entries = JSON.parse(historyJson);
  } catch (e) {
    return el('section', {id: 'run-models'}, el('h2', {}, 'Logged models'),
      errorBox({code: 'BAD_TAG', message: 'mlflow.log-model.history is not valid JSON.'}));
  }
  if (!Array.isArray(entries)) entries = [entries];
  return el('section', {id: 'run-models'}, el('h2', {}, `Logged models (${entries.length})`),
    table(['Artifact path', 'Flavors', 'Created', 'Model UUID'], entries.map((m) => [
      m.artifact_path || '',
      Object.keys(m.flavors || {}).join(', '),
      m.utc_time_created || '',
      m.model_uuid || ''])));
}

/** The MLflow 3 logged models the run produced (runs/get's outputs), linking to their pages. */
function modelOutputs(outputs, expId) {
  const list = (outputs && outputs.model_outputs) || [];
  if (!list.length) return null;
  return el('section', {id: 'run-model-outputs'}, el('h2', {}, `Model outputs (${list.length})`),
    table(['Model', 'Step'], list.map((m) => [
      el('a', {href: route(`/experiments/${expId}/models/${m.model_id}`), class: 'model-output-link'}, m.model_id),
      String(m.step || 0)])));
}

async function registeredVersions(box, view, runId) {
  let versions;
  try {
    versions = await api.all('GET', 'model-versions/search', {filter: `run_id = '${runId}'`, max_results: 200}, 'model_versions', 5);
  } catch (e) {
    if (view.alive()) replace(box, e.code === 'ENDPOINT_NOT_FOUND' ? none() : errorBox(e));
    return;
  }
  if (!view.alive()) return;
  replace(box, versions.length ? table(['Model', 'Version', 'Stage', 'Aliases'], versions.map((v) => [
    el('a', {href: route('/models/' + encodeURIComponent(v.name))}, v.name), String(v.version), v.current_stage || '',
    (v.aliases || []).join(', ')])) : none());
}

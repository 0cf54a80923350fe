// MLflow 3 logged models: an experiment's logged models (#/experiments/:id/models, MLflow's own
// route) with a filter box, and one model's page (#/experiments/:id/models/:model_id) with its
// params, metrics (and their datasets), tags, artifacts, source run and registered versions.
// Reads logged-models/search, logged-models/<id> and logged-models/<id>/artifacts/* of the 2.0 API.
import * as api from './api.js';
import {el, replace, route, navigate, formatTime, formatNumber, errorBox, table, kvMap, isSystemTag} from './dom.js';

const ROOT = new URL('.', location.origin + location.pathname);
const PAGE_SIZE = 100;

/** The latest point of each metric key (MLflow's rule: newest timestamp, then highest step). */
export function latestMetrics(metrics) {
  const latest = new Map();
  for (const m of metrics || []) {
    const key = m.dataset_name ? `${m.key} (${m.dataset_name})` : m.key;
    const have = latest.get(key);
    if (!have || m.timestamp > have.timestamp || (m.timestamp === have.timestamp && m.step > have.step)) latest.set(key, m);
  }
  return latest;
}

/** The registry versions a model was registered as: the client's mlflow.modelVersions tag. */
function registeredVersions(tags) {
  const raw = tags.get('mlflow.modelVersions');
  if (!raw) return [];
  try {
    const list = JSON.parse(raw);
    return Array.isArray(list) ? list.filter((v) => v && v.name !== undefined && v.version !== undefined) : [];
  } catch (e) {
    return [];
  }
}

function versionLinks(tags) {
  return registeredVersions(tags).map((v) =>
    el('a', {href: route('/models/' + encodeURIComponent(v.name)), class: 'chip registered-version'}, `${v.name} v${v.version}`));
}

function statusBadge(status) {
  const s = String(status || '').replace(/^LOGGED_MODEL_/, '');
  const kind = s === 'READY' ? 'ok' : s === 'UPLOAD_FAILED' ? 'error' : 'in_progress';
  return el('span', {class: 'state state-' + kind + ' model-status'}, s);
}

function runLink(expId, runId) {
  return runId ? el('a', {href: route(`/experiments/${expId}/runs/${runId}`), class: 'run-link'}, runId) : '';
}

function chips(entries) {
  return entries.map(([k, v]) => el('span', {class: 'chip'}, `${k}=${v}`));
}

/** Renders #/experiments/:id/models. */
export async function renderList(main, view, expId, query) {
  const filter = query.filter || '';
  const exp = (await api.get('experiments/get', {experiment_id: expId})).experiment;
  if (!view.alive()) return;
  document.title = `Models of ${exp.name} · jtrack`;
  const here = (extra) => route(`/experiments/${expId}/models`, Object.assign({filter, page: query.page}, extra));
  const input = el('input', {type: 'search', id: 'logged-model-filter', class: 'filter', value: filter, spellcheck: 'false',
    placeholder: "metrics.accuracy > 0.9 AND params.alpha = '0.5' AND status = 'READY'"});
  const form = el('form', {class: 'searchbar', id: 'logged-model-search', onsubmit: (ev) => {
    ev.preventDefault();
    navigate(here({filter: input.value.trim(), page: ''}));
  }}, input, el('button', {type: 'submit'}, 'Search'),
  el('button', {type: 'button', onclick: () => navigate(here({filter: '', page: ''}))}, 'Clear'));
  const box = el('div', {class: 'table-box'}, el('p', {class: 'muted'}, 'Loading models…'));
  replace(main,
    el('div', {class: 'title-row'},
      el('h1', {id: 'logged-models-title'}, `Models of ${exp.name}`),
      el('a', {href: route('/experiments/' + expId), id: 'runs-link'}, 'Runs'),
      el('a', {href: route(`/experiments/${expId}/traces`)}, 'Traces')),
    form, box);
  const body = {experiment_ids: [expId], max_results: PAGE_SIZE, order_by: [{field_name: 'creation_timestamp', ascending: false}]};
  if (filter) body.filter = filter;
  if (query.page) body.page_token = query.page;
  let result;
  try {
    result = await api.post('logged-models/search', body);
  } catch (e) {
    if (view.alive()) replace(box, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const models = result.models || [];
  const rows = models.map((m) => {
    const info = m.info;
    const tags = kvMap(info.tags);
    const metrics = [...latestMetrics((m.data || {}).metrics)].map(([k, x]) => [k, formatNumber(x.value)]);
    return [el('a', {href: route(`/experiments/${expId}/models/${info.model_id}`), class: 'logged-model-link', title: info.model_id}, info.name),
      statusBadge(info.status), runLink(expId, info.source_run_id), chips(metrics),
      chips([...kvMap((m.data || {}).params)]), versionLinks(tags), formatTime(info.creation_timestamp_ms)];
  });
  replace(box,
    models.length === 0 ? el('p', {class: 'muted', id: 'no-logged-models'}, filter ? 'No model matches the filter.' : 'No logged models yet.')
      : table(['Name', 'Status', 'Source run', 'Metrics', 'Params', 'Registered versions', 'Created'], rows, {id: 'logged-models-table'}),
    result.next_page_token && models.length > 0
      ? el('div', {class: 'pager'}, el('a', {href: here({page: result.next_page_token}), id: 'next-logged-models'}, 'Next page →')) : '');
  nameRunLinks(box, view);
}

/** Renders #/experiments/:id/models/:model_id. */
export async function renderModel(main, view, modelId) {
  replace(main, el('p', {class: 'muted'}, 'Loading model…'));
  let model;
  try {
    model = (await api.get('logged-models/' + encodeURIComponent(modelId))).model;
  } catch (e) {
    if (view.alive()) replace(main, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const info = model.info;
  const data = model.data || {};
  const tags = kvMap(info.tags);
  const userTags = [...tags].filter(([k]) => !isSystemTag(k));
  const systemTags = [...tags].filter(([k]) => isSystemTag(k));
  const versions = registeredVersions(tags);
  document.title = `${info.name} · jtrack`;
  const metrics = [...(data.metrics || [])].sort((a, b) => a.key.localeCompare(b.key) || a.step - b.step);
  replace(main,
    el('div', {class: 'title-row'},
      el('h1', {id: 'logged-model-title'}, info.name),
      statusBadge(info.status),
      el('a', {href: route(`/experiments/${info.experiment_id}/models`), id: 'logged-models-link'}, 'All models of the experiment')),
    table(['Model ID', 'Source run', 'Created', 'Last modified', 'Type', 'Artifact location'],
      [[info.model_id, runLink(info.experiment_id, info.source_run_id), formatTime(info.creation_timestamp_ms),
        formatTime(info.last_updated_timestamp_ms), info.model_type || '', el('span', {class: 'small'}, info.artifact_uri || '')]],
      {id: 'logged-model-info'}),
    info.status_message ? el('p', {class: 'muted', id: 'logged-model-status-message'}, info.status_message) : '',
    el('h2', {}, 'Registered versions'),
    versions.length
      ? table(['Registered model', 'Version'], versions.map((v) => [
        el('a', {href: route('/models/' + encodeURIComponent(v.name)), class: 'registered-model-link'}, v.name), 'v' + v.version]),
      {id: 'logged-model-versions'})
      : el('p', {class: 'muted'}, 'Not registered.'),
    el('h2', {}, `Metrics (${metrics.length})`),
    metrics.length
      ? table(['Name', 'Value', 'Step', 'Dataset', 'Dataset digest', 'Run', 'Time'], metrics.map((m) => [m.key, formatNumber(m.value),
        String(m.step), m.dataset_name || '', el('span', {class: 'small'}, m.dataset_digest || ''), runLink(info.experiment_id, m.run_id),
        formatTime(m.timestamp)]), {id: 'logged-model-metrics'})
      : el('p', {class: 'muted'}, 'None.'),
    el('h2', {}, 'Params'),
    (data.params || []).length
      ? table(['Name', 'Value'], [...kvMap(data.params)], {id: 'logged-model-params'}) : el('p', {class: 'muted'}, 'None.'),
    el('h2', {}, 'Tags'),
    userTags.length ? table(['Name', 'Value'], userTags, {id: 'logged-model-tags'}) : el('p', {class: 'muted'}, 'None.'),
    systemTags.length ? el('details', {}, el('summary', {}, `System tags (${systemTags.length})`),
      table(['Name', 'Value'], systemTags, {id: 'logged-model-system-tags'})) : '',
    el('h2', {}, 'Artifacts'),
    artifactTree(info.model_id, ''));
  nameRunLinks(main, view);
}

/** The URL that downloads one file of a logged model. */
function fileUrl(modelId, path) {
  const u = new URL(`ajax-api/2.0/mlflow/logged-models/${encodeURIComponent(modelId)}/artifacts/files`, ROOT);
  u.searchParams.set('artifact_file_path', path);
  return u.toString();
}

/** A folder of the model's artifacts, its sub-folders listed when opened. */
function artifactTree(modelId, path) {
  const list = el('ul', {class: 'tree' + (path ? '' : ' logged-model-artifacts'), id: path ? null : 'logged-model-artifacts'},
    el('li', {class: 'muted'}, 'Loading…'));
  api.get(`logged-models/${encodeURIComponent(modelId)}/artifacts/directories`, path ? {artifact_directory_path: path} : {})
    .then((r) => {
      const files = (r.files || []).slice().sort((a, b) => (b.is_dir - a.is_dir) || a.path.localeCompare(b.path));
      replace(list, files.length ? files.map((f) => {
        const name = f.path.slice(f.path.lastIndexOf('/') + 1);
        if (f.is_dir) {
          const d = el('details', {class: 'artifact-dir', 'data-path': f.path}, el('summary', {}, name + '/'));
          d.addEventListener('toggle', () => {
            if (d.open && d.children.length === 1) d.appendChild(artifactTree(modelId, f.path));
          });
          return el('li', {}, d);
        }
        return el('li', {}, el('a', {href: fileUrl(modelId, f.path), class: 'artifact-file', 'data-path': f.path, download: name}, name),
          el('span', {class: 'muted small'}, ` ${f.file_size} bytes`));
      }) : el('li', {class: 'muted'}, 'No artifacts.'));
    })
    .catch((e) => replace(list, el('li', {}, errorBox(e))));
  return list;
}

/** Shows run names instead of ids in the run links (ids stay as the links' titles). */
async function nameRunLinks(root, view) {
  const links = [...root.querySelectorAll('a.run-link')];
  const ids = [...new Set(links.map((a) => a.textContent))].slice(0, 50);
  const names = new Map();
  await Promise.all(ids.map((id) => api.get('runs/get', {run_id: id})
    .then((r) => names.set(id, r.run.info.run_name || id))
    .catch(() => names.set(id, id + ' (run not found)'))));
  if (!view.alive()) return;
  for (const a of links) {
    const id = a.textContent;
    if (names.has(id)) {
      a.title = id;
      a.textContent = names.get(id);
    }
  }
}

// Registered models (#/models) and one model's versions (#/models/:name); the edits on a model's
// page come from model-edit.js.
import * as api from './api.js';
import {el, replace, route, formatTime, errorBox, table, kvMap, navigate} from './dom.js';
import {href as monitoringHref} from './monitoring.js';
import {descriptionEditor, versionStatus, stagePicker, aliasEditor, deleteVersionButton} from './model-edit.js';

/** Renders #/models. */
export async function renderList(main, view, query) {
  const filter = query.filter || '';
  document.title = 'Registered models · jtrack';
  const input = el('input', {type: 'search', id: 'model-filter', class: 'filter', value: filter, placeholder: "name LIKE '%classifier%'"});
  const box = el('div', {class: 'table-box'}, el('p', {class: 'muted'}, 'Loading models…'));
  replace(main, el('h1', {}, 'Registered models'),
    el('form', {class: 'searchbar', onsubmit: (ev) => { ev.preventDefault(); navigate(route('/models', {filter: input.value.trim()})); }},
      input, el('button', {type: 'submit'}, 'Search')),
    box);
  let models;
  try {
    models = await api.all('GET', 'registered-models/search', Object.assign({max_results: 1000}, filter ? {filter} : {}), 'registered_models', 20);
  } catch (e) {
    if (view.alive()) replace(box, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  if (!models.length) {
    replace(box, el('p', {class: 'muted'}, filter ? 'No models match.' : 'No registered models yet.'));
    return;
  }
  replace(box, table(['Name', 'Latest versions', 'Aliases', 'Last modified', 'Description'], models.map((m) => [
    el('a', {href: route('/models/' + encodeURIComponent(m.name)), class: 'model-name'}, m.name),
    (m.latest_versions || []).map((v) => el('span', {class: 'chip'}, `v${v.version}`, v.current_stage && v.current_stage !== 'None' ? ` · ${v.current_stage}` : '')),
    (m.aliases || []).map((a) => el('span', {class: 'chip alias'}, `@${a.alias} → v${a.version}`)),
    formatTime(m.last_updated_timestamp),
    m.description || '']), {id: 'models-table'}));
}

/** Renders #/models/:name. */
export async function renderModel(main, view, name) {
  replace(main, el('p', {class: 'muted'}, 'Loading model…'));
  let model, versions;
  try {
    model = (await api.get('registered-models/get', {name})).registered_model;
    versions = await api.all('GET', 'model-versions/search',
      {filter: `name = '${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`, max_results: 1000, order_by: 'version_number DESC'}, 'model_versions', 20);
  } catch (e) {
    if (view.alive()) replace(main, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const aliasesOf = new Map();
  for (const a of model.aliases || []) {
    if (!aliasesOf.has(String(a.version))) aliasesOf.set(String(a.version), []);
    aliasesOf.get(String(a.version)).push(a.alias);
  }
  versions.sort((a, b) => Number(b.version) - Number(a.version));
  document.title = model.name + ' · jtrack';
  const tags = [...kvMap(model.tags)];
  const status = versionStatus();
  const versionsTable = table(['Version', 'Stage', 'Aliases', 'Status', 'Source run', 'Source', 'Created', 'Description', ''], versions.map((v) => [
    ['v' + v.version, ' ', el('a', {href: monitoringHref(model.name, v.version), class: 'small monitoring-link'}, 'monitoring')],
    [el('span', {class: 'stage ' + String(v.current_stage || 'None').toLowerCase()}, v.current_stage || 'None'), ' ', stagePicker(model.name, v, status)],
    aliasEditor(model.name, v.version, aliasesOf.get(String(v.version)) || [], status),
    v.status || '',
    v.run_id ? el('a', {href: route('/runs/' + v.run_id), class: 'run-link'}, v.run_id) : '',
    el('span', {class: 'small'}, v.source || ''),
    formatTime(v.creation_timestamp),
    v.description || '',
    deleteVersionButton(model.name, v.version, status)]), {id: 'versions-table'});
  versionsTable.querySelectorAll('tbody tr').forEach((tr, i) => { tr.dataset.version = String(versions[i].version); });
  replace(main,
    el('div', {class: 'title-row'}, el('h1', {id: 'model-title'}, model.name), el('a', {href: '#/models'}, '← all models')),
    descriptionEditor(model),
    el('p', {class: 'muted'}, `Created ${formatTime(model.creation_timestamp)} · last modified ${formatTime(model.last_updated_timestamp)}`),
    el('h2', {}, 'Aliases'),
    (model.aliases || []).length
      ? el('ul', {class: 'aliases', id: 'model-aliases'}, model.aliases.map((a) => el('li', {}, el('span', {class: 'chip alias'}, '@' + a.alias), ' → version ' + a.version)))
      : el('p', {class: 'muted'}, 'None.'),
    el('h2', {}, `Versions (${versions.length})`),
    status,
    versionsTable,
    tags.length ? [el('h2', {}, 'Tags'), table(['Name', 'Value'], tags)] : null);
  nameRunLinks(main, view);
}

/** Shows run names instead of ids in the source-run links (ids stay as the links' titles). */
async function nameRunLinks(main, view) {
  const links = [...main.querySelectorAll('a.run-link')];
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

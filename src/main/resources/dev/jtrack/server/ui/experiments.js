// The home view: the experiments list beside the runs table of the selected experiment; the
// edits (experiments, and runs ticked in the table) come from experiment-edit.js.
import * as api from './api.js';
import {el, replace, formatTime, formatDuration, formatNumber, route, kvMap, errorBox, isSystemTag, navigate} from './dom.js';
import {newExperiment, experimentActions, bulkRunActions} from './experiment-edit.js';

const PAGE_SIZES = [25, 50, 100, 500];
// Page tokens of the pages before the current one, per search (experiment + filter + order).
const pages = {key: null, tokens: []};
// Runs ticked for comparison; kept while paging, sorting and filtering.
const selected = new Map();

/** Quotes a key for the filter / order_by grammar: `key` (or "key" when it holds a backtick). */
export function quoteKey(key) {
  return key.includes('`') ? '"' + key.replace(/"/g, '\\"') + '"' : '`' + key + '`';
}

/** Splits "metrics.`rmse` DESC" into {key: 'metrics.`rmse`', desc: true}. */
export function parseOrder(order) {
  if (!order) return null;
  const m = /^(.*?)\s+(ASC|DESC)$/i.exec(order.trim());
  return m ? {key: m[1], desc: m[2].toUpperCase() === 'DESC'} : {key: order.trim(), desc: false};
}

/** Renders #/ and #/experiments/:id. */
export async function render(main, view, expId, query) {
  const side = el('aside', {class: 'sidebar'}, el('p', {class: 'muted'}, 'Loading experiments…'));
  const content = el('section', {class: 'content'});
  replace(main, el('div', {class: 'split'}, side, content));
  let experiments;
  try {
    experiments = await api.all('GET', 'experiments/search',
      {view_type: 'ALL', max_results: 1000, order_by: 'last_update_time DESC'}, 'experiments', 20);
  } catch (e) {
    replace(side, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  if (!expId) {
    const first = experiments.find((e) => e.lifecycle_stage === 'active') || experiments[0];
    if (!first) {
      replace(side, el('p', {class: 'muted'}, 'No experiments yet.'), newExperiment());
      replace(content, el('p', {}, 'Log a run (a notebook with the jtrack kernel, or any MLflow client) and it appears here.'));
      return;
    }
    expId = first.experiment_id;
  }
  renderSidebar(side, experiments, expId, query);
  const exp = experiments.find((e) => e.experiment_id === expId);
  document.title = (exp ? exp.name : 'Experiments') + ' · jtrack';
  if (!exp) {
    replace(content, errorBox({code: 'RESOURCE_DOES_NOT_EXIST', message: `No experiment with id ${expId}.`}));
    return;
  }
  await renderRuns(content, view, exp, query);
}

function renderSidebar(side, experiments, expId, query) {
  const showDeleted = query.deleted === '1';
  const list = el('ul', {class: 'experiments', id: 'experiment-list'});
  const fill = (needle) => {
    replace(list, experiments
      .filter((e) => showDeleted || e.lifecycle_stage === 'active' || e.experiment_id === expId)
      .filter((e) => !needle || e.name.toLowerCase().includes(needle.toLowerCase()))
      .map((e) => el('li', {class: e.experiment_id === expId ? 'current' : null, 'data-experiment-id': e.experiment_id},
        el('a', {href: route('/experiments/' + e.experiment_id, showDeleted ? {deleted: '1'} : {})},
          el('span', {class: 'exp-name'}, e.name)),
        el('span', {class: 'exp-id'}, '#' + e.experiment_id),
        e.lifecycle_stage !== 'active' ? el('span', {class: 'badge deleted'}, e.lifecycle_stage) : null)));
  };
  fill('');
  const toggle = el('label', {class: 'small'},
    el('input', {type: 'checkbox', id: 'show-deleted-experiments', checked: showDeleted,
      onchange: (ev) => { location.hash = route('/experiments/' + expId, ev.target.checked ? {deleted: '1'} : {}); }}),
    ' show deleted');
  replace(side,
    el('h2', {}, 'Experiments'),
    el('input', {type: 'search', placeholder: 'Find experiment', class: 'find', oninput: (ev) => fill(ev.target.value)}),
    toggle,
    list,
    newExperiment());
}

async function renderRuns(content, view, exp, query) {
  const filter = query.filter || '';
  const order = query.order || '';
  const asked = Number(query.size);
  const size = Number.isInteger(asked) && asked >= 1 && asked <= 1000 ? asked : 50;
  const sizes = PAGE_SIZES.includes(size) ? PAGE_SIZES : [...PAGE_SIZES, size].sort((a, b) => a - b);
  const runView = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].includes(query.view) ? query.view : 'ACTIVE_ONLY';
  const searchKey = [exp.experiment_id, filter, order, size, runView].join('\u0000');
  if (pages.key !== searchKey) {
    pages.key = searchKey;
    pages.tokens = [];
  }
  const here = (extra) => route('/experiments/' + exp.experiment_id,
    Object.assign({filter, order, size: size === 50 ? '' : size, view: runView === 'ACTIVE_ONLY' ? '' : runView,
      deleted: query.deleted, cols: query.cols, page: query.page}, extra));

  const input = el('input', {type: 'search', id: 'run-filter', class: 'filter', value: filter, spellcheck: 'false',
    placeholder: 'metrics.rmse < 1 and params.model = "tree" and tags.`mlflow.source.name` LIKE "%.ipynb"'});
  const form = el('form', {class: 'searchbar', id: 'run-search', onsubmit: (ev) => {
    ev.preventDefault();
    pages.key = null;
    navigate(here({filter: input.value.trim(), page: ''}));
  }},
  input,
  el('button', {type: 'submit'}, 'Search'),
  el('button', {type: 'button', onclick: () => { location.hash = here({filter: '', page: ''}); }}, 'Clear'),
  el('select', {id: 'run-view', title: 'Which runs', onchange: (ev) => { location.hash = here({view: ev.target.value, page: ''}); }},
    [['ACTIVE_ONLY', 'Active runs'], ['DELETED_ONLY', 'Deleted runs'], ['ALL', 'All runs']].map(([v, t]) =>
      el('option', {value: v, selected: v === runView}, t))));

  const columns = query.cols || '';
  const columnFilter = el('input', {type: 'search', id: 'column-filter', class: 'small', value: columns,
    placeholder: 'Show columns matching…', title: 'Only param / metric / tag columns whose name contains this text',
    onchange: (ev) => { location.hash = here({cols: ev.target.value.trim()}); }});
  const compare = el('a', {class: 'button', id: 'compare-button'}, 'Compare');
  const status = el('span', {class: 'muted', id: 'run-count'});
  const bulk = bulkRunActions(selected);
  const updateCompare = () => {
    bulk.update();
    const ids = [...selected.keys()];
    compare.textContent = `Compare (${ids.length})`;
    if (ids.length >= 1) compare.setAttribute('href', route('/compare', {runs: ids.join(',')}));
    else compare.removeAttribute('href');
    compare.classList.toggle('disabled', ids.length < 1);
  };
  updateCompare();
  const tableBox = el('div', {class: 'table-box'}, el('p', {class: 'muted'}, 'Loading runs…'));
  const pager = el('div', {class: 'pager'});
  replace(content,
    el('div', {class: 'title-row'},
      el('h1', {id: 'experiment-title'}, exp.name),
      el('span', {class: 'muted'}, `Experiment ID ${exp.experiment_id} · ${exp.lifecycle_stage}`),
      el('a', {href: route('/experiments/' + exp.experiment_id + '/traces'), id: 'traces-link'}, 'Traces'),
      el('a', {href: route('/experiments/' + exp.experiment_id + '/models'), id: 'logged-models-link'}, 'Models'),
      exp.artifact_location ? el('span', {class: 'muted small'}, `Artifacts: ${exp.artifact_location}`) : null),
    experimentActions(exp),
    kvMap(exp.tags).get('mlflow.note.content') ? el('p', {class: 'description', id: 'experiment-description'}, kvMap(exp.tags).get('mlflow.note.content')) : null,
    form,
    el('div', {class: 'toolbar'}, compare,
      el('button', {type: 'button', onclick: () => { selected.clear(); updateCompare(); for (const c of tableBox.querySelectorAll('input.pick')) c.checked = false; }}, 'Clear selection'),
      bulk.buttons, status, columnFilter),
    bulk.status,
    tableBox, pager);

  const body = {experiment_ids: [exp.experiment_id], max_results: size, run_view_type: runView};
  if (filter) body.filter = filter;
  if (order) body.order_by = [order];
  if (query.page) body.page_token = query.page;
  let result;
  try {
    result = await api.post('runs/search', body);
  } catch (e) {
    if (!view.alive()) return;
    replace(tableBox, errorBox(e));
    return;
  }
  if (!view.alive()) return;
  const runs = result.runs || [];
  status.textContent = runs.length === 0 ? 'No runs match.' : `${runs.length} run${runs.length === 1 ? '' : 's'} on this page`;
  replace(tableBox, runs.length ? runsTable(runs, parseOrder(order), here, updateCompare, columns) : el('p', {class: 'muted'}, 'No runs.'));

  const prevToken = pages.tokens.length ? pages.tokens[pages.tokens.length - 1] : null;
  const onPage = query.page || '';
  replace(pager,
    el('button', {type: 'button', id: 'prev-page', disabled: !onPage, onclick: () => {
      pages.tokens.pop();
      location.hash = here({page: prevToken || ''});
    }}, '‹ Previous'),
    el('span', {class: 'muted'}, `Page ${pages.tokens.length + 1}`),
    el('button', {type: 'button', id: 'next-page', disabled: !result.next_page_token, onclick: () => {
      pages.tokens.push(onPage);
      location.hash = here({page: result.next_page_token});
    }}, 'Next ›'),
    el('label', {class: 'small'}, ' Page size ',
      el('select', {id: 'page-size', onchange: (ev) => { location.hash = here({size: ev.target.value, page: ''}); }},
        sizes.map((n) => el('option', {value: n, selected: n === size}, String(n))))));
}

function runsTable(runs, current, here, updateCompare, columnFilter) {
  const paramKeys = new Set(), metricKeys = new Set(), tagKeys = new Set();
  const needle = (columnFilter || '').toLowerCase();
  const shown = (k) => !needle || k.toLowerCase().includes(needle);
  for (const r of runs) {
    for (const p of r.data.params || []) if (shown(p.key)) paramKeys.add(p.key);
    for (const m of r.data.metrics || []) if (shown(m.key)) metricKeys.add(m.key);
    for (const t of r.data.tags || []) if (!isSystemTag(t.key) && shown(t.key)) tagKeys.add(t.key);
  }
  const sorted = (s) => [...s].sort();
  const fixed = [
    ['Run name', 'attributes.run_name'], ['Status', 'attributes.status'], ['Start time', 'attributes.start_time'],
    ['Duration', null], ['User', 'attributes.user_id'], ['Source', 'tags.`mlflow.source.name`']];
  const columns = [
    ...fixed.map(([title, key]) => ({title, key, group: ''})),
    ...sorted(paramKeys).map((k) => ({title: k, key: 'params.' + quoteKey(k), group: 'Parameters', kind: 'param', name: k})),
    ...sorted(metricKeys).map((k) => ({title: k, key: 'metrics.' + quoteKey(k), group: 'Metrics', kind: 'metric', name: k})),
    ...sorted(tagKeys).map((k) => ({title: k, key: 'tags.' + quoteKey(k), group: 'Tags', kind: 'tag', name: k}))];

  const header = (c) => {
    if (!c.key) return el('th', {}, c.title);
    const active = current && current.key === c.key;
    const next = active && !current.desc ? c.key + ' DESC' : c.key + ' ASC';
    return el('th', {class: active ? 'sorted' : null, 'data-sort-key': c.key, 'aria-sort': active ? (current.desc ? 'descending' : 'ascending') : null},
      el('a', {href: here({order: next, page: ''}), title: 'Sort by ' + c.key}, c.title,
        active ? (current.desc ? ' ▼' : ' ▲') : ''));
  };
  const groups = [['', 7], ['Parameters', paramKeys.size], ['Metrics', metricKeys.size], ['Tags', tagKeys.size]];
  const pickAll = el('input', {type: 'checkbox', title: 'Select all on this page', class: 'pick-all', onchange: (ev) => {
    for (const box of ev.target.closest('table').querySelectorAll('input.pick')) {
      box.checked = ev.target.checked;
      box.dispatchEvent(new Event('change'));
    }
  }});
  const thead = el('thead', {},
    el('tr', {class: 'groups'}, groups.filter(([, n]) => n > 0).map(([g, n]) => el('th', {colspan: n, class: g ? 'group' : null}, g))),
    el('tr', {}, el('th', {}, pickAll), columns.map(header)));

  const namesOnPage = new Map(runs.map((r) => [r.info.run_id, r.info.run_name || r.info.run_id]));
  const rows = runs.map((r) => {
    const info = r.info;
    const params = kvMap(r.data.params), tags = kvMap(r.data.tags);
    const metrics = new Map((r.data.metrics || []).map((m) => [m.key, m.value]));
    const name = info.run_name || tags.get('mlflow.runName') || info.run_id;
    const box = el('input', {type: 'checkbox', class: 'pick', checked: selected.has(info.run_id), onchange: (ev) => {
      if (ev.target.checked) selected.set(info.run_id, name); else selected.delete(info.run_id);
      updateCompare();
    }});
    const source = tags.get('mlflow.source.name') || '';
    const parent = tags.get('mlflow.parentRunId');
    const cell = (c) => {
      if (c.kind === 'param') return params.get(c.name) ?? '';
      if (c.kind === 'metric') return metrics.has(c.name) ? formatNumber(metrics.get(c.name)) : '';
      if (c.kind === 'tag') return tags.get(c.name) ?? '';
      return '';
    };
    return el('tr', {'data-run-id': info.run_id},
      el('td', {}, box),
      el('td', {class: 'run-name'}, parent ? el('span', {class: 'child-mark', title: 'child of ' + (namesOnPage.get(parent) || parent)}, '↳ ') : null,
        el('a', {href: route('/runs/' + info.run_id)}, name)),
      el('td', {}, el('span', {class: 'status ' + String(info.status).toLowerCase()}, info.status)),
      el('td', {class: 'nowrap'}, formatTime(info.start_time)),
      el('td', {class: 'nowrap'}, formatDuration(info.start_time, info.end_time)),
      el('td', {}, info.user_id || ''),
      el('td', {class: 'source', title: source}, source.split('/').pop()),
      columns.slice(fixed.length).map((c) => el('td', {class: c.kind, 'data-key': c.name}, cell(c))));
  });
  return el('table', {class: 'grid runs', id: 'runs-table'}, thead, el('tbody', {}, rows));
}

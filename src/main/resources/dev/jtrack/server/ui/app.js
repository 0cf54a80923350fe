// Entry point: a hash router. Each navigation renders one view into <main>; a view checks
// view.alive() after every await so a slow reply never paints over a newer page.
import {replace, el, parseQuery, errorBox} from './dom.js';
import * as experiments from './experiments.js';
import * as compare from './compare.js';
import * as run from './run.js';
import * as models from './models.js';
import * as traces from './traces.js';
import * as monitoring from './monitoring.js';
import * as loggedModels from './logged-models.js';

let generation = 0;

function parseHash() {
  const h = location.hash.replace(/^#/, '') || '/';
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  return {parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: parseQuery(q < 0 ? '' : h.slice(q + 1))};
}

async function show() {
  const mine = ++generation;
  const view = {alive: () => mine === generation};
  const main = document.getElementById('main');
  const {parts, query} = parseHash();
  document.getElementById('nav-experiments').classList.toggle('active', parts[0] !== 'models');
  document.getElementById('nav-models').classList.toggle('active', parts[0] === 'models');
  try {
    // MLflow's own run links (#/experiments/<id>/runs/<run id>), which clients and %run_info print
    if (parts[0] === 'experiments' && parts[2] === 'runs' && parts[3]) await run.render(main, view, parts[3], query);
    else if (parts[0] === 'experiments' && parts[1] && parts[2] === 'traces') await traces.renderList(main, view, parts[1], query);
    else if (parts[0] === 'experiments' && parts[1] && parts[2] === 'models' && parts[3]) await loggedModels.renderModel(main, view, parts[3]);
    else if (parts[0] === 'experiments' && parts[1] && parts[2] === 'models') await loggedModels.renderList(main, view, parts[1], query);
    else if (parts[0] === 'traces' && parts[1]) await traces.renderTrace(main, view, parts[1]);
    else if (parts.length === 0 || parts[0] === 'experiments') await experiments.render(main, view, parts[1], query);
    else if (parts[0] === 'compare') await compare.render(main, view, query);
    else if (parts[0] === 'runs' && parts[1]) await run.render(main, view, parts[1], query);
    else if (parts[0] === 'models' && parts[2] === 'versions' && parts[4] === 'monitoring') await monitoring.render(main, view, parts[1], parts[3]);
    else if (parts[0] === 'models' && parts[1]) await models.renderModel(main, view, parts[1]);
    else if (parts[0] === 'models') await models.renderList(main, view, query);
    else replace(main, el('p', {}, 'No such page. '), el('a', {href: '#/'}, 'Experiments'));
  } catch (e) {
    if (view.alive()) replace(main, errorBox(e));
    console.error(e);
  }
  if (view.alive()) document.body.dataset.ready = String(mine);
}

window.addEventListener('hashchange', show);
show();

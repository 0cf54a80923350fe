// The edits on the experiments page: create, rename, delete / restore an experiment, and delete /
// restore the runs ticked in the runs table.
import * as api from './api.js';
import {el, route, navigate} from './dom.js';
import {inlineEditor, actionButton, statusBox, confirmDialog, perform, reload} from './edit.js';

/** "New experiment": creates one and opens it. */
export function newExperiment() {
  return el('div', {class: 'new-experiment'},
    inlineEditor({label: 'New experiment', id: 'experiment-create', required: true, placeholder: 'name',
      save: (name) => api.post('experiments/create', {name}),
      done: (reply) => navigate(route('/experiments/' + reply.experiment_id))}));
}

/** Rename, and delete or restore depending on the experiment's lifecycle stage. */
export function experimentActions(exp) {
  const status = statusBox('experiment-action-status');
  const id = exp.experiment_id;
  return el('div', {class: 'actions', id: 'experiment-actions'},
    inlineEditor({label: 'Rename', id: 'experiment-rename', value: exp.name, required: true,
      save: (v) => api.post('experiments/update', {experiment_id: id, new_name: v})}),
    exp.lifecycle_stage === 'deleted'
      ? actionButton({label: 'Restore', id: 'experiment-restore', status,
        act: () => api.post('experiments/restore', {experiment_id: id})})
      : actionButton({label: 'Delete', id: 'experiment-delete', status, cls: 'danger',
        confirm: `Delete experiment "${exp.name}" and hide its runs? It can be restored later.`,
        act: () => api.post('experiments/delete', {experiment_id: id})}),
    status);
}

/**
 * "Delete selected" and "Restore selected" for the runs ticked in the table (selected: a Map of
 * run id to name). The runs are sent one by one; on a refusal the rest are not sent and the error
 * says how many went through. Returns the buttons, the place for errors, and update() that
 * enables the buttons while runs are ticked.
 */
export function bulkRunActions(selected) {
  const status = statusBox('bulk-status');
  const run = async (path, verb) => {
    const ids = [...selected.keys()];
    const what = ids.length === 1 ? `run "${selected.get(ids[0])}"` : `${ids.length} runs`;
    if (verb === 'delete' && !(await confirmDialog(`Delete ${what}? ${ids.length === 1 ? 'It' : 'They'} can be restored later.`, 'Delete'))) return;
    let done = 0;
    const ok = await perform(status, [del, restore], async () => {
      for (const runId of ids) {
        try {
          await api.post(path, {run_id: runId});
        } catch (e) {
          throw done ? Object.assign(new Error(`${e.message} (${done} of ${ids.length} runs were ${verb}d before this refusal.)`), {code: e.code}) : e;
        }
        done++;
        selected.delete(runId);
      }
    });
    if (ok) reload(); // after a partial failure the error stays up; it says what went through
  };
  const del = el('button', {type: 'button', id: 'delete-selected', class: 'danger'}, 'Delete selected');
  const restore = el('button', {type: 'button', id: 'restore-selected'}, 'Restore selected');
  del.addEventListener('click', () => run('runs/delete', 'delete'));
  restore.addEventListener('click', () => run('runs/restore', 'restore'));
  const update = () => {
    del.disabled = restore.disabled = selected.size === 0;
  };
  update();
  return {buttons: [del, restore], status, update};
}

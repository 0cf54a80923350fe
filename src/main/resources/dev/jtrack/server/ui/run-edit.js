// The edits of one run (run detail page): rename, delete / restore, the note, the user's tags.
// Each goes through the REST endpoint MLflow's UI uses for it.
import * as api from './api.js';
import {el, table} from './dom.js';
import {inlineEditor, actionButton, statusBox, perform, reload, invalid} from './edit.js';

export const NOTE_TAG = 'mlflow.note.content';

/** Rename, and delete or restore depending on the run's lifecycle stage. */
export function runActions(info, name) {
  const status = statusBox('run-action-status');
  const deleted = info.lifecycle_stage === 'deleted';
  return el('div', {class: 'actions', id: 'run-actions'},
    inlineEditor({label: 'Rename', id: 'run-rename', value: name, required: true,
      save: (v) => api.post('runs/update', {run_id: info.run_id, run_name: v})}),
    deleted
      ? actionButton({label: 'Restore', id: 'run-restore', status, act: () => api.post('runs/restore', {run_id: info.run_id})})
      : actionButton({label: 'Delete', id: 'run-delete', status, cls: 'danger',
        confirm: `Delete run "${name}"? It can be restored later.`,
        act: () => api.post('runs/delete', {run_id: info.run_id})}),
    status);
}

/** The note (mlflow.note.content) as plain text, with an editor. */
export function noteSection(runId, note) {
  return el('section', {id: 'run-note'}, el('h2', {}, 'Notes'),
    note ? el('pre', {class: 'code note'}, note) : el('p', {class: 'muted'}, 'No note.'),
    inlineEditor({label: note ? 'Edit note' : 'Add note', id: 'note-edit', value: note || '', multiline: true,
      placeholder: 'What this run tried, what it showed…',
      save: (v) => api.post('runs/set-tag', {run_id: runId, key: NOTE_TAG, value: v})}));
}

/**
 * The user's tags with Edit / Delete per row and a form that sets a tag (adds it, or changes the
 * value of an existing key; Edit fills it in).
 */
export function userTagsEditor(runId, userTags) {
  const status = statusBox('tag-status');
  const key = el('input', {type: 'text', id: 'tag-key', placeholder: 'key', size: 20, spellcheck: 'false'});
  const value = el('input', {type: 'text', id: 'tag-value', placeholder: 'value', size: 40, spellcheck: 'false'});
  const submit = el('button', {type: 'submit', id: 'tag-save'}, 'Set tag');
  const form = el('form', {class: 'editor', id: 'tag-form'}, key, value, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const k = key.value.trim();
    const ok = await perform(status, [key, value, submit], () => {
      if (!k) throw invalid('A tag needs a key.');
      return api.post('runs/set-tag', {run_id: runId, key: k, value: value.value});
    });
    if (ok) reload();
  });
  const rows = userTags.map(([k, v]) => [k, el('span', {class: 'value'}, v), el('span', {class: 'row-actions'},
    el('button', {type: 'button', class: 'linkish small tag-edit', onclick: () => {
      key.value = k;
      value.value = v;
      value.focus();
    }}, 'edit'),
    actionButton({label: 'delete', cls: 'linkish small tag-delete', status,
      act: () => api.post('runs/delete-tag', {run_id: runId, key: k})}))]);
  const grid = userTags.length ? table(['Name', 'Value', ''], rows, {id: 'user-tags'}) : el('p', {class: 'muted'}, 'None.');
  if (userTags.length) grid.querySelectorAll('tbody tr').forEach((tr, i) => { tr.dataset.key = userTags[i][0]; });
  return [grid, form, status];
}

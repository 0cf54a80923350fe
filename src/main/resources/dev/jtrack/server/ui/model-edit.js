// The edits on a registered model's page: its description, and per version the stage, the aliases
// and deletion. Errors of the version actions show above the versions table.
import * as api from './api.js';
import {el} from './dom.js';
import {inlineEditor, actionButton, statusBox, confirmDialog, perform, reload, invalid} from './edit.js';

export const STAGES = ['None', 'Staging', 'Production', 'Archived'];

/** The description as text, with an editor (registered-models/update). */
export function descriptionEditor(model) {
  return el('div', {id: 'model-description-box'},
    model.description ? el('p', {class: 'description', id: 'model-description'}, model.description) : null,
    inlineEditor({label: model.description ? 'Edit description' : 'Add description', id: 'description-edit',
      value: model.description || '', multiline: true,
      save: (v) => api.patch('registered-models/update', {name: model.name, description: v})}));
}

/** Where the version actions report errors. */
export function versionStatus() {
  return statusBox('version-status');
}

/**
 * A "move to…" picker of the other stages: choosing one asks for confirmation (optionally
 * archiving the versions now in the target stage) and calls model-versions/transition-stage.
 */
export function stagePicker(name, v, status) {
  const current = v.current_stage || 'None';
  const select = el('select', {class: 'stage-select', title: 'Transition to another stage'},
    el('option', {value: '', selected: true}, 'move to…'),
    STAGES.filter((s) => s !== current).map((s) => el('option', {value: s}, s)));
  select.addEventListener('change', async () => {
    const stage = select.value;
    if (!stage) return;
    const archive = el('input', {type: 'checkbox', id: 'archive-existing'});
    const extra = stage === 'Staging' || stage === 'Production'
      ? el('label', {class: 'small'}, archive, ` Archive the versions now in ${stage}`) : null;
    if (!(await confirmDialog(`Move version ${v.version} of "${name}" from ${current} to ${stage}?`, 'Transition', extra))) {
      select.value = '';
      return;
    }
    const ok = await perform(status, [select], () => api.post('model-versions/transition-stage',
      {name, version: String(v.version), stage, archive_existing_versions: archive.checked}));
    if (ok) reload(); else select.value = '';
  });
  return select;
}

/** The version's aliases, each with a remove button, and a small form that sets one on it. */
export function aliasEditor(name, version, aliases, status) {
  const input = el('input', {type: 'text', class: 'alias-input', placeholder: 'alias', size: 10, spellcheck: 'false'});
  const set = el('button', {type: 'submit', class: 'small alias-set'}, 'Set');
  const form = el('form', {class: 'alias-form'}, input, set);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const alias = input.value.trim().replace(/^@/, '');
    const ok = await perform(status, [input, set], () => {
      if (!alias) throw invalid('An alias needs a name.');
      return api.post('registered-models/alias', {name, alias, version: String(version)});
    });
    if (ok) reload();
  });
  const remove = (a) => {
    const b = actionButton({label: '×', cls: 'linkish alias-delete', status,
      act: () => api.del('registered-models/alias', {name, alias: a})});
    b.title = `Remove alias @${a}`;
    return b;
  };
  return [aliases.map((a) => el('span', {class: 'chip alias', 'data-alias': a}, '@' + a, ' ', remove(a))), form];
}

/** Deletes the version after a confirm dialog. */
export function deleteVersionButton(name, version, status) {
  const b = actionButton({label: 'Delete', cls: 'danger small version-delete', status,
    confirm: `Delete version ${version} of "${name}"? This cannot be undone.`,
    act: () => api.del('model-versions/delete', {name, version: String(version)})});
  b.title = `Delete version ${version}`;
  return b;
}

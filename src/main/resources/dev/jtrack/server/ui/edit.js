// The building blocks of the UI's write actions. Each action is one REST call (or a short series);
// while it runs its controls are disabled; when the server refuses, its error (code and message)
// is shown beside the control and nothing else on the page changes; when it succeeds the view is
// rendered again from the server's state, so the page never shows an edit the server did not keep.
import {el, replace, errorBox} from './dom.js';

/** Renders the current route again (after a successful edit). */
export function reload() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** An empty place for an action's error; role=alert boxes go inside. */
export function statusBox(id) {
  return el('div', {class: 'action-status', id, 'aria-live': 'polite'});
}

/**
 * Runs fn() with the given controls disabled. On failure the error goes into status and the
 * promise resolves false; on success status is emptied and it resolves true.
 */
export async function perform(status, controls, fn) {
  replace(status);
  const wasDisabled = controls.map((c) => c.disabled);
  for (const c of controls) c.disabled = true;
  try {
    await fn();
    return true;
  } catch (e) {
    replace(status, errorBox(e));
    if (!(e && e.code)) console.error(e);
    return false;
  } finally {
    controls.forEach((c, i) => { c.disabled = wasDisabled[i]; });
  }
}

/** An error the UI raises itself before calling the server (same shape as the server's). */
export function invalid(message) {
  return Object.assign(new Error(message), {code: 'INVALID_PARAMETER_VALUE'});
}

/**
 * A button that opens an inline editor in its place: a text input (a textarea when multiline)
 * with Save and Cancel. save(value) does the REST call and may throw; after it succeeds,
 * done(result) runs (by default the view is rendered again). Options: label, value, id (prefix
 * of the elements' ids), multiline, placeholder, required (an empty value is refused here).
 */
export function inlineEditor({label, value = '', id, multiline = false, placeholder, required = false, save, done = reload}) {
  const box = el('span', {class: 'inline-editor', id});
  const open = el('button', {type: 'button', id: id + '-open'}, label);
  const field = multiline
    ? el('textarea', {id: id + '-input', rows: 6, cols: 70, placeholder})
    : el('input', {type: 'text', id: id + '-input', size: 40, placeholder, spellcheck: 'false'});
  const saveButton = el('button', {type: 'submit', id: id + '-save'}, 'Save');
  const cancel = el('button', {type: 'button', id: id + '-cancel'}, 'Cancel');
  const status = statusBox(id + '-status');
  const form = el('form', {class: multiline ? 'editor multiline' : 'editor'}, field, el('span', {class: 'editor-buttons'}, saveButton, cancel), status);
  const close = () => replace(box, open);
  open.addEventListener('click', () => {
    field.value = value;
    replace(status);
    replace(box, form);
    field.focus();
  });
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') close(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = multiline ? field.value : field.value.trim();
    let result;
    const ok = await perform(status, [field, saveButton, cancel], async () => {
      if (required && !v) throw invalid(`${label}: the value must not be empty.`);
      result = await save(v);
    });
    if (ok) done(result);
  });
  return replace(box, open);
}

/**
 * Asks for confirmation in a modal dialog; resolves true only when the confirm button is pressed
 * (Cancel, Escape and closing resolve false). extra: more nodes for the dialog (say a checkbox the
 * caller reads after the answer).
 */
export function confirmDialog(message, confirmLabel = 'Delete', ...extra) {
  return new Promise((resolve) => {
    const yes = el('button', {type: 'button', class: 'danger', id: 'confirm-yes'}, confirmLabel);
    const no = el('button', {type: 'button', id: 'confirm-no'}, 'Cancel');
    const dialog = el('dialog', {class: 'confirm', id: 'confirm-dialog'},
      el('p', {class: 'confirm-message'}, message), extra, el('div', {class: 'dialog-buttons'}, no, yes));
    let answer = false;
    yes.addEventListener('click', () => { answer = true; dialog.close(); });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.appendChild(dialog);
    dialog.showModal();
    no.focus();
  });
}

/**
 * A button that runs an action: confirm (a question, or null for none) in a dialog first, then
 * act(); errors go into status; after success done() (by default the view is rendered again).
 */
export function actionButton({label, id, status, confirm = null, confirmLabel, cls, act, done = reload}) {
  const button = el('button', {type: 'button', id, class: cls}, label);
  button.addEventListener('click', async () => {
    if (confirm && !(await confirmDialog(confirm, confirmLabel || label))) return;
    if (await perform(status, [button], act)) done();
  });
  return button;
}

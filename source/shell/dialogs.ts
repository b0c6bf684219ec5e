import type {Tone} from '../render/columns.js';
import {wrapLines} from '../render/text.js';
import type {UiStore} from './ui-store.js';

export interface FormField {
  name: string;
  label: string;
  value: string;
  /** Shown dim after the value while it is empty or unchanged: what the field means. */
  hint?: string;
  error?: string;
  /** Tab completes the value (a path) when this gives a longer one; otherwise Tab moves on. */
  complete?: (value: string) => string;
}

/** What a form's submit says: errors by field name keep the form open, with the values as typed. */
export type FormVerdict = {errors: Record<string, string>} | {accepted: true};

export interface FormDialog {
  kind: 'form';
  title: string;
  fields: FormField[];
  focus: number;
  submit: (values: Record<string, string>) => FormVerdict;
}

export interface ConfirmDialog {
  kind: 'confirm';
  /** The question, naming the target: "Drain node2?" */
  question: string;
  /** What will happen, and any warning, one line each. */
  details: string[];
  tone: Tone;
  confirm: () => void;
}

export type Dialog = FormDialog | ConfirmDialog;

export function openDialog(ui: UiStore, dialog: Dialog): void {
  ui.setState({dialog, prompt: undefined});
}

export function closeDialog(ui: UiStore): void {
  ui.setState({dialog: undefined});
}

function valuesOf(form: FormDialog): Record<string, string> {
  return Object.fromEntries(form.fields.map(field => [field.name, field.value]));
}

function updateForm(ui: UiStore, change: (form: FormDialog) => FormDialog): void {
  const dialog = ui.getState().dialog;
  if (dialog?.kind === 'form') ui.setState({dialog: change(dialog)});
}

function editFocused(form: FormDialog, edit: (value: string) => string): FormDialog {
  return {
    ...form,
    fields: form.fields.map((field, index) => (index === form.focus ? {...field, value: edit(field.value), error: undefined} : field)),
  };
}

const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/** Keys while a dialog is open. Nothing reaches the panes until it closes. */
export function dialogKey(ui: UiStore, name: string, text: string): void {
  const dialog = ui.getState().dialog;
  if (!dialog) return;
  if (dialog.kind === 'confirm') {
    if (name === 'y' || name === 'Y') {
      closeDialog(ui);
      dialog.confirm();
    } else if (name === 'n' || name === 'N' || name === 'esc' || name === 'q') {
      closeDialog(ui);
    }
    return;
  }
  switch (name) {
    case 'esc':
      closeDialog(ui);
      return;
    case 'enter': {
      const verdict = dialog.submit(valuesOf(dialog));
      if ('accepted' in verdict) {
        if (ui.getState().dialog === dialog) closeDialog(ui);
        return;
      }
      const firstError = dialog.fields.findIndex(field => verdict.errors[field.name]);
      updateForm(ui, form => ({
        ...form,
        focus: firstError === -1 ? form.focus : firstError,
        fields: form.fields.map(field => ({...field, error: verdict.errors[field.name]})),
      }));
      return;
    }
    case 'tab': {
      const field = dialog.fields[dialog.focus];
      const completed = field?.complete?.(field.value);
      if (completed !== undefined && completed !== field?.value) {
        updateForm(ui, form => editFocused(form, () => completed));
        return;
      }
      updateForm(ui, form => ({...form, focus: (form.focus + 1) % form.fields.length}));
      return;
    }
    case 'down':
      updateForm(ui, form => ({...form, focus: (form.focus + 1) % form.fields.length}));
      return;
    case 'shift-tab':
    case 'up':
      updateForm(ui, form => ({...form, focus: (form.focus + form.fields.length - 1) % form.fields.length}));
      return;
    case 'backspace':
      updateForm(ui, form => editFocused(form, value => value.slice(0, -1)));
      return;
    case 'ctrl-u':
      updateForm(ui, form => editFocused(form, () => ''));
      return;
    default:
      if (!name.startsWith('ctrl-') && PRINTABLE.test(text)) updateForm(ui, form => editFocused(form, value => value + text));
  }
}

// A detail wraps, up to this many lines, so an engine's refusal is read whole, not cut at the edge;
// wrapping stops once the question takes this many lines, so a long diff leaves the pane room.
const MAX_DETAIL_LINES = 4;
const MAX_WRAPPED_ROWS = 16;
const DETAIL_INDENT = 2;

/** A question's details as drawn at `columns`: wrapped while there is room, and a warning (⚠) red on every line it takes. */
export function confirmDetailRows(dialog: ConfirmDialog, columns: number): Array<{text: string; alarm: boolean}> {
  const width = Math.max(10, columns - DETAIL_INDENT);
  let spare = Math.max(0, MAX_WRAPPED_ROWS - dialog.details.length);
  return dialog.details.flatMap(detail => {
    const lines = wrapLines(detail, width, 1 + Math.min(MAX_DETAIL_LINES - 1, spare));
    spare -= lines.length - 1;
    // The last line keeps the rest, cut at the edge as before.
    const rest = detail.slice(lines.slice(0, -1).join('').length);
    return [...lines.slice(0, -1), rest].map(text => ({text, alarm: detail.startsWith('⚠')}));
  });
}

/** Lines the dialog takes on screen at `columns`, so the pane above can give them up. */
export function dialogHeight(dialog: Dialog | undefined, columns: number): number {
  if (!dialog) return 0;
  if (dialog.kind === 'confirm') return 1 + confirmDetailRows(dialog, columns).length;
  return 2 + dialog.fields.length + dialog.fields.filter(field => field.error).length;
}

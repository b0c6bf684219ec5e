// `e` on a service: its spec in $VISUAL / $EDITOR as YAML; on save, what
// changes is shown and confirmed, then sent with the version index read when
// the edit began, so a spec someone else changed meanwhile is refused, never
// overwritten. A parse error or the engine's refusal offers the editor again,
// with the user's text as they left it; nothing is ever applied half-way.

import type {SwarmService} from '../docker/types.js';
import {describeError} from '../docker/errors.js';
import {openDialog} from '../shell/dialogs.js';
import {parseSpecYaml, specDiff, specYaml} from './edit-spec.js';
import type {OperationContext} from './operations/operation.js';
import {flash} from '../shell/ui-store.js';

/** Runs an editor on `text` and returns what the user saved; injectable so tests can stand in for a person. */
export interface TextEditor {
  edit(text: string, name: string): {text: string} | {error: string};
  /**
   * Bytes in, bytes out, for a secret's or config's content: the file is private, wiped and
   * removed afterwards, and `initial` is zeroed. Absent: creating from $EDITOR is not offered.
   */
  editContent?(initial: Uint8Array, name: string): {content: Buffer} | {error: string};
}

const MAX_DIFF_LINES = 12;

export function diffDetails(diff: readonly string[]): string[] {
  if (diff.length <= MAX_DIFF_LINES) return [...diff];
  return [...diff.slice(0, MAX_DIFF_LINES - 1), `… and ${diff.length - MAX_DIFF_LINES + 1} more changes`];
}

function offerAgain(ctx: OperationContext, editor: TextEditor, service: SwarmService, text: string, question: string, problem: string): void {
  openDialog(ctx.ui, {
    kind: 'confirm',
    question,
    details: [problem, 'y reopens the editor with your text as you left it; n drops the edit. Nothing was applied.'],
    tone: 'error',
    // Against the service as it is now: if someone changed it meanwhile, the next diff shows their
    // change being undone, and the update carries the version that includes it.
    confirm: () => editService(ctx, editor, ctx.latest?.()?.services.find(current => current.ID === service.ID) ?? service, text),
  });
}

export function editService(ctx: OperationContext, editor: TextEditor, service: SwarmService, draft?: string): void {
  const name = service.Spec.Name;
  const original = specYaml(service);
  const result = editor.edit(draft ?? original, name);
  if ('error' in result) {
    flash(ctx.ui, `could not run the editor: ${result.error}`, 'error');
    return;
  }
  const {text} = result;
  if (text === original) {
    flash(ctx.ui, `${name}: no changes, nothing sent`);
    return;
  }
  const parsed = parseSpecYaml(text);
  if (parsed.ok === 'empty') {
    flash(ctx.ui, `${name}: empty file, edit cancelled`);
    return;
  }
  if (parsed.ok === false) {
    offerAgain(ctx, editor, service, text, `The YAML for ${name} does not parse. Edit again?`, parsed.error);
    return;
  }
  const diff = specDiff(service.Spec, parsed.spec);
  if (diff.length === 0) {
    flash(ctx.ui, `${name}: no changes, nothing sent`);
    return;
  }
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Apply ${diff.length} change${diff.length === 1 ? '' : 's'} to ${name}?`,
    details: diffDetails(diff),
    tone: 'warn',
    confirm: () => {
      flash(ctx.ui, `updating ${name}…`);
      ctx.noteServiceChange(service.ID);
      ctx.client.services.replaceSpec(service.ID, service.Version, parsed.spec).then(
        () => {
          flash(ctx.ui, `${name} updated`, 'ok');
          ctx.refresh();
        },
        (error: unknown) => {
          offerAgain(ctx, editor, service, text, `The engine refused the new spec of ${name}. Edit again?`, describeError(error));
          ctx.refresh();
        },
      );
    },
  });
}

export function startEdit(ctx: OperationContext, editor: TextEditor | undefined, service: SwarmService | undefined): void {
  if (!service) {
    flash(ctx.ui, 'select a service first', 'warn');
    return;
  }
  if (!editor) {
    flash(ctx.ui, 'editing needs a terminal to run $EDITOR in', 'error');
    return;
  }
  editService(ctx, editor, service);
}

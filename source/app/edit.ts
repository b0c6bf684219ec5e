// `e`: an object's spec in $VISUAL / $EDITOR as YAML; on save, what changes is
// shown and confirmed, then sent with the version index read when the edit
// began, so a spec someone else changed meanwhile is refused, never
// overwritten. A parse error, an edit that cannot be sent, or the engine's
// refusal offers the editor again, with the user's text as they left it;
// nothing is ever applied half-way. Services and nodes share this flow: each
// kind says how its spec is written, read back, compared and sent
// (EditableKind), the steps between are the same.

import type {SwarmSnapshot} from '../docker/types.js';
import {describeError} from '../docker/errors.js';
import {openDialog} from '../shell/dialogs.js';
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

/**
 * What the editor's text turned out to be: a spec to send, nothing (an emptied file),
 * or why it cannot be sent. `invalid` is YAML that parses but asks for what cannot be
 * done here (a field that cannot change, a value the engine does not know).
 */
export type ParsedEdit<S> = {ok: true; spec: S} | {ok: false; error: string; invalid?: boolean} | {ok: 'empty'};

/** A warning to put before the question, and whether it turns the question into an alarm. */
export interface EditWarnings {
  lines: string[];
  /** The change can hurt past the object itself (demoting the last manager): asked in red. */
  severe: boolean;
}

/** One kind of object `e` edits: how its spec is written out, read back, compared and sent. */
export interface EditableKind<T extends {ID: string}, S> {
  name(target: T): string;
  /** The text the editor opens: a comment header and the editable YAML. */
  yaml(target: T): string;
  /** Reads the text back; `shown` is the object the text was first written from (an edit offered again keeps it). */
  parse(text: string, shown: T): ParsedEdit<S>;
  /** One line per change, empty when nothing changes. */
  diff(target: T, spec: S): string[];
  /** What to say before asking, beyond the diff (demoting a manager). */
  warnings?(target: T, spec: S, ctx: OperationContext): EditWarnings | undefined;
  /** The object as the newest snapshot has it, for an edit offered again. */
  current(snapshot: SwarmSnapshot, target: T): T | undefined;
  /** Sends `spec` guarded by the version the edit began from. */
  send(ctx: OperationContext, target: T, spec: S): Promise<void>;
}

const MAX_DIFF_LINES = 12;

export function diffDetails(diff: readonly string[]): string[] {
  if (diff.length <= MAX_DIFF_LINES) return [...diff];
  return [...diff.slice(0, MAX_DIFF_LINES - 1), `… and ${diff.length - MAX_DIFF_LINES + 1} more changes`];
}

/** The user's text from an earlier try, and the object it was first written from. */
interface Draft<T> {
  text: string;
  shown: T;
}

function offerAgain<T extends {ID: string}, S>(
  ctx: OperationContext,
  editor: TextEditor,
  kind: EditableKind<T, S>,
  target: T,
  draft: Draft<T>,
  question: string,
  problem: string,
): void {
  openDialog(ctx.ui, {
    kind: 'confirm',
    question,
    details: [...problem.split('\n'), 'y reopens the editor with your text as you left it; n drops the edit. Nothing was applied.'],
    tone: 'error',
    // Against the object as it is now: if someone changed it meanwhile, the next diff shows their
    // change being undone, and the update carries the version that includes it.
    confirm: () => {
      const latest = ctx.latest?.();
      editObject(ctx, editor, kind, (latest && kind.current(latest, target)) ?? target, draft);
    },
  });
}

export function editObject<T extends {ID: string}, S>(ctx: OperationContext, editor: TextEditor, kind: EditableKind<T, S>, target: T, draft?: Draft<T>): void {
  const name = kind.name(target);
  const original = kind.yaml(target);
  const shown = draft?.shown ?? target;
  const result = editor.edit(draft?.text ?? original, name);
  if ('error' in result) {
    flash(ctx.ui, `could not run the editor: ${result.error}`, 'error');
    return;
  }
  const {text} = result;
  if (text === original) {
    flash(ctx.ui, `${name}: no changes, nothing sent`);
    return;
  }
  const parsed = kind.parse(text, shown);
  if (parsed.ok === 'empty') {
    flash(ctx.ui, `${name}: empty file, edit cancelled`);
    return;
  }
  if (parsed.ok === false) {
    const question = parsed.invalid ? `The edit of ${name} cannot be sent. Edit again?` : `The YAML for ${name} does not parse. Edit again?`;
    offerAgain(ctx, editor, kind, target, {text, shown}, question, parsed.error);
    return;
  }
  const diff = kind.diff(target, parsed.spec);
  if (diff.length === 0) {
    flash(ctx.ui, `${name}: no changes, nothing sent`);
    return;
  }
  const warnings = kind.warnings?.(target, parsed.spec, ctx);
  openDialog(ctx.ui, {
    kind: 'confirm',
    question: `Apply ${diff.length} change${diff.length === 1 ? '' : 's'} to ${name}?`,
    details: [...(warnings?.lines ?? []), ...diffDetails(diff)],
    tone: warnings?.severe ? 'error' : 'warn',
    confirm: () => {
      flash(ctx.ui, `updating ${name}…`);
      kind.send(ctx, target, parsed.spec).then(
        () => {
          flash(ctx.ui, `${name} updated`, 'ok');
          ctx.refresh();
        },
        (error: unknown) => {
          offerAgain(ctx, editor, kind, target, {text, shown}, `The engine refused the new spec of ${name}. Edit again?`, describeError(error));
          ctx.refresh();
        },
      );
    },
  });
}

/** `e` on a selected object: the editor, if the console has a terminal to run it in. */
export function startEdit<T extends {ID: string}, S>(ctx: OperationContext, kind: EditableKind<T, S>, target: T): void {
  if (!ctx.editor) {
    flash(ctx.ui, 'editing needs a terminal to run $EDITOR in', 'error');
    return;
  }
  editObject(ctx, ctx.editor, kind, target);
}

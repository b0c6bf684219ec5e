// A pane's data source, when it lists one engine list (docker/lists.ts): the list it
// reads from (its set-aside objects are named above the table), its objects in the
// snapshot, and why they could not be read. Every registered list has a pane drawn
// from its source: views/panes/registry.ts holds one descriptor per ViewKind, and
// ViewKind counts every list.
import type {ElementOf, ListName, OptionalName} from '../../docker/lists.js';
import type {SwarmSnapshot} from '../../docker/types.js';

export interface ListSource<K extends ListName> {
  readonly readsFrom: readonly [K];
  /** The list's objects as last read; empty where the reader provided none. */
  objects(snapshot: SwarmSnapshot): readonly ElementOf<K>[];
  /** Why the list could not be read (a proxy refusing it), shown instead of an empty table; never for a required list, whose refusal fails the refresh. */
  unreadable(snapshot: SwarmSnapshot): string | undefined;
}

export function listSource<K extends ListName>(list: K): ListSource<K> {
  return {
    readsFrom: [list],
    objects: snapshot => (snapshot[list] as readonly ElementOf<K>[] | undefined) ?? [],
    unreadable: snapshot => snapshot.unreadable?.[list as ListName & OptionalName],
  };
}

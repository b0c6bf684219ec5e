import type {SwarmConfig, SwarmSecret, SwarmSnapshot} from '../docker/types.js';
import {objectUsers} from '../model/object-users.js';
import {naturalCompare} from '../model/natural-compare.js';
import {type StoredObjectRow, storedObjectColumns, storedObjectSearchText, storedObjectSortShortcuts} from '../render/secrets.js';
import type {ResourceViewSpec} from './resource-spec.js';

function rows<T extends SwarmSecret | SwarmConfig>(objects: readonly T[] | undefined, users: Map<string, StoredObjectRow<T>['users']>): StoredObjectRow<T>[] {
  return [...(objects ?? [])]
    .sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name))
    .map(object => ({object, users: users.get(object.ID) ?? []}));
}

function storedObjectView<T extends SwarmSecret | SwarmConfig>(
  kind: 'secrets' | 'configs',
  objects: (snapshot: SwarmSnapshot) => readonly T[] | undefined,
  users: (snapshot: SwarmSnapshot) => Map<string, StoredObjectRow<T>['users']>,
): ResourceViewSpec<StoredObjectRow<T>> {
  return {
    view: kind,
    noun: kind,
    columns: storedObjectColumns<T>(),
    sortShortcuts: storedObjectSortShortcuts,
    heads: snapshot => rows(objects(snapshot), users(snapshot)),
    id: row => row.object.ID,
    searchText: row => storedObjectSearchText(row),
    crumb: () => kind,
    unreadable: snapshot => snapshot.unreadable?.[kind],
  };
}

export const secretsView = storedObjectView<SwarmSecret>('secrets', snapshot => snapshot.secrets, snapshot => objectUsers(snapshot).servicesBySecret);
export const configsView = storedObjectView<SwarmConfig>('configs', snapshot => snapshot.configs, snapshot => objectUsers(snapshot).servicesByConfig);

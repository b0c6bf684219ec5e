// Secrets and configs list alike: name, dates, and the services that use them.
import type {SwarmConfig, SwarmSecret, SwarmSnapshot} from '../../docker/types.js';
import {naturalCompare} from '../../model/natural-compare.js';
import {objectUsers} from '../../model/object-users.js';
import type {StoredObject} from '../../model/stored-versions.js';
import type {StoredKind} from '../../docker/stored-objects.js';
import {describeConfig, describeSecret} from '../../render/describe.js';
import {type StoredObjectRow, storedObjectColumns, storedObjectSearchText, storedObjectSortShortcuts} from '../../render/secrets.js';
import {type ListSource, listSource} from './list-source.js';
import type {PaneDescriptor} from './pane.js';
import {inert} from '../../render/text.js';

type Users<T extends SwarmSecret | SwarmConfig> = Map<string, StoredObjectRow<T>['users']>;

function rows<T extends SwarmSecret | SwarmConfig>(objects: readonly T[] | undefined, users: Users<T>): StoredObjectRow<T>[] {
  return [...(objects ?? [])].sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name)).map(object => ({object, users: users.get(object.ID) ?? []}));
}

interface StoredObjectKind<T extends SwarmSecret | SwarmConfig> {
  kind: 'secrets' | 'configs';
  /** The selected row as operations take it. */
  stored(object: T): StoredObject;
  aliases: string[];
  noun: StoredKind;
  /** Where its rows come from: its list's source. */
  source: ListSource<'secrets'> | ListSource<'configs'>;
  users(snapshot: SwarmSnapshot): Users<T>;
  describe(object: T, snapshot: SwarmSnapshot): string[];
}

function storedObjectPane<T extends SwarmSecret | SwarmConfig>(about: StoredObjectKind<T>): PaneDescriptor<StoredObjectRow<T>> {
  const objects = (snapshot: SwarmSnapshot) => about.source.objects(snapshot) as readonly T[];
  return {
    kind: about.kind,
    readsFrom: about.source.readsFrom,
    noun: about.kind,
    aliases: about.aliases,
    columns: storedObjectColumns<T>(),
    sortShortcuts: storedObjectSortShortcuts,
    heads: snapshot => rows(objects(snapshot), about.users(snapshot)),
    id: row => row.object.ID,
    searchText: row => storedObjectSearchText(row),
    crumb: () => inert(about.kind),
    document: {
      noun: about.noun,
      find: (snapshot, id) => {
        const object = objects(snapshot).find(candidate => candidate.ID === id);
        return object && {name: object.Spec.Name, describe: () => about.describe(object, snapshot), raw: () => object};
      },
    },
    unreadable: about.source.unreadable,
    // `n` needs the pane alone; `e` and Ctrl-d the selected object.
    targets: row => ({store: {kind: about.noun}, ...(row ? {stored: about.stored(row.object)} : {})}),
  };
}

export const secretsPane = storedObjectPane<SwarmSecret>({
  kind: 'secrets',
  aliases: ['secrets', 'secret'],
  noun: 'secret',
  stored: object => ({kind: 'secret', object}),
  source: listSource('secrets'),
  users: snapshot => objectUsers(snapshot).servicesBySecret,
  describe: describeSecret,
});

export const configsPane = storedObjectPane<SwarmConfig>({
  kind: 'configs',
  aliases: ['configs', 'config'],
  noun: 'config',
  stored: object => ({kind: 'config', object}),
  source: listSource('configs'),
  users: snapshot => objectUsers(snapshot).servicesByConfig,
  describe: describeConfig,
});

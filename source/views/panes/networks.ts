import {naturalCompare} from '../../model/natural-compare.js';
import {objectUsers} from '../../model/object-users.js';
import {describeNetwork} from '../../render/describe.js';
import {type NetworkRow, networkColumns, networkSearchText, networkSortShortcuts} from '../../render/networks.js';
import {listSource} from './list-source.js';
import type {PaneDescriptor} from './pane.js';
import {display} from '../../render/text.js';

const source = listSource('networks');

export const networksPane: PaneDescriptor<NetworkRow> = {
  kind: 'networks',
  readsFrom: source.readsFrom,
  noun: 'networks',
  aliases: ['networks', 'network', 'net'],
  columns: networkColumns,
  sortShortcuts: networkSortShortcuts,
  heads: snapshot => {
    const users = objectUsers(snapshot).servicesByNetwork;
    return [...source.objects(snapshot)].sort((a, b) => naturalCompare(a.Name, b.Name)).map(network => ({network, users: users.get(network.Id) ?? []}));
  },
  id: row => row.network.Id,
  searchText: row => networkSearchText(row),
  crumb: () => display`networks`,
  document: {
    noun: 'network',
    find: (snapshot, id) => {
      const network = source.objects(snapshot).find(candidate => candidate.Id === id);
      return network && {name: network.Name, describe: () => describeNetwork(network, snapshot), raw: () => network};
    },
  },
  unreadable: source.unreadable,
};

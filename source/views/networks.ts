import {objectUsers} from '../model/object-users.js';
import {naturalCompare} from '../model/natural-compare.js';
import {type NetworkRow, networkColumns, networkSearchText, networkSortShortcuts} from '../render/networks.js';
import type {ResourceViewSpec} from './resource-spec.js';

export const networksView: ResourceViewSpec<NetworkRow> = {
  view: 'networks',
  noun: 'networks',
  columns: networkColumns,
  sortShortcuts: networkSortShortcuts,
  heads: snapshot => {
    const users = objectUsers(snapshot).servicesByNetwork;
    return [...(snapshot.networks ?? [])]
      .sort((a, b) => naturalCompare(a.Name, b.Name))
      .map(network => ({network, users: users.get(network.Id) ?? []}));
  },
  id: row => row.network.Id,
  searchText: row => networkSearchText(row),
  crumb: () => 'networks',
  unreadable: snapshot => snapshot.unreadable?.networks,
};

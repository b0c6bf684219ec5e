import type {SwarmNetwork, SwarmService} from '../docker/types.js';
import {type ColumnSpec, type SortShortcut, clusterCell} from './columns.js';
import {shortId} from './format.js';

/** A network and the services attached to it. */
export interface NetworkRow {
  network: SwarmNetwork;
  users: SwarmService[];
}

export function networkSubnets(network: SwarmNetwork): string {
  return (network.IPAM?.Config ?? [])
    .map(config => config.Subnet)
    .filter(Boolean)
    .join(', ');
}

/** What the network allows, in the words of `docker network create` flags. */
export function networkFlags(network: SwarmNetwork): string {
  return [network.Ingress && 'ingress', network.Attachable && 'attachable', network.Internal && 'internal', network.EnableIPv6 && 'ipv6']
    .filter(Boolean)
    .join(', ');
}

export function userNames(users: readonly SwarmService[]): string {
  return users.map(service => service.Spec.Name).join(', ');
}

/** The SERVICES column of an object pane: who uses it, sorted by how many. */
export function servicesUsingColumn<T extends {users: readonly SwarmService[]}>(): ColumnSpec<T> {
  return {
    id: 'services',
    title: 'SERVICES',
    minWidth: 8,
    maxWidth: 60,
    flex: 2,
    priority: 0,
    render: ({users}) => clusterCell(userNames(users)),
    sortValue: ({users}) => users.length,
  };
}

export const networkColumns: ColumnSpec<NetworkRow>[] = [
  {id: 'id', title: 'ID', width: 12, priority: 6, render: ({network}) => clusterCell(shortId(network.Id), 'muted')},
  {id: 'name', title: 'NAME', minWidth: 8, maxWidth: 32, flex: 1, priority: 0, render: ({network}) => clusterCell(network.Name, 'accent')},
  {id: 'driver', title: 'DRIVER', minWidth: 6, priority: 2, render: ({network}) => clusterCell(network.Driver)},
  {id: 'scope', title: 'SCOPE', minWidth: 5, priority: 2, render: ({network}) => clusterCell(network.Scope)},
  {id: 'subnet', title: 'SUBNET', minWidth: 6, maxWidth: 36, priority: 1, render: ({network}) => clusterCell(networkSubnets(network))},
  {id: 'flags', title: 'FLAGS', minWidth: 5, maxWidth: 24, priority: 2, render: ({network}) => clusterCell(networkFlags(network))},
  servicesUsingColumn<NetworkRow>(),
];

export const networkSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'name', label: 'name'},
  {key: 'D', columnId: 'driver', label: 'driver'},
  {key: 'S', columnId: 'services', label: 'services attached'},
];

export function networkSearchText({network, users}: NetworkRow): string {
  return [network.Name, network.Id, network.Driver, network.Scope, networkSubnets(network), networkFlags(network), userNames(users)].join(' ');
}

import type {SwarmConfig, SwarmSecret, SwarmService} from '../docker/types.js';
import {type ColumnSpec, type SortShortcut, clusterCell} from './columns.js';
import {shortAge, shortId, timeSince} from './format.js';
import {servicesUsingColumn, userNames} from './networks.js';

/** A secret or a config (they list alike) and the services that use it. */
export interface StoredObjectRow<T extends SwarmSecret | SwarmConfig> {
  object: T;
  users: SwarmService[];
}

/** The columns shared by the secrets and configs panes: nothing of the content, ever. */
export function storedObjectColumns<T extends SwarmSecret | SwarmConfig>(): ColumnSpec<StoredObjectRow<T>>[] {
  return [
    {id: 'id', title: 'ID', width: 12, priority: 6, render: ({object}) => clusterCell(shortId(object.ID), 'muted')},
    {id: 'name', title: 'NAME', minWidth: 8, maxWidth: 40, flex: 1, priority: 0, render: ({object}) => clusterCell(object.Spec.Name, 'accent')},
    {
      id: 'created',
      title: 'CREATED',
      align: 'right',
      minWidth: 7,
      priority: 1,
      render: ({object}, ctx) => clusterCell(shortAge(timeSince(object.CreatedAt, ctx.now))),
      sortValue: ({object}) => -Date.parse(object.CreatedAt ?? '') || 0,
    },
    {
      id: 'updated',
      title: 'UPDATED',
      align: 'right',
      minWidth: 7,
      priority: 2,
      render: ({object}, ctx) => clusterCell(shortAge(timeSince(object.UpdatedAt, ctx.now))),
      sortValue: ({object}) => -Date.parse(object.UpdatedAt ?? '') || 0,
    },
    servicesUsingColumn<StoredObjectRow<T>>(),
  ];
}

export const storedObjectSortShortcuts: SortShortcut[] = [
  {key: 'N', columnId: 'name', label: 'name'},
  {key: 'A', columnId: 'created', label: 'age'},
  {key: 'S', columnId: 'services', label: 'services using it'},
];

export function storedObjectSearchText({object, users}: StoredObjectRow<SwarmSecret | SwarmConfig>): string {
  return [object.Spec.Name, object.ID, userNames(users)].join(' ');
}

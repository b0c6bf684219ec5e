// `:events`: the swarm's events live, newest first, from the stream the console
// already keeps open (service, node, secret, config, network; containers of the
// manager). Following: the newest event stays selected at the top. Paused: the
// list holds still and counts what arrives behind it.
import type {SwarmEventRow} from '../../docker/types.js';
import type {Binding} from '../../keymap/keymap.js';
import {clusterCell} from '../../render/columns.js';
import {eventColumns, eventSearchText, eventSortShortcuts} from '../../render/events.js';
import type {PaneDescriptor} from './pane.js';
import {display} from '../../render/text.js';

const eventBindings: Binding[] = [
  {keys: ['p'], description: 'Pause the events (the list holds still) or let them move again', action: {type: 'pauseEvents'}, group: 'Resource', hint: 'pause'},
  {keys: ['f'], description: 'Follow: keep the newest event selected at the top', action: {type: 'followEvents'}, group: 'Resource', hint: 'follow'},
];

export const eventsPane: PaneDescriptor<SwarmEventRow> = {
  kind: 'events',
  noun: 'events',
  aliases: ['events', 'event', 'ev'],
  columns: eventColumns,
  sortShortcuts: eventSortShortcuts,
  heads: (snapshot, _index, frame) => {
    const rows = snapshot.events?.rows ?? [];
    const shown = frame.pausedAt === undefined ? rows : rows.filter(row => row.seq <= frame.pausedAt!);
    return [...shown].reverse();
  },
  id: row => String(row.seq),
  searchText: row => eventSearchText(row),
  crumb: () => display`events`,
  emptyText: () => 'No events yet: they show as the swarm changes (from now on)',
  bindings: eventBindings,
  summary: (frame, ctx) => {
    const log = ctx.index.snapshot?.events;
    const count = log?.rows.length ?? 0;
    const ring = `${count} of the last ${log?.capacity ?? 1000} kept`;
    if (frame.pausedAt === undefined) {
      const following = frame.selectedId === undefined;
      return [[clusterCell(following ? 'following' : 'live', 'ok'), clusterCell(` · ${ring}${following ? '' : ' · f follows the newest'}`, 'muted')]];
    }
    const behind = (log?.newest ?? 0) - frame.pausedAt;
    return [[clusterCell('paused', 'warn'), clusterCell(` · ${behind} newer event${behind === 1 ? '' : 's'} held · ${ring} · p resumes`, 'muted')]];
  },
  detail: row => `${row.type} ${row.action} ${row.name} (${row.id})${row.attributes ? `: ${row.attributes}` : ''}`,
};

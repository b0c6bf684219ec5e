import {Box, Text} from 'ink';
import type {ClusterSummary} from '../model/summary.js';
import type {LinkState, ManagerRoute} from '../model/cluster-store.js';
import type {EventLinkState} from '../model/event-watcher.js';
import {clockTime} from '../render/format.js';
import {roleColor, toneColor} from './theme.js';

export interface HeaderProps {
  endpoint: string;
  engineVersion: string;
  apiVersion: string;
  demo?: boolean;
  /** Started with --readonly: every action that changes the swarm is hidden and refused. */
  readOnly?: boolean;
  summary?: ClusterSummary;
  refreshedAt?: number;
  link: LinkState;
  /** The event stream; absent when none runs. */
  events?: EventLinkState;
  /** Set once the console moved to another manager: which, and which was lost. */
  route?: ManagerRoute;
}

/** What the header says about the event stream: nothing while it is up, so a healthy console stays quiet. */
export function eventsNotice(events: EventLinkState | undefined): string | undefined {
  if (events?.status !== 'down') return undefined;
  // A line dropped over its cap says which and why: the engine, not the network, is at fault.
  return events.overCap ? `events down: ${events.overCap} · polling` : 'events down: polling';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function managerWarning(summary: ClusterSummary): string | undefined {
  if (summary.quorumLost) {
    return `QUORUM LOST: ${summary.managersReachable} of ${summary.managersTotal} managers reachable, ${summary.quorum} needed`;
  }
  if (summary.evenManagers) return `${summary.managersTotal} managers: an even count adds no fault tolerance`;
  return undefined;
}

export function Header({endpoint, engineVersion, apiVersion, demo, readOnly, summary, refreshedAt, link, events, route}: HeaderProps) {
  const refreshed = refreshedAt ? `refreshed ${clockTime(refreshedAt)}` : 'loading…';
  // A clock that ticks every refresh repaints an idle screen for nothing: the time shows only once it is news.
  const freshness = link.status === 'lost' ? `stale, ${refreshed}` : refreshedAt ? '' : refreshed;
  const eventsDown = link.status === 'ok' ? eventsNotice(events) : undefined;
  const warning = summary && managerWarning(summary);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold color={roleColor('header')}>
          swarmtop
        </Text>
        {demo ? (
          <Text bold inverse color={toneColor('warn')}>
            {' DEMO '}
          </Text>
        ) : null}
        {readOnly ? (
          <Text bold inverse color={toneColor('accent')}>
            {' READ-ONLY '}
          </Text>
        ) : null}
        {'  '}
        <Text color={link.status === 'lost' ? toneColor('error') : toneColor('muted')} bold={link.status === 'lost'}>
          {freshness}
        </Text>
        {eventsDown ? <Text color={toneColor('warn')}>{`${freshness ? ' · ' : ''}${eventsDown}`}</Text> : null}
        {route ? <Text color={toneColor('warn')}>{`${freshness || eventsDown ? ' · ' : ''}via ${route.via} — ${route.lost} lost`}</Text> : null}
        {`${freshness || eventsDown || route ? ' · ' : ''}${route ? route.endpoint : endpoint} · engine ${engineVersion} · API ${apiVersion}`}
      </Text>
      <Text wrap="truncate">
        {summary ? (
          <>
            <Text color={toneColor(summary.nodesReady === summary.nodesTotal ? 'ok' : 'warn')}>
              {`nodes ${summary.nodesReady}/${summary.nodesTotal} ready`}
            </Text>
            {'  '}
            <Text color={toneColor(summary.servicesConverged === summary.servicesTotal ? 'ok' : 'warn')}>
              {`services ${summary.servicesConverged}/${summary.servicesTotal} converged`}
            </Text>
            {'  '}
            <Text color={toneColor(summary.quorumLost ? 'error' : summary.managersReachable < summary.managersTotal ? 'warn' : 'ok')}>
              {`managers ${summary.managersReachable}/${summary.managersTotal} up`}
            </Text>
            {` · tolerates ${plural(summary.faultTolerance, 'failure')}`}
            {warning ? (
              <Text color={toneColor(summary.quorumLost ? 'error' : 'warn')} bold>
                {`  ⚠ ${warning}`}
              </Text>
            ) : null}
          </>
        ) : (
          ' '
        )}
      </Text>
    </Box>
  );
}

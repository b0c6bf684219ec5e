import {Box} from 'ink';
import type {ClusterSummary} from '../model/summary.js';
import type {LinkState, ManagerRoute} from '../model/cluster-store.js';
import type {EventLinkState} from '../model/event-watcher.js';
import {clockTime} from '../render/format.js';
import {type DisplayText, display} from '../render/text.js';
import {Line, Span} from './Line.js';
import {roleColor, toneColor} from './theme.js';

export interface HeaderProps {
  /** What the engine and the endpoint say about themselves: a hostile engine's Version may hold an escape. */
  endpoint: DisplayText;
  engineVersion: DisplayText;
  apiVersion: DisplayText;
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

const GAP = display`  `;

export function Header({endpoint, engineVersion, apiVersion, demo, readOnly, summary, refreshedAt, link, events, route}: HeaderProps) {
  const refreshed = refreshedAt ? `refreshed ${clockTime(refreshedAt)}` : 'loading…';
  // A clock that ticks every refresh repaints an idle screen for nothing: the time shows only once it is news.
  const freshness = link.status === 'lost' ? `stale, ${refreshed}` : refreshedAt ? '' : refreshed;
  const eventsDown = link.status === 'ok' ? eventsNotice(events) : undefined;
  const warning = summary && managerWarning(summary);
  return (
    <Box flexDirection="column">
      <Line>
        <Span bold color={roleColor('header')}>
          {display`swarmtop`}
        </Span>
        {demo ? (
          <Span bold inverse color={toneColor('warn')}>
            {display` DEMO `}
          </Span>
        ) : null}
        {readOnly ? (
          <Span bold inverse color={toneColor('accent')}>
            {display` READ-ONLY `}
          </Span>
        ) : null}
        {GAP}
        <Span color={link.status === 'lost' ? toneColor('error') : toneColor('muted')} bold={link.status === 'lost'}>
          {display`${freshness}`}
        </Span>
        {eventsDown ? <Span color={toneColor('warn')}>{display`${freshness ? ' · ' : ''}${eventsDown}`}</Span> : null}
        {route ? <Span color={toneColor('warn')}>{display`${freshness || eventsDown ? ' · ' : ''}via ${route.via} — ${route.lost} lost`}</Span> : null}
        {display`${freshness || eventsDown || route ? ' · ' : ''}${route ? route.endpoint : endpoint} · engine ${engineVersion} · API ${apiVersion}`}
      </Line>
      <Line>
        {summary ? (
          <>
            <Span color={toneColor(summary.nodesReady === summary.nodesTotal ? 'ok' : 'warn')}>
              {display`nodes ${summary.nodesReady}/${summary.nodesTotal} ready`}
            </Span>
            {GAP}
            <Span color={toneColor(summary.servicesConverged === summary.servicesTotal ? 'ok' : 'warn')}>
              {display`services ${summary.servicesConverged}/${summary.servicesTotal} converged`}
              {summary.jobsComplete > 0 ? display` (${plural(summary.jobsComplete, 'job')} complete)` : null}
            </Span>
            {GAP}
            <Span color={toneColor(summary.quorumLost ? 'error' : summary.managersReachable < summary.managersTotal ? 'warn' : 'ok')}>
              {display`managers ${summary.managersReachable}/${summary.managersTotal} up`}
            </Span>
            {display` · tolerates ${plural(summary.faultTolerance, 'failure')}`}
            {warning ? (
              <Span color={toneColor(summary.quorumLost ? 'error' : 'warn')} bold>
                {display`  ⚠ ${warning}`}
              </Span>
            ) : null}
          </>
        ) : (
          display` `
        )}
      </Line>
    </Box>
  );
}

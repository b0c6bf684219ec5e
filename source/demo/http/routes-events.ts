// GET /events: replays buffered events from `since`, then streams new ones
// as JSON lines until `until` (or forever). Times are the simulation's clock.

import {EngineError} from '../engine-error.js';
import {type LoggedEvent, eventMatches} from '../events.js';
import {parseEngineTime} from '../time.js';
import {parseFilters} from './filters.js';
import type {RouteContext} from './route-context.js';

function timeParam(value: string | null, name: string): number | undefined {
  if (value === null || value === '') return undefined;
  const ms = parseEngineTime(value);
  if (ms === undefined) throw new EngineError(400, `invalid value for ${name}: ${value}`);
  return ms;
}

export function streamEvents({swarm, url, response, track}: RouteContext): void {
  const filters = parseFilters(url.searchParams.get('filters'));
  const since = timeParam(url.searchParams.get('since'), 'since');
  const until = timeParam(url.searchParams.get('until'), 'until');
  if (since !== undefined && until !== undefined && until < since) throw new EngineError(400, '`since` time must be before `until` time');

  const wanted = (logged: LoggedEvent): boolean => eventMatches(logged.event, filters) && (until === undefined || logged.atMs <= until);
  response.writeHead(200, {'Content-Type': 'application/json'});
  response.flushHeaders();

  if (since !== undefined) {
    const replay = swarm.events.recent().filter(logged => logged.atMs >= since && wanted(logged));
    if (replay.length) response.write(replay.map(logged => logged.json + '\n').join(''));
  }
  if (until !== undefined && until <= swarm.now) {
    response.end();
    return;
  }

  const stop = (): void => {
    unsubscribe();
    stopClock();
    if (!response.writableEnded) response.end();
  };
  const unsubscribe = swarm.events.subscribe(logged => {
    if (wanted(logged)) response.write(logged.json + '\n');
  });
  const stopClock = swarm.onAdvance(now => {
    if (until !== undefined && now >= until) stop();
  });
  response.on('close', stop);
  track(stop);
}

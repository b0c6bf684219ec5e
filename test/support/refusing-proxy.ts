// An HTTP proxy on a private unix socket in front of an engine's socket that
// passes every request through except the update of one service, which it
// answers as the engine answers an update it refuses (HTTP 400, swarmkit's
// InvalidArgument message). The 20.10 engine validates a spec on update as on
// create, so a refused update cannot be provoked at will in the middle of a
// run: this stands in for it, while everything else is the real engine.

import {startCountingProxy} from './counting-proxy.js';

export interface RefusingProxy {
  /** unix:// URL of the proxy's socket. */
  url: string;
  /** How many updates of the service were refused. */
  refused(): number;
  close(): Promise<void>;
}

/** Refuses `POST [/vX.Y]/services/<serviceId>/update` with `message`; passes all else to `upstreamSocket` (the counting proxy's pass-through). */
export async function startRefusingProxy(upstreamSocket: string, serviceId: string, message: string): Promise<RefusingProxy> {
  const refusedPath = new RegExp(`^(/v[0-9.]+)?/services/${serviceId}/update$`);
  let refused = 0;
  const proxy = await startCountingProxy(upstreamSocket, {
    refusal: (method, pathname) => {
      if (method !== 'POST' || !refusedPath.test(pathname)) return undefined;
      refused++;
      return message;
    },
  });
  return {url: proxy.url, refused: () => refused, close: () => proxy.close()};
}

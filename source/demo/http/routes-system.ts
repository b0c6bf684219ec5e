import {sendJson} from './respond.js';
import type {RouteContext} from './route-context.js';

/** GET/HEAD /_ping: "OK" plus the headers clients use to negotiate (API version, swarm role). */
export function ping({request, response}: RouteContext): void {
  response.setHeader('Builder-Version', '2');
  response.setHeader('Cache-Control', 'no-cache, no-store, must-revalidate');
  response.setHeader('Pragma', 'no-cache');
  response.setHeader('Swarm', 'active/manager');
  response.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2});
  response.end(request.method === 'HEAD' ? undefined : 'OK');
}

export function version({swarm, response}: RouteContext): void {
  sendJson(response, 200, swarm.version());
}

export function info({swarm, response}: RouteContext): void {
  sendJson(response, 200, swarm.info());
}

// The demo's own remote control, beside the Engine API on the same socket, so a
// benchmark can play the autopilot's story at moments of its choosing:
//   POST /swarmtop-demo/autopilot/hold
//   POST /swarmtop-demo/autopilot/release?offset=<ms into the cycle>
import {EngineError} from '../engine-error.js';
import {sendJson} from './respond.js';
import type {RouteContext} from './route-context.js';

export function controlAutopilot({swarm, response, url, params}: RouteContext): void {
  const autopilot = swarm.autopilot;
  if (!autopilot) throw new EngineError(409, 'the demo runs without its autopilot (SWARMTOP_DEMO_AUTOPILOT=off)');
  if (params[0] === 'hold') autopilot.hold();
  else {
    const offset = url.searchParams.get('offset') ?? '0';
    if (!/^\d+$/.test(offset)) throw new EngineError(400, `offset must be a whole number of milliseconds, got "${offset}"`);
    autopilot.release(Number(offset));
  }
  sendJson(response, 200, {held: autopilot.held, now: swarm.now});
}

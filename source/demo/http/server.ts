// The simulated engine's HTTP front: strips and checks the /v1.NN version
// prefix, routes the Engine API subset swarmtop uses, and turns errors into
// the engine's {"message": …} answers. Anything else is "page not found".

import http from 'node:http';
import {EngineError} from '../engine-error.js';
import {API_VERSION, MIN_API_VERSION} from '../engine-info.js';
import type {DemoSwarm} from '../swarm.js';
import {engineHeaders, sendError} from './respond.js';
import type {RouteContext} from './route-context.js';
import * as objects from './routes-objects.js';
import {streamEvents} from './routes-events.js';
import {serviceLogs, taskLogs} from './routes-logs.js';
import * as swarmObjects from './routes-swarm-objects.js';
import * as system from './routes-system.js';
import {controlAutopilot} from './routes-demo.js';

type Handler = (context: RouteContext) => void | Promise<void>;

const ID = '([^/]+)';
const ROUTES: Array<[method: string, pattern: RegExp, handler: Handler]> = [
  ['GET', /^\/_ping$/, system.ping],
  ['HEAD', /^\/_ping$/, system.ping],
  ['GET', /^\/version$/, system.version],
  ['GET', /^\/info$/, system.info],
  ['GET', /^\/events$/, streamEvents],
  ['GET', /^\/nodes$/, objects.listNodes],
  ['GET', new RegExp(`^/nodes/${ID}$`), objects.inspectNode],
  ['POST', new RegExp(`^/nodes/${ID}/update$`), objects.updateNode],
  ['GET', /^\/services$/, objects.listServices],
  ['GET', new RegExp(`^/services/${ID}$`), objects.inspectService],
  ['POST', new RegExp(`^/services/${ID}/update$`), objects.updateService],
  ['DELETE', new RegExp(`^/services/${ID}$`), objects.deleteService],
  ['GET', new RegExp(`^/services/${ID}/logs$`), serviceLogs],
  ['GET', /^\/tasks$/, objects.listTasks],
  ['GET', new RegExp(`^/tasks/${ID}$`), objects.inspectTask],
  ['GET', new RegExp(`^/tasks/${ID}/logs$`), taskLogs],
  ['GET', /^\/networks$/, swarmObjects.listNetworks],
  ['GET', /^\/volumes$/, swarmObjects.listVolumes],
  ['GET', /^\/secrets$/, swarmObjects.listSecrets],
  ['GET', /^\/configs$/, swarmObjects.listConfigs],
  ['POST', /^\/secrets\/create$/, swarmObjects.createSecret],
  ['DELETE', new RegExp(`^/secrets/${ID}$`), swarmObjects.deleteSecret],
  ['POST', /^\/configs\/create$/, swarmObjects.createConfig],
  ['DELETE', new RegExp(`^/configs/${ID}$`), swarmObjects.deleteConfig],
  ['GET', /^\/swarm$/, swarmObjects.inspectSwarm],
  // Not the Engine API: the demo's own remote control, for benchmarks.
  ['POST', /^\/swarmtop-demo\/autopilot\/(hold|release)$/, controlAutopilot],
];

function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number) as [number, number];
  const [bMajor, bMinor] = b.split('.').map(Number) as [number, number];
  return aMajor - bMajor || aMinor - bMinor;
}

export interface EngineServer {
  server: http.Server;
  /** Ends every open stream (events, followed logs) so the server can close. */
  endStreams(): void;
}

export function createEngineServer(swarm: DemoSwarm): EngineServer {
  const streams = new Set<() => void>();

  const server = http.createServer((request, response) => {
    engineHeaders(response);
    const url = new URL(request.url ?? '/', 'http://docker');
    let path = url.pathname;
    let apiVersion = API_VERSION;
    const versioned = /^\/v(\d+\.\d+)(\/.*)$/.exec(path);
    if (versioned) {
      apiVersion = versioned[1]!;
      path = versioned[2]!;
      if (compareVersions(apiVersion, API_VERSION) > 0) {
        return sendError(response, 400, `client version ${apiVersion} is too new. Maximum supported API version is ${API_VERSION}`);
      }
      if (compareVersions(apiVersion, MIN_API_VERSION) < 0) {
        return sendError(
          response,
          400,
          `client version ${apiVersion} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
        );
      }
    }

    for (const [method, pattern, handler] of ROUTES) {
      if (method !== request.method) continue;
      const match = pattern.exec(path);
      if (!match) continue;
      const context: RouteContext = {
        swarm,
        request,
        response,
        url,
        params: match.slice(1).map(decodeURIComponent),
        apiVersion,
        track: stop => {
          streams.add(stop);
          response.on('close', () => streams.delete(stop));
        },
      };
      Promise.resolve()
        .then(() => handler(context))
        .catch((error: unknown) => fail(response, error));
      return;
    }
    sendError(response, 404, 'page not found');
  });

  return {
    server,
    endStreams: () => {
      for (const stop of [...streams]) stop();
    },
  };
}

function fail(response: http.ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error instanceof EngineError) sendError(response, error.status, error.message);
  else sendError(response, 500, error instanceof Error ? error.message : String(error));
}

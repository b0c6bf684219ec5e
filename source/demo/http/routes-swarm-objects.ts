// The swarm-wide objects beside nodes, services and tasks: networks (in the
// shape GET /networks lists them), secrets and configs (listed, created and
// removed), and GET /swarm (the cluster object /info carries, plus join tokens).

import {demoManagerId, volumesOn} from '../volumes.js';
import type {StoredKind} from '../../docker/stored-objects.js';
import {EngineError} from '../engine-error.js';
import type {EngineNetwork} from '../engine-types.js';
import {sendEmpty, sendJson} from './respond.js';
import {type RouteContext, readJsonBody} from './route-context.js';

function listedNetwork(network: EngineNetwork): object {
  return {
    Name: network.Spec.Name,
    Id: network.ID,
    Created: network.CreatedAt,
    Scope: 'swarm',
    Driver: network.DriverState.Name,
    EnableIPv6: false,
    IPAM: {Driver: network.IPAMOptions.Driver.Name, Options: null, Config: network.IPAMOptions.Configs.map(config => ({...config}))},
    Internal: false,
    Attachable: network.Spec.Attachable ?? false,
    Ingress: network.Spec.Ingress ?? false,
    ConfigFrom: {Network: ''},
    ConfigOnly: false,
    Containers: {},
    Options: network.DriverState.Options,
    Labels: network.Spec.Labels,
  };
}

/** The manager's own volumes, wrapped as the engine wraps them (no cluster volumes: the demo is API 1.41). */
export function listVolumes({swarm, response}: RouteContext): void {
  const managerId = demoManagerId(swarm);
  sendJson(response, 200, {Volumes: managerId ? volumesOn(swarm, managerId) : [], Warnings: null});
}

export function listNetworks({swarm, response}: RouteContext): void {
  sendJson(response, 200, swarm.networks().map(listedNetwork));
}

function listStored(kind: StoredKind) {
  return ({swarm, response}: RouteContext): void => {
    sendJson(
      response,
      200,
      swarm.stored.list(kind).map(record => swarm.stored.json(record)),
    );
  };
}

function createStored(kind: StoredKind) {
  return async ({swarm, request, response}: RouteContext): Promise<void> => {
    const body = await readJsonBody(request);
    if (typeof body !== 'object' || body === null) throw new EngineError(400, `invalid JSON: the body must be a ${kind} spec`);
    const {Name, Labels, Data} = body as {Name?: unknown; Labels?: unknown; Data?: unknown};
    const data = Buffer.from(typeof Data === 'string' ? Data : '', 'base64');
    sendJson(response, 201, {ID: swarm.stored.create(kind, {Name, Labels}, data)});
  };
}

function removeStored(kind: StoredKind) {
  return ({swarm, params, response}: RouteContext): void => {
    swarm.stored.remove(kind, params[0]!, id => swarm.storedUsers(kind, id));
    sendEmpty(response);
  };
}

export const listSecrets = listStored('secret');
export const listConfigs = listStored('config');
export const createSecret = createStored('secret');
export const createConfig = createStored('config');
export const deleteSecret = removeStored('secret');
export const deleteConfig = removeStored('config');

export function inspectSwarm({swarm, response}: RouteContext): void {
  const cluster = (swarm.info() as {Swarm: {Cluster: {ID: string}}}).Swarm.Cluster;
  const secret = cluster.ID.toLowerCase().padEnd(25, '0').slice(0, 25);
  sendJson(response, 200, {
    ...cluster,
    JoinTokens: {Worker: `SWMTKN-1-demo${secret}-worker`, Manager: `SWMTKN-1-demo${secret}-manager`},
  });
}

// The swarm-wide objects beside nodes, services and tasks: networks (in the
// shape GET /networks lists them), secrets and configs (the demo has none), and
// GET /swarm (the cluster object /info carries, plus join tokens).

import type {EngineNetwork} from '../engine-types.js';
import {sendJson} from './respond.js';
import type {RouteContext} from './route-context.js';

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

export function listNetworks({swarm, response}: RouteContext): void {
  sendJson(response, 200, swarm.networks().map(listedNetwork));
}

export function listSecrets({response}: RouteContext): void {
  sendJson(response, 200, []);
}

export function listConfigs({response}: RouteContext): void {
  sendJson(response, 200, []);
}

export function inspectSwarm({swarm, response}: RouteContext): void {
  const cluster = (swarm.info() as {Swarm: {Cluster: {ID: string}}}).Swarm.Cluster;
  const secret = cluster.ID.toLowerCase().padEnd(25, '0').slice(0, 25);
  sendJson(response, 200, {
    ...cluster,
    JoinTokens: {Worker: `SWMTKN-1-demo${secret}-worker`, Manager: `SWMTKN-1-demo${secret}-manager`},
  });
}

// Putting a service spec into effect: what new tasks are cut from, which
// networks they join, and the endpoint (VIPs, published ports) the engine
// reports for it.

import type {EngineServiceSpec, EngineTaskSpec} from './engine-types.js';
import type {NetworkPlan} from './networks.js';
import type {ServiceRecord} from './records.js';

/** The task copy of a TaskTemplate: the engine leaves Runtime out of it. */
export function taskSpecOf(spec: EngineServiceSpec): EngineTaskSpec {
  const {Runtime: _runtime, ...taskSpec} = spec.TaskTemplate;
  return taskSpec;
}

/** Compares like swarmkit's spec equality: field order, as a client happened to send it, doesn't matter. */
export function templateKeyOf(spec: EngineServiceSpec): string {
  return canonicalJson(spec.TaskTemplate);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return (
      '{' +
      entries
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => JSON.stringify(k) + ':' + canonicalJson(v))
        .join(',') +
      '}'
    );
  }
  return JSON.stringify(value);
}

/** Replaces the service's spec (never mutating the old one: tasks keep pointing at theirs). */
export function applySpec(service: ServiceRecord, spec: EngineServiceSpec, networks: NetworkPlan): void {
  service.api.Spec = spec;
  service.taskSpec = taskSpecOf(spec);
  service.templateKey = templateKeyOf(spec);
  const ports = spec.EndpointSpec.Ports ?? [];
  const attached = (spec.TaskTemplate.Networks ?? [])
    .map(ref => networks.byId(ref.Target) ?? networks.byName(ref.Target))
    .filter(network => network !== undefined);
  const ingress = ports.some(port => port.PublishMode === 'ingress') ? networks.byName('ingress') : undefined;
  service.networks = ingress ? [ingress, ...attached] : attached;

  if (service.networks.length === 0 && ports.length === 0) {
    service.api.Endpoint = {Spec: {}};
    return;
  }
  const previous = new Map((service.api.Endpoint.VirtualIPs ?? []).map(vip => [vip.NetworkID, vip.Addr]));
  service.api.Endpoint = {
    Spec: {Mode: spec.EndpointSpec.Mode, ...(ports.length ? {Ports: ports} : {})},
    ...(ports.length ? {Ports: ports.map(port => ({...port}))} : {}),
    ...(service.networks.length
      ? {VirtualIPs: service.networks.map(network => ({NetworkID: network.ID, Addr: previous.get(network.ID) ?? networks.allocate(network)}))}
      : {}),
  };
}

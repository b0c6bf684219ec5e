// Which services use which networks, secrets and configs, and how services
// group into stacks: derived once per snapshot from the services' specs and
// labels (the API has no reverse lookup).

import type {SwarmConfig, SwarmNetwork, SwarmSecret, SwarmService, SwarmSnapshot} from '../docker/types.js';
import {naturalCompare} from './natural-compare.js';

/** The label `docker stack deploy` puts on everything it creates. */
export const STACK_LABEL = 'com.docker.stack.namespace';

export interface Stack {
  name: string;
  services: SwarmService[];
  networks: SwarmNetwork[];
  secrets: SwarmSecret[];
  configs: SwarmConfig[];
}

export interface ObjectUsers {
  /** Services by network ID: attached in their spec, or holding a VIP on it (the ingress network). */
  servicesByNetwork: Map<string, SwarmService[]>;
  servicesBySecret: Map<string, SwarmService[]>;
  servicesByConfig: Map<string, SwarmService[]>;
  stacks: Stack[];
}

const cache = new WeakMap<SwarmSnapshot, ObjectUsers>();

function add(map: Map<string, SwarmService[]>, key: string, service: SwarmService): void {
  const list = map.get(key);
  if (!list) map.set(key, [service]);
  else if (!list.includes(service)) list.push(service);
}

export function stackOf(labels: Record<string, string> | undefined): string | undefined {
  return labels?.[STACK_LABEL] || undefined;
}

function byName<T>(name: (item: T) => string) {
  return (a: T, b: T) => naturalCompare(name(a), name(b));
}

export function objectUsers(snapshot: SwarmSnapshot): ObjectUsers {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const networks = snapshot.networks ?? [];
  const networkIdByName = new Map(networks.map(network => [network.Name, network.Id]));
  const servicesByNetwork = new Map<string, SwarmService[]>();
  const servicesBySecret = new Map<string, SwarmService[]>();
  const servicesByConfig = new Map<string, SwarmService[]>();
  const services = [...snapshot.services].sort(byName(service => service.Spec.Name));
  for (const service of services) {
    for (const attachment of service.Spec.TaskTemplate.Networks ?? []) {
      add(servicesByNetwork, networkIdByName.get(attachment.Target) ?? attachment.Target, service);
    }
    for (const vip of service.Endpoint?.VirtualIPs ?? []) if (vip.NetworkID) add(servicesByNetwork, vip.NetworkID, service);
    const container = service.Spec.TaskTemplate.ContainerSpec;
    for (const secret of container?.Secrets ?? []) add(servicesBySecret, secret.SecretID, service);
    for (const config of container?.Configs ?? []) add(servicesByConfig, config.ConfigID, service);
  }

  const stacks = new Map<string, Stack>();
  const stackNamed = (name: string) => {
    let stack = stacks.get(name);
    if (!stack) {
      stack = {name, services: [], networks: [], secrets: [], configs: []};
      stacks.set(name, stack);
    }
    return stack;
  };
  for (const service of services) {
    const name = stackOf(service.Spec.Labels);
    if (name) stackNamed(name).services.push(service);
  }
  // A stack's networks, secrets and configs carry the label too; only stacks that still have services are listed.
  for (const network of networks) stacks.get(stackOf(network.Labels) ?? '')?.networks.push(network);
  for (const secret of snapshot.secrets ?? []) stacks.get(stackOf(secret.Spec.Labels) ?? '')?.secrets.push(secret);
  for (const config of snapshot.configs ?? []) stacks.get(stackOf(config.Spec.Labels) ?? '')?.configs.push(config);
  for (const stack of stacks.values()) {
    stack.networks.sort(byName(network => network.Name));
    stack.secrets.sort(byName(secret => secret.Spec.Name));
    stack.configs.sort(byName(config => config.Spec.Name));
  }

  const users = {
    servicesByNetwork,
    servicesBySecret,
    servicesByConfig,
    stacks: [...stacks.values()].sort(byName(stack => stack.name)),
  };
  cache.set(snapshot, users);
  return users;
}

export function serviceNames(services: readonly SwarmService[] | undefined): string {
  return (services ?? []).map(service => service.Spec.Name).join(', ');
}

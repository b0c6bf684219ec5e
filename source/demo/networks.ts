// Overlay networks and the addresses handed to services (VIPs) and tasks
// (NetworksAttachments), shaped like the engine's network objects.

import type {EngineNetwork} from './engine-types.js';
import type {Random} from './random.js';
import {rfc3339Nano} from './time.js';

interface Pool {
  network: EngineNetwork;
  base: number;
  prefix: number;
  next: number;
}

export interface NetworkOptions {
  subnet: string;
  ingress?: boolean;
  createdAtMs: number;
  index: number;
}

export class NetworkPlan {
  private pools = new Map<string, Pool>();
  private vxlan = 4096;

  constructor(private readonly random: Random) {}

  create(name: string, options: NetworkOptions): EngineNetwork {
    const [address, prefixText] = options.subnet.split('/');
    const base = ipToNumber(address!);
    const prefix = Number(prefixText);
    const created = rfc3339Nano(options.createdAtMs, this.random.int(0, 999_999));
    const network: EngineNetwork = {
      ID: this.random.swarmId(),
      Version: {Index: options.index},
      CreatedAt: created,
      UpdatedAt: created,
      Spec: options.ingress
        ? {Name: name, Labels: {}, DriverConfiguration: {}, Ingress: true, IPAMOptions: {Driver: {}}, Scope: 'swarm'}
        : {Name: name, Labels: {}, DriverConfiguration: {Name: 'overlay'}, Attachable: true, IPAMOptions: {Driver: {Name: 'default'}}, Scope: 'swarm'},
      DriverState: {Name: 'overlay', Options: {'com.docker.network.driver.overlay.vxlanid_list': String(this.vxlan++)}},
      IPAMOptions: {Driver: {Name: 'default'}, Configs: [{Subnet: options.subnet, Gateway: numberToIp(base + 1)}]},
    };
    this.pools.set(network.ID, {network, base, prefix, next: 2});
    return network;
  }

  all(): EngineNetwork[] {
    return [...this.pools.values()].map(pool => pool.network);
  }

  byName(name: string): EngineNetwork | undefined {
    return this.all().find(network => network.Spec.Name === name);
  }

  byId(id: string): EngineNetwork | undefined {
    return this.pools.get(id)?.network;
  }

  /** The next address on the network, in CIDR form as the engine reports it; wraps when the subnet is used up. */
  allocate(network: EngineNetwork): string {
    const pool = this.pools.get(network.ID)!;
    const hosts = 2 ** (32 - pool.prefix) - 3;
    const offset = 2 + ((pool.next - 2) % hosts);
    pool.next++;
    return `${numberToIp(pool.base + offset)}/${pool.prefix}`;
  }
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

function numberToIp(value: number): string {
  return [24, 16, 8, 0].map(shift => Math.floor(value / 2 ** shift) % 256).join('.');
}

// Ports in the short form ("8080:80/udp", "127.0.0.1:8080:80", "9000-9001:80-81") and
// the long form, as the PortConfigs stack deploy sends: tcp and ingress unless said. Pure.
import type {Value} from './load.js';
import {ComposeError} from './names.js';

interface Port {
  Protocol: string;
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: string;
}

function range(text: string, key: string, whole: string): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new ComposeError(key, `invalid port "${whole}"`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first || last > 65535) throw new ComposeError(key, `invalid port range "${whole}"`);
  return Array.from({length: last - first + 1}, (_, index) => first + index);
}

function shortPorts(text: string, key: string): Port[] {
  const slash = text.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : text.slice(slash + 1);
  const parts = (slash === -1 ? text : text.slice(0, slash)).split(':');
  // An address before the published port is not something a swarm service can bind: the CLI drops it.
  const [published, target] = parts.length === 1 ? [undefined, parts[0]!] : [parts.at(-2)!, parts.at(-1)!];
  const targets = range(target, key, text);
  const publishedPorts = published === undefined || published === '' ? undefined : range(published, key, text);
  if (publishedPorts && publishedPorts.length !== targets.length && publishedPorts.length !== 1)
    throw new ComposeError(key, `invalid port range "${text}": the ranges differ in length`);
  return targets.map((port, index) => ({
    Protocol: protocol,
    TargetPort: port,
    PublishedPort: publishedPorts?.[publishedPorts.length === 1 ? 0 : index],
    PublishMode: 'ingress',
  }));
}

export function portsOf(value: Value | undefined, service: string): Port[] | undefined {
  if (value === undefined || value === null) return undefined;
  const ports = (value as Value[]).flatMap((entry, index): Port[] => {
    const key = `${service}.ports.${index}`;
    if (typeof entry === 'string' || typeof entry === 'number') return shortPorts(String(entry), key);
    const long = entry as {[key: string]: Value};
    return [
      {
        Protocol: String(long.protocol ?? 'tcp'),
        TargetPort: Number(long.target),
        PublishedPort: long.published === undefined || long.published === null ? undefined : Number(long.published),
        PublishMode: String(long.mode ?? 'ingress'),
      },
    ];
  });
  return ports.sort((a, b) => (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) || a.TargetPort - b.TargetPort || a.Protocol.localeCompare(b.Protocol));
}

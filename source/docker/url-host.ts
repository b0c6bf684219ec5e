// Host names and addresses the swarm reports (a node's Description.Hostname,
// Status.Addr, ManagerStatus.Addr) that fill a URL: --nodes-via's {hostname} and
// {addr}, and the default node and manager endpoints. Each node sets its own, so
// a value is taken only when it is a DNS name or an IP literal: nothing in it can
// then change the URL's user, port, host or socket path (`@ : ? # /`), or read
// as an ssh option (a leading `-`).

import net from 'node:net';

declare const brand: unique symbol;
/** A DNS name, an IPv4 literal, or an IPv6 literal in brackets: safe as a URL's host and a socket path's part. */
export type UrlHost = string & {readonly [brand]: 'UrlHost'};

// Letters, digits and hyphens (and the underscore some hosts carry), no label starting or ending with a hyphen.
const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

/** `value` as a URL host, or undefined when it is not a DNS name or an IP literal. */
export function urlHost(value: string | undefined): UrlHost | undefined {
  if (!value) return undefined;
  if (value.startsWith('[') && value.endsWith(']')) return net.isIPv6(value.slice(1, -1)) ? (value as UrlHost) : undefined;
  if (net.isIPv4(value)) return value as UrlHost;
  if (value.length > 253) return undefined;
  const labels = value.endsWith('.') ? value.slice(0, -1).split('.') : value.split('.');
  return labels.every(label => LABEL.test(label)) ? (value as UrlHost) : undefined;
}

/** Why a node whose reported host is not usable is not tried. */
export const UNUSABLE_HOST = 'hostname not usable in a URL';

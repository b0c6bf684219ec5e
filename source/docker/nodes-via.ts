// The --nodes-via template: how each node's own engine is reached, for node reach
// (stats, health, exec) and for manager failover alike.

import {resolveEndpoint} from './endpoint.js';
import {StartupError} from './startup-error.js';
import {type UrlHost, urlHost} from './url-host.js';

const PLACEHOLDERS = ['{hostname}', '{addr}'] as const;

export interface NodesVia {
  template: string;
}

/** Checks a --nodes-via template: a unix://, tcp:// or ssh:// URL with {hostname} and/or {addr}. */
export function parseNodesVia(template: string): NodesVia {
  const text = template.trim();
  const bad = (why: string) => new StartupError('endpoint', `Invalid --nodes-via "${template}": ${why}`);
  if (!PLACEHOLDERS.some(placeholder => text.includes(placeholder))) {
    throw bad('it needs {hostname} or {addr}, e.g. ssh://admin@{addr} or unix:///run/{hostname}.sock');
  }
  const leftover = /\{[^}]*\}/.exec(text.replaceAll('{hostname}', '').replaceAll('{addr}', ''));
  if (leftover) throw bad(`unknown placeholder ${leftover[0]} (use {hostname} or {addr})`);
  try {
    resolveEndpoint({host: fillTemplate(text, urlHost('example-host')!, urlHost('192.0.2.1')!), env: {}, homeDir: '/'});
  } catch (error) {
    throw bad(error instanceof StartupError ? error.message.replace(/^Invalid Docker host "[^"]*" \(from [^)]*\): /, '') : String(error));
  }
  return {template: text};
}

/** The template with the node's host and address; only values checked by urlHost fill it, so neither can change the URL's shape. */
export function fillTemplate(template: string, hostname: UrlHost | '', addr: UrlHost | ''): string {
  return template.replaceAll('{hostname}', hostname).replaceAll('{addr}', addr);
}

// What the console hands exec-helper.js: the node's endpoint (and the ssh arguments
// to reach it with), the container and the command.

import type {Endpoint} from '../docker/endpoint.js';

export interface ExecRequest {
  endpoint: Endpoint;
  containerId: string;
  command: string[];
  /** The console's extra ssh arguments (--ssh-opt, SWARMTOP_SSH_OPTS), for an ssh:// endpoint. */
  sshArgs?: string[];
}

/** An Endpoint as text for the child's environment: TLS material as base64. */
export function encodeExecRequest(request: ExecRequest): string {
  return JSON.stringify(request, (_key, value: unknown) =>
    value && typeof value === 'object' && (value as {type?: string}).type === 'Buffer'
      ? {base64: Buffer.from((value as {data: number[]}).data).toString('base64')}
      : value,
  );
}

export function decodeExecRequest(text: string): ExecRequest {
  return JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === 'object' && 'base64' in value ? Buffer.from(String((value as {base64: string}).base64), 'base64') : value,
  ) as ExecRequest;
}

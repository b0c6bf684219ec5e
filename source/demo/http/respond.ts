// Writing responses the way dockerd does: its standard headers on every
// answer, JSON bodies ending in a newline (Go's json.Encoder), and errors as
// {"message": "..."}.

import type {ServerResponse} from 'node:http';
import {API_VERSION, ENGINE_VERSION} from '../engine-info.js';

export function engineHeaders(response: ServerResponse): void {
  response.setHeader('Api-Version', API_VERSION);
  response.setHeader('Docker-Experimental', 'false');
  response.setHeader('Ostype', 'linux');
  response.setHeader('Server', `Docker/${ENGINE_VERSION} (linux)`);
}

/** Sends an already serialised JSON document. */
export function sendJsonText(response: ServerResponse, status: number, json: string): void {
  sendJsonBody(response, status, Buffer.from(json + '\n'));
}

/** Sends an already encoded JSON document, newline included. */
export function sendJsonBody(response: ServerResponse, status: number, body: Buffer): void {
  response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': body.length});
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendJsonText(response, status, JSON.stringify(value));
}

export function sendError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, {message});
}

/** A 200 with no body, as the engine answers node updates and service deletes. */
export function sendEmpty(response: ServerResponse): void {
  response.writeHead(200, {'Content-Length': 0});
  response.end();
}

/** The daemon's truthiness for query flags: anything but "", "0", "no", "false" and "none". */
export function boolParam(value: string | null): boolean {
  if (value === null) return false;
  return !['', '0', 'no', 'false', 'none'].includes(value.trim().toLowerCase());
}

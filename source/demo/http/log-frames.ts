// Log lines on the wire. Without a TTY every line is one frame: an 8-byte
// header (stream: 1 stdout / 2 stderr, three zero bytes, big-endian payload
// length) then the payload. With a TTY the bytes go raw, CRLF-terminated as
// the pseudo-terminal wrote them. Optional prefixes as the daemon adds them:
// the timestamp, then the details (the task's swarm context as key=value).

import type {LogLine} from '../task-logs.js';
import {rfc3339NanoFixed} from '../time.js';

export interface LogFormat {
  tty: boolean;
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
  details: boolean;
}

function details(line: LogLine): string {
  const task = line.task;
  const attributes: Array<[string, string]> = [
    ['com.docker.swarm.node.id', task.api.NodeID ?? ''],
    ['com.docker.swarm.service.id', task.service.api.ID],
    ['com.docker.swarm.task.id', task.api.ID],
  ];
  return attributes.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join(',');
}

export function encodeLogLines(lines: readonly LogLine[], format: LogFormat): Buffer {
  const parts: Buffer[] = [];
  for (const line of lines) {
    // A TTY merges both streams into one, so the stream choice can't separate them.
    if (!format.tty && !(line.stream === 1 ? format.stdout : format.stderr)) continue;
    let text = line.text + (format.tty ? '\r\n' : '\n');
    if (format.details) text = details(line) + ' ' + text;
    if (format.timestamps) text = rfc3339NanoFixed(line.atMs, line.subMsNanos) + ' ' + text;
    const payload = Buffer.from(text, 'utf8');
    if (format.tty) {
      parts.push(payload);
      continue;
    }
    const header = Buffer.alloc(8);
    header[0] = line.stream;
    header.writeUInt32BE(payload.length, 4);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

// Every request to an engine has a deadline and a byte cap (source/docker/limits.ts): a fake
// engine on a private unix socket answers too much, too late or never, and each request
// through dockerode's modem or the kept-alive JSON client fails with a message naming it.
import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createDockerClient} from '../../source/docker/client-options.js';
import {EngineJsonClient} from '../../source/docker/engine-json.js';
import {EventResource, JsonLineDecoder} from '../../source/docker/events.js';
import {ANSWER_LIMITS, type AnswerLimit, answerLimit, formatBytes, overCapError} from '../../source/docker/limits.js';
import {ReusingList} from '../../source/docker/list-stream.js';
import {Unreadable} from '../../source/docker/decode/set-aside.js';
import {boundModem} from '../../source/docker/modem.js';
import {type EventLinkState, EventWatcher} from '../../source/model/event-watcher.js';
import {eventsNotice} from '../../source/ui/Header.js';

// The caps are the list reader's, whatever the elements: any object with an ID is taken as it is.
const anyIdentified = (value: unknown): {ID: string} | Unreadable =>
  typeof value === 'object' && value !== null && typeof (value as {ID?: unknown}).ID === 'string' ? (value as {ID: string}) : new Unreadable('no ID');

const SMALL_CAP = 64 * 1024;
const SHORT_MS = 300;

/** The real table's rows, with small caps and short deadlines so the test runs in moments. */
function testLimits(method: string, requestPath: string, streamed = false): {name: string; limit: AnswerLimit} {
  const {name, limit} = answerLimit(method, requestPath, streamed);
  return {name, limit: limit.kind === 'whole' ? {kind: 'whole', bytes: SMALL_CAP, deadlineMs: SHORT_MS} : {...limit, answerMs: SHORT_MS}};
}

let dir: string;
let socketPath: string;
let server: http.Server;
const bytesSent = new Map<string, number>();

/** Writes `total` bytes of `fill` in 16 KiB pieces for as long as the client reads. */
function pour(response: http.ServerResponse, route: string, head: string, total: number): void {
  let sent = 0;
  const piece = Buffer.alloc(16 * 1024, 'x');
  const more = () => {
    if (sent === 0) {
      response.write(head);
      sent += head.length;
    }
    while (sent < total) {
      sent += piece.length;
      bytesSent.set(route, sent);
      if (!response.write(piece)) return void response.once('drain', more);
    }
    response.end();
  };
  response.on('close', () => bytesSent.set(route, sent));
  more();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'swarmtop-limits-'));
  socketPath = path.join(dir, 'engine.sock');
  server = http.createServer((request, response) => {
    const route = (request.url ?? '').replace(/^\/v\d+\.\d+/, '').replace(/\?.*$/, '');
    switch (route) {
      case '/version':
        // 100 times the test cap: the client must stop reading long before the end.
        response.writeHead(200, {'Content-Type': 'application/json'});
        return pour(response, route, '{"Version":"', 100 * SMALL_CAP);
      case '/info':
        return; // never answers
      case '/tasks':
        response.writeHead(200, {'Content-Type': 'application/json'});
        return pour(response, route, '[{"ID":"', 100 * SMALL_CAP);
      case '/nodes':
        response.writeHead(200, {'Content-Type': 'application/json'});
        return void response.end(JSON.stringify([{ID: 'n1'}, {ID: 'n2'}]));
      case '/services/missing':
        response.writeHead(404, {'Content-Type': 'application/json'});
        return void response.end(JSON.stringify({message: 'service missing not found'}));
      case '/events':
        if (request.url?.includes('until')) {
          response.writeHead(200);
          return pour(response, route, '{"Type":"container","Action":"', 100 * SMALL_CAP);
        }
        return; // the live stream's headers never come
      case '/containers/abc/stats':
        response.writeHead(200, {'Content-Type': 'application/json'});
        return void response.write('{"read":"'); // starts, then stalls
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>(resolve => server.listen(socketPath, resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise(resolve => server.close(resolve));
  rmSync(dir, {recursive: true, force: true});
});

function client(): Dockerode {
  const docker = new Dockerode({socketPath, version: 'v1.41'});
  boundModem(docker.modem as Parameters<typeof boundModem>[0], `unix://${socketPath}`, testLimits);
  return docker;
}

describe('the table of limits', () => {
  it('is applied to every client the console builds', () => {
    const docker = createDockerClient({url: `unix://${socketPath}`, source: 'test'}, '1.41');
    expect((docker.modem as {endpoint?: string}).endpoint).toBe(`unix://${socketPath}`);
  });

  it('has a row for every request the console makes, with caps that hold size large with a wide margin', () => {
    const whole = (method: string, route: string) => {
      const {limit} = answerLimit(method, route);
      if (limit.kind !== 'whole') throw new Error(`${route} is not read whole`);
      return limit;
    };
    expect(answerLimit('GET', '/v1.41/version').name).toBe('version');
    expect(answerLimit('GET', '/v1.41/tasks?filters=x').name).toBe('list');
    expect(answerLimit('GET', '/v1.41/events?until=1').name).toBe('event log');
    expect(answerLimit('GET', '/v1.41/events?', true).name).toBe('events');
    expect(answerLimit('GET', '/v1.41/services/x/logs?', true).name).toBe('logs');
    expect(answerLimit('GET', '/containers/abc/stats').name).toBe('stats');
    expect(answerLimit('POST', '/containers/abc/exec').name).toBe('exec');
    expect(answerLimit('GET', '/services/abc').name).toBe('inspect');
    expect(answerLimit('POST', '/services/abc/update').name).toBe('write');
    // --demo=large answers /tasks with 45 MB and /services with 3.1 MB; /version with 0.8 KB.
    expect(whole('GET', '/tasks').bytes).toBeGreaterThan(5 * 45_000_000);
    expect(whole('GET', '/version').bytes).toBeGreaterThan(100 * 822);
    expect(whole('GET', '/version').bytes).toBeLessThan(100_000_000);
    for (const row of ANSWER_LIMITS) expect(row.limit.kind === 'whole' ? row.limit.deadlineMs : row.limit.answerMs).toBeGreaterThan(0);
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MiB');
  });
});

describe("requests through dockerode's modem", () => {
  it('drops a /version over its cap, naming the request and the cap, without reading the rest', async () => {
    await expect(client().version()).rejects.toThrow(`answer to /version over its cap of 64 KiB: dropped (unix://${socketPath})`);
    await expect.poll(() => bytesSent.get('/version')).toBeLessThan(20 * SMALL_CAP);
  });

  it('fails a request that hangs with "no answer from <endpoint> <path> in N s"', async () => {
    await expect(client().info()).rejects.toThrow(`no answer from unix://${socketPath} /info in 0.3 s`);
  });

  it('counts a streamed list on the way and drops it over its cap', async () => {
    await expect(new ReusingList(anyIdentified).read(client(), {path: '/tasks?', statusCodes: {200: true}})).rejects.toThrow(
      /^answer to \/tasks over its cap of 64 KiB: dropped \(unix:/,
    );
    await expect.poll(() => bytesSent.get('/tasks')).toBeLessThan(20 * SMALL_CAP);
  });

  it('reads a list under its cap as before', async () => {
    const list = await new ReusingList(anyIdentified).read(client(), {path: '/nodes?', statusCodes: {200: true}});
    expect(list.map(node => node.ID)).toEqual(['n1', 'n2']);
  });

  it("keeps docker-modem's error for a status not expected: code, reason and the engine's message", async () => {
    const error = (await client()
      .getService('missing')
      .inspect()
      .catch((caught: unknown) => caught)) as {statusCode?: number; json?: {message?: string}; message: string};
    expect(error.statusCode).toBe(404);
    expect(error.json?.message).toBe('service missing not found');
    expect(error.message).toMatch(/^\(HTTP code 404\) no such service - service missing not found/);
  });

  it('gives the event stream a deadline for its answer', async () => {
    const events = new EventResource(client());
    await expect(events.openEvents(new AbortController().signal)).rejects.toThrow(`no answer from unix://${socketPath} /events in 0.3 s`);
  });
});

describe('the kept-alive JSON reads of a node engine', () => {
  const json = () => new EngineJsonClient({socketPath, version: 'v1.41'}, `unix://${socketPath}`, testLimits);

  it('drops an answer over its cap', async () => {
    const reader = json();
    await expect(reader.getLines('/events', {until: 1})).rejects.toThrow(`answer to /events over its cap of 64 KiB: dropped (unix://${socketPath})`);
    reader.close();
  });

  it('fails stats that start and stall by the deadline', async () => {
    const reader = json();
    await expect(reader.get('/containers/abc/stats', {stream: false})).rejects.toThrow(`no answer from unix://${socketPath} /containers/abc/stats in 0.3 s`);
    reader.close();
  });
});

describe('event lines', () => {
  it('ends the stream with a message once a line without a newline passes its cap', () => {
    const decoder = new JsonLineDecoder({lineBytes: SMALL_CAP, overCap: () => new Error('event line over its cap of 64 KiB')});
    const piece = new TextEncoder().encode('x'.repeat(8 * 1024));
    expect(decoder.push('{"Type":"node","Action":"update"}\n{"Type":"')).toHaveLength(1);
    expect(() => {
      for (let i = 0; i < 100; i++) decoder.push(piece);
    }).toThrow('event line over its cap of 64 KiB');
  });

  it('takes a long line under the cap, however it is cut', () => {
    const decoder = new JsonLineDecoder({lineBytes: SMALL_CAP, overCap: () => new Error('over')});
    const line = JSON.stringify({Type: 'service', Action: 'update', Actor: {Attributes: {name: 'y'.repeat(40_000)}}});
    const events = [];
    for (let at = 0; at < line.length; at += 1000) events.push(...decoder.push(line.slice(at, at + 1000)));
    events.push(...decoder.push('\n'));
    expect(events).toHaveLength(1);
    expect(events[0]!.Actor?.Attributes?.['name']).toHaveLength(40_000);
  });
});

describe('an event stream dropped over its cap', () => {
  it('says so in the header, naming the request and the cap, and keeps polling', async () => {
    const states: EventLinkState[] = [];
    const dropped = overCapError('unix:///engine.sock', '/events', 1024 * 1024, 'event line');
    const watcher = new EventWatcher({
      source: {
        openEvents: async () =>
          (async function* () {
            yield* [];
            throw dropped;
          })(),
      },
      onChange: () => {},
      onState: state => states.push(state),
      minRetryMs: 60_000,
    });
    watcher.start();
    await expect.poll(() => states.at(-1)?.status).toBe('down');
    watcher.stop();
    expect(eventsNotice(states.at(-1))).toBe('events down: event line to /events over its cap of 1 MiB: dropped (unix:///engine.sock) · polling');
    expect(eventsNotice({status: 'down', error: 'connect ECONNREFUSED', received: 0})).toBe('events down: polling');
  });
});

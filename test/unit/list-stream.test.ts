import {mkdtempSync, rmSync} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {LIST_STATUS_CODES, ReusingList, knownElement, readList} from '../../source/docker/list-stream.js';
import {ServiceResource} from '../../source/docker/services.js';
import {decodeTask} from '../../source/docker/decode/task.js';
import {readFixture} from '../support/fixtures.js';

describe('ReusingList', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'list-stream-'));
  const socketPath = path.join(dir, 'engine.sock');
  let body = '[]';
  let status = 200;
  const asked: string[] = [];
  const server = http.createServer((request, response) => {
    asked.push(request.url ?? '');
    response.writeHead(status, {'Content-Type': 'application/json'});
    // In small pieces, so elements span chunks as they do over a real socket.
    const bytes = Buffer.from(body);
    for (let i = 0; i < bytes.length; i += 7) response.write(bytes.subarray(i, i + 7));
    response.end();
  });
  const docker = new Dockerode({socketPath});

  beforeAll(() => new Promise<void>(resolve => server.listen(socketPath, resolve)));
  afterAll(() => {
    server.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it('hands back last read’s object for an element whose JSON did not change, and a new one for one that did', async () => {
    const list = new ReusingList<{ID: string; Version: {Index: number}; Spec: {Name: string}}>(
      value => value as {ID: string; Version: {Index: number}; Spec: {Name: string}},
    );
    const a = {ID: 'a', Version: {Index: 1}, Spec: {Name: 'web "quoted" {braces}'}};
    const b = {ID: 'b', Version: {Index: 1}, Spec: {Name: 'api'}};
    body = JSON.stringify([a, b]);
    const first = await list.read(docker, {path: '/services?', options: {status: true}, statusCodes: LIST_STATUS_CODES});
    expect(first).toEqual([a, b]);
    body = JSON.stringify([a, {...b, Version: {Index: 2}}, {ID: 'c', Version: {Index: 1}, Spec: {Name: 'new'}}]);
    const second = await list.read(docker, {path: '/services?', statusCodes: LIST_STATUS_CODES});
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.Version.Index).toBe(2);
    expect(second.map(item => item.ID)).toEqual(['a', 'b', 'c']);
    // Another order, and one byte changed in place (the same length): found wherever it stands, and told apart.
    body = JSON.stringify([second[2], a, {...a, ID: 'd'}]);
    const swapped = await list.read(docker, {path: '/services?', statusCodes: LIST_STATUS_CODES});
    expect(swapped[0]).toBe(second[2]);
    expect(swapped[1]).toBe(first[0]);
    expect(swapped[2]).toEqual({...a, ID: 'd'});
    // Only the last read is remembered: b at version 1 is parsed anew.
    body = JSON.stringify([b]);
    const third = await list.read(docker, {path: '/services?', statusCodes: LIST_STATUS_CODES});
    expect(third[0]).not.toBe(first[1]);
    expect(third[0]).toEqual(b);
  });

  it('asks for the services with their task counts, and says what the engine refused', async () => {
    asked.length = 0;
    body = '[]';
    await new ServiceResource(docker).list();
    expect(asked.at(-1)).toMatch(/\/services\?status=true$/);
    status = 503;
    body = JSON.stringify({message: 'This node is not a swarm manager.'});
    await expect(new ServiceResource(docker).list()).rejects.toThrow(/503.*This node is not a swarm manager/);
    status = 200;
  });

  it('reuses a known object for an element that names it at the same version and time, and parses the rest', async () => {
    type Task = {ID: string; Version: {Index: number}; CreatedAt: string; UpdatedAt: string; Status: {State: string}};
    const task = (id: string, index: number, updated: string, state = 'running'): Task => ({
      ID: id,
      Version: {Index: index},
      CreatedAt: '2026-12-01T00:00:00.1Z',
      UpdatedAt: updated,
      Status: {State: state},
    });
    const held = new Map<string, Task>([
      ['t1', task('t1', 5, '2026-12-01T00:00:05Z')],
      ['t2', task('t2', 5, '2026-12-01T00:00:05Z')],
      ['t3', task('t3', 5, '2026-12-01T00:00:05Z')],
    ]);
    const decoded: string[] = [];
    const decode = (value: unknown) => {
      decoded.push((value as Task).ID);
      return value as Task;
    };
    body = JSON.stringify([
      task('t1', 5, '2026-12-01T00:00:05Z', 'shown as held'),
      task('t2', 6, '2026-12-01T00:00:06Z', 'failed'),
      task('t3', 5, '2026-12-01T00:00:09Z', 'failed'),
      task('t4', 1, '2026-12-01T00:00:01Z'),
      // Fields in another order: parsed, whatever it says.
      {Version: {Index: 5}, ID: 't1', CreatedAt: 'x', UpdatedAt: '2026-12-01T00:00:05Z', Status: {State: 'reordered'}},
    ]);
    const read = await readList(docker, {path: '/tasks?', statusCodes: LIST_STATUS_CODES}, decode, undefined, id => held.get(id));
    expect(read[0]).toBe(held.get('t1'));
    expect(read.slice(1).map(one => one.Status.State)).toEqual(['failed', 'failed', 'running', 'reordered']);
    expect(decoded).toEqual(['t2', 't3', 't4', 't1']);
    // Without it, every element is parsed.
    decoded.length = 0;
    await readList(docker, {path: '/tasks?', statusCodes: LIST_STATUS_CODES}, decode);
    expect(decoded).toHaveLength(5);
  });

  it('looks an element up only by an ID, version and time written as the engine writes them', () => {
    const known = {ID: 'abc', Version: {Index: 7}, UpdatedAt: 'u'};
    const lookup = (id: string) => (id === 'abc' ? known : undefined);
    const head = (text: string) => knownElement(Buffer.from(text), lookup);
    expect(head('{"ID":"abc","Version":{"Index":7},"CreatedAt":"c","UpdatedAt":"u","Spec":{}}')).toBe(known);
    expect(head('{"ID":"abc","Version":{"Index":7},"CreatedAt":"c","UpdatedAt":"v"}')).toBeUndefined();
    expect(head('{"ID":"abc","Version":{"Index":70},"CreatedAt":"c","UpdatedAt":"u"}')).toBeUndefined();
    expect(head('{"ID":"ABC","Version":{"Index":7},"CreatedAt":"c","UpdatedAt":"u"}')).toBeUndefined();
    expect(head('{"ID":"abc","Version":{"Index":7},"CreatedAt":"c","UpdatedAt":"u\\"}')).toBeUndefined();
    expect(head(' {"ID":"abc","Version":{"Index":7},"CreatedAt":"c","UpdatedAt":"u"}')).toBeUndefined();
    // A non-ASCII time never equals the one held, read as latin1 or not.
    const held = {ID: 'abc', Version: {Index: 7}, UpdatedAt: 'é'};
    expect(knownElement(Buffer.from('{"ID":"abc","Version":{"Index":7},"CreatedAt":"c","UpdatedAt":"é"}'), () => held)).toBeUndefined();
  });

  it('parses tasks up to their network attachments, to the same tasks, and whole where that cannot be trusted', async () => {
    const request = {path: '/tasks?', statusCodes: LIST_STATUS_CODES};
    const cut = {...request, unreadFrom: 'NetworksAttachments'};
    // The lab engine's own answer (20.10), every task with its attachments.
    const lab = readFixture<Record<string, unknown>[]>('tasks.json');
    expect(lab.filter(one => 'NetworksAttachments' in one).length).toBeGreaterThan(0);
    body = JSON.stringify(lab);
    expect(await readList(docker, cut, decodeTask)).toEqual(await readList(docker, request, decodeTask));

    const seen: unknown[] = [];
    const keep = (value: unknown) => (seen.push(value), value as {ID: string});
    const base = {ID: 't1', Version: {Index: 1}, Status: {State: 'running'}};
    body = JSON.stringify([
      {...base, NetworksAttachments: [{Addresses: ['10.0.0.2/24']}], JobIteration: {Index: 3}},
      // Nested, not top-level: parsed whole.
      {...base, ID: 't2', Spec: {NetworksAttachments: 1, Image: 'x'}},
      // In a string, where it can only be escaped: parsed whole.
      {...base, ID: 't3', Labels: {note: ',"NetworksAttachments":['}},
      // Before the fields read: they are still read.
      {NetworksAttachments: [], ...base, ID: 't4'},
    ]);
    seen.length = 0;
    await readList(docker, cut, keep);
    expect(seen).toEqual([
      base,
      {...base, ID: 't2', Spec: {NetworksAttachments: 1, Image: 'x'}},
      {...base, ID: 't3', Labels: {note: ',"NetworksAttachments":['}},
      {NetworksAttachments: [], ...base, ID: 't4'},
    ]);
  });
});

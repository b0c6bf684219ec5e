// A seeded fuzz of engine answers: the recorded lab answers (test/fixtures) with
// fields dropped, retyped, nulled, made huge or nested deep, and whole elements
// replaced by null, numbers or strings, sent through the decoding boundary as a
// read does (split from the streamed text, parsed, decoded) and on through the
// model (the cluster store, the index) and every pane's pure renderers: rows,
// cells, sort values, search text, details, summaries, crumbs, describe and YAML.
// Nothing may throw. A whole answer that is not a list is refused by design (the
// console says it could not load); that is counted apart, never as a crash.

import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {decodeEvent} from '../../source/docker/decode/event.js';
import {decodeContainerState, decodeInfo, decodeStats, decodeVersion} from '../../source/docker/decode/engine.js';
import {decodeNode} from '../../source/docker/decode/node.js';
import {decodeService} from '../../source/docker/decode/service.js';
import {type ElementDecoder, type ReadList, SetAsideCounter, Unreadable, decodeList} from '../../source/docker/decode/set-aside.js';
import {setAsideLines} from '../../source/docker/lists.js';
import {decodeConfig, decodeNetwork, decodeSecret} from '../../source/docker/decode/stored.js';
import {decodeSwarm} from '../../source/docker/decode/swarm.js';
import {decodeTask} from '../../source/docker/decode/task.js';
import {JsonLineDecoder} from '../../source/docker/events.js';
import {JsonArraySplitter} from '../../source/docker/json-array-stream.js';
import {decodeElement} from '../../source/docker/list-stream.js';
import type {SwarmInfo, SwarmSnapshot} from '../../source/docker/types.js';
import {indexSnapshot} from '../../source/model/cluster-index.js';
import {applySnapshot, createClusterStore} from '../../source/model/cluster-store.js';
import {appendEvents} from '../../source/model/event-log.js';
import type {RenderContext} from '../../source/render/columns.js';
import {swarmLines} from '../../source/render/swarm.js';
import {yamlLines} from '../../source/render/yaml.js';
import {type Frame, newFrame} from '../../source/shell/navigation.js';
import type {AnyPane} from '../../source/views/panes/registry.js';
import {panes} from '../../source/views/panes/registry.js';
import {listRows, setAsideLine} from '../../source/views/panes/pane.js';

/** test/fixtures, found upward from here: this file also runs compiled, from .bench-dist/test/fuzz. */
function fixturesDirectory(): string {
  for (let directory = path.dirname(fileURLToPath(import.meta.url)); directory !== path.dirname(directory); directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'test', 'fixtures');
    if (existsSync(path.join(candidate, 'lab', 'nodes.json'))) return candidate;
  }
  throw new Error('test/fixtures not found above the fuzz');
}

const fixtures = fixturesDirectory();
const read = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));

const SETS = ['lab', 'lab-objects', 'lab-pending'] as const;
const LISTS = ['nodes', 'services', 'tasks', 'networks', 'secrets', 'configs'] as const;
type ListName = (typeof LISTS)[number];

interface Recorded {
  lists: Partial<Record<ListName, unknown[]>>;
  swarm?: unknown;
}

let recorded: Recorded[] | undefined;
function recordings(): Recorded[] {
  return (recorded ??= SETS.map(set => {
    const lists: Recorded['lists'] = {};
    for (const list of LISTS) {
      try {
        lists[list] = read(`${set}/${list}.json`) as unknown[];
      } catch {
        // This set has no such list.
      }
    }
    let swarm: unknown;
    try {
      swarm = read(`${set}/swarm.json`);
    } catch {
      swarm = undefined;
    }
    return {lists, swarm};
  }));
}

const engineAnswers = {info: read('lab/info.json'), version: read('lab/version.json')};

// --- seeded randomness ----------------------------------------------------------

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence for a seed everywhere. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// --- mutations ------------------------------------------------------------------

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u001b]0;pwned\u0007',
  '\u202eevil',
  '../../swarm/leave?force=true#',
  '\t\r\n',
  'x'.repeat(100_000),
  '__proto__',
  'constructor',
  'toString',
  '漢😀',
  '0',
  'null',
];
const HOSTILE_NUMBERS = [0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0.000001, 1e-300];

function hostileValue(random: Random, depth = 0): unknown {
  switch (Math.floor(random() * 9)) {
    case 0:
      return null;
    case 1:
      return pick(random, HOSTILE_NUMBERS);
    case 2:
      return pick(random, HOSTILE_STRINGS);
    case 3:
      return random() < 0.5;
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return depth < 2 ? [hostileValue(random, depth + 1), hostileValue(random, depth + 1)] : 'deep';
    case 7:
      return depth < 2 ? {ID: hostileValue(random, depth + 1), Spec: hostileValue(random, depth + 1)} : {};
    default:
      return nest(random, Math.floor(random() * 100));
  }
}

/** A value wrapped `levels` deep in arrays and objects. */
function nest(random: Random, levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = random() < 0.5 ? [value] : {Spec: value};
  return value;
}

/** Every container (object or array) in `value`, with the keys it holds. */
function containers(value: unknown, found: Array<Record<string, unknown> | unknown[]> = []): Array<Record<string, unknown> | unknown[]> {
  if (value && typeof value === 'object') {
    found.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, found);
  }
  return found;
}

function retype(random: Random, value: unknown): unknown {
  if (typeof value === 'string') return pick(random, [Number(value.length), [value], {value}, null, true]);
  if (typeof value === 'number') return pick(random, [String(value), [value], null, -value, value * 1e300]);
  if (typeof value === 'boolean') return pick(random, [String(value), Number(value), null]);
  if (Array.isArray(value)) return pick(random, [{...value}, value.length, 'list', null]);
  if (value && typeof value === 'object') return pick(random, [Object.values(value), 'object', 0, null]);
  return hostileValue(random);
}

/** One mutation somewhere in `root` (changed in place). */
function mutate(random: Random, root: unknown[]): void {
  const roll = random();
  if (roll < 0.12 && root.length > 0) {
    // A whole element replaced.
    root[Math.floor(random() * root.length)] = pick(random, [null, 0, 42, 'node', true, [], hostileValue(random)]);
    return;
  }
  if (roll < 0.16) {
    root.push(hostileValue(random));
    return;
  }
  if (roll < 0.2 && root.length > 1) {
    // The same object twice: duplicate IDs.
    root.push(structuredClone(root[Math.floor(random() * root.length)]));
    return;
  }
  const all = containers(root).slice(1);
  if (all.length === 0) return;
  const target = pick(random, all);
  const keys = Object.keys(target);
  if (keys.length === 0) {
    (target as Record<string, unknown>)['Spec'] = hostileValue(random);
    return;
  }
  const key = pick(random, keys);
  const holder = target as Record<string, unknown>;
  const what = random();
  if (what < 0.3) delete holder[key];
  else if (what < 0.55) holder[key] = retype(random, holder[key]);
  else if (what < 0.7) holder[key] = null;
  else if (what < 0.85)
    holder[key] =
      typeof holder[key] === 'string' ? pick(random, HOSTILE_STRINGS) : typeof holder[key] === 'number' ? pick(random, HOSTILE_NUMBERS) : hostileValue(random);
  else holder[key] = nest(random, 1 + Math.floor(random() * 120));
}

// --- one answer through the boundary and the panes --------------------------------

/** The streamed read: the answer's text in random chunks, split, parsed and decoded element by element. */
function streamRead<T>(random: Random, text: string, decode: ElementDecoder<T>): ReadList<T> {
  const counter = new SetAsideCounter();
  const list: T[] = [];
  const splitter = new JsonArraySplitter((element, depth) => {
    const decoded = decodeElement(element, depth, decode);
    if (decoded instanceof Unreadable) counter.add(decoded);
    else list.push(decoded);
  });
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(random() * 4096);
    splitter.push(bytes.subarray(at, at + size));
    at += size;
  }
  splitter.end();
  return counter.attach(list);
}

/** What reads each list. `trusting` stands for the reads before the decoders: every parsed element taken as it is. */
interface Decoders {
  streamed: Record<'nodes' | 'services' | 'tasks', ElementDecoder<unknown>>;
  whole: Record<'networks' | 'secrets' | 'configs', ElementDecoder<unknown>>;
  swarm: (value: unknown) => unknown;
}

const decoding: Decoders = {
  streamed: {nodes: decodeNode, services: decodeService, tasks: decodeTask},
  whole: {networks: decodeNetwork, secrets: decodeSecret, configs: decodeConfig},
  swarm: decodeSwarm,
};

const asIs: ElementDecoder<unknown> = value => value;
const trusting: Decoders = {streamed: {nodes: asIs, services: asIs, tasks: asIs}, whole: {networks: asIs, secrets: asIs, configs: asIs}, swarm: asIs};

function mutated(random: Random, list: unknown[] | undefined, mutations: number): unknown[] {
  const copy = structuredClone(list ?? []);
  for (let i = 0; i < mutations; i++) mutate(random, copy);
  return copy;
}

/** A snapshot as readSnapshot makes one, from mutated answers. */
function mutatedSnapshot(random: Random, decoders: Decoders, result: FuzzResult): SwarmSnapshot {
  const source = pick(random, recordings());
  const mutations = 1 + Math.floor(random() * 12);
  const snapshot: SwarmSnapshot = {nodes: [], services: [], tasks: []};
  const setAside: NonNullable<SwarmSnapshot['setAside']> = {};
  for (const [name, decode] of Object.entries(decoders.streamed) as Array<[keyof Decoders['streamed'], ElementDecoder<unknown>]>) {
    const list = streamRead(random, JSON.stringify(mutated(random, source.lists[name], mutations)), decode);
    result.tried += 1;
    (snapshot as unknown as Record<string, unknown>)[name] = list;
    if (list.setAside) setAside[name] = list.setAside;
  }
  for (const [name, decode] of Object.entries(decoders.whole) as Array<[keyof Decoders['whole'], ElementDecoder<unknown>]>) {
    if (!source.lists[name]) continue;
    const list = decodeList(JSON.parse(JSON.stringify(mutated(random, source.lists[name], mutations))), decode, `/${name}`);
    result.tried += 1;
    (snapshot as unknown as Record<string, unknown>)[name] = list;
    if (list.setAside) setAside[name] = list.setAside;
  }
  if (source.swarm) {
    const [swarm] = mutated(random, [source.swarm], mutations);
    result.tried += 1;
    try {
      snapshot.swarm = decoders.swarm(swarm) as SwarmInfo;
    } catch {
      snapshot.unreadable = {swarm: 'not an object'};
    }
  }
  if (Object.keys(setAside).length > 0) snapshot.setAside = setAside;
  return snapshot;
}

function mutatedEvents(random: Random, snapshot: SwarmSnapshot, result: FuzzResult): SwarmSnapshot {
  const lines: unknown[] = snapshot.services.slice(0, 5).map(service => ({
    Type: 'service',
    Action: 'update',
    Actor: {ID: service.ID, Attributes: {name: service.Spec.Name, 'replicas.new': '3', 'replicas.old': '2'}},
    time: 1,
    timeNano: 1e9,
  }));
  lines.push({
    Type: 'container',
    Action: 'die',
    Actor: {
      ID: 'c',
      Attributes: {name: 'web.1.x', exitCode: '137', 'com.docker.swarm.service.id': snapshot.services[0]?.ID ?? 's', 'com.docker.swarm.task.id': 't'},
    },
    time: 2,
    timeNano: 2e9,
  });
  const text = mutated(random, lines, 4)
    .map(line => JSON.stringify(line))
    .join('\n');
  result.tried += 1;
  const decoder = new JsonLineDecoder();
  const events = [...decoder.push(text), ...decoder.end()];
  for (const event of events) if (decodeEvent(event) === undefined) throw new Error('a decoded event did not decode again');
  return {...snapshot, events: appendEvents(undefined, events)};
}

/** Frames of a pane worth drawing: plain, scoped to a service or a node, with history, sorted by each column. */
function frames(pane: AnyPane, snapshot: SwarmSnapshot, random: Random): Frame[] {
  const plain = newFrame(pane.kind);
  const list: Frame[] = [plain, {...plain, showHistory: true}, {...plain, filter: pick(random, ['a', 'web', '\u001b', ''])}];
  const service = snapshot.services[0];
  const node = snapshot.nodes[0];
  if (service) list.push(newFrame(pane.kind, {serviceId: service.ID}));
  if (node) list.push(newFrame(pane.kind, {nodeId: node.ID}));
  const stack = snapshot.services.find(candidate => candidate.Spec.Labels?.['com.docker.stack.namespace'])?.Spec.Labels?.['com.docker.stack.namespace'];
  if (stack !== undefined) list.push(newFrame(pane.kind, {stack}));
  for (const column of pane.columns) list.push({...plain, sort: {columnId: column.id, descending: random() < 0.5}});
  return list;
}

/** Everything a pane draws from `snapshot`. Throws what a renderer throws. */
function drawEveryPane(snapshot: SwarmSnapshot, random: Random): void {
  const index = indexSnapshot(snapshot);
  const ctx: RenderContext = {now: Date.parse('2026-11-21T06:00:00Z'), index};
  for (const pane of Object.values(panes) as AnyPane[]) {
    setAsideLine(pane, snapshot);
    pane.unreadable?.(snapshot);
    for (const frame of frames(pane, snapshot, random)) {
      pane.crumb(frame, index);
      pane.emptyText?.(frame);
      pane.taskDemand?.(frame, snapshot);
      pane.summary?.(frame, ctx, 120);
      const rows = listRows(pane, snapshot, frame);
      for (const row of rows.slice(0, 60)) {
        for (const column of pane.columns) {
          column.render(row, ctx);
          column.sortValue?.(row, ctx);
        }
        pane.searchText(row, index);
        pane.detail?.(row, ctx);
        pane.drill?.(row, index);
        pane.targets?.(row, frame, index);
        pane.logTarget?.(row);
        const id = pane.id(row);
        const document = pane.document?.find(snapshot, id);
        if (document) {
          document.describe();
          yamlLines(document.raw());
          pane.document?.scope?.(snapshot, id);
        }
      }
    }
  }
  swarmLines(snapshot.swarm as SwarmInfo | undefined, snapshot.nodes, {
    now: ctx.now,
    revealTokens: random() < 0.5,
    revealKey: 'x',
    setAside: setAsideLines(snapshot.setAside),
  });
}

function mutatedEngineAnswers(random: Random, result: FuzzResult): void {
  const [info, version] = mutated(random, [engineAnswers.info, engineAnswers.version], 6);
  decodeInfo(info);
  decodeVersion(version);
  const [stats, state] = mutated(
    random,
    [
      {
        read: '2026-11-21T06:00:00Z',
        cpu_stats: {cpu_usage: {total_usage: 5}, system_cpu_usage: 9, online_cpus: 2},
        memory_stats: {usage: 1, limit: 2, stats: {cache: 0}},
        networks: {eth0: {rx_bytes: 1, tx_bytes: 2}},
      },
      {
        State: {
          Status: 'running',
          Running: true,
          OOMKilled: false,
          ExitCode: 0,
          Health: {Status: 'healthy', FailingStreak: 0, Log: [{ExitCode: 0, Output: 'ok'}]},
        },
        RestartCount: 0,
        HostConfig: {Memory: 1},
      },
    ],
    6,
  );
  decodeStats(stats);
  decodeContainerState(state);
  result.tried += 4;
}

export interface FuzzResult {
  /** Engine answers fed through: each list, the swarm object, an event stream, /info, /version, stats and a container's state. */
  tried: number;
  crashes: number;
  /** Whole answers refused by design (a list that is not a list). */
  refused: number;
  /** The first crashes: seed and what was thrown. */
  failures: Array<{seed: number; error: string}>;
}

/**
 * Rounds `firstSeed` … `firstSeed + rounds - 1`, each a mutated read put into one store (so it
 * reconciles each with the one before) and drawn. `trust: true` skips the decoders, as the
 * reads before them did: the fuzz must then find crashes, or it proves nothing.
 */
export function fuzzEngineAnswers(firstSeed: number, rounds: number, options: {trust?: boolean} = {}): FuzzResult {
  const decoders = options.trust ? trusting : decoding;
  const result: FuzzResult = {tried: 0, crashes: 0, refused: 0, failures: []};
  const store = createClusterStore();
  for (let seed = firstSeed; seed < firstSeed + rounds; seed++) {
    const random = seeded(seed);
    try {
      const snapshot = mutatedEvents(random, mutatedSnapshot(random, decoders, result), result);
      mutatedEngineAnswers(random, result);
      applySnapshot(store, snapshot, seed);
      drawEveryPane(store.getState().snapshot!, random);
    } catch (error) {
      if (error instanceof Error && /^unexpected (JSON|end of JSON)|something other than/.test(error.message)) {
        result.refused += 1;
        continue;
      }
      result.crashes += 1;
      if (result.failures.length < 5)
        result.failures.push({seed, error: error instanceof Error ? (error.stack ?? error.message).slice(0, 2000) : String(error)});
    }
  }
  return result;
}

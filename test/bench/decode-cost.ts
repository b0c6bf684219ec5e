// What decoding engine answers costs at size large: the demo swarm's /nodes,
// /services and /tasks (500 nodes, 2,000 services, 20,000 tasks) split into their
// elements as a refresh reads them, then each element parsed and decoded, as a read
// that finds every element changed does. Prints the median of several runs, beside
// what the read did before the decoders (JSON.parse, and the slim copy of each task).
//
//   npm run build:bench && node .bench-dist/test/bench/decode-cost.js [runs]

import http from 'node:http';
import {Unreadable, type ElementDecoder} from '../../source/docker/decode/set-aside.js';
import {decodeNode} from '../../source/docker/decode/node.js';
import {decodeService} from '../../source/docker/decode/service.js';
import {decodeTask} from '../../source/docker/decode/task.js';
import {JsonArraySplitter} from '../../source/docker/json-array-stream.js';
import {parseDemoSize, startDemoEngine} from '../../source/demo/index.js';
import type {SwarmTask} from '../../source/docker/types.js';

const runs = Number(process.argv[2] ?? 9);

function get(socketPath: string, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get({socketPath, path}, response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

function elements(body: Buffer): string[] {
  const texts: string[] = [];
  const splitter = new JsonArraySplitter(text => texts.push(text));
  splitter.push(body);
  splitter.end();
  return texts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// The task list's read before the decoders, kept to measure against (source/docker/tasks.ts at bffe0e2).
function slimTaskBefore(task: SwarmTask): SwarmTask {
  const status = task.Status;
  const container = status.ContainerStatus;
  const image = task.Spec?.ContainerSpec?.Image;
  // What rollouts compare (image, the restart counter) and what the scheduler counts against
  // a node (reservations): why-pending, the nodes pane's reserved columns and the rollout view.
  const forceUpdate = task.Spec?.ForceUpdate;
  const reservations = task.Spec?.Resources?.Reservations;
  const spec: NonNullable<SwarmTask['Spec']> = {
    ...(image !== undefined && {ContainerSpec: {Image: image}}),
    ...(forceUpdate !== undefined && {ForceUpdate: forceUpdate}),
    ...((reservations?.MemoryBytes || reservations?.NanoCPUs) && {
      Resources: {
        Reservations: {
          ...(reservations.MemoryBytes && {MemoryBytes: reservations.MemoryBytes}),
          ...(reservations.NanoCPUs && {NanoCPUs: reservations.NanoCPUs}),
        },
      },
    }),
  };
  return {
    ID: task.ID,
    Version: {Index: task.Version.Index},
    CreatedAt: task.CreatedAt,
    UpdatedAt: task.UpdatedAt,
    ...(task.Name !== undefined && {Name: task.Name}),
    ServiceID: task.ServiceID,
    ...(task.Slot !== undefined && {Slot: task.Slot}),
    ...(task.NodeID !== undefined && {NodeID: task.NodeID}),
    DesiredState: task.DesiredState,
    ...(Object.keys(spec).length > 0 && {Spec: spec}),
    Status: {
      Timestamp: status.Timestamp,
      State: status.State,
      ...(status.Message !== undefined && {Message: status.Message}),
      ...(status.Err !== undefined && {Err: status.Err}),
      ...(container && {ContainerStatus: {ContainerID: container.ContainerID, ExitCode: container.ExitCode}}),
    },
  };
}

const parsedOnly: ElementDecoder<unknown> = value => value;
const before = {nodes: parsedOnly, services: parsedOnly, tasks: ((value: unknown) => slimTaskBefore(value as SwarmTask)) as ElementDecoder<unknown>};

function time<T>(texts: readonly string[], decode: ElementDecoder<T>): number {
  const start = process.hrtime.bigint();
  let kept = 0;
  for (const text of texts) if (!(decode(JSON.parse(text)) instanceof Unreadable)) kept += 1;
  if (kept !== texts.length) throw new Error(`only ${kept} of ${texts.length} elements read`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const engine = await startDemoEngine({size: parseDemoSize('large'), realtime: false, autopilot: false});
try {
  const lists = {
    nodes: {texts: elements(await get(engine.socketPath, '/v1.41/nodes')), decode: decodeNode as ElementDecoder<unknown>},
    services: {texts: elements(await get(engine.socketPath, '/v1.41/services?status=true')), decode: decodeService as ElementDecoder<unknown>},
    tasks: {texts: elements(await get(engine.socketPath, '/v1.41/tasks')), decode: decodeTask as ElementDecoder<unknown>},
  };
  const figures: string[] = [];
  let beforeTotal = 0;
  let afterTotal = 0;
  for (const [name, list] of Object.entries(lists)) {
    const beforeRuns: number[] = [];
    const afterRuns: number[] = [];
    // Interleaved, so a busy machine weighs on both alike.
    for (let run = 0; run < runs; run++) {
      beforeRuns.push(time(list.texts, before[name as keyof typeof before]));
      afterRuns.push(time(list.texts, list.decode));
    }
    beforeTotal += median(beforeRuns);
    afterTotal += median(afterRuns);
    figures.push(
      `${name.padEnd(9)} ${String(list.texts.length).padStart(6)} elements  before ${median(beforeRuns).toFixed(1).padStart(7)} ms  decoded ${median(afterRuns).toFixed(1).padStart(7)} ms`,
    );
  }
  console.log(figures.join('\n'));
  console.log(`all       before ${beforeTotal.toFixed(1)} ms, decoded ${afterTotal.toFixed(1)} ms per full read (parse included; median of ${runs})`);
} finally {
  await engine.close();
}

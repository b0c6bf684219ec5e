// One console, measured the same way against any engine (the lab's manager, the
// simulated swarm at any size): the figures of figures.ts, in this order so each
// pane's peak memory is what that pane added —
//   first frame → idle on services (activity running) → one-row change (activity held)
//   → nodes: first visit, idle → all tasks: first visit, idle → back to services
//   → the rollout pane of a service rolling out, idle → a many-replica service's logs
//   → every key's p95 (activity held) → the docker CLI beside each pane.
import Dockerode from 'dockerode';
import {swarmClient} from '../../source/docker/client.js';
import {processStats} from '../support/process-stats.js';
import type {TerminalSession} from '../support/terminal.js';
import {timeDockerCli} from './docker-cli.js';
import {type ConsoleFigures, LARGE_BUDGETS, emptyFigures, round1} from './figures.js';
import {measureKeys} from './keys.js';
import {percentile, report, sleep} from './report.js';
import {
  QUIET_MS,
  WAIT_MS,
  bodyLines,
  complete,
  firstBodyLine,
  escapeRegExp,
  keyToFrame,
  line,
  listed,
  selectService,
  selectedLine,
  settle,
  unmeasured,
} from './screen.js';
import type {BenchSettings} from './settings.js';

/** Rollouts while the console idles, the same ones every run. */
export interface Activity {
  /** Starts the scripted rollouts (the demo's autopilot, released at a fixed point of its cycle). */
  start(): Promise<void>;
  /** No new ones from now on; those under way run to their end. */
  stop(): Promise<void>;
}

export interface ConsoleTarget {
  label: string;
  /** unix://… of the engine the console talks to; the docker CLI and the bench use it too. */
  url: string;
  activity: Activity;
  /** A service the bench rolls out (`--force`) and watches on the rollout pane. */
  rolloutService: string;
  /** A service with many replicas whose log view is timed, if any. */
  logService?: string;
  /** The engine's own process, if separate: its idle CPU is reported beside the console's. */
  enginePid?: number;
}

const mib = (bytes: number) => round1(bytes / 1024 / 1024);

export async function measureConsole(term: TerminalSession, target: ConsoleTarget, settings: BenchSettings, spawnedAt: number): Promise<ConsoleFigures> {
  const {label} = target;
  const figures = emptyFigures();
  const docker = new Dockerode({socketPath: target.url.replace(/^unix:\/\//, '')});
  const client = swarmClient(docker);

  await term.waitFor(t => /nodes \d+\/\d+ ready/.test(line(t, 1)) && listed('services')(t), {timeoutMs: 120_000, description: 'the first full frame'});
  figures.first_frame_ms = Math.round(performance.now() - spawnedAt);
  report(`${label}: time to first full frame`, `${figures.first_frame_ms} ms`);
  await settle(term);
  const firstService = (selectedLine(term) ?? firstBodyLine(term)).trim().split(/\s+/)[0]!;

  /** CPU seconds per minute over an idle window on the pane on screen, with the activity running. */
  const idleWindow = async (pane: string): Promise<number> => {
    await settle(term);
    await target.activity.start();
    const before = processStats(term.pid);
    const engineBefore = target.enginePid ? processStats(target.enginePid) : undefined;
    const bytesBefore = term.bytesWritten;
    const writesBefore = term.writes;
    await sleep(settings.idleSeconds * 1000);
    const after = processStats(term.pid);
    const engineAfter = target.enginePid ? processStats(target.enginePid) : undefined;
    await target.activity.stop();
    const perMinute = 60 / settings.idleSeconds;
    const cpu = Math.round((after.cpuSeconds - before.cpuSeconds) * perMinute * 100) / 100;
    const bytes = Math.round((term.bytesWritten - bytesBefore) * perMinute);
    report(`${label}: idle CPU on ${pane}, rollouts running (${settings.idleSeconds} s sampled)`, `${cpu.toFixed(2)} s/min`);
    report(`${label}:   bytes written meanwhile`, `${bytes} B/min in ${Math.round((term.writes - writesBefore) * perMinute)} writes/min`);
    if (engineBefore && engineAfter)
      report(`${label}:   CPU of the engine process meanwhile`, `${((engineAfter.cpuSeconds - engineBefore.cpuSeconds) * perMinute).toFixed(2)} s/min`);
    if (pane === 'services') figures.idle_bytes_per_min = bytes;
    return cpu;
  };

  figures.idle_cpu_s_per_min.services = await idleWindow('services');
  figures.one_row_change_bytes = await measureOneRowChange(term, client, docker, label);
  figures.rss_mib.services = mib(processStats(term.pid).peakRssBytes);

  // First visits: the pane's data was never read before, and the first read of the swarm is done.
  for (const [key, pane] of [
    ['1', 'nodes'],
    ['3', 'tasks'],
  ] as const) {
    await settle(term);
    figures.pane_complete_ms[pane] = Math.round((await keyToFrame(term, key, complete(pane))).ms);
    report(`${label}: ${pane} pane, first visit, complete`, `${figures.pane_complete_ms[pane]} ms`);
    figures.idle_cpu_s_per_min[pane] = await idleWindow(pane);
    figures.rss_mib[pane] = mib(processStats(term.pid).peakRssBytes);
  }
  await settle(term);
  figures.pane_complete_ms.services = Math.round((await keyToFrame(term, '2', complete('services'))).ms);
  report(`${label}: services pane, back from all tasks, complete`, `${figures.pane_complete_ms.services} ms`);

  figures.idle_cpu_s_per_min.rollout = await watchRollout(term, client, target, idleWindow);
  if (target.logService) await openLogs(term, target.logService, label);

  const keys = await measureKeys(term, label, settings.keySamples, LARGE_BUDGETS.keyP95Ms);
  figures.key_p95_ms = keys;
  figures.rss_mib.max = mib(processStats(term.pid).peakRssBytes);
  report(
    `${label}: peak memory (VmHWM) on services / nodes / all tasks / at the end`,
    `${figures.rss_mib.services} / ${figures.rss_mib.nodes} / ${figures.rss_mib.tasks} / ${figures.rss_mib.max} MiB`,
  );

  // The docker CLI beside each pane, on the same socket: the pane's complete time over the command's.
  const stack = firstService.includes('_') ? firstService.slice(0, firstService.indexOf('_')) : undefined;
  const cli = timeDockerCli(target.url, [
    {beside: 'nodes', args: ['node', 'ls']},
    {beside: 'services', args: ['service', 'ls']},
    {beside: 'Enter', args: ['service', 'ps', firstService]},
    ...(stack ? [{beside: 'tasks', args: ['stack', 'ps', stack]}] : []),
  ]);
  const swarmtopMs: Record<string, [number | null, string]> = {
    nodes: [figures.pane_complete_ms.nodes, 'nodes pane, first visit'],
    services: [figures.pane_complete_ms.services, 'services pane'],
    Enter: [keys.Enter, 'a service’s tasks (Enter, p95)'],
    tasks: [figures.pane_complete_ms.tasks, 'all-tasks pane, first visit'],
  };
  for (const timing of cli) {
    const [ms, what] = swarmtopMs[timing.beside]!;
    const title = `${label}: ${what} vs docker ${timing.args.join(' ')}`;
    if (timing.ms === undefined) report(title, `docker ${timing.error}`);
    else report(`${title} (${timing.rows} rows)`, `${ms} ms vs ${timing.ms} ms: ratio ${ms === null ? '?' : (ms / timing.ms).toFixed(2)}`);
  }
  return figures;
}

/** Bytes written for one service's replica count changing, per frame; scaled up and back down. */
async function measureOneRowChange(term: TerminalSession, client: ReturnType<typeof swarmClient>, docker: Dockerode, label: string): Promise<number> {
  // A converged replicated service on screen that no rollout is changing: rollouts the
  // activity started may still run, so look again for a while before giving up.
  let target: {name: string; replicas: number; id: string} | undefined;
  const deadline = performance.now() + 90_000;
  while (!target && performance.now() < deadline) {
    const services = new Map(
      ((await docker.listServices()) as Array<{ID: string; Spec: {Name: string; Mode: {Replicated?: unknown}}; UpdateStatus?: {State?: string}}>).map(
        service => [service.Spec.Name, service],
      ),
    );
    for (const row of bodyLines(term)) {
      // NAME, then the replica count (an ID or MODE column may stand around them when few rows show).
      const match = /(?:^|\s)([a-z]\S*_\S+|[a-z][\w.-]*)\s+(?:replicated\s+)?(\d+)\/(\d+)\s/.exec(row);
      const service = match && services.get(match[1]!);
      const state = service?.UpdateStatus?.State;
      if (service?.Spec.Mode.Replicated && match![2] === match![3] && state !== 'updating' && state !== 'rollback_started') {
        target = {name: match![1]!, replicas: Number(match![3]), id: service.ID};
        break;
      }
    }
    if (!target) await sleep(2000);
  }
  if (!target) throw new Error(`no converged replicated service on screen for 90 s:\n${term.formatScreen()}`);
  const sizes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const replicas = i % 2 === 0 ? target.replicas + 1 : target.replicas;
    const shown = new RegExp(`(^|\\s)${escapeRegExp(target.name)}\\s+(replicated\\s+)?\\d+/${replicas}\\s`, 'm');
    await settle(term);
    const chunks: Array<{at: number; bytes: number}> = [];
    const unsubscribe = term.onData(chunk => chunks.push({at: chunk.at, bytes: chunk.bytes.length}));
    try {
      await client.services.scale(target.id, replicas);
      await term.waitFor(t => shown.test(t.screenText()), {timeoutMs: WAIT_MS, description: `${target.name} at ${replicas}`});
      await term.waitForQuiet(QUIET_MS, {timeoutMs: WAIT_MS});
    } finally {
      unsubscribe();
    }
    // The frame that showed the change is the last burst of output (bursts are split by QUIET_MS of silence).
    let bytes = 0;
    for (let k = chunks.length - 1; k >= 0; k--) {
      bytes += chunks[k]!.bytes;
      if (k > 0 && chunks[k]!.at - chunks[k - 1]!.at >= QUIET_MS) break;
    }
    sizes.push(bytes);
  }
  const median = percentile(sizes, 0.5);
  report(`${label}: bytes written for a one-row change, ${target.name} (median of ${sizes.length}; max)`, `${median} B; ${Math.max(...sizes)} B`);
  return median;
}

/** The rollout pane of `rolloutService`, rolled out (`--force`) by the bench: time to the view with its slots, then an idle window on it. */
async function watchRollout(
  term: TerminalSession,
  client: ReturnType<typeof swarmClient>,
  target: ConsoleTarget,
  idleWindow: (pane: string) => Promise<number>,
): Promise<number> {
  const name = target.rolloutService;
  await selectService(term, name);
  const id = await serviceId(target, name);
  await client.services.restart(id);
  const anyRollout = (t: TerminalSession) =>
    /rollout of (\S+)/.test(line(t, 2)) && /\d+\/\d+ on the new spec/.test(t.screenText()) && /^\S+\.\S+\s/.test(firstBodyLine(t));
  // While a notice of a rollout started elsewhere shows, `o` opens that one (as the notice says)
  // and clears the notice: then go back and ask again, and time that.
  let timing = await keyToFrame(term, 'o', anyRollout);
  for (let attempt = 0; attempt < 3 && !line(term, 2).includes(`rollout of ${name}`); attempt++) {
    await unmeasured(term, 'escape', t => !line(t, 2).includes('rollout of') && row(name).test(selectedLine(t) ?? ''));
    timing = await keyToFrame(term, 'o', anyRollout);
  }
  if (!line(term, 2).includes(`rollout of ${name}`)) throw new Error(`o did not open the rollout of ${name}:\n${term.formatScreen()}`);
  const replicas = /\d+\/(\d+) on the new spec/.exec(term.screenText())?.[1];
  report(`${target.label}: rollout view of ${name} (${replicas} replicas), rolling out, complete`, `${Math.round(timing.ms)} ms`);
  const cpu = await idleWindow(`the rollout of ${name}`);
  await unmeasured(term, 'escape', t => /^services\b/.test(line(t, 2)) && !line(t, 2).includes('rollout'));
  await unmeasured(term, 'escape', t => listed('services')(t) && !line(t, 2).includes(`/${name}`));
  return cpu;
}

const row = (name: string) => new RegExp(`(^|\\s)${escapeRegExp(name)}\\s`);

/** The log view of a many-replica service: time to its first lines on screen. */
async function openLogs(term: TerminalSession, name: string, label: string): Promise<void> {
  await selectService(term, name);
  const shown = (t: TerminalSession) => line(t, 2).includes(`logs of ${name}`) && /^streaming/.test(line(t, 3)) && line(t, 4).startsWith(`${name}.`);
  const timing = await keyToFrame(term, 'l', shown);
  report(`${label}: log view of ${name}, first lines shown`, `${Math.round(timing.ms)} ms`);
  await sleep(3000);
  const tasks = new Set([...term.screenText().matchAll(new RegExp(`^${escapeRegExp(name)}\\.(\\d+)@`, 'gm'))].map(match => match[1]));
  report(`${label}:   tasks among the lines on screen 3 s later`, String(tasks.size));
  await unmeasured(term, 'escape', t => /^services\b/.test(line(t, 2)) && !line(t, 2).includes('logs of'));
  await unmeasured(term, 'escape', t => listed('services')(t) && !line(t, 2).includes(`/${name}`));
}

async function serviceId(target: ConsoleTarget, name: string): Promise<string> {
  const docker = new Dockerode({socketPath: target.url.replace(/^unix:\/\//, '')});
  const service = ((await docker.listServices({filters: {name: [name]}})) as Array<{ID: string; Spec: {Name: string}}>).find(
    candidate => candidate.Spec.Name === name,
  );
  if (!service) throw new Error(`${target.label}: no service called ${name}`);
  return service.ID;
}

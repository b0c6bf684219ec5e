// The docker CLI against the same engine socket, beside each pane: what a person
// would otherwise type, timed from process start to exit (its output read in full).
import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {percentile} from './report.js';

export interface DockerCliCommand {
  /** What it stands beside, e.g. "nodes pane". */
  beside: string;
  args: string[];
}

export interface DockerCliTiming extends DockerCliCommand {
  /** Median wall-clock ms over the runs; undefined if the command failed (see error). */
  ms?: number;
  rows: number;
  error?: string;
}

/** A config folder of its own, so no user's context or plugins change what is timed. */
let configDir: string | undefined;

export function timeDockerCli(url: string, commands: readonly DockerCliCommand[], runs = 5): DockerCliTiming[] {
  configDir ??= mkdtempSync(path.join(os.tmpdir(), 'swarmtop-bench-docker-'));
  return commands.map(command => {
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = spawnSync('docker', ['-H', url, ...command.args], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: {...process.env, DOCKER_CONFIG: configDir, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
      });
      samples.push(performance.now() - started);
      if (result.status !== 0) return {...command, rows: 0, error: `failed (${result.status}): ${(result.stderr || result.error?.message || '').trim()}`};
      rows = result.stdout.split('\n').filter(Boolean).length - 1;
    }
    return {...command, ms: Math.round(percentile(samples, 0.5)), rows};
  });
}

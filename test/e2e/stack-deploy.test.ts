// `swarmtop stack plan` and `swarmtop stack deploy`, the built CLI against the lab swarm,
// with the docker CLI as the oracle: after `docker stack deploy` the plan says nothing
// changes; an edit is listed and exits 3; swarmtop's own deploy applies it, after which
// the plan, and the plan of the CLI's own deploy of the same file, say nothing changes.
// A compose error gives file:line and changes nothing. In the console, `a` in :stacks
// reads a file typed in, shows the plan and, confirmed, applies it and opens the rollout.

import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {labDockerSync as docker, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {keys} from '../support/terminal-keys.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const STACK = `sd${suffix}`;
const CONSOLE_STACK = `sdc${suffix}`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'e2e-stack-'));

function compose(image: string, replicas: number, env: string): string {
  return [
    'version: "3.8"',
    'services:',
    '  web:',
    `    image: ${image}`,
    '    command: ["sleep", "1d"]',
    '    environment:',
    `      MODE: ${env}`,
    '    deploy:',
    `      replicas: ${replicas}`,
    '      update_config:',
    '        parallelism: 2',
    '        delay: 0s',
    '  worker:',
    '    image: lab/busybox:1',
    '    command: ["sleep", "1d"]',
    '',
  ].join('\n');
}

function swarmtop(args: string[]): {code: number | null; stdout: string; stderr: string; ms: number} {
  const started = Date.now();
  const run = spawnSync(process.execPath, [cliPath, 'stack', ...args, '-H', labSockets().manager], {
    encoding: 'utf8',
    timeout: 300_000,
    env: {...process.env, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return {code: run.status, stdout: run.stdout, stderr: run.stderr, ms: Date.now() - started};
}

function stackDeploy(file: string, stack: string): number {
  const started = Date.now();
  docker(1, ['stack', 'deploy', '--resolve-image', 'never', '--detach=false', '-c', file, stack], {timeoutMs: 300_000});
  return Date.now() - started;
}

const serviceField = (service: string, format: string) => docker(1, ['service', 'inspect', service, '--format', format]).trim();

describe.skipIf(skip)('stack plan and deploy, the built CLI against the lab swarm', () => {
  const file = path.join(dir, 'compose.yml');

  beforeAll(() => {
    writeFileSync(file, compose('lab/busybox:1', 1, 'one'));
  }, 300_000);

  afterAll(() => {
    for (const stack of [STACK, CONSOLE_STACK]) {
      try {
        docker(1, ['stack', 'rm', stack]);
      } catch {
        // not deployed
      }
    }
  });

  it('agrees with docker stack deploy, lists an edit, applies it, and agrees again', async () => {
    const cliMs = stackDeploy(file, STACK);
    const same = swarmtop(['plan', '-c', file, STACK]);
    expect(same.stderr).toBe('');
    expect(same.code, same.stdout).toBe(0);

    writeFileSync(file, compose('lab/busybox:1', 3, 'two'));
    const edited = swarmtop(['plan', '-c', file, STACK]);
    expect(edited.code, edited.stdout + edited.stderr).toBe(3);
    expect(edited.stdout).toMatch(/update.*service.*_web|service.*_web.*update/i);
    expect(edited.stdout).toMatch(/MODE/);
    expect(edited.stdout).toMatch(/1 → 3|replicas/i);
    expect(edited.stdout).not.toMatch(/_worker.*update|update.*_worker/i);

    const deployed = swarmtop(['deploy', '--yes', '-c', file, STACK]);
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    expect(deployed.stdout).toContain(`stack ${STACK}: deployed and converged`);
    expect(serviceField(`${STACK}_web`, '{{.Spec.Mode.Replicated.Replicas}}')).toBe('3');
    expect(serviceField(`${STACK}_web`, '{{.Spec.TaskTemplate.ContainerSpec.Env}}')).toBe('[MODE=two]');
    console.log(`stack deploy of an edit: swarmtop ${deployed.ms} ms (converged); first docker stack deploy --detach=false ${cliMs} ms`);

    const after = swarmtop(['plan', '-c', file, STACK]);
    expect(after.code, after.stdout).toBe(0);

    const oracleMs = stackDeploy(file, STACK);
    console.log(`docker stack deploy of the same file afterwards: ${oracleMs} ms`);
    const afterOracle = swarmtop(['plan', '-c', file, STACK]);
    expect(afterOracle.code, afterOracle.stdout).toBe(0);
  }, 600_000);

  it('a compose error gives file:line and changes nothing', () => {
    const bad = path.join(dir, 'bad.yml');
    // `replicas` under the service, not under deploy: the docker CLI refuses the key.
    writeFileSync(bad, 'version: "3.8"\nservices:\n  web:\n    image: lab/busybox:1\n    replicaz: 2\n');
    const before = docker(1, ['service', 'ls', '--format', '{{.Name}} {{.Replicas}}']);
    const run = swarmtop(['deploy', '--yes', '-c', bad, STACK]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${bad}:`);
    expect(run.stderr).toMatch(/bad\.yml:5\b/);
    expect(docker(1, ['service', 'ls', '--format', '{{.Name}} {{.Replicas}}'])).toBe(before);
  });

  it('in the console, a in :stacks reads the file typed in, shows the plan, and applies it when confirmed', async () => {
    const consoleFile = path.join(dir, 'console.yml');
    writeFileSync(consoleFile, compose('lab/busybox:1', 2, 'console'));
    // A stack to select: the same file deployed under another name, then edited.
    stackDeploy(consoleFile, CONSOLE_STACK);
    writeFileSync(consoleFile, compose('lab/busybox:1', 2, 'edited'));
    const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', labSockets().manager, '--refresh', '0.5'], {
      cols: 200,
      rows: 40,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined},
    });
    try {
      term.type(':stacks');
      term.press(keys.enter);
      await term.waitForText(CONSOLE_STACK);
      term.type('/');
      term.type(CONSOLE_STACK);
      term.press(keys.enter);
      term.type('a');
      await term.waitForText('compose file');
      term.type(consoleFile);
      term.press(keys.enter);
      await term.waitForText('Apply');
      await term.waitForText('MODE');
      term.type('y');
      await waitUntil(() => serviceField(`${CONSOLE_STACK}_web`, '{{.Spec.TaskTemplate.ContainerSpec.Env}}') === '[MODE=edited]', {timeoutMs: 60_000});
      await term.waitForText('rollout');
    } finally {
      term.kill();
    }
  }, 300_000);
});

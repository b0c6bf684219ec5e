// Node reach over tcp:// with TLS: each lab engine also listens on tcp://10.213.0.1N:2376
// and asks for a client certificate (lab-tls.sh). A manager reached that way lends its
// TLS settings to the nodes; a --nodes-via tcp:// template takes them from the environment.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {labDockerSync as docker, labSkipReason, labSockets, labTls, resetSwarm, runningTaskCount, waitUntil} from '../lab/lab.js';
import {filterTo} from '../support/console-steps.js';
import {TerminalSession} from '../support/terminal.js';
import {lineWith, openPane, shellShowsContainer} from './reach-checks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = labSkipReason();

function startConsole(args: string[], env: Record<string, string | undefined>): TerminalSession {
  return TerminalSession.spawn(process.execPath, [cliPath, '--refresh', '1', ...args], {
    cols: 160,
    rows: 40,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, DOCKER_TLS_VERIFY: undefined, DOCKER_CERT_PATH: undefined, DOCKER_TLS: undefined, ...env},
  });
}

describe.skipIf(skip)('node reach over tcp:// with TLS', () => {
  let term: TerminalSession | undefined;

  beforeAll(async () => {
    await resetSwarm();
    docker(1, ['service', 'create', '--detach', '--no-resolve-image', '--name', 'tls-idle', '--mode', 'global', 'lab/busybox:1', 'sleep', '1d']);
    await waitUntil(() => runningTaskCount('tls-idle') === 3, {timeoutMs: 60_000, what: 'services running'});
  }, 120_000);

  afterEach(() => {
    term?.kill();
    term = undefined;
  });

  afterAll(async () => {
    await resetSwarm();
  }, 120_000);

  it('a tcp:// template without certificates: each node says why it is not reached, and the panes keep working', async () => {
    term = startConsole(['-H', labSockets().manager, '--nodes-via', 'tcp://{addr}:2376'], {});
    await term.waitForText('tls-idle');
    openPane(term, 'nodes');
    await term.waitForText(/REACH/);
    // The engine wants TLS and a client certificate; a plain HTTP request is answered as such.
    // The row shows the start of the reason, the line under the table all of it.
    await waitUntil(() => /—\s+—\s+\S/.test(lineWith(term!, 'node2')) && !/\bok\s*$/.test(lineWith(term!, 'node2')), {
      timeoutMs: 20_000,
      what: 'node2 not reached, with a reason',
    });
    await filterTo(term, 'node2', {anyCount: true});
    await term.waitForText(/node2 engine not reached at tcp:\/\/10\.213\.0\.12:2376: .*Client sent an HTTP request to an HTTPS server/);
    openPane(term, 'services');
    await term.waitForText(/tls-idle\s+global\s+3\/3/);
  }, 60_000);

  it("with a tcp:// manager and no template, reaches every node at the manager's port with its certificates", async () => {
    const {url, certPath} = labTls(1);
    term = startConsole(['-H', url], {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath});
    await term.waitForText('tls-idle');
    openPane(term, 'nodes');
    await term.waitForText(/REACH/);
    for (const node of ['node1', 'node2', 'node3']) {
      await waitUntil(() => /\d+(\.\d)?%\s+\S+B\s+ok/.test(lineWith(term!, node)), {timeoutMs: 30_000, what: `${node} stats: ${lineWith(term!, node)}`});
    }
    // Each node's task, read from that node's engine: a CPU figure and memory in use.
    openPane(term, 'tasks');
    await filterTo(term, 'tls-idle', {anyCount: true});
    for (const node of ['node1', 'node2', 'node3']) {
      await waitUntil(() => /\d+(\.\d)?%\s+\d+(\.\d+)?(B|KiB|MiB)/.test(lineWith(term!, `tls-idle.${node}`)), {
        timeoutMs: 30_000,
        what: `tls-idle.${node}: ${lineWith(term!, `tls-idle.${node}`)}`,
      });
    }
  }, 90_000);

  it('x opens a shell on a worker over TLS: hostname prints its container ID', async () => {
    const containerId = docker(2, ['ps', '--filter', 'name=tls-idle', '--format', '{{.ID}}']).trim();
    expect(containerId).toMatch(/^[0-9a-f]{12}$/);
    const {certPath} = labTls(1);
    term = startConsole(['-H', labSockets().manager, '--nodes-via', 'tcp://{addr}:2376'], {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath});
    await term.waitForText('tls-idle');
    openPane(term, 'tasks');
    await filterTo(term, 'tls-idle.node2', {anyCount: true});
    await term.waitForText(/tls-idle\.node2.*\d%/, {timeoutMs: 30_000});
    await shellShowsContainer(term, containerId, 'node2');
  }, 60_000);
});

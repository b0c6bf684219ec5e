// ssh:// against the lab: request latency through the system ssh (one
// multiplexed login, dial-stdio sessions kept alive) next to the same requests
// on the node's local socket, and the logins a minute of the console costs,
// counted in sshd's own log.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {connect} from '../../source/docker/connect.js';
import {closeEndpointTransport} from '../../source/docker/client-options.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {sshTransportOfAgent} from '../../source/docker/ssh-transport.js';
import {labSockets} from '../lab/lab.js';
import {TerminalSession} from '../support/terminal.js';
import {percentile, report, sleep} from './report.js';
import {root, type BenchSettings} from './settings.js';

const sshdScript = path.join(root, 'test', 'lab', 'sshd.sh');
const sshd = (...args: string[]) => execFileSync('bash', [sshdScript, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']});

async function timeRequests(host: string, sshArgs: string[], samples: number): Promise<{cold: number; p50: number; p95: number; logins?: number}> {
  const endpoint = resolveEndpoint({host, env: {}, homeDir: '/'});
  const started = performance.now();
  const connection = await connect(endpoint, {sshArgs, timeoutMs: 15_000});
  const cold = performance.now() - started;
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      await connection.docker.listServices();
      times.push(performance.now() - t0);
    }
    const agent = (connection.docker.modem as unknown as {agent?: unknown}).agent;
    const logins = sshTransportOfAgent(agent)?.loginCount;
    return {cold, p50: percentile(times, 0.5), p95: percentile(times, 0.95), ...(logins === undefined ? {} : {logins})};
  } finally {
    closeEndpointTransport(endpoint);
  }
}

export async function benchSsh({cliPath, cols, rows}: BenchSettings, seconds = Number(process.env['BENCH_SSH_SECONDS'] ?? 60)): Promise<void> {
  sshd('up', '1');
  try {
    const config = /STLAB_SSH_CONFIG=(.*)/.exec(sshd('paths'))![1]!;
    const sshArgs = ['-F', config];
    const local = await timeRequests(labSockets()[1], [], 50);
    const overSsh = await timeRequests('ssh://stlab-mgr1', sshArgs, 50);
    report('ssh: connect (login, version, info) over ssh', `${Math.round(overSsh.cold)} ms (local socket ${Math.round(local.cold)} ms)`);
    report('ssh: GET /services over ssh, kept-alive session, p50 / p95', `${overSsh.p50.toFixed(1)} / ${overSsh.p95.toFixed(1)} ms`);
    report('ssh: GET /services on the local socket, p50 / p95', `${local.p50.toFixed(1)} / ${local.p95.toFixed(1)} ms`);
    report('ssh: logins for those 50 requests', String(overSsh.logins ?? '?'));

    const before = Number(sshd('logins', '1').trim());
    const term = TerminalSession.spawn(process.execPath, [cliPath, '-H', 'ssh://stlab-mgr1', '--refresh', '1'], {
      cols,
      rows,
      env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, SWARMTOP_SSH_OPTS: `-F ${config}`},
    });
    try {
      await term.waitForText(/nodes \d+\/\d+ ready/, {timeoutMs: 20_000});
      await sleep(seconds * 1000);
    } finally {
      term.kill();
    }
    report(`ssh: logins over ${seconds} s of the console at a 1 s refresh (sshd's log)`, String(Number(sshd('logins', '1').trim()) - before));
  } finally {
    sshd('down', '1');
  }
}

import {spawnSync} from 'node:child_process';
import {chmodSync, readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {compareApiVersions, MAX_API_VERSION, MIN_API_VERSION, negotiateApiVersion} from '../../../source/docker/api-version.js';
import {connect} from '../../../source/docker/connect.js';
import {type Endpoint, resolveEndpoint} from '../../../source/docker/endpoint.js';
import {type StartupError, classifyStartupError} from '../../../source/docker/startup-error.js';
import {TLS_FIXTURES, certDir, expectOneLine, failureOfAsync, removeTempDirs, tempDir, writeContext} from './helpers.js';

afterEach(removeTempDirs);

describe('API version negotiation', () => {
  it('compares numerically', () => {
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
    expect(compareApiVersions('2.0', '1.47')).toBeGreaterThan(0);
  });

  it('picks the lower of the engine and ours, within bounds', () => {
    expect(MAX_API_VERSION).toBe('1.47');
    expect(MIN_API_VERSION).toBe('1.30');
    expect(negotiateApiVersion({ApiVersion: '1.41'})).toEqual({ok: true, version: '1.41'});
    expect(negotiateApiVersion({ApiVersion: '1.51', MinAPIVersion: '1.24'})).toEqual({ok: true, version: '1.47'});
    expect(negotiateApiVersion({ApiVersion: '1.30'})).toEqual({ok: true, version: '1.30'});
    expect(negotiateApiVersion({ApiVersion: '1.29'})).toMatchObject({ok: false});
    expect(negotiateApiVersion({ApiVersion: '1.60', MinAPIVersion: '1.50'})).toMatchObject({ok: false});
    expect(negotiateApiVersion({})).toMatchObject({ok: false});
  });
});

// --- fake engines -------------------------------------------------------------

interface FakeEngineSpec {
  apiVersion?: string;
  minApiVersion?: string;
  info?: object;
  // Answer every request with this status and body instead.
  reject?: {status: number; body: string};
  // Accept requests but never answer.
  hang?: boolean;
}

interface FakeEngine {
  requests: string[];
  close(): Promise<void>;
}

function engineHandler(spec: FakeEngineSpec, requests: string[]): http.RequestListener {
  return (req, res) => {
    requests.push(req.url ?? '');
    if (spec.hang) return;
    const reply = (status: number, body: string) => {
      res.writeHead(status, {'Content-Type': 'application/json'});
      res.end(body);
    };
    if (spec.reject) return reply(spec.reject.status, spec.reject.body);
    if (req.url === '/version') {
      return reply(200, JSON.stringify({Version: '24.0.7', ApiVersion: spec.apiVersion ?? '1.43', MinAPIVersion: spec.minApiVersion ?? '1.12', Os: 'linux'}));
    }
    if (/^(\/v\d+\.\d+)?\/info$/.test(req.url ?? '')) return reply(200, JSON.stringify(spec.info ?? {}));
    return reply(404, JSON.stringify({message: 'page not found'}));
  };
}

async function listen(server: http.Server, target: string | {port: 0; host: string}): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (typeof target === 'string') server.listen(target, resolve);
    else server.listen(target.port, target.host, resolve);
  });
}

function closer(server: http.Server): () => Promise<void> {
  return () =>
    new Promise<void>(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

async function startUnixEngine(spec: FakeEngineSpec): Promise<FakeEngine & {socketPath: string}> {
  const socketPath = path.join(tempDir('swarmtop-engine-'), 'docker.sock');
  const requests: string[] = [];
  const server = http.createServer(engineHandler(spec, requests));
  await listen(server, socketPath);
  return {socketPath, requests, close: closer(server)};
}

const activeManager = {
  Name: 'manager-1',
  Swarm: {NodeID: 'n0d31d', LocalNodeState: 'active', ControlAvailable: true, RemoteManagers: [{NodeID: 'n0d31d', Addr: '10.0.0.1:2377'}]},
};

function unixEndpoint(socketPath: string, source = 'DOCKER_HOST'): Endpoint {
  return resolveEndpoint({
    env: {DOCKER_HOST: `unix://${socketPath}`},
    homeDir: os.tmpdir(),
    ...(source === '--host flag' ? {host: `unix://${socketPath}`} : {}),
  });
}

describe('connect', () => {
  const engines: FakeEngine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map(engine => engine.close()));
  });
  const start = async (spec: FakeEngineSpec) => {
    const engine = await startUnixEngine(spec);
    engines.push(engine);
    return engine;
  };

  it('negotiates the API version with an active manager and pins the client to it', async () => {
    const engine = await start({apiVersion: '1.41', info: activeManager});
    const endpoint = unixEndpoint(engine.socketPath);
    const connection = await connect(endpoint);
    expect(connection.apiVersion).toBe('1.41');
    expect(connection.engineVersion).toBe('24.0.7');
    expect(connection.nodeId).toBe('n0d31d');
    expect(connection.hostname).toBe('manager-1');
    expect(connection.endpoint).toBe(endpoint);
    expect(engine.requests).toEqual(['/version', '/v1.41/info']);

    await connection.docker.info();
    expect(engine.requests.at(-1)).toBe('/v1.41/info');
  });

  it('caps the version at ours when the engine is newer', async () => {
    const engine = await start({apiVersion: '1.52', minApiVersion: '1.44', info: activeManager});
    const connection = await connect(unixEndpoint(engine.socketPath));
    expect(connection.apiVersion).toBe('1.47');
    expect(engine.requests).toEqual(['/version', '/v1.47/info']);
  });

  it('keeps --host over a conflicting DOCKER_HOST in the process environment', async () => {
    const engine = await start({apiVersion: '1.45', info: activeManager});
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    try {
      const endpoint = resolveEndpoint({host: `unix://${engine.socketPath}`, env: process.env, homeDir: os.tmpdir()});
      const connection = await connect(endpoint);
      expect(connection.apiVersion).toBe('1.45');
      expect(process.env.DOCKER_HOST).toBe('tcp://127.0.0.1:1');
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });

  it('says "not in swarm mode" and suggests docker swarm init', async () => {
    const engine = await start({apiVersion: '1.41', info: {Name: 'laptop', Swarm: {NodeID: '', LocalNodeState: 'inactive', ControlAvailable: false}}});
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath)));
    expect(error.kind).toBe('not-swarm');
    expect(error.message).toBe(
      `The Docker engine at unix://${engine.socketPath} (from DOCKER_HOST) is not in swarm mode — run "docker swarm init" there (or "docker swarm join" it to a swarm), or point swarmtop at a swarm manager`,
    );
    expect(engine.requests).toEqual(['/version', '/v1.41/info']);
  });

  it('points a worker at its managers', async () => {
    const engine = await start({
      apiVersion: '1.43',
      info: {
        Name: 'worker-3',
        Swarm: {
          NodeID: 'w3',
          LocalNodeState: 'active',
          ControlAvailable: false,
          RemoteManagers: [
            {NodeID: 'm1', Addr: '10.0.0.1:2377'},
            {NodeID: 'm2', Addr: '10.0.0.2:2377'},
          ],
        },
      },
    });
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath, '--host flag')));
    expect(error.kind).toBe('worker');
    expect(error.message).toContain(`unix://${engine.socketPath} (from --host flag) is a swarm worker, but swarmtop needs a manager`);
    expect(error.message).toContain('10.0.0.1:2377, 10.0.0.2:2377');
    expectOneLine(error);
  });

  it('refuses an engine older than API 1.30 before asking for /info', async () => {
    const engine = await start({apiVersion: '1.24', info: activeManager});
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath)));
    expect(error.kind).toBe('api-version');
    expect(error.message).toBe(
      `The Docker engine at unix://${engine.socketPath} (from DOCKER_HOST) (Docker 24.0.7) speaks API 1.24, but swarmtop needs API 1.30 (Docker 17.06) or newer — upgrade the engine`,
    );
    expect(engine.requests).toEqual(['/version']);
  });

  it('reports a missing socket as unreachable', async () => {
    const socketPath = path.join(tempDir(), 'nothing-here.sock');
    const error = await failureOfAsync(connect(unixEndpoint(socketPath)));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`Cannot reach the Docker engine at unix://${socketPath} (from DOCKER_HOST): connect ENOENT — is dockerd running?`);
  });

  it('reports a refused tcp port as unreachable', async () => {
    const probe = http.createServer();
    await listen(probe, {port: 0, host: '127.0.0.1'});
    const {port} = probe.address() as AddressInfo;
    await closer(probe)();
    const endpoint = resolveEndpoint({host: `tcp://127.0.0.1:${port}`, env: {}, homeDir: os.tmpdir()});
    const error = await failureOfAsync(connect(endpoint));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(
      `Cannot reach the Docker engine at tcp://127.0.0.1:${port} (from --host flag): connect ECONNREFUSED — is dockerd listening on that address and port?`,
    );
  });

  it('gives up after the timeout when the engine never answers', async () => {
    const engine = await start({hang: true});
    const started = Date.now();
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath), {timeoutMs: 300}));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(
      `Cannot reach the Docker engine at unix://${engine.socketPath} (from DOCKER_HOST): no answer within 0.3 s — is the host up and the port open?`,
    );
  });

  it("reports HTTP 403 as a permission problem in the engine's words", async () => {
    const engine = await start({reject: {status: 403, body: JSON.stringify({message: 'authorization denied by plugin opa: request rejected'})}});
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath)));
    expect(error.kind).toBe('permission');
    expect(error.message).toBe(
      `The Docker engine at unix://${engine.socketPath} (from DOCKER_HOST) refused access (HTTP 403: authorization denied by plugin opa: request rejected) — check your credentials or the engine's authorization plugin`,
    );
  });

  it('reports a socket it may not open as a permission problem', async ctx => {
    const engine = await start({apiVersion: '1.41', info: activeManager});
    const dir = path.dirname(engine.socketPath);
    chmodSync(dir, 0o755);
    chmodSync(engine.socketPath, 0o000);
    const endpoint = unixEndpoint(engine.socketPath);

    let error: StartupError;
    if (process.getuid?.() !== 0) {
      error = await failureOfAsync(connect(endpoint));
    } else {
      // root ignores file modes, so let an unprivileged child hit the socket and
      // classify the exact error Node gave it.
      const script = `require('net').connect(${JSON.stringify(engine.socketPath)}).on('error', (e) => { console.log(JSON.stringify({code: e.code, syscall: e.syscall, errno: e.errno, message: e.message})); }).on('connect', () => { console.log('{"connected":true}'); process.exit(0); });`;
      const child = spawnSync(process.execPath, ['-e', script], {uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/'});
      // Containers without CAP_SETUID can't drop to another user; nothing to observe then.
      if (child.error || !child.stdout.trim()) ctx.skip();
      const seen = JSON.parse(child.stdout.trim()) as {code: string; syscall: string; message: string};
      expect(seen.code).toBe('EACCES');
      error = classifyStartupError(Object.assign(new Error(seen.message), seen), endpoint);
    }
    expect(error.kind).toBe('permission');
    expect(error.message).toBe(
      `Permission denied on the Docker engine at unix://${engine.socketPath} (from DOCKER_HOST): connect EACCES — add your user to the docker group (then log in again) or run swarmtop with sudo`,
    );
  });
});

describe('connect over TLS', () => {
  const servers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(close => close()));
  });

  // Demands a client certificate signed by the test CA, like a dockerd started with --tlsverify.
  async function startTlsEngine(): Promise<{port: number; requests: string[]}> {
    const requests: string[] = [];
    const server = https.createServer(
      {
        key: readFileSync(path.join(TLS_FIXTURES, 'server-key.pem')),
        cert: readFileSync(path.join(TLS_FIXTURES, 'server-cert.pem')),
        ca: readFileSync(path.join(TLS_FIXTURES, 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      engineHandler({apiVersion: '1.44', info: activeManager}, requests),
    );
    await listen(server, {port: 0, host: '127.0.0.1'});
    servers.push(closer(server));
    return {port: (server.address() as AddressInfo).port, requests};
  }

  it('connects with DOCKER_TLS_VERIFY and the certificates in DOCKER_CERT_PATH', async () => {
    const {port, requests} = await startTlsEngine();
    const env = {DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir(['ca.pem', 'cert.pem', 'key.pem'])};
    const connection = await connect(resolveEndpoint({env, homeDir: os.tmpdir()}));
    expect(connection.apiVersion).toBe('1.44');
    expect(requests).toEqual(['/version', '/v1.44/info']);
  });

  // The server sends its chain including the test CA, so Node may report either code.
  it('classifies an untrusted engine certificate as a TLS problem', async () => {
    const {port} = await startTlsEngine();
    const certs = certDir(['cert.pem', 'key.pem']);
    const env = {DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs};
    const error = await failureOfAsync(connect(resolveEndpoint({env, homeDir: os.tmpdir()})));
    expect(error.kind).toBe('tls');
    expect(error.message).toMatch(
      new RegExp(
        `^TLS with the Docker engine at tcp://127\\.0\\.0\\.1:${port} \\(from DOCKER_HOST\\) failed: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN): `,
      ),
    );
    expect(error.message).toContain(`no ca.pem in ${certs} to trust the engine's certificate`);
  });

  it("honours a context's SkipTLSVerify while still sending its client certificate", async () => {
    const {port} = await startTlsEngine();
    const home = tempDir('swarmtop-home-');
    writeContext(path.join(home, '.docker'), 'lab', {host: `tcp://127.0.0.1:${port}`, skipTLSVerify: true, tlsFiles: ['cert.pem', 'key.pem']});
    const connection = await connect(resolveEndpoint({context: 'lab', env: {}, homeDir: home}));
    expect(connection.apiVersion).toBe('1.44');
    expect(connection.endpoint.source).toBe('context "lab" (--context)');
  });

  it('tells a plain-http client that the engine wants TLS', async () => {
    const requests: string[] = [];
    const server = http.createServer(engineHandler({reject: {status: 400, body: 'Client sent an HTTP request to an HTTPS server.\n'}}, requests));
    await listen(server, {port: 0, host: '127.0.0.1'});
    servers.push(closer(server));
    const {port} = server.address() as AddressInfo;
    const error = await failureOfAsync(connect(resolveEndpoint({env: {DOCKER_HOST: `tcp://127.0.0.1:${port}`}, homeDir: os.tmpdir()})));
    expect(error.kind).toBe('tls');
    expect(error.message).toBe(`The Docker engine at tcp://127.0.0.1:${port} (from DOCKER_HOST) expects TLS — set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH`);
  });
});

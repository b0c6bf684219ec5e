import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {
  compareApiVersions,
  MAX_API_VERSION,
  MIN_API_VERSION,
  negotiateApiVersion,
} from '../../source/docker/api-version.js';
import {
  classifyStartupError,
  connect,
  DEFAULT_SOCKET_URL,
  describeEndpoint,
  dockerodeOptions,
  type Endpoint,
  resolveEndpoint,
  StartupError,
} from '../../source/docker/connection.js';

const TLS_FIXTURES = fileURLToPath(new URL('../fixtures/contexts/tls/', import.meta.url));

// --- temp dirs, contexts, failures --------------------------------------------

let scratch: string[] = [];

function tempDir(prefix = 'swarmtop-conn-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

beforeEach(() => {
  scratch = [];
});

afterEach(() => {
  for (const dir of scratch) rmSync(dir, {recursive: true, force: true});
});

// Computed here, independently of the code under test.
function contextId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

interface ContextFixture {
  host: string;
  skipTLSVerify?: boolean;
  tlsFiles?: Array<'ca.pem' | 'cert.pem' | 'key.pem'>;
}

function writeContext(configDir: string, name: string, fixture: ContextFixture): void {
  const metaDir = path.join(configDir, 'contexts', 'meta', contextId(name));
  mkdirSync(metaDir, {recursive: true});
  const meta = {
    Name: name,
    Metadata: {Description: `test context ${name}`},
    Endpoints: {docker: {Host: fixture.host, SkipTLSVerify: fixture.skipTLSVerify ?? false}},
  };
  writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify(meta));
  if (fixture.tlsFiles?.length) {
    const tlsDir = path.join(configDir, 'contexts', 'tls', contextId(name), 'docker');
    mkdirSync(tlsDir, {recursive: true});
    for (const file of fixture.tlsFiles) writeFileSync(path.join(tlsDir, file), readFileSync(path.join(TLS_FIXTURES, file)));
  }
}

function writeDockerConfig(configDir: string, config: object): void {
  mkdirSync(configDir, {recursive: true});
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
}

function certDir(files: Array<'ca.pem' | 'cert.pem' | 'key.pem'>): string {
  const dir = tempDir('swarmtop-certs-');
  for (const file of files) writeFileSync(path.join(dir, file), readFileSync(path.join(TLS_FIXTURES, file)));
  return dir;
}

function failureOf(fn: () => unknown): StartupError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected a StartupError, but nothing was thrown');
}

async function failureOfAsync(promise: Promise<unknown>): Promise<StartupError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected a StartupError, but the promise resolved');
}

function expectOneLine(error: StartupError): void {
  expect(error.message).not.toMatch(/\n/);
  expect(error.message).not.toMatch(/\s{2,}/);
}

// --- resolution ---------------------------------------------------------------

describe('resolveEndpoint precedence', () => {
  let home: string;
  let configDir: string;

  beforeEach(() => {
    home = tempDir('swarmtop-home-');
    configDir = path.join(home, '.docker');
    writeContext(configDir, 'flagctx', {host: 'tcp://flag.example:2375'});
    writeContext(configDir, 'envctx', {host: 'tcp://envctx.example:2375'});
    writeContext(configDir, 'current', {host: 'unix:///run/current.sock'});
    writeDockerConfig(configDir, {auths: {}, currentContext: 'current'});
  });

  const everything = () => ({
    host: 'unix:///run/flag.sock',
    context: 'flagctx',
    env: {DOCKER_HOST: 'tcp://envhost.example:2375', DOCKER_CONTEXT: 'envctx'} as NodeJS.ProcessEnv,
    homeDir: home,
  });

  it('--host beats every other setting', () => {
    const endpoint = resolveEndpoint(everything());
    expect(endpoint).toEqual({url: 'unix:///run/flag.sock', source: '--host flag'});
  });

  it('--context comes next, ahead of DOCKER_HOST', () => {
    const endpoint = resolveEndpoint({...everything(), host: undefined});
    expect(endpoint.url).toBe('tcp://flag.example:2375');
    expect(endpoint.source).toBe('context "flagctx" (--context)');
    expect(endpoint.contextName).toBe('flagctx');
  });

  it('then DOCKER_HOST, ahead of DOCKER_CONTEXT and the current context', () => {
    const endpoint = resolveEndpoint({...everything(), host: undefined, context: undefined});
    expect(endpoint).toEqual({url: 'tcp://envhost.example:2375', source: 'DOCKER_HOST'});
  });

  it('then DOCKER_CONTEXT, ahead of the current context', () => {
    const input = everything();
    delete input.env.DOCKER_HOST;
    const endpoint = resolveEndpoint({...input, host: undefined, context: undefined});
    expect(endpoint.url).toBe('tcp://envctx.example:2375');
    expect(endpoint.source).toBe('DOCKER_CONTEXT=envctx');
    expect(endpoint.contextName).toBe('envctx');
  });

  it('then currentContext from config.json, shown relative to home', () => {
    const endpoint = resolveEndpoint({env: {}, homeDir: home});
    expect(endpoint.url).toBe('unix:///run/current.sock');
    expect(endpoint.source).toBe('current context "current" in ~/.docker/config.json');
    expect(describeEndpoint(endpoint)).toBe('unix:///run/current.sock (current context "current" in ~/.docker/config.json)');
  });

  it('falls back to the default socket', () => {
    const emptyHome = tempDir('swarmtop-home-');
    const endpoint = resolveEndpoint({env: {}, homeDir: emptyHome});
    expect(endpoint).toEqual({url: DEFAULT_SOCKET_URL, source: 'default socket'});
    expect(describeEndpoint(endpoint)).toBe('unix:///var/run/docker.sock (default socket)');
  });

  it('treats empty flags and variables as unset', () => {
    const endpoint = resolveEndpoint({host: '  ', context: '', env: {DOCKER_HOST: '', DOCKER_CONTEXT: ''}, homeDir: home});
    expect(endpoint.source).toBe('current context "current" in ~/.docker/config.json');
  });

  it('reads config.json and contexts from DOCKER_CONFIG instead of ~/.docker', () => {
    const elsewhere = tempDir('swarmtop-dockerconfig-');
    writeContext(elsewhere, 'other', {host: 'ssh://ops@other.example'});
    writeDockerConfig(elsewhere, {currentContext: 'other'});
    const endpoint = resolveEndpoint({env: {DOCKER_CONFIG: elsewhere}, homeDir: home});
    expect(endpoint.url).toBe('ssh://ops@other.example:22');
    expect(endpoint.source).toBe(`current context "other" in ${elsewhere}/config.json`);

    // The context in ~/.docker is invisible once DOCKER_CONFIG points elsewhere.
    const missing = failureOf(() => resolveEndpoint({context: 'flagctx', env: {DOCKER_CONFIG: elsewhere}, homeDir: home}));
    expect(missing.kind).toBe('context');
    expect(missing.message).toContain(path.join(elsewhere, 'contexts', 'meta', contextId('flagctx'), 'meta.json'));
  });

  it('refuses to guess when config.json is broken', () => {
    writeFileSync(path.join(configDir, 'config.json'), '{"currentContext": ');
    const error = failureOf(() => resolveEndpoint({env: {}, homeDir: home}));
    expect(error.kind).toBe('context');
    expect(error.message).toMatch(/^Cannot parse ~\/\.docker\/config\.json: /);
  });
});

describe('the "default" context', () => {
  it('means DOCKER_HOST when it is set (like the CLI)', () => {
    const home = tempDir('swarmtop-home-');
    const endpoint = resolveEndpoint({context: 'default', env: {DOCKER_HOST: 'tcp://10.1.2.3'}, homeDir: home});
    expect(endpoint.url).toBe('tcp://10.1.2.3:2375');
    expect(endpoint.source).toBe('DOCKER_HOST (--context default)');
    expect(endpoint.contextName).toBe('default');
  });

  it('means the default socket otherwise, whoever selected it', () => {
    const home = tempDir('swarmtop-home-');
    expect(resolveEndpoint({context: 'default', env: {}, homeDir: home})).toEqual({
      url: DEFAULT_SOCKET_URL,
      source: 'default socket (--context default)',
      contextName: 'default',
    });
    expect(resolveEndpoint({env: {DOCKER_CONTEXT: 'default'}, homeDir: home}).source).toBe('default socket (DOCKER_CONTEXT=default)');
    writeDockerConfig(path.join(home, '.docker'), {currentContext: 'default'});
    expect(resolveEndpoint({env: {}, homeDir: home}).source).toBe('default socket (current context "default" in ~/.docker/config.json)');
  });
});

describe('missing or broken contexts', () => {
  it('names the context, where it came from, where we looked and what exists', () => {
    const home = tempDir('swarmtop-home-');
    const configDir = path.join(home, '.docker');
    writeContext(configDir, 'staging', {host: 'tcp://staging:2375'});
    writeContext(configDir, 'prod-eu', {host: 'tcp://prod-eu:2375'});

    const error = failureOf(() => resolveEndpoint({context: 'prod', env: {}, homeDir: home}));
    expect(error.kind).toBe('context');
    expect(error.message).toBe(
      `Docker context "prod" (from --context) does not exist: no ~/.docker/contexts/meta/${contextId('prod')}/meta.json (available contexts: default, prod-eu, staging)`,
    );
    expectOneLine(error);

    const fromEnv = failureOf(() => resolveEndpoint({env: {DOCKER_CONTEXT: 'prod'}, homeDir: home}));
    expect(fromEnv.message).toContain('"prod" (from DOCKER_CONTEXT)');

    writeDockerConfig(configDir, {currentContext: 'gone'});
    const fromConfig = failureOf(() => resolveEndpoint({env: {}, homeDir: home}));
    expect(fromConfig.message).toContain('"gone" (current context in ~/.docker/config.json) does not exist');
  });

  it('rejects a context without a docker endpoint', () => {
    const home = tempDir('swarmtop-home-');
    const metaDir = path.join(home, '.docker', 'contexts', 'meta', contextId('k8s-only'));
    mkdirSync(metaDir, {recursive: true});
    writeFileSync(path.join(metaDir, 'meta.json'), JSON.stringify({Name: 'k8s-only', Endpoints: {kubernetes: {}}}));
    const error = failureOf(() => resolveEndpoint({context: 'k8s-only', env: {}, homeDir: home}));
    expect(error.kind).toBe('context');
    expect(error.message).toContain('has no docker endpoint host');
  });
});

describe('host strings', () => {
  const home = os.tmpdir();
  const fromHost = (host: string, env: NodeJS.ProcessEnv = {}) => resolveEndpoint({host, env, homeDir: home});

  it('normalises unix, tcp and bare host:port', () => {
    expect(fromHost('unix:///tmp/x.sock').url).toBe('unix:///tmp/x.sock');
    expect(fromHost('unix://').url).toBe(DEFAULT_SOCKET_URL);
    expect(fromHost('tcp://10.0.0.5').url).toBe('tcp://10.0.0.5:2375');
    expect(fromHost('tcp://10.0.0.5:1234').url).toBe('tcp://10.0.0.5:1234');
    expect(fromHost('docker.example:2375').url).toBe('tcp://docker.example:2375');
  });

  it('defaults tcp to 2376 when TLS is on', () => {
    const certs = certDir(['ca.pem']);
    expect(fromHost('tcp://10.0.0.5', {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs}).url).toBe('tcp://10.0.0.5:2376');
    expect(fromHost('tcp://10.0.0.5', {DOCKER_TLS: '1', DOCKER_CERT_PATH: certs}).url).toBe('tcp://10.0.0.5:2376');
  });

  it('rejects schemes and shapes it cannot use', () => {
    const npipe = failureOf(() => fromHost('npipe:////./pipe/docker_engine'));
    expect(npipe.kind).toBe('endpoint');
    expect(npipe.message).toBe('Invalid Docker host "npipe:////./pipe/docker_engine" (from --host flag): unsupported scheme npipe:// (use unix://, tcp:// or ssh://)');
    expect(failureOf(() => fromHost('ssh://me:secret@host')).message).toContain('plain-text passwords are not supported');
    expect(failureOf(() => fromHost('ssh://me@host/some/path')).message).toContain('ssh:// hosts take no path');
    expect(failureOf(() => fromHost('tcp://host:2375/prefix')).kind).toBe('endpoint');
  });
});

describe('ssh endpoints', () => {
  it('turns ssh://user@host:port into dockerode ssh options with the agent socket', () => {
    const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'ssh://deploy@manager-1.example.com:2222'}, homeDir: os.tmpdir()});
    expect(endpoint).toEqual({url: 'ssh://deploy@manager-1.example.com:2222', source: 'DOCKER_HOST'});
    expect(dockerodeOptions(endpoint, undefined, {SSH_AUTH_SOCK: '/tmp/agent.sock'})).toEqual({
      protocol: 'ssh',
      host: 'manager-1.example.com',
      port: 2222,
      username: 'deploy',
      sshOptions: {agent: '/tmp/agent.sock'},
    });
  });

  it('defaults to port 22 and the local user, and ignores TLS variables', () => {
    const endpoint = resolveEndpoint({
      host: 'ssh://manager-2',
      env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir(['ca.pem'])},
      homeDir: os.tmpdir(),
    });
    expect(endpoint.tls).toBeUndefined();
    const options = dockerodeOptions(endpoint, '1.44', {});
    expect(options).toMatchObject({protocol: 'ssh', host: 'manager-2', port: 22, username: os.userInfo().username, version: 'v1.44'});
  });
});

describe('TLS material', () => {
  const fixture = (file: string) => readFileSync(path.join(TLS_FIXTURES, file));

  it('loads ca/cert/key from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const certs = certDir(['ca.pem', 'cert.pem', 'key.pem']);
    const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'tcp://swarm.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs}, homeDir: os.tmpdir()});
    expect(endpoint.url).toBe('tcp://swarm.example:2376');
    expect(endpoint.tls?.verify).toBe(true);
    expect(endpoint.tls?.dir).toBe(certs);
    expect(endpoint.tls?.ca?.equals(fixture('ca.pem'))).toBe(true);
    expect(endpoint.tls?.cert?.equals(fixture('cert.pem'))).toBe(true);
    expect(endpoint.tls?.key?.equals(fixture('key.pem'))).toBe(true);

    const options = dockerodeOptions(endpoint, '1.47');
    expect(options).toMatchObject({protocol: 'https', host: 'swarm.example', port: 2376, version: 'v1.47'});
    expect(options.agent).toBeUndefined();
    expect(Buffer.isBuffer(options.ca) && options.ca.equals(fixture('ca.pem'))).toBe(true);
  });

  it('defaults the cert path to the docker config dir', () => {
    const home = tempDir('swarmtop-home-');
    const configDir = path.join(home, '.docker');
    mkdirSync(configDir);
    writeFileSync(path.join(configDir, 'ca.pem'), fixture('ca.pem'));
    const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'tcp://swarm.example', DOCKER_TLS_VERIFY: '1'}, homeDir: home});
    expect(endpoint.tls?.dir).toBe(configDir);
    expect(endpoint.tls?.ca?.equals(fixture('ca.pem'))).toBe(true);
    expect(endpoint.tls?.cert).toBeUndefined();
  });

  it('ignores certificates without DOCKER_TLS_VERIFY/DOCKER_TLS, as the CLI does', () => {
    const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'tcp://swarm.example', DOCKER_CERT_PATH: certDir(['ca.pem'])}, homeDir: os.tmpdir()});
    expect(endpoint.tls).toBeUndefined();
    expect(dockerodeOptions(endpoint)).toEqual({protocol: 'http', host: 'swarm.example', port: 2375});
  });

  it('DOCKER_TLS without verify turns verification off through an agent', () => {
    const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'tcp://swarm.example:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: certDir([])}, homeDir: os.tmpdir()});
    expect(endpoint.tls?.verify).toBe(false);
    const options = dockerodeOptions(endpoint);
    expect(options.protocol).toBe('https');
    expect(options.agent).toBeInstanceOf(https.Agent);
    expect((options.agent as https.Agent & {options: https.AgentOptions}).options.rejectUnauthorized).toBe(false);
  });

  it('refuses half a client certificate', () => {
    const error = failureOf(() =>
      resolveEndpoint({env: {DOCKER_HOST: 'tcp://swarm.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir(['cert.pem'])}, homeDir: os.tmpdir()}),
    );
    expect(error.kind).toBe('tls');
    expect(error.message).toContain('has cert.pem but no key.pem');
  });

  it('loads a context\'s TLS files and SkipTLSVerify', () => {
    const home = tempDir('swarmtop-home-');
    const configDir = path.join(home, '.docker');
    writeContext(configDir, 'prod', {host: 'tcp://prod.example', tlsFiles: ['ca.pem', 'cert.pem', 'key.pem']});
    writeContext(configDir, 'lab', {host: 'tcp://lab.example:9999', skipTLSVerify: true});
    writeContext(configDir, 'plain', {host: 'tcp://plain.example'});

    const prod = resolveEndpoint({context: 'prod', env: {}, homeDir: home});
    expect(prod.url).toBe('tcp://prod.example:2376');
    expect(prod.tls?.verify).toBe(true);
    expect(prod.tls?.dir).toBe(path.join(configDir, 'contexts', 'tls', contextId('prod'), 'docker'));
    expect(prod.tls?.ca?.equals(fixture('ca.pem'))).toBe(true);
    expect(prod.tls?.key?.equals(fixture('key.pem'))).toBe(true);

    const lab = resolveEndpoint({context: 'lab', env: {}, homeDir: home});
    expect(lab.tls).toMatchObject({verify: false});
    expect(lab.tls?.ca).toBeUndefined();

    const plain = resolveEndpoint({context: 'plain', env: {DOCKER_TLS_VERIFY: '1'}, homeDir: home});
    expect(plain.url).toBe('tcp://plain.example:2375');
    expect(plain.tls).toBeUndefined();
  });
});

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
    new Promise<void>((resolve) => {
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
  return resolveEndpoint({env: {DOCKER_HOST: `unix://${socketPath}`}, homeDir: os.tmpdir(), ...(source === '--host flag' ? {host: `unix://${socketPath}`} : {})});
}

describe('connect', () => {
  const engines: FakeEngine[] = [];
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.close()));
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
    expect(error.message).toBe(`Cannot reach the Docker engine at tcp://127.0.0.1:${port} (from --host flag): connect ECONNREFUSED — is dockerd listening on that address and port?`);
  });

  it('gives up after the timeout when the engine never answers', async () => {
    const engine = await start({hang: true});
    const started = Date.now();
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath), {timeoutMs: 300}));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`Cannot reach the Docker engine at unix://${engine.socketPath} (from DOCKER_HOST): no answer within 0.3 s — is the host up and the port open?`);
  });

  it('reports HTTP 403 as a permission problem in the engine\'s words', async () => {
    const engine = await start({reject: {status: 403, body: JSON.stringify({message: 'authorization denied by plugin opa: request rejected'})}});
    const error = await failureOfAsync(connect(unixEndpoint(engine.socketPath)));
    expect(error.kind).toBe('permission');
    expect(error.message).toBe(
      `The Docker engine at unix://${engine.socketPath} (from DOCKER_HOST) refused access (HTTP 403: authorization denied by plugin opa: request rejected) — check your credentials or the engine's authorization plugin`,
    );
  });

  it('reports a socket it may not open as a permission problem', async (ctx) => {
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
    await Promise.all(servers.splice(0).map((close) => close()));
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
    expect(error.message).toMatch(new RegExp(`^TLS with the Docker engine at tcp://127\\.0\\.0\\.1:${port} \\(from DOCKER_HOST\\) failed: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN): `));
    expect(error.message).toContain(`no ca.pem in ${certs} to trust the engine's certificate`);
  });

  it('honours a context\'s SkipTLSVerify while still sending its client certificate', async () => {
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

// --- classification of errors we cannot easily provoke -----------------------

describe('classifyStartupError', () => {
  const tcp: Endpoint = {url: 'tcp://10.0.0.9:2376', source: 'context "prod" (--context)', contextName: 'prod', tls: {verify: true, dir: '/certs'}};
  const unix: Endpoint = {url: DEFAULT_SOCKET_URL, source: 'default socket'};
  const ssh: Endpoint = {url: 'ssh://ops@m1:22', source: 'DOCKER_HOST'};
  const nodeError = (code: string, syscall?: string, message = `${syscall ?? 'x'} ${code} detail`) => Object.assign(new Error(message), {code, ...(syscall ? {syscall} : {})});

  it.each([
    ['ECONNREFUSED', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['ETIMEDOUT', 'connect'],
    ['ENOTFOUND', 'getaddrinfo'],
    ['ENOENT', 'connect'],
  ])('%s is unreachable', (code, syscall) => {
    const error = classifyStartupError(nodeError(code, syscall), tcp);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(new RegExp(`^Cannot reach the Docker engine at tcp://10\\.0\\.0\\.9:2376 \\(from context "prod" \\(--context\\)\\): ${syscall} ${code} — `));
  });

  it('gives code-specific hints', () => {
    expect(classifyStartupError(nodeError('ENOTFOUND', 'getaddrinfo'), tcp).message).toMatch(/— check the host name$/);
    expect(classifyStartupError(nodeError('ECONNREFUSED', 'connect'), unix).message).toBe(
      'Cannot reach the Docker engine at unix:///var/run/docker.sock (from default socket): connect ECONNREFUSED — is dockerd running?',
    );
    expect(classifyStartupError(nodeError('ECONNREFUSED', 'connect'), ssh).message).toMatch(/is sshd running/);
  });

  it.each(['EACCES', 'EPERM'])('%s on the socket is a permission problem', (code) => {
    const error = classifyStartupError(nodeError(code, 'connect'), unix);
    expect(error.kind).toBe('permission');
    expect(error.message).toContain('docker group');
    expect(error.message).toContain('sudo');
  });

  it.each([
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'EPROTO',
    'ERR_SSL_WRONG_VERSION_NUMBER',
  ])('%s is a TLS problem', (code) => {
    const error = classifyStartupError(nodeError(code, undefined, 'certificate trouble'), tcp);
    expect(error.kind).toBe('tls');
    expect(error.message).toBe(`TLS with the Docker engine at tcp://10.0.0.9:2376 (from context "prod" (--context)) failed: ${code}: certificate trouble — ${/SELF_SIGNED|UNABLE_TO/.test(code) ? "no ca.pem in /certs to trust the engine's certificate" : 'check the certificates in /certs'}`);
  });

  it('HTTP 401 and 403 are permission problems', () => {
    for (const statusCode of [401, 403]) {
      const error = classifyStartupError(Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - nope `), {statusCode, json: {message: 'nope'}}), tcp);
      expect(error.kind).toBe('permission');
      expect(error.message).toContain(`refused access (HTTP ${statusCode}: nope)`);
    }
  });

  it('ssh authentication failures are permission problems', () => {
    const error = classifyStartupError(Object.assign(new Error('All configured authentication methods failed'), {level: 'client-authentication'}), ssh);
    expect(error.kind).toBe('permission');
    expect(error.message).toBe(
      'SSH login for the Docker engine at ssh://ops@m1:22 (from DOCKER_HOST) failed: All configured authentication methods failed — is your key loaded in ssh-agent (SSH_AUTH_SOCK)?',
    );
  });

  it('keeps anything else on one line, naming the endpoint', () => {
    const error = classifyStartupError(Object.assign(new Error('(HTTP code 500) server error - boom\n  at somewhere\n'), {statusCode: 500, json: {message: 'boom\nsecond line'}}), unix);
    expect(error.kind).toBe('engine');
    expect(error.message).toBe('The Docker engine at unix:///var/run/docker.sock (from default socket) answered HTTP 500: boom second line');
    expectOneLine(error);
    expectOneLine(classifyStartupError(new Error('weird\nmulti\nline'), unix));
  });

  it('passes StartupErrors through unchanged', () => {
    const original = new StartupError('worker', 'already classified');
    expect(classifyStartupError(original, unix)).toBe(original);
  });
});

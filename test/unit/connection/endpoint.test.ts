import {mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DEFAULT_SOCKET_URL, describeEndpoint, resolveEndpoint} from '../../../source/docker/endpoint.js';
import {certDir, contextId, expectOneLine, failureOf, removeTempDirs, tempDir, writeContext, writeDockerConfig} from './helpers.js';

afterEach(removeTempDirs);

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
    // No port added: the system ssh takes it from ssh_config (replaces the ssh2-era default :22).
    expect(endpoint.url).toBe('ssh://ops@other.example');
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
    expect(npipe.message).toBe(
      'Invalid Docker host "npipe:////./pipe/docker_engine" (from --host flag): unsupported scheme npipe:// (use unix://, tcp:// or ssh://)',
    );
    expect(failureOf(() => fromHost('ssh://me:secret@host')).message).toContain('plain-text passwords are not supported');
    expect(failureOf(() => fromHost('ssh://me@host/some/path')).message).toContain('ssh:// hosts take no path');
    expect(failureOf(() => fromHost('tcp://host:2375/prefix')).kind).toBe('endpoint');
  });
});

import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SSH_PLACEHOLDER_HOST, closeEndpointTransport, dockerodeOptions} from '../../../source/docker/client-options.js';
import {sshTransportOfAgent} from '../../../source/docker/ssh-transport.js';
import {resolveEndpoint} from '../../../source/docker/endpoint.js';
import {TLS_FIXTURES, certDir, contextId, failureOf, removeTempDirs, tempDir, writeContext} from './helpers.js';

afterEach(removeTempDirs);

describe('ssh endpoints', () => {
  // These replace the ssh2 option tests: ssh now goes through the system ssh client.
  it('turns ssh://user@host:port into a system-ssh transport for that user and port', () => {
    const endpoint = resolveEndpoint({env: {DOCKER_HOST: 'ssh://deploy@manager-1.example.com:2222'}, homeDir: os.tmpdir()});
    expect(endpoint).toEqual({url: 'ssh://deploy@manager-1.example.com:2222', source: 'DOCKER_HOST'});
    const options = dockerodeOptions(endpoint, undefined, {SSH_AUTH_SOCK: '/tmp/agent.sock'});
    expect(options).toMatchObject({protocol: 'http', host: SSH_PLACEHOLDER_HOST});
    expect(options.agent).toBeInstanceOf(http.Agent);
    const transport = sshTransportOfAgent(options.agent);
    expect(transport?.target).toEqual({host: 'manager-1.example.com', port: 2222, user: 'deploy'});
    expect(transport?.loginCount).toBe(0);
    closeEndpointTransport(endpoint);
    expect(transport?.isClosed).toBe(true);
  });

  it('leaves port and user to ssh_config, and ignores TLS variables', () => {
    const endpoint = resolveEndpoint({
      host: 'ssh://manager-2',
      env: {DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir(['ca.pem'])},
      homeDir: os.tmpdir(),
    });
    expect(endpoint.tls).toBeUndefined();
    expect(endpoint.url).toBe('ssh://manager-2');
    const options = dockerodeOptions(endpoint, '1.44', {});
    expect(options).toMatchObject({protocol: 'http', version: 'v1.44'});
    expect(sshTransportOfAgent(options.agent)?.target).toEqual({host: 'manager-2'});
    // The probe and the pinned client of one endpoint share one transport (one login).
    expect(dockerodeOptions(endpoint, undefined, {}).agent).toBe(options.agent);
    closeEndpointTransport(endpoint);
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

  it("loads a context's TLS files and SkipTLSVerify", () => {
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

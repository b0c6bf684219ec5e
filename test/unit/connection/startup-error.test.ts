import {afterEach, describe, expect, it} from 'vitest';
import {DEFAULT_SOCKET_URL, type Endpoint} from '../../../source/docker/endpoint.js';
import {StartupError, classifyStartupError} from '../../../source/docker/startup-error.js';
import {expectOneLine, removeTempDirs} from './helpers.js';

afterEach(removeTempDirs);

// --- classification of errors we cannot easily provoke -----------------------

describe('classifyStartupError', () => {
  const tcp: Endpoint = {url: 'tcp://10.0.0.9:2376', source: 'context "prod" (--context)', contextName: 'prod', tls: {verify: true, dir: '/certs'}};
  const unix: Endpoint = {url: DEFAULT_SOCKET_URL, source: 'default socket'};
  const ssh: Endpoint = {url: 'ssh://ops@m1:22', source: 'DOCKER_HOST'};
  const nodeError = (code: string, syscall?: string, message = `${syscall ?? 'x'} ${code} detail`) =>
    Object.assign(new Error(message), {code, ...(syscall ? {syscall} : {})});

  it.each([
    ['ECONNREFUSED', 'connect'],
    ['EHOSTUNREACH', 'connect'],
    ['ETIMEDOUT', 'connect'],
    ['ENOTFOUND', 'getaddrinfo'],
    ['ENOENT', 'connect'],
  ])('%s is unreachable', (code, syscall) => {
    const error = classifyStartupError(nodeError(code, syscall), tcp);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(
      new RegExp(`^Cannot reach the Docker engine at tcp://10\\.0\\.0\\.9:2376 \\(from context "prod" \\(--context\\)\\): ${syscall} ${code} — `),
    );
  });

  it('gives code-specific hints', () => {
    expect(classifyStartupError(nodeError('ENOTFOUND', 'getaddrinfo'), tcp).message).toMatch(/— check the host name$/);
    expect(classifyStartupError(nodeError('ECONNREFUSED', 'connect'), unix).message).toBe(
      'Cannot reach the Docker engine at unix:///var/run/docker.sock (from default socket): connect ECONNREFUSED — is dockerd running?',
    );
    expect(classifyStartupError(nodeError('ECONNREFUSED', 'connect'), ssh).message).toMatch(/is sshd running/);
  });

  it.each(['EACCES', 'EPERM'])('%s on the socket is a permission problem', code => {
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
  ])('%s is a TLS problem', code => {
    const error = classifyStartupError(nodeError(code, undefined, 'certificate trouble'), tcp);
    expect(error.kind).toBe('tls');
    expect(error.message).toBe(
      `TLS with the Docker engine at tcp://10.0.0.9:2376 (from context "prod" (--context)) failed: ${code}: certificate trouble — ${/SELF_SIGNED|UNABLE_TO/.test(code) ? "no ca.pem in /certs to trust the engine's certificate" : 'check the certificates in /certs'}`,
    );
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
    const error = classifyStartupError(
      Object.assign(new Error('(HTTP code 500) server error - boom\n  at somewhere\n'), {statusCode: 500, json: {message: 'boom\nsecond line'}}),
      unix,
    );
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

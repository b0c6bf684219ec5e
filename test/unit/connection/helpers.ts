// Shared by the engine-connection tests: scratch directories, docker config
// and context fixtures written the way the docker CLI lays them out, and
// helpers that insist a StartupError was thrown.

import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect} from 'vitest';
import {StartupError} from '../../../source/docker/startup-error.js';

export const TLS_FIXTURES = fileURLToPath(new URL('../../fixtures/contexts/tls/', import.meta.url));

let scratch: string[] = [];

export function tempDir(prefix = 'swarmtop-conn-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

// Each test file runs this after every test.
export function removeTempDirs(): void {
  for (const dir of scratch) rmSync(dir, {recursive: true, force: true});
  scratch = [];
}

// Computed here, independently of the code under test.
export function contextId(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

export interface ContextFixture {
  host: string;
  skipTLSVerify?: boolean;
  tlsFiles?: Array<'ca.pem' | 'cert.pem' | 'key.pem'>;
}

export function writeContext(configDir: string, name: string, fixture: ContextFixture): void {
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

export function writeDockerConfig(configDir: string, config: object): void {
  mkdirSync(configDir, {recursive: true});
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify(config));
}

export function certDir(files: Array<'ca.pem' | 'cert.pem' | 'key.pem'>): string {
  const dir = tempDir('swarmtop-certs-');
  for (const file of files) writeFileSync(path.join(dir, file), readFileSync(path.join(TLS_FIXTURES, file)));
  return dir;
}

export function failureOf(fn: () => unknown): StartupError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected a StartupError, but nothing was thrown');
}

export async function failureOfAsync(promise: Promise<unknown>): Promise<StartupError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected a StartupError, but the promise resolved');
}

export function expectOneLine(error: StartupError): void {
  expect(error.message).not.toMatch(/\n/);
  expect(error.message).not.toMatch(/\s{2,}/);
}

// --readonly below the UI: the console is built on a client that has no write
// method at all (by type and at run time), and its keys never get a shell.

import type Dockerode from 'dockerode';
import {describe, expect, it} from 'vitest';
import {consoleAccess} from '../../source/app/console-access.js';
import type {OperationContext} from '../../source/app/operations/operation.js';
import type {TaskShell} from '../../source/app/task-shell.js';
import {type ReadOnlySwarmClient, readOnlySwarmClient, swarmAccess, swarmClient} from '../../source/docker/client.js';

/** Every method name reachable on an object and its prototypes (Object's own aside). */
function methods(value: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = value; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto))
      if (name !== 'constructor' && typeof (value as Record<string, unknown>)[name] === 'function') names.add(name);
  }
  return [...names].sort();
}

const docker = {} as Dockerode;

describe('the read-only client', () => {
  it('has list and inspect methods only, while the writable one has the writes', () => {
    const readOnly = readOnlySwarmClient(docker);
    const reads = new Set(['list', 'listNamed', 'inspect']);
    for (const [name, resource] of Object.entries(readOnly)) {
      expect(
        methods(resource as object).filter(method => !reads.has(method)),
        name,
      ).toEqual([]);
    }
    expect('stacks' in readOnly).toBe(false);
    // The check can fail: the writable client carries the writes it lacks.
    const writable = swarmClient(docker);
    expect(methods(writable.services)).toEqual(expect.arrayContaining(['scale', 'setImage', 'restart', 'rollback', 'remove', 'replaceSpec']));
    expect(methods(writable.nodes)).toEqual(expect.arrayContaining(['setAvailability', 'setRole', 'replaceSpec']));
    expect(methods(writable.services)).toContain('swapReference');
    expect(methods(writable.secrets!)).toEqual(expect.arrayContaining(['create', 'remove']));
    expect(methods(writable.configs!)).toEqual(expect.arrayContaining(['create', 'remove']));
  });

  it('is what --readonly builds, and its keys get no shell', () => {
    const shell = {open: async () => ({text: '', tone: 'ok' as const})} satisfies TaskShell;
    const readOnly = consoleAccess(swarmAccess(docker, true), () => shell);
    expect(readOnly).toEqual({readOnly: true, client: expect.any(Object)});
    expect(methods(readOnly.client.services)).toEqual(['list', 'listNamed']);
    const writable = consoleAccess(swarmAccess(docker, false), () => shell);
    expect(writable).toMatchObject({readOnly: false, taskShell: shell});
  });

  it('cannot be handed to an operation (a compile error, checked by tsc)', () => {
    const client: ReadOnlySwarmClient = readOnlySwarmClient(docker);
    // @ts-expect-error: operations take the writable client; the read-only one lacks its writes.
    const context: Pick<OperationContext, 'client'> = {client};
    expect(context.client).toBe(client);
  });
});

// Rotation as data: the version-suffix scheme, the plan a rotation shows before
// anything is done (from a snapshot recorded from the lab), and how a rotation
// stops when the engine refuses a service's update.

import {describe, expect, it} from 'vitest';
import {carryOutRotation, rolloutAllowanceMs} from '../../../source/app/rotate.js';
import type {SwarmService, SwarmSnapshot} from '../../../source/docker/types.js';
import {nextVersionName, rotationPlan, versionOf} from '../../../source/model/stored-versions.js';
import {parseLabelList} from '../../../source/model/stored-input.js';
import {storedNameProblem} from '../../../source/docker/stored-objects.js';
import {rotationPlanLines, rotationUseLines} from '../../../source/render/rotation.js';
import {engineError, recordingClient} from '../../support/fake-client.js';
import {objectsSnapshot} from '../../support/fixtures.js';

describe('the version suffix', () => {
  it('counts db_password as version 1, then .v2, .v3', () => {
    expect(versionOf('db_password')).toEqual({base: 'db_password', version: 1});
    expect(versionOf('db_password.v7')).toEqual({base: 'db_password', version: 7});
    expect(nextVersionName('db_password', [])).toEqual({ok: true, value: 'db_password.v2'});
    expect(nextVersionName('db_password.v2', [])).toEqual({ok: true, value: 'db_password.v3'});
    expect(nextVersionName('db_password.v9', [])).toEqual({ok: true, value: 'db_password.v10'});
  });

  it('reads only a .vN ending as a version: .v0, .v01 and v2 alone are part of the name', () => {
    expect(nextVersionName('app.v0', [])).toEqual({ok: true, value: 'app.v0.v2'});
    expect(nextVersionName('app.v01', [])).toEqual({ok: true, value: 'app.v01.v2'});
    expect(nextVersionName('appv2', [])).toEqual({ok: true, value: 'appv2.v2'});
    expect(nextVersionName('.v2', [])).toEqual({ok: true, value: '.v2.v2'});
  });

  it('skips a version that is taken already', () => {
    expect(nextVersionName('db_password', ['db_password.v2', 'db_password.v3', 'other.v4'])).toEqual({ok: true, value: 'db_password.v4'});
  });

  it('refuses a next name longer than the engine takes', () => {
    const long = 'x'.repeat(62);
    expect(nextVersionName(long, [])).toMatchObject({ok: false, error: expect.stringContaining('longer than 64 characters')});
    expect(nextVersionName('x'.repeat(61), [])).toEqual({ok: true, value: `${'x'.repeat(61)}.v2`});
  });
});

describe('names and labels as typed', () => {
  it('checks names as swarmkit does', () => {
    expect(storedNameProblem('db_password.v2', 'secret')).toBeUndefined();
    expect(storedNameProblem('a', 'secret')).toBeUndefined();
    expect(storedNameProblem('', 'secret')).toBe('enter a secret name');
    expect(storedNameProblem('-db', 'config')).toMatch(/starts and ends with a letter or digit/);
    expect(storedNameProblem('db.', 'config')).toMatch(/starts and ends/);
    expect(storedNameProblem('db/../x', 'secret')).toMatch(/only letters, digits/);
    expect(storedNameProblem('x'.repeat(65), 'secret')).toMatch(/at most 64 characters/);
  });

  it('reads labels as key=value lists', () => {
    expect(parseLabelList(' env=prod, team = db ,flag')).toEqual({ok: true, value: {env: 'prod', team: 'db', flag: ''}});
    expect(parseLabelList('')).toEqual({ok: true, value: {}});
    expect(parseLabelList('=x')).toMatchObject({ok: false});
    expect(parseLabelList('a=1,a=2')).toMatchObject({ok: false, error: 'label a is given twice'});
  });
});

function secretNamed(snapshot: SwarmSnapshot, name: string) {
  const object = snapshot.secrets!.find(secret => secret.Spec.Name === name)!;
  return {kind: 'secret' as const, object};
}

describe('the rotation plan', () => {
  it("lists every service that uses the secret with the reference's target, uid, gid and mode", () => {
    const snapshot = objectsSnapshot();
    const plan = rotationPlan(snapshot, secretNamed(snapshot, 'db-password'));
    expect(plan).toEqual({
      ok: true,
      value: {
        kind: 'secret',
        from: {id: 'xnwqsvz2yq3khlcm4ele2p3ba', name: 'db-password'},
        toName: 'db-password.v2',
        labels: {},
        uses: [{serviceId: expect.any(String), serviceName: 'api', target: 'db-password', uid: '0', gid: '0', mode: 0o444}],
        services: [{id: expect.any(String), name: 'api'}],
      },
    });
    const lines = rotationPlanLines(plan.ok ? plan.value : (undefined as never));
    expect(lines[0]).toMatch(/^SERVICE\s+TARGET\s+UID\s+GID\s+MODE$/);
    expect(lines[1]).toMatch(/^api\s+db-password\s+0\s+0\s+0444$/);
    expect(lines.join('\n')).toContain('y creates db-password.v2');
  });

  it('lists a service once per reference and keeps the labels, in service-name order', () => {
    const base = objectsSnapshot();
    const secret = secretNamed(base, 'shop_app_key');
    const front = base.services.find(service => service.Spec.Name === 'shop_front')!;
    const twice: SwarmService = structuredClone(front);
    twice.ID = 'aaaaaaaaaaaaaaaaaaaaaaaaa';
    twice.Spec.Name = 'a-first';
    twice.Spec.TaskTemplate.ContainerSpec!.Secrets = [
      {File: {Name: '/run/one', UID: '1000', GID: '1000', Mode: 0o400}, SecretID: secret.object.ID, SecretName: 'shop_app_key'},
      {File: {Name: 'two', UID: '0', GID: '0', Mode: 0o440}, SecretID: secret.object.ID, SecretName: 'shop_app_key'},
    ];
    const snapshot: SwarmSnapshot = {...base, services: [...base.services, twice]};
    const plan = rotationPlan(snapshot, secret);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.labels).toEqual(secret.object.Spec.Labels);
    expect(plan.value.services.map(service => service.name)).toEqual(['a-first', 'shop_front']);
    expect(plan.value.uses.map(use => `${use.serviceName} ${use.target} ${use.uid}:${use.gid} ${use.mode}`)).toEqual([
      'a-first /run/one 1000:1000 256',
      'a-first two 0:0 288',
      'shop_front app_key 0:0 292',
    ]);
  });

  it('counts the references past a screenful instead of listing them', () => {
    const snapshot = objectsSnapshot();
    const plan = rotationPlan(snapshot, secretNamed(snapshot, 'db-password'));
    if (!plan.ok) throw new Error(plan.error);
    const use = plan.value.uses[0]!;
    const many = {...plan.value, uses: Array.from({length: 15}, (_, index) => ({...use, serviceName: `svc-${index + 1}`}))};
    const lines = rotationUseLines(many, 12);
    expect(lines).toHaveLength(1 + 11 + 1);
    expect(lines[11]).toMatch(/^svc-11\s/);
    expect(lines[12]).toBe('… and 4 more references, of svc-12, svc-13, svc-14, svc-15');
    expect(rotationUseLines(many, 15)).toHaveLength(16);
  });

  it('says when nothing uses it', () => {
    const snapshot = objectsSnapshot();
    const unused = {...snapshot, services: []};
    const plan = rotationPlan(unused, secretNamed(snapshot, 'db-password'));
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.uses).toEqual([]);
    expect(rotationPlanLines(plan.value)[0]).toBe('No service uses db-password.');
  });
});

describe('carrying out a rotation when the engine refuses an update', () => {
  it('stops at the refused service: the ones before it stay moved, the rest on the old version, and the old one is kept', async () => {
    const base = objectsSnapshot();
    const secret = secretNamed(base, 'shop_app_key');
    const front = base.services.find(service => service.Spec.Name === 'shop_front')!;
    const second: SwarmService = {...structuredClone(front), ID: 'zzzzzzzzzzzzzzzzzzzzzzzzz'};
    second.Spec.Name = 'shop_second';
    const snapshot: SwarmSnapshot = {...base, services: [...base.services, second]};
    const plan = rotationPlan(snapshot, secret);
    if (!plan.ok) throw new Error(plan.error);

    const {client, calls} = recordingClient(snapshot);
    const created: Uint8Array[] = [];
    client.secrets = {
      list: async () => snapshot.secrets!,
      create: async (_spec, content) => {
        created.push(content);
        calls.push({method: 'secrets.create', args: [_spec, Buffer.from(content).toString()]});
        content.fill(0);
        return 'newsecretid0000000000000a';
      },
      remove: async id => void calls.push({method: 'secrets.remove', args: [id]}),
    };
    // shop_front moves and its rollout completes; shop_second's update is refused.
    client.services.swapReference = async (id, swap) => {
      calls.push({method: 'services.swapReference', args: [id, swap]});
      if (id === second.ID) throw engineError(400, 'rpc error: code = InvalidArgument desc = secret reference has a conflicting target');
      const moved = structuredClone(front);
      moved.Spec.TaskTemplate.ContainerSpec!.Secrets![0]!.SecretID = swap.to.id;
      moved.UpdateStatus = {State: 'completed'};
      client.services.listNamed = async () => [moved];
    };
    const content = Buffer.from('s3cret');
    const outcome = await carryOutRotation(client, plan.value, content, {progress: () => {}, updating: () => {}, refresh: () => {}, sleep: async () => {}});

    expect(outcome.ok).toBe(false);
    expect(outcome.text).toBe(
      'rotation of secret shop_app_key stopped at shop_second: the update was refused: rpc error: code = InvalidArgument desc = secret reference has a conflicting target. ' +
        'on shop_app_key.v2: shop_front; on shop_app_key: shop_second; shop_app_key is kept',
    );
    expect(calls.map(call => call.method)).toEqual(['secrets.create', 'services.swapReference', 'services.swapReference']);
    expect(calls[0]!.args).toEqual([{Name: 'shop_app_key.v2', Labels: secret.object.Spec.Labels}, 's3cret']);
    expect(calls[1]!.args).toEqual([front.ID, {kind: 'secret', fromId: secret.object.ID, to: {id: 'newsecretid0000000000000a', name: 'shop_app_key.v2'}}]);
    // The content is gone from the buffer that held it.
    expect([...content].every(byte => byte === 0)).toBe(true);
  });
});

/** A rotation of db-password (used by api) whose new version the engine creates as NEW_SECRET_ID. */
const NEW_SECRET_ID = 'newsecretid0000000000000a';
function rotatingDbPassword() {
  const base = objectsSnapshot();
  const plan = rotationPlan(base, secretNamed(base, 'db-password'));
  if (!plan.ok) throw new Error(plan.error);
  const {client, calls} = recordingClient(base);
  client.secrets = {
    list: async () => base.secrets!,
    create: async () => NEW_SECRET_ID,
    remove: async () => void calls.push({method: 'secrets.remove', args: []}),
  };
  const api = base.services.find(candidate => candidate.Spec.Name === 'api')!;
  /** api as the engine lists it once its spec uses the new version, with `state` as its update's. */
  const apiOnNew = (state?: NonNullable<SwarmService['UpdateStatus']>['State']): SwarmService => {
    const service = structuredClone(api);
    service.Spec.TaskTemplate.ContainerSpec!.Secrets![0]!.SecretID = NEW_SECRET_ID;
    service.UpdateStatus = state === undefined ? undefined : {State: state};
    return service;
  };
  return {plan, client, calls, apiOnNew};
}

describe('how long a rotation waits for a rollout', () => {
  const service = (replicas: number, update?: SwarmService['Spec']['UpdateConfig']): SwarmService =>
    ({ID: 'x', Version: {Index: 1}, Spec: {Name: 'x', TaskTemplate: {}, Mode: {Replicated: {Replicas: replicas}}, UpdateConfig: update}}) as SwarmService;

  it('is five minutes, or a minute per batch beyond its delay and monitor for a long rollout', () => {
    expect(rolloutAllowanceMs(service(2))).toBe(300_000);
    // 20 one at a time, 10 s apart, monitor 5 s: 20 × 75 s.
    expect(rolloutAllowanceMs(service(20, {Parallelism: 1, Delay: 10e9, Monitor: 5e9}))).toBe(1_500_000);
    // Parallelism 0 updates all at once: one batch.
    expect(rolloutAllowanceMs(service(20, {Parallelism: 0, Delay: 10e9}))).toBe(300_000);
  });

  it('stops the rotation when a rollout does not finish in time, keeping the old version', async () => {
    const {plan, client, calls, apiOnNew} = rotatingDbPassword();
    client.services.listNamed = async () => [apiOnNew('updating')];
    const outcome = await carryOutRotation(client, plan.value, Buffer.from('x'), {
      progress: () => {},
      updating: () => {},
      refresh: () => {},
      sleep: () => new Promise(resolve => setTimeout(resolve, 5)),
      timeoutMs: 20,
    });
    expect(outcome).toEqual({
      ok: false,
      text: 'rotation of secret db-password stopped at api: its rollout did not finish within 0 s. on db-password.v2: api; on db-password: none; db-password is kept',
    });
    expect(calls.map(call => call.method)).toEqual(['services.swapReference']);
  });

  it('does not count a rollout as done when it begins between the reads (the old task gone, its replacement not yet made)', async () => {
    const {plan, client, calls, apiOnNew: onNew} = rotatingDbPassword();
    // First read: no rollout yet. Then the engine starts it (stop-first: no task wants to run), and it pauses.
    const reads = [onNew(), onNew('updating'), onNew('paused')];
    client.services.listNamed = async () => [reads.length > 1 ? reads.shift()! : reads[0]!];
    client.tasks.list = async () => [];
    const outcome = await carryOutRotation(client, plan.value, Buffer.from('x'), {
      progress: () => {},
      updating: () => {},
      refresh: () => {},
      sleep: async () => {},
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(/^rotation of secret db-password stopped at api: its update is paused; rolled api back to db-password\./);
    expect(calls.map(call => call.method)).toEqual(['services.swapReference', 'services.rollback']);
  });
});

import {describe, expect, it} from 'vitest';
import type {SwarmClient} from '../../../source/docker/client.js';
import type {ServiceSpec, SwarmService, SwarmTask} from '../../../source/docker/types.js';
import type {PlanEntry, StackPlan} from '../../../source/model/compose/plan-types.js';
import {applyStackPlan, withCreatedIds} from '../../../source/app/stack-apply.js';
import {engineError} from '../../support/fake-client.js';

const ID = (n: number) => `id${String(n).padStart(23, '0')}`;

function serviceSpec(name: string, extra: Partial<ServiceSpec['TaskTemplate']['ContainerSpec']> = {}): ServiceSpec {
  return {Name: name, Mode: {Replicated: {Replicas: 1}}, TaskTemplate: {ContainerSpec: {Image: 'nginx:1', ...extra}}} as ServiceSpec;
}

/** A client whose writes are recorded; `refuse` names a call the engine refuses; services and tasks as the test sets them. */
function stackClient(options: {refuse?: string; services?: () => SwarmService[]; tasks?: () => SwarmTask[]} = {}) {
  const calls: string[] = [];
  const sent: Record<string, unknown> = {};
  let next = 100;
  const call = (method: string, detail: string, answer?: string) => async (arg?: unknown) => {
    calls.push(`${method} ${detail}`);
    sent[`${method} ${detail}`] = arg;
    if (options.refuse === `${method} ${detail}`) throw engineError(400, `rpc error: code = InvalidArgument desc = ${method} refused`);
    return answer ?? ID(next++);
  };
  const client = {
    nodes: {list: async () => []},
    services: {list: async () => options.services?.() ?? []},
    tasks: {list: async () => options.tasks?.() ?? []},
    secrets: {
      list: async () => [],
      create: async (spec: {Name: string}) => call('secrets.create', spec.Name)(),
      remove: async (id: string) => void (await call('secrets.remove', id)()),
    },
    configs: {
      list: async () => [],
      create: async (spec: {Name: string}) => call('configs.create', spec.Name)(),
      remove: async (id: string) => void (await call('configs.remove', id)()),
    },
    stackWrites: {
      createNetwork: async (spec: {Name: string}) => call('createNetwork', spec.Name)(spec),
      createService: async (spec: ServiceSpec) => call('createService', spec.Name)(spec),
      updateService: async (id: string, spec: ServiceSpec) => void (await call('updateService', `${id} ${spec.Name}`)(spec)),
      removeService: async (id: string) => void (await call('removeService', id)()),
      removeNetwork: async (id: string) => void (await call('removeNetwork', id)()),
      removeSecret: async (id: string) => void (await call('removeSecret', id)()),
      removeConfig: async (id: string) => void (await call('removeConfig', id)()),
    },
  } as unknown as SwarmClient;
  return {client, calls, sent};
}

const network: PlanEntry = {
  kind: 'network',
  name: 'shop_default',
  action: 'create',
  changes: [],
  notes: [],
  desired: {
    kind: 'network',
    name: 'shop_default',
    driver: 'overlay',
    options: {},
    labels: {'com.docker.stack.namespace': 'shop'},
    attachable: false,
    internal: false,
  },
};
const secret: PlanEntry = {
  kind: 'secret',
  name: 'shop_token',
  action: 'create',
  changes: [],
  notes: [],
  desired: {kind: 'secret', name: 'shop_token', labels: {}, data: new TextEncoder().encode('s3cret')},
};
const web: PlanEntry = {
  kind: 'service',
  name: 'shop_web',
  action: 'create',
  changes: [],
  notes: [],
  desired: {
    kind: 'service',
    spec: serviceSpec('shop_web', {Secrets: [{SecretID: '', SecretName: 'shop_token', File: {Name: 'token', UID: '0', GID: '0', Mode: 0o444}}]}),
  },
};
const api: PlanEntry = {
  kind: 'service',
  name: 'shop_api',
  action: 'update',
  live: {id: ID(7), version: 12},
  changes: ['image: nginx:1 → nginx:2'],
  notes: [],
  desired: {kind: 'service', spec: serviceSpec('shop_api')},
};
// A volume the nodes make as tasks mount it: a deploy sends nothing for it.
const volume: PlanEntry = {
  kind: 'volume',
  name: 'shop_data',
  action: 'create',
  changes: [],
  notes: [],
  desired: {kind: 'volume', name: 'shop_data', driver: 'local', options: {}, labels: {'com.docker.stack.namespace': 'shop'}},
};
const unchanged: PlanEntry = {kind: 'service', name: 'shop_db', action: 'unchanged', live: {id: ID(8), version: 3}, changes: [], notes: []};
const oldService: PlanEntry = {kind: 'service', name: 'shop_old', action: 'remove', live: {id: ID(9), version: 4}, changes: [], notes: []};

const plan = (...entries: PlanEntry[]): StackPlan => ({stack: 'shop', entries, ignored: [], changes: entries.some(entry => entry.action !== 'unchanged')});

function running(service: string, spec: ServiceSpec['TaskTemplate']): SwarmTask {
  return {ID: `t-${service}`, Version: {Index: 1}, ServiceID: service, DesiredState: 'running', Spec: spec as SwarmTask['Spec'], Status: {State: 'running'}};
}

describe('applying a stack plan', () => {
  it('creates networks and secrets first (never a volume), fills the new secret ID into the service, then services, then removals', async () => {
    const {client, calls, sent} = stackClient({
      services: () => [
        {ID: ID(102), Version: {Index: 1}, Spec: serviceSpec('shop_web'), UpdateStatus: undefined} as unknown as SwarmService,
        {ID: ID(7), Version: {Index: 13}, Spec: serviceSpec('shop_api'), UpdateStatus: {State: 'completed'}} as unknown as SwarmService,
      ],
      tasks: () => [running(ID(102), serviceSpec('shop_web').TaskTemplate)],
    });
    const outcome = await applyStackPlan(client, plan(network, secret, volume, web, unchanged, api, oldService), {progress: () => undefined, pollMs: 0});
    expect(calls).toEqual([
      'createNetwork shop_default',
      'secrets.create shop_token',
      'createService shop_web',
      `updateService ${ID(7)} shop_api`,
      `removeService ${ID(9)}`,
    ]);
    const webSpec = sent['createService shop_web'] as ServiceSpec;
    // The secret created just before: its ID, from the engine's answer, in the reference.
    expect(webSpec.TaskTemplate.ContainerSpec?.Secrets?.[0]?.SecretID).toBe(ID(101));
    expect(outcome.ok).toBe(true);
    expect(outcome.changedServiceIds).toEqual([ID(102), ID(7)]);
    expect(outcome.lines.at(-1)).toBe('stack shop: deployed and converged');
  });

  it('stops at the first refusal with the engine message, saying what was and was not applied', async () => {
    const {client, calls} = stackClient({refuse: 'createService shop_web'});
    const outcome = await applyStackPlan(client, plan(network, secret, web, api, oldService), {progress: () => undefined, pollMs: 0});
    expect(calls).toEqual(['createNetwork shop_default', 'secrets.create shop_token', 'createService shop_web']);
    expect(outcome.ok).toBe(false);
    expect(outcome.lines[0]).toBe('stopped at create service shop_web: rpc error: code = InvalidArgument desc = createService refused');
    expect(outcome.lines[1]).toBe('applied: create network shop_default, create secret shop_token');
    expect(outcome.lines[2]).toBe('not applied: create service shop_web, update service shop_api, remove service shop_old');
  });

  it('fills a credential spec’s config ID from the runtime reference, created in the same deploy or already there', () => {
    const spec = serviceSpec('shop_web', {
      Configs: [
        {ConfigID: '', ConfigName: 'shop_cred', Runtime: {}},
        {ConfigID: ID(5), ConfigName: 'shop_conf', File: {Name: '/c'}},
      ],
      Privileges: {CredentialSpec: {Config: ''}},
    } as Partial<NonNullable<ServiceSpec['TaskTemplate']['ContainerSpec']>>);
    const filled = withCreatedIds(spec, {secret: new Map(), config: new Map([['shop_cred', ID(6)]])});
    expect((filled.TaskTemplate.ContainerSpec as {Privileges?: unknown}).Privileges).toEqual({CredentialSpec: {Config: ID(6)}});
  });

  it('sends nothing for a plan with nothing to change', async () => {
    const {client, calls} = stackClient();
    const outcome = await applyStackPlan(client, plan(unchanged), {progress: () => undefined});
    expect(calls).toEqual([]);
    expect(outcome).toEqual({ok: true, changedServiceIds: [], lines: ['stack shop: nothing to change']});
  });

  it('does not call a new service converged before it runs the tasks it wants', async () => {
    let reads = 0;
    const spec = serviceSpec('shop_web');
    const {client} = stackClient({
      services: () => [{ID: ID(100), Version: {Index: 1}, Spec: spec} as unknown as SwarmService],
      // No task for the first reads: the service has no UpdateStatus yet, and is not done.
      tasks: () => (++reads < 3 ? [] : [running(ID(100), spec.TaskTemplate)]),
    });
    const plain: PlanEntry = {...web, desired: {kind: 'service', spec}};
    const outcome = await applyStackPlan(client, plan(plain), {progress: () => undefined, pollMs: 0, sleep: async () => undefined});
    expect(reads).toBe(3);
    expect(outcome.ok).toBe(true);
  });

  it('reports a failed update and exits not ok', async () => {
    const {client} = stackClient({
      services: () => [
        {
          ID: ID(7),
          Version: {Index: 13},
          Spec: serviceSpec('shop_api'),
          UpdateStatus: {State: 'paused', Message: 'update paused due to failure'},
        } as unknown as SwarmService,
      ],
    });
    const outcome = await applyStackPlan(client, plan(api), {progress: () => undefined, pollMs: 0});
    expect(outcome.ok).toBe(false);
    expect(outcome.lines).toContain('service shop_api: its update is paused (update paused due to failure)');
  });
});

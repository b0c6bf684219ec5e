// The plan as data: a desired stack against a live one made by hand, as the engine returns it.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {LiveStack} from '../../../source/docker/stack-read.js';
import type {ServiceSpec, SwarmService} from '../../../source/docker/types.js';
import {readStack} from '../../../source/model/compose/compose.js';
import {planStack} from '../../../source/model/compose/plan.js';
import {composeProblemLines, stackPlanJson, stackPlanLines} from '../../../source/render/stack-plan.js';

const FILE = `version: "3.8"
services:
  web:
    image: lab/busybox:1
    secrets: [key]
    configs: [conf]
secrets:
  key: {file: ./key.txt}
configs:
  conf: {file: ./app.conf}
`;

function desired(text = FILE) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-plan-'));
  writeFileSync(path.join(dir, 'stack.yml'), text);
  writeFileSync(path.join(dir, 'key.txt'), 'k3y');
  writeFileSync(path.join(dir, 'app.conf'), 'new content\n');
  const result = readStack('st', [path.join(dir, 'stack.yml')], {}, {readBytes: file => readFileSync(file)});
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.stack;
}

const ID = (char: string) => char.repeat(25);
const label = {'com.docker.stack.namespace': 'st'};

/** The live stack as the engine would return it after the CLI's deploy of FILE, old config content and a pinned digest. */
function live(): LiveStack {
  const spec = desired().services[0]!.spec;
  const container = spec.TaskTemplate.ContainerSpec!;
  const liveSpec: ServiceSpec = {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: {
        ...container,
        Image: `lab/busybox:1@sha256:${'a'.repeat(64)}`,
        Isolation: 'default',
        Secrets: container.Secrets!.map(ref => ({...ref, SecretID: ID('s')})),
        Configs: container.Configs!.map(ref => ({...ref, ConfigID: ID('c')})),
      } as NonNullable<ServiceSpec['TaskTemplate']['ContainerSpec']>,
      Networks: [{Target: ID('n'), Aliases: ['web']}],
      ForceUpdate: 2,
    },
    Mode: {Replicated: {Replicas: 1}},
    EndpointSpec: {Mode: 'vip'},
  };
  const service: SwarmService = {ID: ID('w'), Version: {Index: 7}, Spec: liveSpec};
  return {
    stack: 'st',
    services: [service, {ID: ID('o'), Version: {Index: 3}, Spec: {...liveSpec, Name: 'st_old'}}],
    networks: [{Name: 'st_default', Id: ID('n'), Scope: 'swarm', Driver: 'overlay', Labels: label}],
    secrets: [{ID: ID('s'), Version: {Index: 1}, Spec: {Name: 'st_key', Labels: label}}],
    configs: [{ID: ID('c'), Version: {Index: 2}, Spec: {Name: 'st_conf', Labels: label, Data: Buffer.from('old\n').toString('base64')}}],
  };
}

describe('planStack', () => {
  it('counts a digest pinned for the same tag, network IDs and engine defaults as unchanged, and says why', () => {
    const result = planStack(desired(), live(), false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    const web = result.plan.entries.find(entry => entry.name === 'st_web')!;
    expect(web).toMatchObject({action: 'unchanged', live: {id: ID('w'), version: 7}, changes: []});
    expect(web.notes[0]).toContain('--resolve-image');
  });

  it('says a secret cannot be compared, and a changed config needs rotation', () => {
    const result = planStack(desired(), live(), false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    const secret = result.plan.entries.find(entry => entry.kind === 'secret')!;
    expect(secret.action).toBe('unchanged');
    expect(secret.notes[0]).toContain('rotate the secret (e in :secrets)');
    const config = result.plan.entries.find(entry => entry.kind === 'config')!;
    expect(config).toMatchObject({action: 'update', changes: ["content (4 bytes) → the file's (12 bytes)"]});
    expect(config.notes[0]).toContain('rotate it (e in :configs)');
    expect(result.plan.changes).toBe(true);
  });

  it('lists entries in apply order and removes services only with --prune', () => {
    const kept = planStack(desired(), live(), false, 'stack.yml');
    const pruned = planStack(desired(), live(), true, 'stack.yml');
    if (!kept.ok || !pruned.ok) throw new Error('refused');
    expect(kept.plan.entries.map(entry => `${entry.kind} ${entry.name} ${entry.action}`)).toEqual([
      'network st_default unchanged',
      'secret st_key unchanged',
      'config st_conf update',
      'service st_web unchanged',
    ]);
    expect(pruned.plan.entries.at(-1)).toMatchObject({kind: 'service', name: 'st_old', action: 'remove', live: {id: ID('o'), version: 3}});
  });

  it('creates what is missing, with empty IDs and names for secrets created in the same deploy', () => {
    const empty: LiveStack = {stack: 'st', services: [], networks: [], secrets: [], configs: []};
    const result = planStack(desired(), empty, false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    expect(result.plan.entries.map(entry => entry.action)).toEqual(['create', 'create', 'create', 'create']);
    const web = result.plan.entries.at(-1)!.desired;
    expect(web?.kind === 'service' && web.spec.TaskTemplate.ContainerSpec?.Secrets?.[0]).toMatchObject({SecretID: '', SecretName: 'st_key'});
  });

  it('shows a changed field old → new and keeps the live ForceUpdate in what it sends', () => {
    const result = planStack(desired(FILE.replace('lab/busybox:1', 'lab/busybox:2')), live(), false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    const web = result.plan.entries.find(entry => entry.name === 'st_web')!;
    expect(web.changes).toEqual(['label com.docker.stack.image lab/busybox:1 → lab/busybox:2', 'image lab/busybox:1 → lab/busybox:2']);
    expect(web.desired?.kind === 'service' && web.desired.spec.TaskTemplate.ForceUpdate).toBe(2);
  });

  it('refuses an external network that does not exist', () => {
    const text = `version: "3.8"\nservices:\n  web:\n    image: x\n    networks: [outside]\nnetworks:\n  outside: {external: true}\n`;
    const result = planStack(desired(text), live(), false, 'stack.yml');
    expect(result.ok).toBe(false);
    expect(!result.ok && composeProblemLines(result.problems)).toEqual(['stack.yml: network "outside" is declared as external, but could not be found']);
  });

  it('renders lines for a person and JSON without any secret or config content', () => {
    const result = planStack(desired(), live(), false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    expect(stackPlanLines(result.plan)[0]).toBe('stack st: 0 to create, 1 to update, 0 to remove, 3 unchanged');
    expect(stackPlanLines(result.plan)).toContain("    content (4 bytes) → the file's (12 bytes)");
    const json = JSON.stringify(stackPlanJson(result.plan));
    expect(json).not.toContain('new content');
    expect(json).toContain('"bytes":12');
  });
});

describe('volumes in the plan: made by each node as tasks mount them, compared with the manager’s and the live services’', () => {
  const VOLUMES = `version: "3.8"
services:
  web:
    image: lab/busybox:1
    volumes: ["data:/data", "logs:/logs", "shared:/shared"]
volumes:
  data: {labels: {kept: "yes"}}
  logs: {driver: local, driver_opts: {type: tmpfs, device: tmpfs}}
  shared: {external: true}
  unused: {}
`;
  const stack = () => desired(VOLUMES);
  const dataLabels = {kept: 'yes', ...label};
  const empty = (volumes: LiveStack['volumes'], services: SwarmService[] = []): LiveStack => ({
    stack: 'st',
    services,
    networks: [],
    secrets: [],
    configs: [],
    volumes,
  });
  const mounting = (source: string): SwarmService => {
    const spec = stack().services[0]!.spec;
    return {
      ID: ID('w'),
      Version: {Index: 4},
      Spec: {
        ...spec,
        TaskTemplate: {...spec.TaskTemplate, ContainerSpec: {...spec.TaskTemplate.ContainerSpec!, Mounts: [{Type: 'volume', Source: source, Target: '/d'}]}},
      },
    };
  };
  const volumeLines = (live: LiveStack) => {
    const result = planStack(stack(), live, false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    return {
      plan: result.plan,
      lines: stackPlanLines(result.plan).filter(
        line => line.startsWith('= volume') || line.startsWith('+ volume') || (line.includes('note:') && /volume|manager/.test(line)),
      ),
    };
  };

  const cases: Array<[string, LiveStack, string[]]> = [
    [
      'nothing yet: each mounted volume is created, the external one required, an unused one has no entry',
      empty([]),
      [
        '+ volume st_data: create',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has none',
        '+ volume st_logs: create',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has none',
        '= volume shared: unchanged',
        '    note: external: required on each node that runs a task mounting it, never created by the stack; the manager has none',
      ],
    ],
    [
      'the manager has them as the file asks: unchanged',
      empty([
        {Name: 'st_data', Driver: 'local', Labels: dataLabels},
        {Name: 'st_logs', Driver: 'local', Labels: label, Options: {device: 'tmpfs', type: 'tmpfs'}},
        {Name: 'shared', Driver: 'local'},
      ]),
      [
        '= volume st_data: unchanged',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has it',
        '= volume st_logs: unchanged',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has it',
        '= volume shared: unchanged',
        '    note: external: required on each node that runs a task mounting it, never created by the stack; the manager has it',
      ],
    ],
    [
      'the manager’s differs: unchanged, since no engine changes a volume, and said',
      empty([
        {Name: 'st_data', Driver: 'local', Labels: dataLabels},
        {Name: 'st_logs', Driver: 'nfs', Labels: label},
      ]),
      [
        '= volume st_data: unchanged',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has it',
        '= volume st_logs: unchanged',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has it',
        '    note: the manager’s volume has driver nfs (the file: local), options {} (the file: {device=tmpfs, type=tmpfs}): an engine never changes an existing volume, so the file’s take effect only where it is removed first (docker volume rm on each node)',
        '= volume shared: unchanged',
        '    note: external: required on each node that runs a task mounting it, never created by the stack; the manager has none',
      ],
    ],
    [
      'not on the manager but mounted by a live service of the stack: its nodes made it',
      empty([], [mounting('st_data')]),
      [
        '= volume st_data: unchanged',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has none; live service st_web mounts it, so each node that ran its tasks made it',
        '+ volume st_logs: create',
        '    note: created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has none',
        '= volume shared: unchanged',
        '    note: external: required on each node that runs a task mounting it, never created by the stack; the manager has none',
      ],
    ],
  ];
  it.each(cases)('%s', (_name, live, expected) => {
    expect(volumeLines(live).lines).toEqual(expected);
  });

  it('counts a volume still to be made as a change, and one that exists as none', () => {
    expect(volumeLines(empty([])).plan.changes).toBe(true);
    const made = volumeLines(empty([{Name: 'st_data', Driver: 'local', Labels: dataLabels}], [mounting('st_logs')]));
    // The service itself differs (its mounts were edited above), so only the volumes are looked at.
    expect(made.plan.entries.filter(entry => entry.kind === 'volume').map(entry => entry.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('says so when the manager’s volumes cannot be read, and plans the create', () => {
    const {lines} = volumeLines({...empty(undefined), volumesUnread: 'HTTP 403 forbidden'});
    expect(lines[0]).toBe('+ volume st_data: create');
    expect(lines[1]).toContain('the manager’s volumes could not be read (HTTP 403 forbidden)');
  });

  it('gives what each node would create in the JSON', () => {
    const result = planStack(stack(), empty([]), false, 'stack.yml');
    if (!result.ok) throw new Error('refused');
    const json = stackPlanJson(result.plan) as {entries: Array<{kind: string; name: string; desired?: unknown}>};
    expect(json.entries.find(entry => entry.name === 'st_logs')!.desired).toEqual({
      kind: 'volume',
      name: 'st_logs',
      driver: 'local',
      options: {device: 'tmpfs', type: 'tmpfs'},
      labels: label,
    });
    expect(json.entries.filter(entry => entry.kind === 'volume').map(entry => entry.name)).toEqual(['st_data', 'st_logs', 'shared']);
  });
});

describe('a credential spec’s config in the plan', () => {
  it('is sent by the live config’s ID, and a live spec that has it plans unchanged', () => {
    const text = `version: "3.8"
services:
  web:
    image: lab/busybox:1
    credential_spec: {config: cred}
configs:
  cred: {file: ./app.conf}
`;
    const stack = desired(text);
    const live: LiveStack = {
      stack: 'st',
      services: [],
      networks: [],
      secrets: [],
      configs: [{ID: ID('c'), Version: {Index: 2}, Spec: {Name: 'st_cred', Labels: label, Data: Buffer.from('new content\n').toString('base64')}}],
    };
    const created = planStack(stack, live, false, 'stack.yml');
    if (!created.ok) throw new Error('refused');
    const sent = created.plan.entries.find(entry => entry.kind === 'service')!.desired;
    const container = sent?.kind === 'service' ? sent.spec.TaskTemplate.ContainerSpec : undefined;
    expect(container).toMatchObject({Configs: [{ConfigID: ID('c'), ConfigName: 'st_cred', Runtime: {}}], Privileges: {CredentialSpec: {Config: ID('c')}}});

    const service: SwarmService = {ID: ID('w'), Version: {Index: 3}, Spec: sent!.kind === 'service' ? sent!.spec : ({} as ServiceSpec)};
    const again = planStack(stack, {...live, services: [service]}, false, 'stack.yml');
    if (!again.ok) throw new Error('refused');
    expect(again.plan.entries.find(entry => entry.kind === 'service')).toMatchObject({action: 'unchanged', changes: []});
    // Another config's ID in the live credential spec is a change.
    const other = structuredClone(service);
    (other.Spec.TaskTemplate.ContainerSpec as {Privileges: {CredentialSpec: {Config: string}}}).Privileges.CredentialSpec.Config = ID('d');
    const changed = planStack(stack, {...live, services: [other]}, false, 'stack.yml');
    if (!changed.ok) throw new Error('refused');
    expect(changed.plan.entries.find(entry => entry.kind === 'service')!.action).toBe('update');
  });
});

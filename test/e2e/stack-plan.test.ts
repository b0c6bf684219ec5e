// The oracle for the stack plan is the docker CLI itself: a stack deployed with
// `docker stack deploy` must plan as unchanged, and an edit of its file must plan as
// exactly the changes made. In-process against the lab swarm; each stack removed after.
import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ReadOnlySwarmClient} from '../../source/docker/client.js';
import {readOnlySwarmClient} from '../../source/docker/client.js';
import {connect} from '../../source/docker/connect.js';
import {resolveEndpoint} from '../../source/docker/endpoint.js';
import {type StackPlanRequest, computeStackPlan} from '../../source/app/stack-plan.js';
import type {StackPlan} from '../../source/model/compose/plan-types.js';
import {stackPlanLines} from '../../source/render/stack-plan.js';
import {labDockerSync, labSkipReason, labSockets, waitUntil} from '../lab/lab.js';

const skip = labSkipReason();
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compose');
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const cli = (args: string[]) => labDockerSync(1, args, {timeoutMs: 120_000});
const quietly = (args: string[]) => {
  try {
    cli(args);
  } catch {
    // already gone
  }
};

/** A fixture directory copied where a test may edit it. */
function copyOf(fixture: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `stack-plan-${fixture}-`));
  cpSync(path.join(fixtures, fixture), dir, {recursive: true});
  return dir;
}

/** The changed entries as text: what a failing test shows. */
function changed(plan: StackPlan): string[] {
  return plan.entries
    .filter(entry => entry.action !== 'unchanged')
    .flatMap(entry => [`${entry.action} ${entry.kind} ${entry.name}`, ...entry.changes.map(change => `  ${change}`)]);
}

describe.skipIf(skip)('stack plan against stacks the docker CLI deployed', () => {
  let client: ReadOnlySwarmClient;
  const stacks: string[] = [];
  const env: Record<string, string | undefined> = {...process.env, STACK_SECRET_NAME: `plan_${suffix}_db_password`};
  const deploy = (stack: string, files: string[]) => {
    stacks.push(stack);
    labDockerSync(1, ['stack', 'deploy', ...files.flatMap(file => ['-c', file]), stack], {timeoutMs: 120_000});
  };
  const plan = async (request: Omit<StackPlanRequest, 'env' | 'prune'> & {prune?: boolean}): Promise<StackPlan> => {
    const result = await computeStackPlan(client, {prune: false, env, ...request});
    if (!result.ok) throw new Error('problems' in result ? JSON.stringify(result.problems) : result.error);
    return result.plan;
  };

  beforeAll(async () => {
    ({docker: client} = await connect(resolveEndpoint({host: labSockets().manager, env: {}, homeDir: os.homedir()})).then(({docker}) => ({
      docker: readOnlySwarmClient(docker),
    })));
    quietly(['network', 'create', '--driver', 'overlay', 'plan_outside_net']);
  });

  afterAll(async () => {
    for (const stack of stacks) quietly(['stack', 'rm', stack]);
    await waitUntil(
      () =>
        !cli(['network', 'ls', '--format', '{{.Name}}'])
          .split('\n')
          .some(name => stacks.some(stack => name.startsWith(`${stack}_`))),
      {
        timeoutMs: 60_000,
        what: 'the plan stacks gone',
      },
    ).catch(() => undefined);
    quietly(['network', 'rm', 'plan_outside_net']);
    quietly(['secret', 'rm', `plan_${suffix}_db_password`]);
  });

  it('plans nothing for the full fixture the CLI deployed, and exactly the edits made to it', async () => {
    const dir = copyOf('full');
    const file = path.join(dir, 'stack.yml');
    const stack = `pfull${suffix}`;
    // The CLI reads the same environment the plan is given.
    process.env.STACK_SECRET_NAME = env.STACK_SECRET_NAME;
    deploy(stack, [file]);
    const first = await plan({files: [file], stack});
    expect(changed(first)).toEqual([]);
    expect(first.changes).toBe(false);
    expect(first.ignored.map(key => key.key).sort()).toEqual(['services.web.build', 'services.web.container_name', 'services.web.depends_on']);
    expect(stackPlanLines(first)[0]).toContain('nothing would change');

    const edited = readFileSync(file, 'utf8')
      .replace('image: lab/busybox:${WEB_TAG:-1}', 'image: lab/busybox:2')
      .replace('replicas: 2', 'replicas: 3')
      .replace('MODE=${MODE:-production}', 'MODE=staging')
      .replace('constraints: [node.platform.os == linux]', 'constraints: [node.role == worker]')
      .replace('"18080:80"', '"18081:80"')
      .replace('      - api_key\n', '      - api_key\n      - extra_key\n')
      .replace('secrets:\n  api_key:', 'secrets:\n  extra_key: {file: ./api_key.txt}\n  api_key:');
    writeFileSync(file, edited);
    const second = await plan({files: [file], stack});
    expect(changed(second)).toEqual([
      `create secret ${stack}_extra_key`,
      `update service ${stack}_web`,
      '  label com.docker.stack.image lab/busybox:1 → lab/busybox:2',
      '  replicas 2 → 3',
      // vitest sets MODE in the environment the CLI deployed with.
      `  env MODE ${env.MODE || 'production'} → staging`,
      '  image lab/busybox:1 → lab/busybox:2',
      '  - port (was 18080:80/tcp)',
      '  + port 18081:80/tcp',
      `  + secret ${stack}_extra_key → extra_key (uid 0, gid 0, mode 0444)`,
      '  - constraint (was node.platform.os == linux)',
      '  + constraint node.role == worker',
    ]);
    expect(second.changes).toBe(true);
  });

  it('plans nothing for the modes fixture with its override file the CLI deployed', async () => {
    const dir = copyOf('modes');
    const files = [path.join(dir, 'stack.yml'), path.join(dir, 'override.yml')];
    const stack = `pmodes${suffix}`;
    deploy(stack, files);
    const first = await plan({files, stack});
    expect(changed(first)).toEqual([]);
    // Without the override file the plan says what it added.
    const without = await plan({files: files.slice(0, 1), stack});
    expect(changed(without)).toEqual([`update service ${stack}_plain`, '  replicas 3 → 1', '  - env ADDED (was by-override)']);
    // A service the files no longer have is removed only with --prune.
    const text = readFileSync(files[0]!, 'utf8');
    const withoutAgent = text.slice(0, text.indexOf('  agent:')) + text.slice(text.indexOf('  once:'));
    writeFileSync(files[0]!, withoutAgent);
    const kept = await plan({files, stack});
    expect(changed(kept)).toEqual([]);
    const pruned = await plan({files, stack, prune: true});
    expect(changed(pruned)).toEqual([`remove service ${stack}_agent`]);
  });

  it('plans a named volume as unchanged once the CLI’s deploy has a task mounting it, and a new one as a create', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stack-plan-volumes-'));
    const file = path.join(dir, 'stack.yml');
    const stack = `pvol${suffix}`;
    // On the manager, so the volume its task mounts is in the manager's own list.
    const text = [
      'version: "3.8"',
      'services:',
      '  keeper:',
      '    image: lab/busybox:1',
      '    command: ["sleep", "1d"]',
      '    volumes: ["data:/data", "scratch:/scratch"]',
      '    deploy:',
      '      placement: {constraints: [node.role == manager]}',
      'volumes:',
      '  data:',
      '    labels: {kept: "yes"}',
      '  scratch:',
      '    driver: local',
      '    driver_opts: {type: tmpfs, device: tmpfs, o: "size=1m"}',
      '',
    ].join('\n');
    writeFileSync(file, text);
    deploy(stack, [file]);
    await waitUntil(() => cli(['volume', 'ls', '--format', '{{.Name}}']).split('\n').includes(`${stack}_scratch`), {
      timeoutMs: 60_000,
      what: 'the task’s volumes on the manager',
    });
    const first = await plan({files: [file], stack});
    expect(changed(first)).toEqual([]);
    const volumes = first.entries.filter(entry => entry.kind === 'volume');
    expect(volumes.map(entry => `${entry.action} ${entry.name}`)).toEqual([`unchanged ${stack}_data`, `unchanged ${stack}_scratch`]);
    // The engine made them with the file's driver, options and labels: no difference to note.
    expect(volumes.flatMap(entry => entry.notes)).toEqual([
      'created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has it',
      'created by each node’s engine when a task there mounts it (a deploy sends no volume); the manager has it',
    ]);

    writeFileSync(file, text.replace('"scratch:/scratch"]', '"scratch:/scratch", "more:/more"]').replace('volumes:\n  data:', 'volumes:\n  more: {}\n  data:'));
    const second = await plan({files: [file], stack});
    expect(changed(second)).toEqual([`create volume ${stack}_more`, `update service ${stack}_keeper`, expect.stringContaining('+ mount')]);
    expect(second.changes).toBe(true);
  });

  it('plans nothing for a credential spec (config, registry) and generic resources the CLI deployed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stack-plan-cred-'));
    const file = path.join(dir, 'stack.yml');
    writeFileSync(path.join(dir, 'cred.json'), '{"CmsPlugins":["ActiveDirectory"]}\n');
    const stack = `pcred${suffix}`;
    const text = [
      'version: "3.8"',
      'services:',
      '  bycfg:',
      '    image: lab/busybox:1',
      '    command: ["sleep", "1d"]',
      '    credential_spec: {config: cred}',
      '    configs: [cred]',
      '    deploy:',
      '      replicas: 0',
      '      resources:',
      '        reservations:',
      '          generic_resources:',
      '            - discrete_resource_spec: {kind: gpu, value: 2}',
      '            - discrete_resource_spec: {kind: ssd, value: 1}',
      '  byreg:',
      '    image: lab/busybox:1',
      '    command: ["sleep", "1d"]',
      '    credential_spec: {registry: my-spec}',
      '    deploy: {replicas: 0}',
      'configs:',
      '  cred: {file: ./cred.json}',
      '',
    ].join('\n');
    writeFileSync(file, text);
    deploy(stack, [file]);
    const live = cli([
      'service',
      'inspect',
      `${stack}_bycfg`,
      '--format',
      '{{json .Spec.TaskTemplate.ContainerSpec.Privileges}} {{json .Spec.TaskTemplate.Resources.Reservations}}',
    ]);
    expect(live).toContain('"CredentialSpec"');
    expect(live).toContain('"Kind":"gpu"');
    const first = await plan({files: [file], stack});
    expect(changed(first)).toEqual([]);

    writeFileSync(file, text.replace('{kind: gpu, value: 2}', '{kind: gpu, value: 3}').replace('{registry: my-spec}', '{registry: other-spec}'));
    const second = await plan({files: [file], stack});
    expect(changed(second).filter(line => !line.startsWith('  '))).toEqual([`update service ${stack}_bycfg`, `update service ${stack}_byreg`]);
  });
});

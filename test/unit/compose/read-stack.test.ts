// Compose files read as `docker stack deploy` reads them: names, labels, defaults, units
// and references as the CLI's conversion makes them, and refusals with file:line.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {readStack} from '../../../source/model/compose/compose.js';
import {composeProblemLines} from '../../../source/render/stack-plan.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'compose');
const io = {readBytes: (file: string) => readFileSync(file)};

function read(files: string[], env: Record<string, string> = {}, dotEnv = true) {
  const result = readStack('st', files, env, io, {dotEnv});
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.stack;
}

/** A compose text written to a private directory; returns its path. */
function written(text: string, name = 'stack.yml'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-unit-'));
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

function problems(text: string, env: Record<string, string> = {}) {
  const file = written(text);
  const result = readStack('st', [file], env, io);
  if (result.ok) throw new Error('read without a problem');
  return result.problems.map(problem => `${path.basename(problem.file)}:${problem.line}: ${problem.message}`);
}

describe('the full fixture', () => {
  const stack = read([path.join(fixtures, 'full/stack.yml')], {MODE: 'from-env'});
  const web = stack.services.find(service => service.key === 'web')!.spec;
  const container = web.TaskTemplate.ContainerSpec!;

  it('scopes names to the stack and labels the service, its containers and the image', () => {
    expect(web.Name).toBe('st_web');
    expect(web.Labels).toEqual({'deployed-by': 'compose', purpose: 'plan-test', 'com.docker.stack.namespace': 'st', 'com.docker.stack.image': 'lab/busybox:1'});
    expect(container.Labels).toEqual({team: 'web', tier: 'front', 'com.docker.stack.namespace': 'st'});
  });

  it('interpolates from the environment over .env, merges env_file under environment, and sorts', () => {
    expect(container.Env).toEqual(['EMPTY_DEFAULT=fallback', 'FROM_DOTENV=from-dotenv', 'FROM_FILE=1', 'GREETING=hello $USER', 'MODE=from-env']);
  });

  it('leaves .env alone unless asked, as docker stack deploy does', () => {
    const plain = read([path.join(fixtures, 'full/stack.yml')], {MODE: 'from-env'}, false);
    expect(plain.services.find(service => service.key === 'web')!.spec.TaskTemplate.ContainerSpec?.Env).toContain('FROM_DOTENV=');
  });

  it('makes entrypoint the Command and command the Args, split as a shell would', () => {
    expect(container.Command).toEqual(['/bin/sh', '-c']);
    expect(container.Args).toEqual(['sleep', '1d']);
  });

  it('reads octal modes as YAML 1.1 does and defaults uid, gid, target and mode', () => {
    expect(container.Secrets).toEqual([
      {File: {Name: 'db.pass', UID: '1000', GID: '1000', Mode: 0o400}, SecretID: '', SecretName: 'plan_full_db_password'},
      {File: {Name: 'api_key', UID: '0', GID: '0', Mode: 0o444}, SecretID: '', SecretName: 'st_api_key'},
    ]);
    expect(container.Configs).toEqual([{File: {Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o440}, ConfigID: '', ConfigName: 'st_app_conf'}]);
  });

  it('attaches to networks by scoped name, with the service name as an alias', () => {
    expect(web.TaskTemplate.Networks).toEqual([
      {Target: 'st_back', Aliases: ['web']},
      {Target: 'st_front', Aliases: ['www', 'site', 'web']},
    ]);
  });

  it('converts units: CPUs, sizes and durations', () => {
    expect(web.TaskTemplate.Resources).toEqual({
      Limits: {NanoCPUs: 5e8, MemoryBytes: 64 * 1024 ** 2, Pids: 100},
      Reservations: {NanoCPUs: 1e7, MemoryBytes: 4 * 1024 ** 2},
    });
    expect(web.UpdateConfig).toEqual({Parallelism: 2, Delay: 5e9, FailureAction: 'rollback', Monitor: 10e9, MaxFailureRatio: 0.1, Order: 'start-first'});
    expect((container as {StopGracePeriod?: number}).StopGracePeriod).toBe(90e9);
  });

  it('publishes ports in both forms, tcp and ingress unless said', () => {
    expect(web.EndpointSpec?.Ports).toEqual([
      {Protocol: 'udp', TargetPort: 53, PublishedPort: 18053, PublishMode: 'ingress'},
      {Protocol: 'tcp', TargetPort: 80, PublishedPort: 18080, PublishMode: 'ingress'},
      {Protocol: 'tcp', TargetPort: 443, PublishedPort: 18443, PublishMode: 'host'},
    ]);
  });

  it('mounts a named volume scoped and labelled, a bind and a tmpfs', () => {
    expect(container.Mounts).toEqual([
      {Type: 'volume', Source: 'st_data', Target: '/data', VolumeOptions: {Labels: {kept: 'yes', 'com.docker.stack.namespace': 'st'}}},
      {Type: 'bind', Source: '/tmp', Target: '/host-tmp', ReadOnly: true},
      {Type: 'tmpfs', Target: '/scratch', TmpfsOptions: {SizeBytes: 1024 ** 2}},
    ]);
  });

  it('falls back to `restart:` for the restart policy and reads a map environment', () => {
    const cache = stack.services.find(service => service.key === 'cache')!.spec;
    expect(cache.TaskTemplate.RestartPolicy).toEqual({Condition: 'on-failure', MaxAttempts: 3});
    expect(cache.TaskTemplate.ContainerSpec?.Env).toEqual(['KEY=value', 'NUMBER=3']);
    expect(cache.Mode).toEqual({Replicated: {}});
  });

  it('creates the used networks as overlays and every declared secret and config with its content', () => {
    expect(
      stack.networks.map(network => [
        network.name,
        network.desired?.kind === 'network' && network.desired.driver,
        network.desired?.kind === 'network' && network.desired.attachable,
      ]),
    ).toEqual([
      ['st_back', 'overlay', true],
      ['st_front', 'overlay', false],
    ]);
    expect(stack.secrets.map(secret => [secret.name, secret.desired?.kind === 'secret' && new TextDecoder().decode(secret.desired.data)])).toEqual([
      ['st_api_key', 'k3y-value'],
      ['plan_full_db_password', 'pa55word'],
    ]);
    expect(stack.configs[0]?.desired).toMatchObject({kind: 'config', name: 'st_app_conf', labels: {format: 'conf', 'com.docker.stack.namespace': 'st'}});
  });

  it('lists the keys stack deploy ignores with their lines', () => {
    expect(stack.ignored.map(key => `${key.line} ${key.key}`)).toEqual(['6 services.web.build', '7 services.web.depends_on', '8 services.web.container_name']);
  });
});

describe('the modes fixture with its override file', () => {
  const stack = read([path.join(fixtures, 'modes/stack.yml'), path.join(fixtures, 'modes/override.yml')]);
  const spec = (key: string) => stack.services.find(service => service.key === key)!.spec;

  it('converts every mode, dnsrr and the default network', () => {
    expect(spec('agent').Mode).toEqual({Global: {}});
    expect(spec('agent').EndpointSpec?.Mode).toBe('dnsrr');
    expect(spec('agent').TaskTemplate.Networks).toEqual([{Target: 'st_default', Aliases: ['agent']}]);
    expect(spec('once').Mode).toEqual({ReplicatedJob: {MaxConcurrent: 2, TotalCompletions: 2}});
    expect(spec('everywhere').Mode).toEqual({GlobalJob: {}});
  });

  it('merges the later file over the earlier one key by key', () => {
    expect(spec('plain').Mode).toEqual({Replicated: {Replicas: 3}});
    expect(spec('plain').TaskTemplate.ContainerSpec?.Env).toEqual(['ADDED=by-override']);
    expect(spec('plain').TaskTemplate.Networks?.map(network => network.Target)).toEqual(['plan_outside_net', 'st_default']);
    expect(stack.networks.map(network => [network.name, network.external])).toEqual([
      ['st_default', false],
      ['plan_outside_net', true],
    ]);
  });
});

describe('credential_spec and generic_resources, as the CLI converts them', () => {
  const service = (text: string) => read([written(text)], {}, false).services[0]!.spec;
  const base = 'services:\n  web:\n    image: x\n';

  it('sends a file or registry credential spec as it is', () => {
    expect(service(`${base}    credential_spec: {file: spec.json}\n`).TaskTemplate.ContainerSpec).toMatchObject({
      Privileges: {CredentialSpec: {File: 'spec.json'}},
    });
    expect(service(`${base}    credential_spec: {registry: my-spec}\n`).TaskTemplate.ContainerSpec).toMatchObject({
      Privileges: {CredentialSpec: {Registry: 'my-spec'}},
    });
  });

  it('gives a config credential spec a runtime reference to the config, sorted among the file ones, its ID left to the deploy', () => {
    const spec = service(
      `${base}    configs: [zeta, alpha]\n    credential_spec: {config: cred}\nconfigs:\n  cred: {external: true}\n  alpha: {external: true}\n  zeta: {external: true}\n`,
    );
    const container = spec.TaskTemplate.ContainerSpec!;
    expect(container.Configs!.map(ref => `${ref.ConfigName}${ref.Runtime ? ' (runtime)' : ''}`)).toEqual(['alpha', 'cred (runtime)', 'zeta']);
    expect(container.Configs!.find(ref => ref.Runtime)).toEqual({ConfigID: '', ConfigName: 'cred', Runtime: {}});
    expect(container).toMatchObject({Privileges: {CredentialSpec: {Config: ''}}});
  });

  it('converts each discrete generic resource to kind and value', () => {
    const spec = service(
      `${base}    deploy:\n      resources:\n        reservations:\n          generic_resources:\n            - discrete_resource_spec: {kind: gpu, value: 2}\n            - discrete_resource_spec: {kind: ssd, value: 1}\n`,
    );
    expect(spec.TaskTemplate.Resources?.Reservations).toEqual({
      GenericResources: [{DiscreteResourceSpec: {Kind: 'gpu', Value: 2}}, {DiscreteResourceSpec: {Kind: 'ssd', Value: 1}}],
    });
  });
});

describe('files the CLI refuses, with file:line', () => {
  it('an unknown key', () => {
    expect(problems('services:\n  web:\n    image: x\n    imagez: y\n')).toEqual(['stack.yml:4: services.web: Additional property imagez is not allowed']);
  });

  it('a wrong type', () => {
    expect(problems('services:\n  web:\n    image: x\n    deploy:\n      replicas: many\n')).toEqual([
      'stack.yml:5: services.web.deploy.replicas must be a number, not a string',
    ]);
  });

  it('a required variable missing under :?', () => {
    expect(problems('services:\n  web:\n    image: "lab/busybox:${TAG:?set TAG}"\n')).toEqual([
      'stack.yml:3: services.web.image: required variable TAG is missing a value: set TAG',
    ]);
  });

  it('a bad duration and a bad size', () => {
    expect(problems('services:\n  web:\n    image: x\n    stop_grace_period: 10 seconds\n')).toEqual([
      'stack.yml:4: services.web.stop_grace_period: invalid duration "10 seconds" (a Go duration such as 10s or 1m30s)',
    ]);
    expect(problems('services:\n  web:\n    image: x\n    deploy:\n      resources:\n        limits: {memory: lots}\n')).toEqual([
      'stack.yml:6: services.web.deploy.resources.limits.memory: invalid size "lots"',
    ]);
  });

  it('an undefined network or secret', () => {
    expect(problems('services:\n  web:\n    image: x\n    networks: [nope]\n')).toEqual(['stack.yml:4: service web: undefined network "nope"']);
    expect(problems('services:\n  web:\n    image: x\n    secrets: [nope]\n')).toEqual(['stack.yml:4: service web: undefined secret "nope"']);
  });

  // Each refused by `docker stack deploy` of CLI 28 too (checked by hand: "yaml: line N: …",
  // "mapping key "image" already defined at line 3"); a tab after a key's colon is read by both.
  const syntax: Array<[string, string, string]> = [
    [
      'a key indented less than its siblings',
      'services:\n  web:\n    image: x\n   command: y\n',
      'stack.yml:4:1: YAML: All mapping items must start at the same column',
    ],
    [
      'a key indented more than its siblings',
      'services:\n  web:\n    image: x\n      command: y\n',
      'stack.yml:3:12: YAML: Nested mappings are not allowed in compact mappings',
    ],
    [
      'an unclosed double quote, placed where it opens',
      'services:\n  web:\n    image: "x\n    command: y\n',
      'stack.yml:3:12: YAML: the " quote opened here is not closed (the parser reached line 5)',
    ],
    [
      'an unclosed single quote',
      "services:\n  web:\n    image: 'x\n",
      "stack.yml:3:12: YAML: the ' quote opened here is not closed (the parser reached line 4)",
    ],
    [
      'an unclosed bracket',
      'services:\n  web:\n    command: [a, b\n    image: x\n',
      'stack.yml:3:14: YAML: the [ opened here is not closed (the parser reached line 4)',
    ],
    ['a tab as indentation', 'services:\n  web:\n\timage: x\n', 'stack.yml:3:1: YAML: Tabs are not allowed as indentation'],
    ['a key given twice in a service', 'services:\n  web:\n    image: x\n    image: y\n', 'stack.yml:4:5: YAML: mapping key "image" already defined at line 3'],
    [
      'a top-level key given twice, once quoted',
      'services:\n  web:\n    image: x\n"services":\n  db:\n    image: y\n',
      'stack.yml:4:1: YAML: mapping key "services" already defined at line 1',
    ],
  ];
  it.each(syntax)('YAML that does not parse: %s', (_name, text, expected) => {
    const file = written(text);
    const result = readStack('st', [file], {}, io);
    expect(result.ok).toBe(false);
    expect(!result.ok && composeProblemLines(result.problems).map(line => line.replace(file, 'stack.yml'))).toEqual([expected]);
  });

  it('a tab after a key’s colon is read, as the CLI reads it', () => {
    expect(read([written('services:\n  web:\n    image:\tlab/busybox:1\n')]).services[0]!.spec.TaskTemplate.ContainerSpec?.Image).toBe('lab/busybox:1');
  });

  it('a credential spec with two sources or three, or an undefined config', () => {
    expect(problems('services:\n  web:\n    image: x\n    credential_spec:\n      file: a.json\n      registry: b\n')).toEqual([
      'stack.yml:4: service web: invalid credential spec: cannot specify both "File" and "Registry"',
    ]);
    expect(problems('services:\n  web:\n    image: x\n    credential_spec: {config: c, file: a.json, registry: b}\nconfigs:\n  c: {external: true}\n')).toEqual(
      ['stack.yml:4: service web: invalid credential spec: cannot specify both "Config", "File", and "Registry"'],
    );
    expect(problems('services:\n  web:\n    image: x\n    credential_spec:\n      config: nope\n')).toEqual([
      'stack.yml:5: service web: undefined config "nope"',
    ]);
  });

  it('a file that cannot be read', () => {
    const result = readStack('st', ['/nonexistent/compose.yml'], {}, io);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({file: '/nonexistent/compose.yml', line: 0});
  });
});

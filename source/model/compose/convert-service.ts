// One compose service as the ServiceSpec `docker stack deploy` sends for it: names and
// labels scoped to the stack, the default network when it names none, secrets and
// configs by name (their IDs are the plan's to fill in), values in the engine's units.
// A value the CLI would refuse throws a ComposeError naming its key. Pure: files an
// env_file names are read by the caller-supplied function.
import path from 'node:path';
import type {ServiceSpec} from '../../docker/types.js';
import type {Value} from './load.js';
import {listAsMap} from './merge.js';
import {durationNs, nanoCpus, sizeBytes} from './units.js';
import {portsOf} from './convert-ports.js';
import {mountsOf} from './convert-mounts.js';
import {parseEnvFile} from './interpolate.js';
import {type ConvertContext, ComposeError, IMAGE_LABEL, objectName, scoped, withStackLabel} from './names.js';

export {ComposeError} from './names.js';

type Map_ = {[key: string]: Value};

/** A command line as the CLI's shlex splits it: quotes group, backslashes escape. */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && at + 1 < text.length) word += text[++at];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === '\\' && at + 1 < text.length) word = (word ?? '') + text[++at];
    else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function words(value: Value | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? shellSplit(value) : (value as Value[]).map(String);
}

function texts(value: Value | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? [value] : (value as Value[]).map(String);
}

function num(value: Value | undefined, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) throw new ComposeError(key, `${key} must be a number, not "${String(value)}"`);
  return number;
}

function duration(value: Value | undefined, key: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ns = durationNs(String(value));
  if (ns === undefined) throw new ComposeError(key, `${key}: invalid duration "${String(value)}" (a Go duration such as 10s or 1m30s)`);
  return ns;
}

function bool(value: Value | undefined): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  return value === true || (typeof value === 'string' && /^(true|yes|y|on)$/i.test(value));
}

// env_file first, environment over it; a variable without a value is taken from the environment if it is set there.
function environmentOf(service: Map_, key: string, context: ConvertContext): string[] | undefined {
  const values = new Map<string, string | null>();
  for (const file of texts(service.env_file) ?? []) {
    const full = path.resolve(context.workingDir, file);
    let text: string;
    try {
      text = context.readText(full);
    } catch (error) {
      throw new ComposeError(`${key}.env_file`, `env_file ${full}: ${(error as Error).message}`);
    }
    for (const [name, value] of parseEnvFile(text)) values.set(name, value);
  }
  for (const [name, value] of Object.entries(listAsMap(service.environment ?? {}))) values.set(name, value === null ? null : String(value));
  if (service.env_file === undefined && service.environment === undefined) return [];
  const out: string[] = [];
  for (const [name, value] of values) {
    const resolved = value ?? context.lookup(name) ?? null;
    out.push(resolved === null ? name : `${name}=${resolved}`);
  }
  return out.sort();
}

function extraHosts(value: Value | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const pairs = Array.isArray(value)
    ? value.map(String).flatMap(entry => {
        const colon = entry.indexOf(':');
        return colon === -1 ? [] : [[entry.slice(0, colon), entry.slice(colon + 1)] as const];
      })
    : Object.entries(value as Map_).map(([host, ip]) => [host, String(ip)] as const);
  return pairs.map(([host, ip]) => `${ip} ${host}`);
}

function healthcheckOf(value: Value | undefined, key: string): object | undefined {
  if (value === undefined || value === null) return undefined;
  const check = value as Map_;
  if (bool(check.disable)) {
    if (check.test !== undefined) throw new ComposeError(`${key}.healthcheck`, "healthcheck: test and disable can't be set at the same time");
    return {Test: ['NONE']};
  }
  const test = typeof check.test === 'string' ? ['CMD-SHELL', check.test] : texts(check.test);
  return {
    Test: test,
    Interval: duration(check.interval, `${key}.healthcheck.interval`),
    Timeout: duration(check.timeout, `${key}.healthcheck.timeout`),
    StartPeriod: duration(check.start_period, `${key}.healthcheck.start_period`),
    StartInterval: duration(check.start_interval, `${key}.healthcheck.start_interval`),
    Retries: num(check.retries, `${key}.healthcheck.retries`),
  };
}

function ulimitsOf(value: Value | undefined): object[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Object.entries(value as Map_)
    .map(([name, limit]) => {
      if (typeof limit === 'object' && limit !== null) {
        const {soft, hard} = limit as Map_;
        return {Name: name, Soft: Number(soft), Hard: Number(hard)};
      }
      return {Name: name, Soft: Number(limit), Hard: Number(limit)};
    })
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

// The CLI writes capabilities as CAP_X in upper case, ALL as it is.
function capabilities(value: Value | undefined): string[] | undefined {
  const list = texts(value);
  if (!list) return undefined;
  return [...new Set(list.map(cap => (cap.toUpperCase() === 'ALL' ? 'ALL' : `CAP_${cap.toUpperCase().replace(/^CAP_/, '')}`)))].sort();
}

function updateConfigOf(value: Value | undefined, key: string): object | undefined {
  if (value === undefined || value === null) return undefined;
  const config = value as Map_;
  return {
    Parallelism: num(config.parallelism, `${key}.parallelism`) ?? 1,
    Delay: duration(config.delay, `${key}.delay`),
    FailureAction: config.failure_action ?? undefined,
    Monitor: duration(config.monitor, `${key}.monitor`),
    MaxFailureRatio: num(config.max_failure_ratio, `${key}.max_failure_ratio`),
    Order: config.order ?? undefined,
  };
}

function modeOf(deploy: Map_, key: string): ServiceSpec['Mode'] {
  const replicas = num(deploy.replicas, `${key}.deploy.replicas`);
  const mode = deploy.mode ?? 'replicated';
  if ((mode === 'global' || mode === 'global-job') && replicas !== undefined) {
    throw new ComposeError(`${key}.deploy.replicas`, 'replicas can only be used with replicated or replicated-job mode');
  }
  if (mode === 'global') return {Global: {}};
  if (mode === 'global-job') return {GlobalJob: {}};
  if (mode === 'replicated-job') return {ReplicatedJob: {MaxConcurrent: replicas, TotalCompletions: replicas}};
  if (mode === 'replicated') return {Replicated: {Replicas: replicas}};
  throw new ComposeError(`${key}.deploy.mode`, `unknown mode: ${String(mode)}`);
}

/** `generic_resources` as the CLI sends them: each discrete one as kind and value; one without that spec is sent empty. */
function genericResources(value: Value | undefined, key: string): object[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (value as Value[]).map((entry, index) => {
    const discrete = (entry as Map_ | null)?.discrete_resource_spec as Map_ | undefined | null;
    if (!discrete) return {};
    return {DiscreteResourceSpec: {Kind: discrete.kind ?? undefined, Value: num(discrete.value, `${key}.${index}.discrete_resource_spec.value`)}};
  });
}

function resourcesOf(deploy: Map_, key: string): object {
  const resources = (deploy.resources ?? {}) as Map_;
  const set = (name: 'limits' | 'reservations') => {
    const value = resources[name] as Map_ | undefined | null;
    if (!value) return undefined;
    const at = `${key}.deploy.resources.${name}`;
    const cpus = value.cpus === undefined || value.cpus === null ? undefined : nanoCpus(value.cpus as string);
    if (value.cpus !== undefined && value.cpus !== null && cpus === undefined)
      throw new ComposeError(`${at}.cpus`, `${at}.cpus: invalid CPUs "${String(value.cpus)}"`);
    const memory = value.memory === undefined || value.memory === null ? undefined : sizeBytes(value.memory as string);
    if (value.memory !== undefined && value.memory !== null && memory === undefined)
      throw new ComposeError(`${at}.memory`, `${at}.memory: invalid size "${String(value.memory)}"`);
    if (name === 'limits') return {NanoCPUs: cpus, MemoryBytes: memory, Pids: num(value.pids, `${at}.pids`)};
    return {NanoCPUs: cpus, MemoryBytes: memory, GenericResources: genericResources(value.generic_resources, `${at}.generic_resources`)};
  };
  return {Limits: set('limits'), Reservations: set('reservations')};
}

function restartPolicyOf(service: Map_, deploy: Map_, key: string): object | undefined {
  const policy = deploy.restart_policy as Map_ | undefined | null;
  if (policy) {
    return {
      Condition: policy.condition ?? undefined,
      Delay: duration(policy.delay, `${key}.deploy.restart_policy.delay`),
      MaxAttempts: num(policy.max_attempts, `${key}.deploy.restart_policy.max_attempts`),
      Window: duration(policy.window, `${key}.deploy.restart_policy.window`),
    };
  }
  if (typeof service.restart !== 'string' || service.restart === '' || service.restart === 'no') return undefined;
  const [name, count] = service.restart.split(':');
  const attempts = count ? Number(count) : 0;
  if (name === 'always' || name === 'unless-stopped') return {Condition: 'any', MaxAttempts: attempts > 0 ? attempts : undefined};
  if (name === 'on-failure') return {Condition: 'on-failure', MaxAttempts: attempts > 0 ? attempts : undefined};
  throw new ComposeError(`${key}.restart`, `invalid restart policy: unknown policy '${name}'`);
}

function networksOf(service: Map_, name: string, context: ConvertContext): object[] {
  const named = service.networks;
  const entries: Array<[string, Map_ | null]> =
    named === undefined || named === null || (Array.isArray(named) && named.length === 0)
      ? [['default', null]]
      : Array.isArray(named)
        ? named.map(network => [String(network), null])
        : Object.entries(named as Map_).map(([network, config]) => [network, config as Map_ | null]);
  const declared = (context.compose.networks ?? {}) as Map_;
  return entries
    .map(([network, config]) => {
      if (!(network in declared) && network !== 'default')
        throw new ComposeError(`services.${name}.networks`, `service ${name}: undefined network "${network}"`);
      const target = objectName(context.stack, network, declared[network]);
      const aliases = [...(texts(config?.aliases) ?? [])];
      // Aliases only make sense on a user-defined network: the CLI adds the service's own name there.
      if (!['host', 'bridge', 'none', 'default'].includes(target) && !target.startsWith('container:')) aliases.push(name);
      return {Target: target, Aliases: aliases, DriverOpts: config?.driver_opts ?? undefined};
    })
    .sort((a, b) => (a.Target < b.Target ? -1 : a.Target > b.Target ? 1 : 0));
}

function fileReferences(service: Map_, kind: 'secrets' | 'configs', name: string, context: ConvertContext): object[] | undefined {
  const list = service[kind] as Value[] | undefined | null;
  if (!list) return undefined;
  const declared = (context.compose[kind] ?? {}) as Map_;
  const idKey = kind === 'secrets' ? 'Secret' : 'Config';
  return list
    .map((entry, index) => {
      const reference = typeof entry === 'string' ? {source: entry} : (entry as Map_);
      const source = String(reference.source);
      if (!(source in declared)) throw new ComposeError(`services.${name}.${kind}.${index}`, `service ${name}: undefined ${kind.slice(0, -1)} "${source}"`);
      const mode =
        reference.mode === undefined || reference.mode === null
          ? 0o444
          : typeof reference.mode === 'number'
            ? reference.mode
            : parseInt(String(reference.mode), 8);
      return {
        File: {
          Name: reference.target === undefined || reference.target === null ? source : String(reference.target),
          UID: String(reference.uid ?? '0'),
          GID: String(reference.gid ?? '0'),
          Mode: mode,
        },
        [`${idKey}ID`]: '',
        [`${idKey}Name`]: objectName(context.stack, source, declared[source]),
      };
    })
    .sort((a, b) => {
      const left = String(a[`${idKey}Name`]);
      const right = String(b[`${idKey}Name`]);
      return left < right ? -1 : left > right ? 1 : 0;
    });
}

const CREDENTIAL_SOURCES = [
  ['config', '"Config"'],
  ['file', '"File"'],
  ['registry', '"Registry"'],
] as const;

interface CredentialSpec {
  /** The credential spec's source; a config one names the config here until its ID is known (the runtime reference's). */
  spec?: {Config?: string; File?: string; Registry?: string};
  /** The config a `config:` credential spec uses, referenced for the runtime rather than as a file. */
  runtimeConfig?: object;
}

/**
 * `credential_spec` as the CLI converts it: one of config, file or registry; a config one
 * also gives the service a runtime reference to that config, and the spec carries the
 * config's ID, filled in when the deploy knows it (empty here).
 */
function credentialSpecOf(service: Map_, name: string, context: ConvertContext): CredentialSpec {
  const value = service.credential_spec as Map_ | undefined | null;
  if (!value) return {};
  const key = `services.${name}.credential_spec`;
  const given = CREDENTIAL_SOURCES.filter(([field]) => typeof value[field] === 'string' && value[field] !== '');
  if (given.length === 0) return {};
  const quoted = given.map(([, label]) => label);
  if (given.length === 2) throw new ComposeError(key, `service ${name}: invalid credential spec: cannot specify both ${quoted[0]} and ${quoted[1]}`);
  if (given.length > 2)
    throw new ComposeError(key, `service ${name}: invalid credential spec: cannot specify both ${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`);
  const [field] = given[0]!;
  const source = String(value[field]);
  if (field === 'file') return {spec: {File: source}};
  if (field === 'registry') return {spec: {Registry: source}};
  const declared = (context.compose.configs ?? {}) as Map_;
  if (!(source in declared)) throw new ComposeError(`${key}.config`, `service ${name}: undefined config "${source}"`);
  return {spec: {Config: ''}, runtimeConfig: {ConfigID: '', ConfigName: objectName(context.stack, source, declared[source]), Runtime: {}}};
}

/** The service's config references: its files, and the runtime one a credential spec uses, in the CLI's order (by name). */
function configReferences(service: Map_, name: string, context: ConvertContext, credential: CredentialSpec): object[] | undefined {
  const files = fileReferences(service, 'configs', name, context);
  if (!credential.runtimeConfig) return files;
  const all = [...(files ?? []), credential.runtimeConfig] as Array<{ConfigName: string}>;
  // Stable, as the CLI's sort: a file reference and the runtime one to the same config keep their order.
  return all.sort((a, b) => (a.ConfigName < b.ConfigName ? -1 : a.ConfigName > b.ConfigName ? 1 : 0));
}

/** The spec `docker stack deploy` sends for service `name`, secrets and configs named but not yet resolved to IDs. */
export function convertService(name: string, service: Map_, context: ConvertContext): ServiceSpec {
  const key = `services.${name}`;
  const deploy = (service.deploy ?? {}) as Map_;
  const placement = (deploy.placement ?? {}) as Map_;
  const image = service.image === undefined || service.image === null ? '' : String(service.image);
  const logging = service.logging as Map_ | undefined;
  const dns = texts(service.dns);
  const dnsSearch = texts(service.dns_search);
  const credential = credentialSpecOf(service, name, context);
  const spec = {
    Name: scoped(context.stack, name),
    Labels: {...withStackLabel(context.stack, deploy.labels), [IMAGE_LABEL]: image},
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Command: words(service.entrypoint),
        Args: words(service.command),
        Hostname: service.hostname ?? undefined,
        Hosts: extraHosts(service.extra_hosts),
        DNSConfig: dns || dnsSearch ? {Nameservers: dns, Search: dnsSearch} : undefined,
        Healthcheck: healthcheckOf(service.healthcheck, key),
        Env: environmentOf(service, key, context),
        Labels: withStackLabel(context.stack, service.labels),
        Dir: service.working_dir ?? undefined,
        User: service.user ?? undefined,
        Mounts: mountsOf(service.volumes, name, context),
        StopGracePeriod: duration(service.stop_grace_period, `${key}.stop_grace_period`),
        StopSignal: service.stop_signal ?? undefined,
        TTY: bool(service.tty),
        OpenStdin: bool(service.stdin_open),
        Secrets: fileReferences(service, 'secrets', name, context),
        Configs: configReferences(service, name, context, credential),
        ReadOnly: bool(service.read_only),
        Isolation: service.isolation ?? undefined,
        Init: bool(service.init),
        Sysctls: service.sysctls ? listAsMap(service.sysctls) : undefined,
        CapabilityAdd: capabilities(service.cap_add),
        CapabilityDrop: capabilities(service.cap_drop),
        Ulimits: ulimitsOf(service.ulimits),
        OomScoreAdj: num(service.oom_score_adj, `${key}.oom_score_adj`),
        Privileges: credential.spec ? {CredentialSpec: credential.spec} : undefined,
      },
      LogDriver: logging ? {Name: logging.driver ?? undefined, Options: logging.options ?? undefined} : undefined,
      Resources: resourcesOf(deploy, key),
      RestartPolicy: restartPolicyOf(service, deploy, key),
      Placement: {
        Constraints: texts(placement.constraints),
        Preferences: (placement.preferences as Map_[] | undefined)?.map(preference => ({Spread: {SpreadDescriptor: preference.spread}})),
        MaxReplicas: num(placement.max_replicas_per_node, `${key}.deploy.placement.max_replicas_per_node`),
      },
      Networks: networksOf(service, name, context),
    },
    EndpointSpec: {Mode: typeof deploy.endpoint_mode === 'string' ? deploy.endpoint_mode.toLowerCase() : undefined, Ports: portsOf(service.ports, key)},
    Mode: modeOf(deploy, key),
    UpdateConfig: updateConfigOf(deploy.update_config, `${key}.deploy.update_config`),
    RollbackConfig: updateConfigOf(deploy.rollback_config, `${key}.deploy.rollback_config`),
  };
  return JSON.parse(JSON.stringify(spec)) as ServiceSpec;
}

type ContainerSpec = NonNullable<ServiceSpec['TaskTemplate']['ContainerSpec']>;

/**
 * `container` with its credential spec's config set to the ID of the runtime config reference,
 * as the CLI sends it, once that reference has its ID (a live config's, or one the deploy just created).
 */
export function withCredentialConfigId(container: ContainerSpec): ContainerSpec {
  const privileges = (container as {Privileges?: {CredentialSpec?: {Config?: string}}}).Privileges;
  if (privileges?.CredentialSpec?.Config === undefined) return container;
  const runtime = container.Configs?.find(reference => reference.Runtime !== undefined);
  return {...container, Privileges: {...privileges, CredentialSpec: {...privileges.CredentialSpec, Config: runtime?.ConfigID ?? ''}}} as ContainerSpec;
}

// The plan: a desired stack (the files, converted) against the live one, object by object,
// in the order a deploy applies them. It follows what `docker stack deploy` does: networks
// are created when missing and never changed, secrets and configs are created when missing
// and otherwise only relabelled (their content cannot change in place), volumes are made
// by the nodes as tasks mount them (the plan says whether they exist yet), services are
// created or updated, and only services are removed, with --prune. Pure.
import type {SecretReference, ConfigReference, ServiceSpec, SwarmService, SwarmVolume} from '../../docker/types.js';
import type {LiveStack} from '../../docker/stack-read.js';
import {changeText, specChanges} from '../spec-changes.js';
import type {DesiredStack} from './compose.js';
import {withCredentialConfigId} from './convert-service.js';
import type {StackObject} from './convert-objects.js';
import {comparable, withoutDigest} from './normalise.js';
import type {ComposeProblem, PlanEntry, StackPlan} from './plan-types.js';

export type PlanResult = {ok: true; plan: StackPlan} | {ok: false; problems: ComposeProblem[]};

const ROTATE_SECRET =
  'the engine never returns a secret’s content, so it cannot be compared with the file: if the file changed, rotate the secret (e in :secrets) — a deploy does not replace it';
const ROTATE_CONFIG =
  'a config’s content cannot change in place, and the deploy would be refused: rotate it (e in :configs) to a new name and point the services at it';

function labelChanges(live: Record<string, string> | undefined, desired: Record<string, string>): string[] {
  const changes: string[] = [];
  const before = live ?? {};
  for (const key of Object.keys({...before, ...desired}).sort()) {
    if (before[key] === desired[key]) continue;
    if (before[key] === undefined) changes.push(`+ label ${key} ${desired[key]}`);
    else if (desired[key] === undefined) changes.push(`- label ${key} (was ${before[key] || '""'})`);
    else changes.push(`label ${key} ${before[key] || '""'} → ${desired[key] || '""'}`);
  }
  return changes;
}

function networkEntries(desired: DesiredStack, live: LiveStack, problems: ComposeProblem[], file: string): PlanEntry[] {
  return desired.networks.map(network => {
    const found = live.networks.find(candidate => candidate.Name === network.name && candidate.Scope !== 'local');
    if (network.external) {
      if (!found) problems.push({file, line: 0, message: `network "${network.name}" is declared as external, but could not be found`});
      return {kind: 'network', name: network.name, action: 'unchanged', changes: [], notes: ['external: used as it is, never created or changed']};
    }
    // The CLI looks for the stack's networks by their label; one of the same name without it would be created anew.
    if (found && found.Labels?.['com.docker.stack.namespace'] === desired.stack) {
      const wanted = network.desired!;
      const notes =
        found.Driver && wanted.kind === 'network' && found.Driver !== wanted.driver
          ? [`the file asks for driver ${wanted.driver}, the network has ${found.Driver}: a deploy never changes a network in place`]
          : [];
      return {kind: 'network', name: network.name, action: 'unchanged', changes: [], notes};
    }
    return {kind: 'network', name: network.name, action: 'create', changes: [], notes: [], desired: network.desired!};
  });
}

function referenced(desired: DesiredStack, kind: 'secret' | 'config'): Set<string> {
  const names = new Set<string>();
  for (const {spec} of desired.services) {
    const refs = (kind === 'secret' ? spec.TaskTemplate.ContainerSpec?.Secrets : spec.TaskTemplate.ContainerSpec?.Configs) ?? [];
    for (const ref of refs as Array<SecretReference & ConfigReference>) names.add((kind === 'secret' ? ref.SecretName : ref.ConfigName) ?? '');
  }
  return names;
}

function storedEntries(
  kind: 'secret' | 'config',
  objects: StackObject[],
  desired: DesiredStack,
  live: LiveStack,
  problems: ComposeProblem[],
  file: string,
): PlanEntry[] {
  const list = kind === 'secret' ? live.secrets : live.configs;
  const used = referenced(desired, kind);
  return objects.map(object => {
    const found = list.find(candidate => candidate.Spec.Name === object.name);
    if (object.external) {
      if (!found && used.has(object.name)) problems.push({file, line: 0, message: `${kind} not found: ${object.name} (declared as external)`});
      return {kind, name: object.name, action: 'unchanged', changes: [], notes: ['external: used as it is, never created or changed']};
    }
    const wanted = object.desired!;
    if (!found || (wanted.kind !== 'secret' && wanted.kind !== 'config'))
      return {kind, name: object.name, action: 'create', changes: [], notes: [], desired: wanted};
    const liveEntry = {id: found.ID, version: found.Version.Index};
    const changes = labelChanges(found.Spec.Labels, wanted.labels);
    const notes: string[] = [];
    if (kind === 'secret') notes.push(ROTATE_SECRET);
    else {
      const liveData = (found.Spec as {Data?: string}).Data ?? '';
      if (liveData !== Buffer.from(wanted.data).toString('base64')) {
        changes.push(`content (${Buffer.from(liveData, 'base64').length} bytes) → the file's (${wanted.data.length} bytes)`);
        notes.push(ROTATE_CONFIG);
      }
    }
    return {
      kind,
      name: object.name,
      action: changes.length > 0 ? 'update' : 'unchanged',
      live: liveEntry,
      changes,
      notes,
      ...(changes.length > 0 ? {desired: wanted} : {}),
    };
  });
}

const VOLUME_MADE_BY_NODES = 'created by each node’s engine when a task there mounts it (a deploy sends no volume)';

function mapText(map: Record<string, string>): string {
  const keys = Object.keys(map).sort();
  return keys.length === 0 ? '{}' : `{${keys.map(key => `${key}=${map[key]}`).join(', ')}}`;
}

/** How the manager's volume differs from what the file asks for: driver, options, labels. */
function volumeDifferences(found: SwarmVolume, wanted: {driver: string; options: Record<string, string>; labels: Record<string, string>}): string[] {
  const differences: string[] = [];
  const driver = found.Driver || 'local';
  if (driver !== wanted.driver) differences.push(`driver ${driver} (the file: ${wanted.driver})`);
  const options = found.Options ?? {};
  if (mapText(options) !== mapText(wanted.options)) differences.push(`options ${mapText(options)} (the file: ${mapText(wanted.options)})`);
  const labels = found.Labels ?? {};
  if (mapText(labels) !== mapText(wanted.labels)) differences.push(`labels ${mapText(labels)} (the file: ${mapText(wanted.labels)})`);
  return differences;
}

/**
 * Swarm has no volume object: a node's engine creates the stack's volume when a task there
 * mounts it. What the plan can know is the manager's own list and the live services: a
 * volume the manager has, or one a live service of the stack already mounts (its nodes made
 * it), is unchanged; any other is a change, made as tasks start.
 */
function volumeEntries(desired: DesiredStack, live: LiveStack): PlanEntry[] {
  return desired.volumes.map(volume => {
    const found = live.volumes?.find(candidate => candidate.Name === volume.name);
    const mountedBy = live.services
      .filter(service => (service.Spec.TaskTemplate.ContainerSpec?.Mounts ?? []).some(mount => mount.Type === 'volume' && mount.Source === volume.name))
      .map(service => service.Spec.Name)
      .sort();
    const unread = live.volumes === undefined ? `the manager’s volumes could not be read (${live.volumesUnread ?? 'no reader'})` : undefined;
    const where = found
      ? 'the manager has it'
      : mountedBy.length > 0
        ? `the manager has none; live service ${mountedBy.join(', ')} mounts it, so each node that ran its tasks made it`
        : (unread ?? 'the manager has none');
    if (volume.external) {
      return {
        kind: 'volume',
        name: volume.name,
        action: 'unchanged',
        changes: [],
        notes: [`external: required on each node that runs a task mounting it, never created by the stack; ${where}`],
      };
    }
    const wanted = volume.desired!;
    if (wanted.kind !== 'volume') throw new Error(`volume ${volume.name}: not a volume`);
    if (found) {
      const differences = volumeDifferences(found, wanted);
      const notes = [`${VOLUME_MADE_BY_NODES}; ${where}`];
      if (differences.length > 0)
        notes.push(
          `the manager’s volume has ${differences.join(', ')}: an engine never changes an existing volume, so the file’s take effect only where it is removed first (docker volume rm on each node)`,
        );
      return {kind: 'volume', name: volume.name, action: 'unchanged', changes: [], notes};
    }
    if (mountedBy.length > 0) return {kind: 'volume', name: volume.name, action: 'unchanged', changes: [], notes: [`${VOLUME_MADE_BY_NODES}; ${where}`]};
    return {kind: 'volume', name: volume.name, action: 'create', changes: [], notes: [`${VOLUME_MADE_BY_NODES}; ${where}`], desired: wanted};
  });
}

// The IDs the deploy sends: a live object's own, or empty (with the name) for one the deploy creates first.
function resolveReferences(spec: ServiceSpec, live: LiveStack): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (!container) return spec;
  const secretId = (name: string | undefined) => live.secrets.find(secret => secret.Spec.Name === name)?.ID ?? '';
  const configId = (name: string | undefined) => live.configs.find(config => config.Spec.Name === name)?.ID ?? '';
  return {
    ...spec,
    TaskTemplate: {
      ...spec.TaskTemplate,
      ContainerSpec: withCredentialConfigId({
        ...container,
        ...(container.Secrets ? {Secrets: container.Secrets.map(ref => ({...ref, SecretID: secretId(ref.SecretName)}))} : {}),
        ...(container.Configs ? {Configs: container.Configs.map(ref => ({...ref, ConfigID: configId(ref.ConfigName)}))} : {}),
      }),
    },
  };
}

function serviceEntry(spec: ServiceSpec, found: SwarmService | undefined, live: LiveStack): PlanEntry {
  const resolved = resolveReferences(spec, live);
  if (!found) return {kind: 'service', name: spec.Name, action: 'create', changes: [], notes: [], desired: {kind: 'service', spec: resolved}};
  const notes: string[] = [];
  const liveSpec = JSON.parse(JSON.stringify(found.Spec)) as ServiceSpec;
  const liveImage = liveSpec.TaskTemplate.ContainerSpec?.Image;
  const wantedImage = resolved.TaskTemplate.ContainerSpec?.Image;
  if (liveSpec.TaskTemplate.ContainerSpec && withoutDigest(liveImage) === wantedImage) {
    // --resolve-image pinned what the tag meant at the last deploy: the same tag asked for is no change.
    liveSpec.TaskTemplate.ContainerSpec.Image = wantedImage;
    notes.push(`image ${wantedImage}: the live spec pins ${liveImage!.slice(wantedImage!.length + 1)} for the same tag (--resolve-image): counted unchanged`);
  }
  const networkNames = new Map(live.networks.map(network => [network.Id, network.Name]));
  const changes = specChanges(comparable(liveSpec, {networkNames}), comparable(resolved, {networkNames})).map(changeText);
  const sent: ServiceSpec = {
    ...resolved,
    TaskTemplate: {...resolved.TaskTemplate, ...(found.Spec.TaskTemplate.ForceUpdate !== undefined ? {ForceUpdate: found.Spec.TaskTemplate.ForceUpdate} : {})},
  };
  return {
    kind: 'service',
    name: spec.Name,
    action: changes.length > 0 ? 'update' : 'unchanged',
    live: {id: found.ID, version: found.Version.Index},
    changes,
    notes,
    ...(changes.length > 0 ? {desired: {kind: 'service' as const, spec: sent}} : {}),
  };
}

/** What a deploy of `desired` would do to `live`; externals that do not exist are refused, as the CLI refuses them. */
export function planStack(desired: DesiredStack, live: LiveStack, prune: boolean, file: string): PlanResult {
  const problems: ComposeProblem[] = [];
  const entries: PlanEntry[] = [
    ...networkEntries(desired, live, problems, file),
    ...storedEntries('secret', desired.secrets, desired, live, problems, file),
    ...storedEntries('config', desired.configs, desired, live, problems, file),
    ...volumeEntries(desired, live),
  ];
  const liveByName = new Map(live.services.map(service => [service.Spec.Name, service]));
  for (const {spec} of desired.services) entries.push(serviceEntry(spec, liveByName.get(spec.Name), live));
  if (prune) {
    const wanted = new Set(desired.services.map(({spec}) => spec.Name));
    for (const service of [...live.services].sort((a, b) => (a.Spec.Name < b.Spec.Name ? -1 : 1))) {
      if (!wanted.has(service.Spec.Name))
        entries.push({
          kind: 'service',
          name: service.Spec.Name,
          action: 'remove',
          live: {id: service.ID, version: service.Version.Index},
          changes: [],
          notes: [],
        });
    }
  }
  if (problems.length > 0) return {ok: false, problems};
  return {ok: true, plan: {stack: desired.stack, entries, ignored: desired.ignored, changes: entries.some(entry => entry.action !== 'unchanged')}};
}

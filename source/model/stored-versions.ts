// Rotating a secret or config, as data. The engine never changes one in place
// (moby #29882, #35803), so a rotation creates the next version beside it, moves
// every service that uses it, and removes the old one. Versions are named by a
// suffix: `db_password` → `db_password.v2` → `db_password.v3`; a name already
// taken is skipped (`.v3` when someone made a `.v2` by hand). The plan lists every
// reference to move, with the target, UID, GID and mode it keeps.

import {MAX_STORED_NAME, type StoredKind} from '../docker/stored-objects.js';
import type {ConfigReference, SecretReference, SwarmConfig, SwarmSecret, SwarmService, SwarmSnapshot} from '../docker/types.js';
import {naturalCompare} from './natural-compare.js';
import {objectUsers} from './object-users.js';
import type {Parsed} from './validation.js';

/** A secret or config, with which of the two it is. */
export type StoredObject = {kind: 'secret'; object: SwarmSecret} | {kind: 'config'; object: SwarmConfig};

const VERSION_SUFFIX = /^(.+)\.v([1-9]\d{0,8})$/;

/** The name's base and version: `db_password.v3` is version 3 of `db_password`; a name without a suffix is version 1. */
export function versionOf(name: string): {base: string; version: number} {
  const match = VERSION_SUFFIX.exec(name);
  return match ? {base: match[1]!, version: Number(match[2])} : {base: name, version: 1};
}

/** The next version's name, past any name in `taken`; refused when it would be longer than the engine allows. */
export function nextVersionName(name: string, taken: Iterable<string>): Parsed<string> {
  const {base, version} = versionOf(name);
  const names = new Set(taken);
  let next = version + 1;
  while (names.has(`${base}.v${next}`)) next++;
  const candidate = `${base}.v${next}`;
  if (candidate.length > MAX_STORED_NAME) {
    return {ok: false, error: `the next version, ${candidate}, would be longer than ${MAX_STORED_NAME} characters: the engine refuses such names`};
  }
  return {ok: true, value: candidate};
}

/** One reference a rotation moves: where the service sees the object, and as whom. */
export interface RotationUse {
  serviceId: string;
  serviceName: string;
  /** File.Name: the path in the container (relative ones are under /run/secrets/ or /). Undefined for a runtime config. */
  target: string | undefined;
  uid: string | undefined;
  gid: string | undefined;
  mode: number | undefined;
}

export interface RotationPlan {
  kind: StoredKind;
  from: {id: string; name: string};
  /** The new version's name. */
  toName: string;
  /** The old one's labels, which the new version keeps. */
  labels: Record<string, string>;
  /** Every reference to move, by service name; a service with two references is listed twice. */
  uses: RotationUse[];
  /** The services to update, one at a time, in this order. */
  services: Array<{id: string; name: string}>;
}

function referencesOf(service: SwarmService, target: StoredObject): Array<SecretReference | ConfigReference> {
  const container = service.Spec.TaskTemplate.ContainerSpec;
  if (target.kind === 'secret') return (container?.Secrets ?? []).filter(reference => reference.SecretID === target.object.ID);
  return (container?.Configs ?? []).filter(reference => reference.ConfigID === target.object.ID);
}

/** The services using the object, by name. */
export function usersOf(snapshot: SwarmSnapshot, target: StoredObject): SwarmService[] {
  const users = objectUsers(snapshot);
  return [...((target.kind === 'secret' ? users.servicesBySecret : users.servicesByConfig).get(target.object.ID) ?? [])].sort((a, b) =>
    naturalCompare(a.Spec.Name, b.Spec.Name),
  );
}

/** What rotating `target` would do, from the snapshot; refused when the next version's name can't be made. */
export function rotationPlan(snapshot: SwarmSnapshot, target: StoredObject): Parsed<RotationPlan> {
  const siblings = (target.kind === 'secret' ? snapshot.secrets : snapshot.configs) ?? [];
  const toName = nextVersionName(
    target.object.Spec.Name,
    siblings.map(object => object.Spec.Name),
  );
  if (!toName.ok) return toName;
  const services = usersOf(snapshot, target);
  const uses = services.flatMap(service =>
    referencesOf(service, target).map(reference => ({
      serviceId: service.ID,
      serviceName: service.Spec.Name,
      target: reference.File?.Name,
      uid: reference.File?.UID,
      gid: reference.File?.GID,
      mode: reference.File?.Mode,
    })),
  );
  return {
    ok: true,
    value: {
      kind: target.kind,
      from: {id: target.object.ID, name: target.object.Spec.Name},
      toName: toName.value,
      labels: {...target.object.Spec.Labels},
      uses,
      services: services.map(service => ({id: service.ID, name: service.Spec.Name})),
    },
  };
}

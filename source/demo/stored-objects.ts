// The demo's secrets and configs, with the engine's rules for them: names as
// swarmkit checks them, no two of a kind with one name, data of the right size,
// no removal while a service's spec refers to one. A secret's data is kept (the
// engine keeps it too) but, as on a real engine, never listed or inspected.

import {createHash} from 'node:crypto';
import {MAX_STORED_BYTES, type StoredKind, storedNameProblem} from '../docker/stored-objects.js';
import {EngineError} from './engine-error.js';
import type {Labels} from './engine-types.js';
import type {SwarmStore} from './store.js';
import {rfc3339Nano} from './time.js';

export interface StoredRecord {
  kind: StoredKind;
  ID: string;
  Version: {Index: number};
  CreatedAt: string;
  UpdatedAt: string;
  Spec: {Name: string; Labels: Labels};
  data: Buffer;
}

/** What the demo starts with: a database password two services share, the web front's config, and one unused old token. */
export const SEEDED: ReadonlyArray<{kind: StoredKind; name: string; labels?: Labels; data: string}> = [
  {kind: 'secret', name: 'shop_pg_password', labels: {'com.docker.stack.namespace': 'shop'}, data: 'demo-password'},
  {kind: 'secret', name: 'old_api_token', data: 'demo-token'},
  {kind: 'config', name: 'shop_nginx_conf', labels: {'com.docker.stack.namespace': 'shop'}, data: 'server { listen 80; }\n'},
];

export class StoredObjects {
  private readonly records = new Map<string, StoredRecord>();
  private created = 0;

  constructor(
    private readonly store: SwarmStore,
    now: number,
  ) {
    // Made a day before the demo starts, outside the store's clock and index, so no other object's stamps move.
    const made = rfc3339Nano(now - 24 * 3600_000);
    for (const [position, seed] of SEEDED.entries()) {
      this.add(seed.kind, {Name: seed.name, Labels: seed.labels ?? {}}, Buffer.from(seed.data), {index: position + 1, text: made});
    }
  }

  // IDs from a hash of what was made, not from the swarm's random stream: adding objects changes no other ID.
  private newId(kind: StoredKind, name: string): string {
    const digest = createHash('sha256').update(`${kind}\u0000${name}\u0000${this.created++}`).digest();
    let id = '';
    for (const byte of digest.subarray(0, 25)) id += (byte % 36).toString(36);
    return id;
  }

  list(kind: StoredKind): StoredRecord[] {
    return [...this.records.values()].filter(record => record.kind === kind).sort((a, b) => (a.ID < b.ID ? -1 : 1));
  }

  byName(kind: StoredKind, name: string): StoredRecord | undefined {
    return this.list(kind).find(record => record.Spec.Name === name);
  }

  find(kind: StoredKind, ref: string): StoredRecord {
    const record = this.records.get(ref) ?? this.byName(kind, ref);
    if (!record || record.kind !== kind) throw new EngineError(404, `${kind} ${ref} not found`);
    return record;
  }

  /** POST /secrets/create and /configs/create. */
  create(kind: StoredKind, spec: {Name?: unknown; Labels?: unknown}, data: Buffer): string {
    return this.add(kind, spec, data, {index: this.store.nextIndex(), text: this.store.stamp().text});
  }

  private add(kind: StoredKind, spec: {Name?: unknown; Labels?: unknown}, data: Buffer, made: {index: number; text: string}): string {
    const name = typeof spec.Name === 'string' ? spec.Name : '';
    const problem = storedNameProblem(name, kind);
    if (problem) throw EngineError.rpc('InvalidArgument', `invalid name, ${problem}`);
    if (data.length === 0 || data.length >= MAX_STORED_BYTES[kind]) {
      throw EngineError.rpc('InvalidArgument', `${kind} data must be larger than 0 and less than ${MAX_STORED_BYTES[kind] / 1024}KB`);
    }
    if (this.byName(kind, name)) throw new EngineError(409, `rpc error: code = AlreadyExists desc = ${kind} ${name} already exists`);
    const labels = spec.Labels && typeof spec.Labels === 'object' ? (spec.Labels as Labels) : {};
    const record: StoredRecord = {
      kind,
      ID: this.newId(kind, name),
      Version: {Index: made.index},
      CreatedAt: made.text,
      UpdatedAt: made.text,
      Spec: {Name: name, Labels: labels},
      data,
    };
    this.records.set(record.ID, record);
    return record.ID;
  }

  /** Removes it unless `users` (the services whose specs refer to it) is not empty, as the engine refuses. */
  remove(kind: StoredKind, ref: string, users: (id: string) => string[]): void {
    const record = this.find(kind, ref);
    const using = users(record.ID);
    if (using.length > 0) {
      throw EngineError.rpc(
        'InvalidArgument',
        `${kind} '${record.Spec.Name}' is in use by the following service${using.length === 1 ? '' : 's'}: ${using.join(', ')}`,
      );
    }
    this.records.delete(record.ID);
  }

  /** The object as GET /secrets or /configs lists it: a secret without its data. */
  json(record: StoredRecord): object {
    const {kind, data, ...meta} = record;
    return kind === 'config' ? {...meta, Spec: {...meta.Spec, Data: data.toString('base64')}} : meta;
  }
}

// GET /swarm: the cluster's settings, CA and join tokens, shown by the swarm pane.

import type {SwarmInfo} from '../types.js';
import {bool, listOf, num, shape, str, strings} from './guards.js';
import {text} from './common.js';

type Spec = NonNullable<SwarmInfo['Spec']>;

const spec = shape<Spec>({
  Name: str,
  Labels: strings,
  Orchestration: shape({TaskHistoryRetentionLimit: num}),
  Raft: shape({SnapshotInterval: num, KeepOldSnapshots: num, LogEntriesForSlowFollowers: num, ElectionTick: num, HeartbeatTick: num}),
  Dispatcher: shape({HeartbeatPeriod: num}),
  CAConfig: shape({NodeCertExpiry: num, ExternalCAs: listOf(shape({Protocol: str, URL: str}))}),
  EncryptionConfig: shape({AutoLockManagers: bool}),
  TaskDefaults: shape({LogDriver: shape({Name: str})}),
});

const swarm = shape<SwarmInfo>({
  ID: text,
  Version: shape({Index: value => num(value) ?? 0}),
  CreatedAt: str,
  UpdatedAt: str,
  Spec: spec,
  TLSInfo: shape({TrustRoot: str, CertIssuerSubject: str, CertIssuerPublicKey: str}),
  RootRotationInProgress: bool,
  DataPathPort: num,
  DefaultAddrPool: listOf(str),
  SubnetSize: num,
  JoinTokens: shape({Worker: str, Manager: str}),
});

/** The swarm object; an answer that is not an object is refused whole (the swarm pane says why). */
export function decodeSwarm(value: unknown): SwarmInfo {
  const read = swarm(value);
  if (!read) throw new Error('the engine answered /swarm with something other than an object');
  return read;
}

// A node of GET /nodes (and /nodes/{id}). Without an ID or a Spec there is no row to
// draw; any other field missing or wrong is shown as unknown or empty.

import type {SwarmNode} from '../types.js';
import {type Guard, always, bool, num, object, oneOf, shape, str, strings} from './guards.js';
import {platform, text, unreadable, version} from './common.js';
import type {ElementDecoder} from './set-aside.js';

type Node = SwarmNode;

const spec = object<Node['Spec']>(
  {
    Name: str,
    Labels: strings,
    Role: always(oneOf(['manager', 'worker']), () => 'unknown'),
    Availability: always(oneOf(['active', 'pause', 'drain']), () => 'unknown'),
  },
  () => ({Role: 'unknown', Availability: 'unknown'}),
);

const description: Guard<NonNullable<Node['Description']>> = shape<NonNullable<Node['Description']>>({
  Hostname: str,
  Platform: platform,
  Resources: shape({NanoCPUs: num, MemoryBytes: num}),
  Engine: shape({EngineVersion: str, Labels: strings}),
});

const status = object<Node['Status']>({State: always(oneOf(['unknown', 'down', 'ready', 'disconnected']), () => 'unknown'), Message: str, Addr: str}, () => ({
  State: 'unknown',
}));

const managerStatus = shape<NonNullable<Node['ManagerStatus']>>({Leader: bool, Reachability: oneOf(['unknown', 'unreachable', 'reachable']), Addr: str});

const fields = shape<Node>({
  ID: text,
  Version: version,
  CreatedAt: str,
  UpdatedAt: str,
  Spec: spec,
  Description: description,
  Status: status,
  ManagerStatus: managerStatus,
});

export const decodeNode: ElementDecoder<SwarmNode> = value => unreadable(value, 'ID', true) ?? fields(value)!;

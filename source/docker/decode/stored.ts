// Networks, secrets and configs of GET /networks, /secrets and /configs. A network
// without its `Id`, or a secret or config without an ID or a Spec, is set aside.

import type {SwarmConfig, SwarmNetwork, SwarmSecret} from '../types.js';
import {bool, listOf, object, shape, str, strings} from './guards.js';
import {text, unreadable, version} from './common.js';
import type {ElementDecoder} from './set-aside.js';

const network = shape<SwarmNetwork>({
  Name: text,
  Id: text,
  Created: str,
  Scope: str,
  Driver: str,
  EnableIPv6: bool,
  IPAM: shape({Driver: str, Config: listOf(shape({Subnet: str, Gateway: str, IPRange: str}))}),
  Internal: bool,
  Attachable: bool,
  Ingress: bool,
  Options: strings,
  Labels: strings,
});

export const decodeNetwork: ElementDecoder<SwarmNetwork> = value => unreadable(value, 'Id', false) ?? network(value)!;

const named = shape({Name: str});

const secret = shape<SwarmSecret>({
  ID: text,
  Version: version,
  CreatedAt: str,
  UpdatedAt: str,
  Spec: object<SwarmSecret['Spec']>({Name: text, Labels: strings, Driver: named, Templating: named}, () => ({Name: ''})),
});

export const decodeSecret: ElementDecoder<SwarmSecret> = value => unreadable(value, 'ID', true) ?? secret(value)!;

const config = shape<SwarmConfig>({
  ID: text,
  Version: version,
  CreatedAt: str,
  UpdatedAt: str,
  Spec: object<SwarmConfig['Spec']>({Name: text, Labels: strings, Data: str, Templating: named}, () => ({Name: ''})),
});

export const decodeConfig: ElementDecoder<SwarmConfig> = value => unreadable(value, 'ID', true) ?? config(value)!;

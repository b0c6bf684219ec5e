// Volumes of GET /volumes (the manager's, and each reached node's own). A volume is
// known by its name: one without a name is set aside. The engine wraps the list in an
// object (`{"Volumes": […], "Warnings": […]}`), which docker/lists.ts's record unwraps.

import type {SwarmVolume} from '../types.js';
import {isObject, listOf, shape, str, strings} from './guards.js';
import {text} from './common.js';
import {type ElementDecoder, Unreadable} from './set-aside.js';

const cluster = shape<NonNullable<SwarmVolume['ClusterVolume']>>({
  ID: str,
  Spec: shape({Group: str, AccessMode: shape({Scope: str, Sharing: str}), Availability: str}),
  PublishStatus: listOf(shape({NodeID: str, State: str})),
});

const volume = shape<SwarmVolume>({
  Name: text,
  Driver: text,
  Mountpoint: str,
  CreatedAt: str,
  Scope: str,
  Options: strings,
  Labels: strings,
  ClusterVolume: cluster,
});

const NOT_AN_OBJECT = new Unreadable('not an object');
const NO_NAME = new Unreadable('no Name');

export const decodeVolume: ElementDecoder<SwarmVolume> = value => {
  if (!isObject(value)) return NOT_AN_OBJECT;
  if (typeof value.Name !== 'string' || value.Name === '') return NO_NAME;
  return volume(value)!;
};

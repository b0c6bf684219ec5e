// One line of GET /events. Without a `Type` string it says nothing swarmtop can use
// and is skipped (counted by the line decoder); every other field has a default.

import type {EngineEvent} from '../events.js';
import {isObject, num, shape, str, strings} from './guards.js';
import {text} from './common.js';

const event = shape<EngineEvent>({
  Type: text,
  Action: text,
  Actor: shape({ID: str, Attributes: strings}),
  scope: str,
  time: num,
  timeNano: num,
});

export function decodeEvent(value: unknown): EngineEvent | undefined {
  return isObject(value) && typeof value.Type === 'string' ? event(value) : undefined;
}

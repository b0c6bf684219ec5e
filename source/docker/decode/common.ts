// Fields several engine objects share, and the checks that decide whether an object can be read at all.

import type {ObjectVersion, Platform} from '../types.js';
import {type Always, isObject, num, object, shape, str} from './guards.js';
import {Unreadable} from './set-aside.js';

export const version: Always<ObjectVersion> = object<ObjectVersion>({Index: value => num(value) ?? 0}, () => ({Index: 0}));

export const platform = shape<Platform>({Architecture: str, OS: str});

/** A string field the panes show: missing or wrong, it is empty. */
export const text: Always<string> = value => (typeof value === 'string' ? value : '');

const NOT_AN_OBJECT = new Unreadable('not an object');
const NO_ID = new Unreadable('no ID');
const NO_SPEC = new Unreadable('no Spec');

/** Why an engine object cannot be read at all (not an object, no ID under `idField`, no Spec when it needs one), or undefined. */
export function unreadable(value: unknown, idField: 'ID' | 'Id', needsSpec: boolean): Unreadable | undefined {
  if (!isObject(value)) return NOT_AN_OBJECT;
  const id = value[idField];
  if (typeof id !== 'string' || id === '') return NO_ID;
  if (needsSpec && !isObject(value.Spec)) return NO_SPEC;
  return undefined;
}

// The `filters` query parameter: JSON mapping a key to its values, either as
// a list ({"service":["web"]}) or in the older map form ({"service":{"web":true}}).
// Values of one key are alternatives; different keys must all match.

import {EngineError} from '../engine-error.js';
import type {Labels} from '../engine-types.js';

export type Filters = Map<string, string[]>;

/** `accepted` lists the keys the endpoint knows; others are refused, as the engine does (events accept anything). */
export function parseFilters(text: string | null, accepted?: readonly string[]): Filters {
  const filters: Filters = new Map();
  if (text === null || text.trim() === '') return filters;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EngineError(400, `invalid filter: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new EngineError(400, 'invalid filter: expected a JSON object');
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (accepted && !accepted.includes(key)) throw new EngineError(400, `Invalid filter '${key}'`);
    const values = Array.isArray(value) ? value.map(String) : typeof value === 'object' && value !== null ? Object.keys(value) : [String(value)];
    filters.set(key, values);
  }
  return filters;
}

export function matchesLabels(labels: Labels | undefined, wanted: readonly string[] | undefined): boolean {
  if (!wanted?.length) return true;
  // Unlike other keys, every label filter must hold.
  return wanted.every(filter => {
    const [key, value] = filter.split('=', 2) as [string, string | undefined];
    const actual = labels?.[key];
    return actual !== undefined && (value === undefined || actual === value);
  });
}

export function matchesPrefix(value: string, prefixes: readonly string[] | undefined): boolean {
  return !prefixes?.length || prefixes.some(prefix => value.startsWith(prefix));
}

export function matchesExact(value: string | undefined, options: readonly string[] | undefined): boolean {
  return !options?.length || (value !== undefined && options.includes(value));
}

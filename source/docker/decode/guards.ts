// The pieces every engine-answer decoder is made of: typed guards that say what a
// field must be and what it becomes when the engine sent something else. An engine
// may be old, broken or hostile, so nothing it sends is trusted to match types.ts.
//
// A guard returns the value when it fits (the same object when nothing needed
// repair, so a well-formed answer costs no allocation) and undefined when it does
// not. `shape` keeps the fields it does not know, so an object shown as YAML or
// edited and sent back loses nothing the engine sent.

export type Guard<T> = (value: unknown) => T | undefined;
/** A guard that always yields a value: a required field's default stands in for a missing or wrong one. */
export type Always<T> = (value: unknown) => T;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const str: Guard<string> = value => (typeof value === 'string' ? value : undefined);
export const num: Guard<number> = value => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
export const bool: Guard<boolean> = value => (typeof value === 'boolean' ? value : undefined);

/** One of `values`; anything else is not read. */
export function oneOf<const V extends string>(values: readonly V[]): Guard<V> {
  const known = new Set<string>(values);
  return value => (typeof value === 'string' && known.has(value) ? (value as V) : undefined);
}

/** `guard`, or `fallback` when the field is missing or wrong. */
export function always<T>(guard: Guard<T>, fallback: () => T): Always<T> {
  return value => guard(value) ?? fallback();
}

/** A map of strings (labels, options): entries whose value is not a string are left out. */
export const strings: Guard<Record<string, string>> = value => {
  if (!isObject(value)) return undefined;
  let copy: Record<string, string> | undefined;
  for (const key in value) {
    if (typeof value[key] === 'string') continue;
    copy ??= {...(value as Record<string, string>)};
    delete copy[key];
  }
  return copy ?? (value as Record<string, string>);
};

/** A list whose elements `guard` reads; unreadable elements are left out. */
export function listOf<T>(guard: Guard<T>): Guard<T[]> {
  return value => {
    if (!Array.isArray(value)) return undefined;
    let copy: T[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const element = guard(value[i]);
      if (copy) {
        if (element !== undefined) copy.push(element);
      } else if (element !== value[i]) {
        copy = (value as T[]).slice(0, i);
        if (element !== undefined) copy.push(element);
      }
    }
    return copy ?? (value as T[]);
  };
}

/** Every declared field of T has a guard; a required one must have a default (`always`). */
export type Fields<T> = {[K in keyof T]-?: undefined extends T[K] ? Guard<NonNullable<T[K]>> : Always<T[K]>};

/**
 * An object whose declared fields are checked: a wrong optional field is left out, a
 * wrong or missing required one gets its default, fields not declared pass unchanged.
 */
export function shape<T>(fields: Fields<T>): Guard<T> {
  const keys = Object.keys(fields);
  const guards = Object.values(fields) as Array<Guard<unknown>>;
  return value => {
    if (!isObject(value)) return undefined;
    let copy: JsonObject | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const raw = value[key];
      const read = guards[i]!(raw);
      if (read === raw) continue;
      copy ??= {...value};
      if (read === undefined) delete copy[key];
      else copy[key] = read;
    }
    return (copy ?? value) as T;
  };
}

/** `guard`, for objects whose `key` is a string: one without it is not read at all. */
export function requiring<T>(key: string, guard: Guard<T>): Guard<T> {
  return value => (isObject(value) && typeof value[key] === 'string' ? guard(value) : undefined);
}

/** A required object field: `shape`, or the object `fallback` makes. */
export function object<T>(fields: Fields<T>, fallback: () => T): Always<T> {
  return always(shape(fields), fallback);
}

// What a decoder makes of an object it cannot read, and how a list counts them. An
// unreadable object is set aside, not thrown: one malformed node must cost its own
// row, never the pane or the console.

import type {ListName} from '../lists.js';

/** Why an object was set aside: "no Spec", "not an object". */
export class Unreadable {
  constructor(readonly reason: string) {}
}

/** One element of an engine list as the project's own type, or why it could not be. */
export type ElementDecoder<T> = (value: unknown) => T | Unreadable;

/** The objects of one list set aside in one read: how many, and how many for each reason. */
export interface SetAside {
  count: number;
  reasons: Readonly<Record<string, number>>;
}

/** The lists of a snapshot whose objects can be set aside: every list of docker/lists.ts. */
export type DecodedListName = ListName;

/** A list as read: the readable objects, and what was set aside (absent when nothing was). */
export type ReadList<T> = T[] & {setAside?: SetAside};

/** Counts set-aside objects as a list is read. */
export class SetAsideCounter {
  private count = 0;
  private reasons: Record<string, number> | undefined;

  add(unreadable: Unreadable): void {
    this.count += 1;
    this.reasons ??= {};
    this.reasons[unreadable.reason] = (this.reasons[unreadable.reason] ?? 0) + 1;
  }

  /** `items` carrying the count, when anything was set aside. */
  attach<T>(items: T[]): ReadList<T> {
    return this.reasons ? Object.assign(items, {setAside: {count: this.count, reasons: this.reasons}}) : items;
  }
}

/** Decodes a whole list already parsed (dockerode's answer); a body that is not a list is refused whole. */
export function decodeList<T>(value: unknown, decode: ElementDecoder<T>, what: string): ReadList<T> {
  if (!Array.isArray(value)) throw new Error(`the engine answered ${what} with something other than a list`);
  const counter = new SetAsideCounter();
  const items: T[] = [];
  for (const element of value) {
    const read = decode(element);
    if (read instanceof Unreadable) counter.add(read);
    else items.push(read);
  }
  return counter.attach(items);
}

/** The larger count for each reason: what a partial read adds to the last whole read's, without counting one object twice. */
export function mergeSetAside(previous: SetAside | undefined, next: SetAside | undefined): SetAside | undefined {
  if (!previous || !next) return previous ?? next;
  const reasons: Record<string, number> = {...previous.reasons};
  for (const [reason, count] of Object.entries(next.reasons)) reasons[reason] = Math.max(reasons[reason] ?? 0, count);
  return {count: Object.values(reasons).reduce((sum, count) => sum + count, 0), reasons};
}

/** One object read by ID (an inspect before a write): one that cannot be read is refused, with why. */
export function decodeOne<T>(value: unknown, decode: ElementDecoder<T>, what: string): T {
  const read = decode(value);
  if (read instanceof Unreadable) throw new Error(`the engine's answer for ${what} could not be read: ${read.reason}`);
  return read;
}

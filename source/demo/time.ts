// Time formats the engine uses. The simulation runs in milliseconds, but real
// swarm timestamps carry nanoseconds; a made-up sub-millisecond part keeps the
// strings looking real while staying strictly increasing, so anything that
// sorts by timestamp sees the same order as the simulation.

const NANOS_PER_MS = 1_000_000;

/** Go's time.RFC3339Nano: fraction with trailing zeros trimmed, e.g. 2025-01-02T03:04:05.12345Z. */
export function rfc3339Nano(ms: number, subMsNanos = 0): string {
  const base = new Date(Math.floor(ms)).toISOString(); // 2025-01-02T03:04:05.123Z
  const fraction = (base.slice(20, 23) + String(subMsNanos).padStart(6, '0')).replace(/0+$/, '');
  return base.slice(0, 19) + (fraction ? '.' + fraction : '') + 'Z';
}

/** The fixed-width form `docker logs --timestamps` prints (always nine digits). */
export function rfc3339NanoFixed(ms: number, subMsNanos = 0): string {
  const base = new Date(Math.floor(ms)).toISOString();
  return base.slice(0, 20) + base.slice(20, 23) + String(subMsNanos).padStart(6, '0') + 'Z';
}

/** Unix nanoseconds as decimal digits: the value exceeds 2^53, so it must never pass through a number. */
export function unixNanoDigits(ms: number, subMsNanos = 0): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n + BigInt(subMsNanos)).toString();
}

/** Parses the engine's `since`/`until` query values: unix seconds with an optional fraction, or RFC 3339. */
export function parseEngineTime(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined || text.trim() === '') return undefined;
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) {
    const [seconds, fraction = ''] = value.split('.');
    return Number(seconds) * 1000 + Number((fraction + '000').slice(0, 3));
  }
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export interface Stamp {
  ms: number;
  subMsNanos: number;
  text: string;
}

/** Hands out strictly increasing nanosecond timestamps for a clock measured in milliseconds. */
export class Stamper {
  private lastMs = -Infinity;
  private lastSub = 0;
  private counter = 0;

  stamp(ms: number): Stamp {
    this.counter++;
    // A deterministic scatter, so successive stamps don't all end in the same digits.
    let sub = (this.counter * 7919 + 104_729) % NANOS_PER_MS;
    let at = Math.floor(ms);
    if (at < this.lastMs || (at === this.lastMs && sub <= this.lastSub)) {
      at = this.lastMs;
      sub = this.lastSub + 1;
      if (sub >= NANOS_PER_MS) {
        at += 1;
        sub = 0;
      }
    }
    this.lastMs = at;
    this.lastSub = sub;
    return {ms: at, subMsNanos: sub, text: rfc3339Nano(at, sub)};
  }
}

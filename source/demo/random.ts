// Seeded randomness: the same seed builds the same swarm and plays the same
// story, so tests can assert exact outcomes and demo recordings are repeatable.

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

export class Random {
  private state: number;

  constructor(seed: number) {
    // Any seed, including 0, must give a non-degenerate sequence.
    this.state = (seed ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5;
  }

  /** Uniform in [0, 1). */
  next(): number {
    // mulberry32: tiny, fast, and good enough for simulation noise.
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Duration in [range[0], range[1]] milliseconds. */
  between(range: readonly [number, number]): number {
    return this.int(range[0], range[1]);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A swarm object ID: 25 lowercase base-36 characters, like swarmkit's identity.NewID(). */
  swarmId(): string {
    let id = '';
    for (let i = 0; i < 25; i++) id += ID_ALPHABET[Math.floor(this.next() * 36)];
    return id;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  /** A container ID or image digest body: 64 hex characters. */
  containerId(): string {
    return this.hex(64);
  }

  base64(bytes: number): string {
    const raw = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) raw[i] = Math.floor(this.next() * 256);
    return raw.toString('base64');
  }

  /** A child generator whose sequence does not depend on how much the parent is used later. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4294967296));
  }
}

/** Stateless hash of two integers into [0, 1): log lines are a pure function of (task, line number). */
export function hashUnit(a: number, b: number): number {
  let h = Math.imul(a ^ 0x85ebca6b, 0xc2b2ae35) ^ Math.imul(b + 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

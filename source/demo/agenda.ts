// The simulation's clock: a time-ordered queue of things that will happen.
// Nothing runs by itself; `advanceTo` replays everything due, each at its own
// moment, so a test that ticks 10 s sees exactly what a real 10 s would bring,
// and a swarm with 20,000 idle tasks costs nothing per tick.

export interface Scheduled {
  readonly at: number;
  cancelled: boolean;
}

interface Entry extends Scheduled {
  seq: number;
  run: () => void;
}

export class Agenda {
  private heap: Entry[] = [];
  private seq = 0;
  private currentTime: number;

  constructor(startTime: number) {
    this.currentTime = startTime;
  }

  get now(): number {
    return this.currentTime;
  }

  get pending(): number {
    return this.heap.length;
  }

  at(time: number, run: () => void): Scheduled {
    const entry: Entry = {at: Math.max(time, this.currentTime), seq: this.seq++, run, cancelled: false};
    this.push(entry);
    return entry;
  }

  after(delayMs: number, run: () => void): Scheduled {
    return this.at(this.currentTime + Math.max(0, delayMs), run);
  }

  /** Runs every action due up to `time`, in order, then leaves the clock at `time`. */
  advanceTo(time: number): void {
    while (this.heap.length > 0 && this.heap[0]!.at <= time) {
      const entry = this.pop();
      if (entry.cancelled) continue;
      this.currentTime = Math.max(this.currentTime, entry.at);
      entry.run();
    }
    this.currentTime = Math.max(this.currentTime, time);
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

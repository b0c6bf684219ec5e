// Reads asked for by engine events: one at once, or after the early-read gap on a big swarm
// (swarm-cache.ts says how long), and never two at a time: an event during a read asks for one
// more when it ends, by the same rule, since that read may have started before the change.

export class EarlyReads {
  private timer?: ReturnType<typeof setTimeout>;
  private reading = false;
  private askedDuringRead = false;

  constructor(
    /** How long to wait before the next early read; 0 or less: at once. */
    private readonly waitMs: () => number,
    /** Starts a read. */
    private readonly read: () => void,
  ) {}

  /** An event wants the swarm read again. */
  ask(): void {
    if (this.reading) {
      this.askedDuringRead = true;
      return;
    }
    const wait = this.waitMs();
    if (wait <= 0) return this.read();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.read();
    }, wait);
  }

  /** Runs one read; an ask meanwhile is answered after it, when it refreshed. */
  async around(read: () => Promise<unknown>): Promise<void> {
    this.reading = true;
    const refreshed = await read().finally(() => (this.reading = false));
    if (refreshed && this.askedDuringRead) {
      this.askedDuringRead = false;
      this.ask();
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

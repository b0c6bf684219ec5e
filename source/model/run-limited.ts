/** Runs `work` on each item, at most `limit` at a time, and settles when all are done. */
export async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
}

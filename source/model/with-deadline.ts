// A share of work that must not hold up the rest: it gets a signal, and its caller
// goes on at the deadline whether or not the work honoured the signal.

/**
 * Runs `work` with a signal that aborts after `ms`, and settles by then whether or not the
 * work honours it (a transport may not): true when the deadline came first.
 */
export async function withDeadline(ms: number, work: (signal: AbortSignal) => Promise<void>): Promise<boolean> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<true>(resolve => {
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer in ${ms / 1000} s`));
      resolve(true);
    }, ms);
  });
  try {
    const done = work(controller.signal).then(
      () => false,
      () => false,
    );
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

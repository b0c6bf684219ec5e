// A share of work that must not hold up the rest: it gets a signal, and its caller
// goes on at the deadline whether or not the work honoured the signal.

/**
 * Runs `work` with a signal that aborts after `ms` (or when `parent` aborts), and settles by
 * then whether or not the work honours it (a transport may not): true when the deadline came first.
 */
export async function withDeadline(ms: number, work: (signal: AbortSignal) => Promise<void>, parent?: AbortSignal): Promise<boolean> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onParentAbort: (() => void) | undefined;
  const late = new Promise<boolean>(resolve => {
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer in ${ms / 1000} s`));
      resolve(true);
    }, ms);
    onParentAbort = () => {
      controller.abort(parent!.reason);
      resolve(false);
    };
    if (parent?.aborted) onParentAbort();
    else parent?.addEventListener('abort', onParentAbort, {once: true});
  });
  try {
    const done = work(controller.signal).then(
      () => false,
      () => false,
    );
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
    if (onParentAbort) parent?.removeEventListener('abort', onParentAbort);
  }
}

/** Whether `promise` settles within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>(resolve => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

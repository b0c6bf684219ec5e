// What an operator types is checked before anything is sent: a bad value gets a
// message that says what is wrong, and the request is never made.

export type Parsed<T> = {ok: true; value: T} | {ok: false; error: string};

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const fail = <T>(error: string): Parsed<T> => ({ok: false, error});

/** Replicas beyond this are almost certainly a typo (1e9, an extra zero or three). */
export const MAX_REPLICAS = 10_000;

export function parseReplicas(input: string): Parsed<number> {
  const text = input.trim();
  if (!text) return fail('enter a number of replicas');
  if (/^-/.test(text)) return fail(`replicas can't be negative (got ${text})`);
  if (!/^\d+$/.test(text)) return fail(`replicas must be a whole number (got ${text})`);
  const replicas = Number(text);
  if (replicas > MAX_REPLICAS) return fail(`${text} replicas is more than ${MAX_REPLICAS}: use the docker CLI if you mean it`);
  return ok(replicas);
}

// The image reference grammar of the distribution spec: [host[:port]/]path[:tag][@digest].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::\\d+)?';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

export function parseImage(input: string): Parsed<string> {
  const text = input.trim();
  if (!text) return fail('enter an image, e.g. nginx:1.27');
  if (/\s/.test(text)) return fail(`an image reference has no spaces (got "${text}")`);
  if (text.length > 255) return fail('that image reference is longer than 255 characters');
  if (!REFERENCE.test(text)) return fail(`"${text}" is not a valid image reference (repository names are lowercase: name[:tag][@digest])`);
  return ok(text);
}

/** Empty keeps the current setting. */
export function parseParallelism(input: string): Parsed<number | undefined> {
  const text = input.trim();
  if (!text) return ok(undefined);
  if (!/^\d+$/.test(text)) return fail(`parallelism must be a whole number, 0 for all at once (got ${text})`);
  return ok(Number(text));
}

const UNIT_NS: Record<string, number> = {ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9};

/** A Go duration as the docker CLI takes it ("10s", "1m30s", "500ms", "0"); empty keeps the current setting. */
export function parseDuration(input: string): Parsed<number | undefined> {
  const text = input.trim();
  if (!text) return ok(undefined);
  if (text === '0') return ok(0);
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * UNIT_NS[match[2]!]!;
    consumed = part.lastIndex;
  }
  if (consumed !== text.length || consumed === 0) return fail(`"${text}" is not a duration: use e.g. 10s, 1m30s or 500ms`);
  return ok(Math.round(total));
}

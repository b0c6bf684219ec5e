// Engine API version negotiation, done the way the docker CLI does it: ask the
// engine which API it speaks and use the lower of that and ours, so an older
// engine is never sent a path it does not know and a newer one keeps our
// request/response shapes stable.

// The newest API our request and response shapes were written against (Docker 27.x).
export const MAX_API_VERSION = '1.47';
// Docker 17.06: the oldest engine whose swarm endpoints we rely on (service
// status, task and node fields) answer in the shape we expect.
export const MIN_API_VERSION = '1.30';

export type ApiVersionNegotiation = {ok: true; version: string} | {ok: false; problem: string};

export function parseApiVersion(text: string | undefined): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)$/.exec((text ?? '').trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

// Numeric, not lexical: '1.9' < '1.41'.
export function compareApiVersions(a: string, b: string): number {
  const left = parseApiVersion(a);
  const right = parseApiVersion(b);
  if (!left || !right) throw new Error(`not an API version: ${left ? b : a}`);
  return left[0] - right[0] || left[1] - right[1];
}

export function negotiateApiVersion(server: {ApiVersion?: string; MinAPIVersion?: string}): ApiVersionNegotiation {
  const serverVersion = server.ApiVersion?.trim();
  if (!serverVersion || !parseApiVersion(serverVersion)) {
    return {ok: false, problem: `reported no usable API version (${JSON.stringify(server.ApiVersion ?? null)}) — is this a Docker engine?`};
  }
  if (compareApiVersions(serverVersion, MIN_API_VERSION) < 0) {
    return {ok: false, problem: `speaks API ${serverVersion}, but swarmtop needs API ${MIN_API_VERSION} (Docker 17.06) or newer — upgrade the engine`};
  }
  const serverMinimum = server.MinAPIVersion?.trim();
  if (serverMinimum && parseApiVersion(serverMinimum) && compareApiVersions(serverMinimum, MAX_API_VERSION) > 0) {
    return {ok: false, problem: `only accepts API ${serverMinimum} or newer, but swarmtop speaks at most ${MAX_API_VERSION} — upgrade swarmtop`};
  }
  const version = compareApiVersions(serverVersion, MAX_API_VERSION) < 0 ? serverVersion : MAX_API_VERSION;
  return {ok: true, version: version.replace(/^v/, '')};
}

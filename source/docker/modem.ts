// The slice of dockerode's modem that streaming endpoints (logs, events) dial
// directly: dockerode's own helpers buffer or parse bodies these need raw.

export interface DialOptions {
  path: string;
  method: 'GET';
  isStream: true;
  abortSignal?: AbortSignal;
  statusCodes: Record<number, true | string>;
  options: Record<string, unknown>;
}

export interface Modem {
  /** The negotiated API version, when one was set. */
  version?: string;
  dial(options: DialOptions, callback: (error: unknown, response: unknown) => void): void;
}

/** A streamed response body, with its headers. */
export interface ResponseStream extends AsyncIterable<Uint8Array> {
  headers?: Record<string, string | string[] | undefined>;
  destroy?(): void;
}

// An error the engine would answer with: HTTP status plus the exact message
// text, including the "rpc error: code = … desc = …" wrapping the daemon
// leaves on errors that come back from swarmkit's control API.

export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  static notFound(kind: 'service' | 'node' | 'task', ref: string): EngineError {
    return new EngineError(404, `${kind} ${ref} not found`);
  }

  static ambiguous(kind: 'service' | 'node' | 'task', ref: string, matches: number): EngineError {
    return new EngineError(400, `${kind} ${ref} is ambiguous (${matches} matches found)`);
  }

  static outOfSequence(): EngineError {
    return new EngineError(500, 'rpc error: code = Unknown desc = update out of sequence');
  }

  /** gRPC status codes map to HTTP the way the daemon's error translation does. */
  static rpc(code: 'InvalidArgument' | 'FailedPrecondition' | 'Unimplemented' | 'NotFound', description: string): EngineError {
    const status = {InvalidArgument: 400, FailedPrecondition: 400, Unimplemented: 501, NotFound: 404}[code];
    return new EngineError(status, `rpc error: code = ${code} desc = ${description}`);
  }
}

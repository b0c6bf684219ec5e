// Small capability interfaces: the model and the views depend on what a resource
// can do, not on dockerode, so tests and the demo engine can stand in for it.

export interface Listable<T> {
  list(signal?: AbortSignal): Promise<T[]>;
}

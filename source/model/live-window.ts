// The services that are moving now, read fast until they settle. The engine sends no task
// events and its services list counts running tasks only when it is read, so a replica that
// comes up on a worker showed at the next refresh, ~2 s late. A service event, a change sent
// from this console, or a container event from a node's engine opens a window on that
// service: its own tasks and its own entry in the services list are read every LIVE_READ_MS
// (the docker CLI's progress display polls as often) until it converges or the window ends.
// Only the services in a window are read, so a console with nothing moving reads nothing more.
import type {SwarmService, SwarmTask} from '../docker/types.js';

/** How often the services in a window are read. */
export const LIVE_READ_MS = 200;
/** A window closes after this long even if its service never converges (a crash loop). */
export const LIVE_WINDOW_MS = 60_000;
/**
 * A window stays open at least this long: a change sent from the console opens it before the
 * engine has it, and an update's state reads "completed" until the engine's updater starts.
 */
export const LIVE_MIN_OPEN_MS = 1500;
/** At most this many services are read per live read (the newest windows first). */
export const MAX_LIVE_SERVICES = 8;

/** Whether a service in a window has settled: running as many as it wants, no update under way, no task on its way. */
export function serviceSettled(service: SwarmService | undefined, tasks: readonly SwarmTask[]): boolean {
  // Gone from the swarm: nothing more to watch.
  if (!service) return true;
  const state = service.UpdateStatus?.State;
  if (state === 'updating' || state === 'rollback_started') return false;
  const status = service.ServiceStatus;
  if (status && status.RunningTasks < status.DesiredTasks) return false;
  return !tasks.some(task => {
    const current = task.Status.State;
    return task.DesiredState === 'running'
      ? current !== 'running' && current !== 'complete' && current !== 'failed' && current !== 'rejected'
      : task.DesiredState === 'shutdown' && (current === 'running' || current === 'starting');
  });
}

interface Window {
  openedAt: number;
  /** When it was last opened or reopened: the newest are read first. */
  touchedAt: number;
}

/** The open windows, by service ID. Pure state: the poller reads and settles them. */
export class LiveWindows {
  private readonly windows = new Map<string, Window>();

  /** Opens a window on `serviceId`, or renews an open one (it then runs LIVE_WINDOW_MS from now). */
  open(serviceId: string, now: number): void {
    this.windows.delete(serviceId);
    this.windows.set(serviceId, {openedAt: now, touchedAt: now});
  }

  /** The services to read at `now`, newest first, at most MAX_LIVE_SERVICES; windows past their time close. */
  due(now: number): string[] {
    for (const [id, window] of this.windows) if (now - window.openedAt >= LIVE_WINDOW_MS) this.windows.delete(id);
    return [...this.windows.keys()].reverse().slice(0, MAX_LIVE_SERVICES);
  }

  get size(): number {
    return this.windows.size;
  }

  has(serviceId: string): boolean {
    return this.windows.has(serviceId);
  }

  /** What a live read found of a service: a settled one's window closes (once open LIVE_MIN_OPEN_MS). */
  settle(serviceId: string, service: SwarmService | undefined, tasks: readonly SwarmTask[], now: number): void {
    const window = this.windows.get(serviceId);
    if (!window) return;
    if (now - window.openedAt >= LIVE_MIN_OPEN_MS && serviceSettled(service, tasks)) this.windows.delete(serviceId);
  }

  /** Closes a window whatever its service's state (another read covers it). */
  close(serviceId: string): void {
    this.windows.delete(serviceId);
  }

  clear(): void {
    this.windows.clear();
  }
}

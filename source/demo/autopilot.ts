// The demo's script: what happens in the swarm without anyone touching it,
// so `swarmtop --demo` has something to show. Every few minutes a release of
// the checkout service fails and is rolled back, another service rolls out a
// new version, and one is scaled up and back down. All of it goes through the
// same commands the API uses, so it looks exactly like an operator's doing.

import {BROKEN_RELEASE} from './catalog.js';
import type {Random} from './random.js';
import type {ServiceRecord} from './records.js';
import type {DemoSwarm} from './swarm.js';

const CYCLE_MS = 6 * 60_000;
const MANY_SERVICES = 50;
const CHURN_EVERY_MS = 15_000;
/** The small swarm's service that is asked, once a cycle, to reserve more than any node has. */
const OVERSIZED_SERVICE = 'ops_debug-console';
const OVERSIZED_BYTES = 256 * 1024 ** 3;

/**
 * The script's remote control, so a benchmark can play the same story at the
 * same moments every run: `hold` stops it (what is under way finishes on its
 * own), `release` starts the cycle again from `cycleOffsetMs` into it.
 */
export interface Autopilot {
  readonly held: boolean;
  hold(): void;
  release(cycleOffsetMs?: number): void;
}

export function startAutopilot(swarm: DemoSwarm, random: Random, {held = false} = {}): Autopilot {
  const byRole = (role: ServiceRecord['role']): ServiceRecord[] => [...swarm.store.services.values()].filter(service => service.role === role);
  const scripts: Array<{offsetMs: number; periodMs: number; action: () => void}> = [];
  // Each release starts a new generation; entries of an older one find they are stale and stop.
  let generation = 0;
  let isHeld = held;

  const play = (cycleOffsetMs: number): void => {
    const current = ++generation;
    const start = swarm.now - cycleOffsetMs;
    for (const {offsetMs, periodMs, action} of scripts) {
      const run = (time: number): void => {
        swarm.at(time, () => {
          if (current !== generation) return;
          try {
            action();
          } catch {
            // The operator got there first (version conflict, service removed): skip this round.
          }
          run(time + periodMs);
        });
      };
      // The first round not already behind us at the offset asked for.
      const behind = Math.max(0, Math.ceil((swarm.now - (start + offsetMs)) / periodMs));
      run(start + offsetMs + behind * periodMs);
    }
  };

  const every = (offsetMs: number, periodMs: number, action: () => void): void => {
    scripts.push({offsetMs, periodMs, action});
  };

  every(20_000, CYCLE_MS, () => {
    for (const service of byRole('failing-update')) {
      if (service.removed || service.api.UpdateStatus?.State === 'updating') continue;
      swarm.setImage(service.api.ID, pinned(BROKEN_RELEASE, random));
    }
  });

  every(60_000, CYCLE_MS, () => {
    for (const service of byRole('rolling-update')) {
      if (service.removed || service.api.UpdateStatus?.State === 'updating') continue;
      swarm.setImage(service.api.ID, pinned(nextPatch(service.api.Spec.TaskTemplate.ContainerSpec.Image), random));
    }
  });

  every(150_000, CYCLE_MS, () => {
    for (const service of byRole('scaling')) {
      const mode = service.api.Spec.Mode;
      if (!service.removed && 'Replicated' in mode) swarm.scale(service.api.ID, mode.Replicated.Replicas + 2);
    }
  });

  every(240_000, CYCLE_MS, () => {
    for (const service of byRole('scaling')) {
      const mode = service.api.Spec.Mode;
      if (!service.removed && 'Replicated' in mode) swarm.scale(service.api.ID, Math.max(1, mode.Replicated.Replicas - 2));
    }
  });

  // Someone asks for more memory than any node has: the console shows the task
  // pending with why, and the update's diff; a little later it is rolled back.
  every(100_000, CYCLE_MS, () => {
    const service = swarm.service(OVERSIZED_SERVICE);
    if (service.removed || service.api.UpdateStatus?.State === 'updating') return;
    const spec = structuredClone(service.api.Spec);
    spec.TaskTemplate.Resources = {...spec.TaskTemplate.Resources, Reservations: {...spec.TaskTemplate.Resources?.Reservations, MemoryBytes: OVERSIZED_BYTES}};
    swarm.updateService(service.api.ID, service.api.Version.Index, spec);
  });
  every(200_000, CYCLE_MS, () => {
    const service = swarm.service(OVERSIZED_SERVICE);
    if (!service.removed && service.api.Spec.TaskTemplate.Resources?.Reservations?.MemoryBytes === OVERSIZED_BYTES) swarm.rollback(service.api.ID);
  });

  // A big swarm is never quiet: somebody is always redeploying something.
  if (swarm.store.services.size >= MANY_SERVICES) {
    every(CHURN_EVERY_MS, CHURN_EVERY_MS, () => {
      const candidates = [...swarm.store.services.values()].filter(
        service => !service.role && !service.behaviour.crash && service.api.UpdateStatus?.State !== 'updating',
      );
      if (candidates.length) swarm.forceUpdate(random.pick(candidates).api.ID);
    });
  }

  if (!isHeld) play(0);
  return {
    get held() {
      return isHeld;
    },
    hold() {
      isHeld = true;
      generation++;
    },
    release(cycleOffsetMs = 0) {
      if (!(cycleOffsetMs >= 0)) throw new Error(`autopilot: the cycle offset must be a number of ms ≥ 0, got ${cycleOffsetMs}`);
      isHeld = false;
      play(cycleOffsetMs);
    },
  };
}

/** registry/app:2.14.0@sha256:… → registry/app:2.14.1 */
function nextPatch(image: string): string {
  const reference = image.replace(/@.*$/, '');
  return reference.replace(/(\d+)(\D*)$/, (_match, digits: string, rest: string) => `${Number(digits) + 1}${rest}`);
}

/** The digest the daemon would have resolved and pinned for the new tag. */
function pinned(reference: string, random: Random): string {
  return `${reference}@sha256:${random.hex(64)}`;
}

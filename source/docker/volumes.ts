// The volumes of the engine the console talks to (GET /volumes): what a stack plan
// compares a file's named volumes with. Swarm keeps no volume object: each node's engine
// creates a stack's volume when a task mounts it, so the manager's list is the one place
// the plan can look without reaching every node. Read only; a volume without a name is left out.

import type Dockerode from 'dockerode';
import {text} from './decode/common.js';
import {isObject, shape, str, strings} from './decode/guards.js';

/** The part of a volume a plan compares: what the engine created it with. */
export interface EngineVolume {
  Name: string;
  Driver?: string;
  Labels?: Record<string, string>;
  Options?: Record<string, string>;
  Scope?: string;
}

export interface VolumeListable {
  /** The engine's own volumes (a manager lists its own, not the other nodes'). */
  list(signal?: AbortSignal): Promise<EngineVolume[]>;
}

const volume = shape<EngineVolume>({Name: text, Driver: str, Labels: strings, Options: strings, Scope: str});

/** GET /volumes answers `{Volumes: [...], Warnings: [...]}`; `Volumes` may be null when there are none. */
export function decodeVolumeList(value: unknown): EngineVolume[] {
  if (!isObject(value)) throw new Error('the engine’s volume list is not an object');
  const listed = value.Volumes;
  if (listed === null || listed === undefined) return [];
  if (!Array.isArray(listed)) throw new Error('the engine’s volume list has no Volumes array');
  const volumes: EngineVolume[] = [];
  for (const element of listed) {
    const decoded = volume(element);
    if (decoded && decoded.Name !== '') volumes.push(decoded);
  }
  return volumes;
}

const STATUS_CODES = {200: true, 500: 'server error'};

export function volumeReader(docker: Dockerode): VolumeListable {
  return {
    list: signal =>
      new Promise<EngineVolume[]>((resolve, reject) => {
        docker.modem.dial(
          {path: '/volumes', method: 'GET', options: {}, abortSignal: signal, statusCodes: STATUS_CODES} as unknown as Parameters<Dockerode['modem']['dial']>[0],
          (error: unknown, data: unknown) => {
            if (error) reject(error);
            else {
              try {
                resolve(decodeVolumeList(data));
              } catch (decodeError) {
                reject(decodeError);
              }
            }
          },
        );
      }),
  };
}

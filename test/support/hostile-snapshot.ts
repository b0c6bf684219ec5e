// The recorded lab swarm with the strings a hostile node, service owner or
// engine controls rewritten to hold escape sequences, bidi controls and tabs:
// what a console drawing any of them raw would pass to the terminal.

import type {SwarmSnapshot} from '../../source/docker/types.js';
import {labSnapshot} from './fixtures.js';

export const ESC = '\u001b';
/** Retitles the terminal (OSC 0, BEL-terminated). */
export const OSC_TITLE = `${ESC}]0;pwned\u0007`;
/** The same with the ST terminator, and an 8-bit CSI that clears the screen. */
export const OSC_ST = `${ESC}]2;owned${ESC}\\`;
export const CSI_CLEAR = `${ESC}[2J${ESC}[H\u009b2J`;
/** Right-to-left override and an isolate: the name would read backwards. */
export const BIDI = '\u202e\u2066';

export const HOSTILE_HOSTNAME = `node1${BIDI}1edon${OSC_TITLE}`;
export const HOSTILE_SERVICE = `web${CSI_CLEAR}`;
export const HOSTILE_IMAGE = `lab/busybox${BIDI}:2${OSC_ST}`;
export const HOSTILE_STACK = `shop${OSC_TITLE}\t${BIDI}`;
export const HOSTILE_LABEL = `v${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`;
export const HOSTILE_ERROR = `failed${CSI_CLEAR}\u200f${OSC_TITLE}`;
export const HOSTILE_VERSION = `20.10.24${OSC_TITLE}${BIDI}`;

/** Anything a terminal acts on rather than shows (C0, DEL, C1, bidi controls, LS/PS). */
export const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * What a drawn frame may hold besides text: Ink's own colour and style (SGR,
 * ESC [ … m) and the line breaks between rows. Anything else left after
 * removing those came from the data.
 */
export function strayControls(frame: string): string[] {
  const rest = frame.replace(/\u001b\[[0-9;]*m/g, '').replace(/\n/g, '');
  return [...rest].filter(char => ACTIVE.test(char)).map(char => `U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function hostileSnapshot(): SwarmSnapshot {
  const snapshot = structuredClone(labSnapshot());
  const node = snapshot.nodes[0]!;
  node.Description!.Hostname = HOSTILE_HOSTNAME;
  node.Description!.Engine = {...node.Description!.Engine, EngineVersion: HOSTILE_VERSION};
  node.Spec.Labels = {zone: HOSTILE_LABEL};
  const web = snapshot.services.find(service => service.Spec.Name === 'web')!;
  web.Spec.Name = HOSTILE_SERVICE;
  web.Spec.Labels = {'com.docker.stack.namespace': HOSTILE_STACK, owner: HOSTILE_LABEL};
  web.Spec.TaskTemplate.ContainerSpec!.Image = HOSTILE_IMAGE;
  for (const task of snapshot.tasks) {
    if (task.ServiceID !== web.ID) continue;
    task.Spec = {...task.Spec, ContainerSpec: {...task.Spec?.ContainerSpec, Image: HOSTILE_IMAGE}};
    task.Status.Err = HOSTILE_ERROR;
    task.Status.Message = HOSTILE_ERROR;
  }
  return snapshot;
}

// The contract between reading a compose file (what a stack should be) and applying it
// (what a deploy changes): `swarmtop stack plan` prints a StackPlan, `swarmtop stack
// deploy` and the console's `a` in :stacks carry one out. Everything here is data, so a
// plan can be printed, sent as JSON and tested without an engine.
import type {ServiceSpec} from '../../docker/types.js';

/** A place in a compose file: every refusal and every ignored key names one. */
export interface ComposeLocation {
  file: string;
  /** 1-based; 0 when the problem is the file as a whole (missing, unreadable). */
  line: number;
  column?: number;
}

/** Why a compose file (or the set of files) cannot be read as the docker CLI would read it. */
export interface ComposeProblem extends ComposeLocation {
  message: string;
}

/** A key `docker stack deploy` does not honour (build, depends_on, container_name, …): listed, not dropped silently. */
export interface IgnoredKey extends ComposeLocation {
  /** The key's path, `services.web.build`. */
  key: string;
}

export type PlanObjectKind = 'service' | 'network' | 'secret' | 'config' | 'volume';
export type PlanAction = 'create' | 'update' | 'unchanged' | 'remove';

/** What a deploy sends for one object; absent on `unchanged` and on an external object. */
export type DesiredObject =
  | {kind: 'service'; spec: ServiceSpec}
  | {
      kind: 'network';
      name: string;
      driver: string;
      options: Record<string, string>;
      labels: Record<string, string>;
      attachable: boolean;
      internal: boolean;
      ipam?: object;
    }
  | {kind: 'secret' | 'config'; name: string; labels: Record<string, string>; data: Uint8Array; templateDriver?: string; driver?: string}
  /** What each node's engine creates when a task mounts the volume; a deploy itself sends none. */
  | {kind: 'volume'; name: string; driver: string; options: Record<string, string>; labels: Record<string, string>};

export interface PlanEntry {
  kind: PlanObjectKind;
  /** The engine's name, `<stack>_<name>` unless the file gives `name:` or the object is external. */
  name: string;
  action: PlanAction;
  /** The live object's ID and version index, for an update or a removal. */
  live?: {id: string; version: number};
  /** For an update: one line per changed field, `old → new`, in the form `e`'s spec diff uses. */
  changes: string[];
  /** Sentences the plan adds: a pinned digest counted as unchanged, content that cannot change in place and the rotation to use, an external object that must exist. */
  notes: string[];
  /** What a deploy sends for a create or an update. */
  desired?: DesiredObject;
}

export interface StackPlan {
  stack: string;
  /** Networks, secrets, configs and volumes first, then services, then (with --prune) removals: the order a deploy applies them in (it sends nothing for a volume). */
  entries: PlanEntry[];
  ignored: IgnoredKey[];
  /** Whether anything would change: `stack plan` exits 3 when true, 0 when false. */
  changes: boolean;
}

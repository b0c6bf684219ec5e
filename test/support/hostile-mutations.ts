// What the hostile engine (hostile-engine.ts) does to the lab's answers: each mutation
// rewrites the JSON of some routes the way an old, broken or hostile engine, node or
// service owner could. Node builtins only, so the bench and fuzz can use it too.

/** Sequences a well-behaved console must never pass to the terminal: clear screen, set title, set clipboard, a C1 CSI. */
export const INJECTED_ESCAPES = '\x1b[2J\x1b]0;PWNED-title\x07\x1b]2;PWNED-title\x07\x1b]52;c;UFdORUQ=\x07\u009b2J';
/** Bidi controls: right-to-left override, isolates, marks. */
export const INJECTED_BIDI = '\u202e\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c';
export const INJECTED_TAB = '\t';

/** A container ID that climbs out of /containers/ to make the manager leave its swarm. */
export const CLIMBING_CONTAINER_ID = '../../swarm/leave?force=true#/exec';

/** A node the engine lists without a Spec (its ID is of the engine's format). */
export const MALFORMED_NODE_ID = 'h0stile0malformed0node0x1';

export type Mutation =
  | 'escapes'
  | 'bidi'
  | 'tab'
  | 'malformed-node'
  | 'null-elements'
  | 'wrong-types'
  | 'climbing-container-id'
  /** /version answers 100 MB. */
  | 'huge-version'
  /** The live event stream sends one line that never ends. */
  | 'endless-event-line';

type Json = Record<string, unknown>;

/** The text put before every drawn string the mutations reach. */
export function injectedText(mutations: ReadonlySet<Mutation>): string {
  return (mutations.has('escapes') ? INJECTED_ESCAPES : '') + (mutations.has('bidi') ? INJECTED_BIDI : '') + (mutations.has('tab') ? INJECTED_TAB : '');
}

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Puts `prefix` before the string at `path` in `target`, when there is one. */
function prefixAt(target: unknown, path: readonly string[], prefix: string): void {
  let at = object(target);
  for (const key of path.slice(0, -1)) at = object(at?.[key]);
  const last = path[path.length - 1]!;
  if (at && typeof at[last] === 'string') at[last] = prefix + (at[last] as string);
}

/** Sets `value` at `path`, making the objects on the way. */
function setAt(target: unknown, path: readonly string[], value: unknown): void {
  let at = object(target);
  if (!at) return;
  for (const key of path.slice(0, -1)) {
    at[key] = object(at[key]) ?? {};
    at = at[key] as Json;
  }
  at[path[path.length - 1]!] = value;
}

// Drawn strings per kind of object: names, images, labels, messages.
const DRAWN: Record<string, readonly (readonly string[])[]> = {
  node: [
    ['Description', 'Hostname'],
    ['Spec', 'Labels', 'hostile'],
    ['Status', 'Message'],
  ],
  service: [
    ['Spec', 'Name'],
    ['Spec', 'Labels', 'com.docker.stack.namespace'],
    ['Spec', 'TaskTemplate', 'ContainerSpec', 'Image'],
  ],
  task: [
    ['Status', 'Err'],
    ['Status', 'Message'],
    ['Spec', 'ContainerSpec', 'Image'],
  ],
  network: [['Name']],
  secret: [['Spec', 'Name']],
  config: [['Spec', 'Name']],
  container: [['State', 'Error']],
};

function injectInto(kind: string, element: unknown, prefix: string): void {
  if (!prefix) return;
  // A label the engine did not send still gets one, so the labels shown carry it too.
  if (kind === 'node') setAt(element, ['Spec', 'Labels', 'hostile'], 'label');
  if (kind === 'service' && object(object(element)?.['Spec'])) {
    const labels = object(object(object(element)!['Spec'])!['Labels']) ?? {};
    labels['com.docker.stack.namespace'] ??= 'hostile-stack';
    setAt(element, ['Spec', 'Labels'], labels);
  }
  for (const path of DRAWN[kind] ?? []) prefixAt(element, path, prefix);
}

/** The routes whose JSON answer the mutations rewrite: the path after the API version, and what it holds. */
export function rewrittenKind(route: string): {kind: string; list: boolean} | undefined {
  const match = /^\/(version|info|swarm|nodes|services|tasks|networks|secrets|configs|containers)(?:\/([^/]+)(?:\/(json))?)?$/.exec(route);
  if (!match) return undefined;
  const [, what, id, json] = match;
  const kinds: Record<string, string> = {
    nodes: 'node',
    services: 'service',
    tasks: 'task',
    networks: 'network',
    secrets: 'secret',
    configs: 'config',
    containers: 'container',
  };
  if (what === 'containers') return id === 'json' ? {kind: 'container-list', list: true} : json ? {kind: 'container', list: false} : undefined;
  if (!kinds[what!]) return id ? undefined : {kind: what!, list: false};
  return {kind: kinds[what!]!, list: id === undefined};
}

/** The answer to `route` as the mutations make it. */
export function mutateAnswer(route: string, body: unknown, mutations: ReadonlySet<Mutation>): unknown {
  const target = rewrittenKind(route);
  if (!target) return body;
  const prefix = injectedText(mutations);
  if (target.kind === 'version' || target.kind === 'info') {
    prefixAt(body, ['Version'], prefix);
    prefixAt(body, ['ServerVersion'], prefix);
    prefixAt(body, ['Name'], prefix);
    return body;
  }
  if (target.kind === 'container-list') {
    if (mutations.has('climbing-container-id') && Array.isArray(body)) for (const container of body) setAt(container, ['Id'], CLIMBING_CONTAINER_ID);
    return body;
  }
  if (!target.list) {
    injectInto(target.kind, body, prefix);
    return body;
  }
  if (!Array.isArray(body)) return body;
  for (const element of body) injectInto(target.kind, element, prefix);
  if (target.kind === 'node' && mutations.has('malformed-node') && body.length > 0) {
    const copy = JSON.parse(JSON.stringify(body[0])) as Json;
    delete copy['Spec'];
    copy['ID'] = MALFORMED_NODE_ID;
    setAt(copy, ['Description', 'Hostname'], 'malformed-node');
    body.push(copy);
  }
  if (mutations.has('wrong-types') && body.length > 1) {
    if (target.kind === 'service') {
      setAt(body[0], ['Spec', 'Mode'], 'replicated');
      setAt(body[0], ['UpdatedAt'], 42);
    }
    if (target.kind === 'node') setAt(body[1], ['Status', 'State'], 7);
    if (target.kind === 'task') {
      setAt(body[0], ['Slot'], 'one');
      setAt(body[0], ['Status', 'Timestamp'], {});
    }
  }
  if (target.kind === 'task' && mutations.has('climbing-container-id')) {
    for (const task of body)
      if (object(object(object(task)?.['Status'])?.['ContainerStatus'])) setAt(task, ['Status', 'ContainerStatus', 'ContainerID'], CLIMBING_CONTAINER_ID);
  }
  if (mutations.has('null-elements') && ['node', 'service', 'task'].includes(target.kind)) {
    body.unshift(null);
    body.push(null);
  }
  return body;
}

/** One event line as the mutations make it. */
export function mutateEvent(event: unknown, mutations: ReadonlySet<Mutation>): unknown {
  const prefix = injectedText(mutations);
  if (prefix) prefixAt(event, ['Actor', 'Attributes', 'name'], prefix);
  return event;
}

import type {EngineTask} from './engine-types.js';

// Tasks share their spec with every sibling cut from the same service spec,
// and their network objects with every task on that network: serialising
// those once and splicing them in makes a task list of 20,000 several times
// cheaper to build. Shared objects are never mutated (specs are replaced
// whole), so a cached fragment can't go stale; a test checks the output
// against JSON.stringify.
const fragments = new WeakMap<object, string>();

function fragment(value: object): string {
  let json = fragments.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    fragments.set(value, json);
  }
  return json;
}

const quote = JSON.stringify;

export function serializeTask(task: EngineTask): string {
  let json =
    '{"ID":' +
    quote(task.ID) +
    ',"Version":{"Index":' +
    task.Version.Index +
    '},"CreatedAt":' +
    quote(task.CreatedAt) +
    ',"UpdatedAt":' +
    quote(task.UpdatedAt) +
    ',"Labels":' +
    quote(task.Labels) +
    ',"Spec":' +
    fragment(task.Spec) +
    ',"ServiceID":' +
    quote(task.ServiceID);
  if (task.Slot !== undefined) json += ',"Slot":' + task.Slot;
  if (task.NodeID !== undefined) json += ',"NodeID":' + quote(task.NodeID);
  json += ',"Status":' + quote(task.Status) + ',"DesiredState":' + quote(task.DesiredState);
  if (task.NetworksAttachments) {
    json +=
      ',"NetworksAttachments":[' +
      task.NetworksAttachments.map(attachment => '{"Network":' + fragment(attachment.Network) + ',"Addresses":' + quote(attachment.Addresses) + '}').join(',') +
      ']';
  }
  return json + '}';
}

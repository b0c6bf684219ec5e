// The process that serves the demo nodes' exec sockets for `x`. The console
// runs a shell as $EDITOR, waiting on it with its event loop stopped, so the
// sockets the shell's exec client reaches must be served elsewhere: here, a
// child of the console (this same program, told by SWARMTOP_DEMO_EXEC), told
// over IPC which nodes to serve and which containers each one runs.

import {rmSync} from 'node:fs';
import {type ExecContainer, type ContainerChanges, applyChanges} from './exec-containers.js';
import {type ExecServer, createExecServer} from './http/exec-server.js';

/** What the console tells this process. */
export type ExecProcessCommand = {type: 'listen'; nodeId: string; socketPath: string} | {type: 'containers'; nodeId: string; changes: ContainerChanges};

/** What this process answers. */
export type ExecProcessReply = {type: 'listening'; nodeId: string} | {type: 'failed'; nodeId: string; message: string};

const tables = new Map<string, Map<string, ExecContainer>>();
const servers = new Map<string, ExecServer>();

function tableOf(nodeId: string): Map<string, ExecContainer> {
  let table = tables.get(nodeId);
  if (!table) {
    table = new Map();
    tables.set(nodeId, table);
  }
  return table;
}

function reply(message: ExecProcessReply): void {
  process.send?.(message);
}

function listen(nodeId: string, socketPath: string): void {
  if (servers.has(nodeId)) return reply({type: 'listening', nodeId});
  const table = tableOf(nodeId);
  const exec = createExecServer(containerId => table.get(containerId));
  servers.set(nodeId, exec);
  // A socket left by an earlier exec process that ended is in the way.
  rmSync(socketPath, {force: true});
  exec.server.once('error', error => {
    servers.delete(nodeId);
    reply({type: 'failed', nodeId, message: error.message});
  });
  exec.server.listen(socketPath, () => reply({type: 'listening', nodeId}));
}

process.on('message', (message: ExecProcessCommand) => {
  if (message.type === 'listen') listen(message.nodeId, message.socketPath);
  else if (message.type === 'containers') applyChanges(tableOf(message.nodeId), message.changes);
});

// The console went (or closed the demo): nothing is left to serve.
process.on('disconnect', () => {
  for (const exec of servers.values()) {
    exec.endSessions();
    exec.server.close();
  }
  process.exit(0);
});

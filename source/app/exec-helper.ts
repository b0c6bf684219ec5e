// The shell of `x`, run as a child process on the console's terminal: exec in
// the task's container on its node with a TTY, the terminal in raw mode
// passing every key (Ctrl-c and Ctrl-d included) to it, resizes forwarded. The
// console waits for it as it waits for $EDITOR, so no key reaches both.
// Input: SWARMTOP_EXEC, JSON {endpoint, containerId, command, sshArgs}.

import {describeError} from '../docker/errors.js';
import {terminalMessage} from '../render/text.js';
import {DockerNodeEngine} from '../docker/node-engine.js';
import {decodeExecRequest} from './exec-helper-request.js';

// Not an exit code a shell gives (126/127 are its "cannot run" and "not found").
const HELPER_FAILED = 199;

async function main(): Promise<number> {
  const request = decodeExecRequest(process.env['SWARMTOP_EXEC'] ?? '{}');
  const engine = DockerNodeEngine.connect(request.endpoint, request.sshArgs ? {sshArgs: request.sshArgs} : {});
  const size = () => ({rows: process.stdout.rows || 24, columns: process.stdout.columns || 80});
  const session = await engine.exec(request.containerId, request.command, size());
  const resize = () => {
    const {rows, columns} = size();
    session.resize(rows, columns).catch(() => undefined);
  };
  resize();
  process.stdout.on('resize', resize);
  process.stdin.setRawMode?.(true);
  process.stdin.resume();
  process.stdin.pipe(session.stream);
  session.stream.pipe(process.stdout, {end: false});
  await new Promise<void>(resolve => {
    session.stream.on('end', resolve);
    session.stream.on('close', resolve);
    session.stream.on('error', () => resolve());
  });
  process.stdin.unpipe(session.stream);
  process.stdin.setRawMode?.(false);
  process.stdin.pause();
  return (await session.exitCode().catch(() => undefined)) ?? 0;
}

main().then(
  code => process.exit(code),
  (error: unknown) => {
    process.stdin.setRawMode?.(false);
    process.stderr.write(`swarmtop: shell: ${terminalMessage(describeError(error))}\n`);
    process.exit(HELPER_FAILED);
  },
);

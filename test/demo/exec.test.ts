// The demo's nodes answer the exec API on sockets of their own, so `x` runs
// swarmtop's real exec client against them: create, start with the connection
// upgraded to a TTY, resize, inspect for the exit code. And the tiny shell's
// line discipline and commands, as data.
import type {Duplex} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {DockerNodeEngine} from '../../source/docker/node-engine.js';
import {type DemoEngine, startDemoEngine} from '../../source/demo/engine.js';
import type {EngineTask} from '../../source/demo/engine-types.js';
import {DemoShell, splitWords} from '../../source/demo/shell.js';
import {request} from './support.js';

let demo: DemoEngine | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

async function startWithRunningTask(): Promise<{demo: DemoEngine; task: EngineTask; containerId: string; socketPath: string}> {
  demo = await startDemoEngine({size: 'small', realtime: false, autopilot: false, seed: 3});
  for (let step = 0; step < 40 && !demo.swarm.tasks().some(task => task.Status.State === 'running'); step++) demo.swarm.tick(1000);
  const task = demo.swarm.tasks().find(task => task.Status.State === 'running' && task.NodeID)!;
  const endpoint = demo.nodeEngines.endpoint(task.NodeID!);
  // Reaching the node (as the console's pool does) opens its socket.
  const info = await demo.nodeEngines.connect(endpoint).info();
  expect(info.nodeId).toBe(task.NodeID);
  return {demo, task, containerId: task.Status.ContainerStatus!.ContainerID, socketPath: endpoint.url.slice('unix://'.length)};
}

/** Collects what a session writes; resolves once `pattern` shows. */
function reader(stream: Duplex) {
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return {
    text: () => text,
    until: (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${JSON.stringify(text)}`)), 5000);
        const check = () => {
          if (!pattern.test(text)) return;
          clearTimeout(timer);
          stream.off('data', check);
          resolve(text);
        };
        stream.on('data', check);
        check();
      }),
  };
}

describe("the demo nodes' exec API", () => {
  it('runs a TTY shell session through the real exec client: hostname, echo, not found, exit code', async () => {
    const {demo, task, containerId} = await startWithRunningTask();
    const engine = DockerNodeEngine.connect(demo.nodeEngines.endpoint(task.NodeID!));
    const session = await engine.exec(containerId, ['/bin/sh'], {rows: 24, columns: 80});
    await session.resize(30, 100);
    const output = reader(session.stream);
    await output.until(/\/ # $/);
    session.stream.write('hostname\r');
    await output.until(new RegExp(`hostname\\r\\n${containerId.slice(0, 12)}\\r\\n/ # $`));
    session.stream.write('echo "$HOSTNAME" $COLUMNS\r');
    await output.until(new RegExp(`${containerId.slice(0, 12)} 80\\r\\n/ # $`));
    session.stream.write('frobnicate\r');
    await output.until(/sh: frobnicate: not found\r\n\/ # $/);
    const ended = new Promise(resolve => session.stream.on('end', resolve));
    session.stream.write('exit 3\r');
    await ended;
    expect(await session.exitCode()).toBe(3);
  });

  it('ends on Ctrl-d with the last status, and runs a program exec’d without a shell', async () => {
    const {demo, task, containerId} = await startWithRunningTask();
    const engine = DockerNodeEngine.connect(demo.nodeEngines.endpoint(task.NodeID!));
    const shell = await engine.exec(containerId, ['sh'], {rows: 24, columns: 80});
    const output = reader(shell.stream);
    await output.until(/# $/);
    const ended = new Promise(resolve => shell.stream.on('end', resolve));
    shell.stream.write('false\r\u0004');
    await ended;
    expect(await shell.exitCode()).toBe(1);

    const direct = await engine.exec(containerId, ['ls', '/etc'], {rows: 24, columns: 80});
    const listing = reader(direct.stream);
    await new Promise(resolve => direct.stream.on('end', resolve));
    expect(listing.text()).toBe('hostname  hosts  resolv.conf\r\n');
    expect(await direct.exitCode()).toBe(0);

    const missing = await engine.exec(containerId, ['bash-5'], {rows: 24, columns: 80});
    const refused = reader(missing.stream);
    await new Promise(resolve => missing.stream.on('end', resolve));
    expect(refused.text()).toContain('exec: "bash-5": executable file not found in $PATH');
    expect(await missing.exitCode()).toBe(127);
  });

  it('exits with the last status when the client closes its input', async () => {
    const {demo, task, containerId} = await startWithRunningTask();
    const engine = DockerNodeEngine.connect(demo.nodeEngines.endpoint(task.NodeID!));
    const session = await engine.exec(containerId, ['/bin/sh'], {rows: 24, columns: 80});
    const output = reader(session.stream);
    await output.until(/# $/);
    session.stream.write('ls /nope\r');
    await output.until(/No such file or directory\r\n\/ # $/);
    const ended = new Promise(resolve => session.stream.on('end', resolve));
    session.stream.end();
    await ended;
    expect(await session.exitCode()).toBe(1);
  });

  it("refuses a container that is not this node's or not running, as dockerd does", async () => {
    const {demo, task, socketPath} = await startWithRunningTask();
    const missing = await request(socketPath, 'POST', '/v1.41/containers/0123456789ab/exec', {Cmd: ['sh'], Tty: true});
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({message: 'No such container: 0123456789ab'});
    const other = demo.swarm.tasks().find(candidate => candidate.NodeID && candidate.NodeID !== task.NodeID && candidate.Status.ContainerStatus?.ContainerID);
    if (other) {
      const elsewhere = await request(socketPath, 'POST', `/containers/${other.Status.ContainerStatus!.ContainerID}/exec`, {Cmd: ['sh']});
      expect(elsewhere.status).toBe(404);
    }
    const noCommand = await request(socketPath, 'POST', `/containers/${task.Status.ContainerStatus!.ContainerID}/exec`, {Cmd: []});
    expect(noCommand.status).toBe(400);
    expect((await request(socketPath, 'GET', '/exec/nope/json')).status).toBe(404);
  });

  it('ends a session when its container stops', async () => {
    const {demo, task, containerId} = await startWithRunningTask();
    const engine = DockerNodeEngine.connect(demo.nodeEngines.endpoint(task.NodeID!));
    const session = await engine.exec(containerId, ['/bin/sh'], {rows: 24, columns: 80});
    await reader(session.stream).until(/# $/);
    const ended = new Promise(resolve => session.stream.on('end', resolve));
    demo.swarm.removeService(task.ServiceID);
    for (let step = 0; step < 30; step++) demo.swarm.tick(1000);
    expect(demo.swarm.tasks().some(candidate => candidate.ID === task.ID && candidate.Status.State === 'running')).toBe(false);
    await ended;
    expect(await session.exitCode()).toBe(137);
  });
});

describe('the tiny shell', () => {
  function session(workdir = '/') {
    let written = '';
    const exits: number[] = [];
    const shell = new DemoShell(
      {hostname: 'c0ffee123456', env: ['PATH=/bin', 'HOME=/root', 'MODE=demo'], command: 'billing-worker --queue jobs', workdir},
      {write: text => (written += text), exit: code => exits.push(code)},
    );
    shell.start();
    return {shell, exits, output: () => written, clear: () => (written = '')};
  }

  it('echoes what is typed, erases with backspace, drops arrow keys, and clears the line on Ctrl-c and Ctrl-u', () => {
    const s = session();
    expect(s.output()).toBe('/ # ');
    s.clear();
    s.shell.input('ecx\x7fho\x1b[A hi\r');
    expect(s.output()).toBe('ecx\b \bho hi\r\nhi\r\n/ # ');
    s.clear();
    s.shell.input('sleep 100\x03');
    expect(s.output()).toBe('sleep 100^C\r\n/ # ');
    s.clear();
    s.shell.input('abc\x15echo $?\r');
    expect(s.output()).toBe('abc\b \b\b \b\b \becho $?\r\n130\r\n/ # ');
  });

  it('answers its commands and says "not found" for others', () => {
    const s = session();
    const run = (line: string) => {
      s.clear();
      s.shell.input(`${line}\r`);
      return s
        .output()
        .slice(`${line}\r\n`.length)
        .replace(/\S+ # $/, '');
    };
    expect(run('hostname')).toBe('c0ffee123456\r\n');
    expect(run('pwd')).toBe('/\r\n');
    expect(run('cd /etc')).toBe('');
    expect(s.output().endsWith('/etc # ')).toBe(true);
    expect(run('ls')).toBe('hostname  hosts  resolv.conf\r\n');
    expect(run('cat hostname')).toBe('c0ffee123456\r\n');
    expect(run('cd /nope')).toBe("sh: cd: can't cd to /nope: No such file or directory\r\n");
    expect(run('ls /nope')).toBe('ls: /nope: No such file or directory\r\n');
    expect(run('env')).toBe('PATH=/bin\r\nHOME=/root\r\nMODE=demo\r\nPWD=/etc\r\n');
    expect(run('ps')).toContain('    1 root      0:00 billing-worker --queue jobs\r\n');
    expect(run('echo \'$MODE\' "$MODE" $MISSING-x')).toBe('$MODE demo -x\r\n');
    expect(run('vim /etc/hosts')).toBe('sh: vim: not found\r\n');
    expect(run('echo $?')).toBe('127\r\n');
    expect(s.exits).toEqual([]);
    s.shell.input('exit 4\r');
    expect(s.exits).toEqual([4]);
  });

  it('ends on Ctrl-d only at an empty line', () => {
    const s = session();
    s.shell.input('ec\x04');
    expect(s.exits).toEqual([]);
    s.shell.input('\x15\x04');
    expect(s.exits).toEqual([0]);
  });

  it('splits words as a shell does', () => {
    const lookup = (name: string) => ({A: 'one two', '?': '0'})[name] ?? '';
    expect(splitWords(`echo  "a  b" 'c $A' $A "$A" '' x$?y $`, lookup)).toEqual(['echo', 'a  b', 'c $A', 'one', 'two', 'one two', '', 'x0y', '$']);
    expect(splitWords('echo $MISSING end', lookup)).toEqual(['echo', 'end']);
  });
});

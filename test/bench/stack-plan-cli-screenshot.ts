// The README's screenshot of `swarmtop stack plan` on the lab: a stack the docker CLI
// deployed, then its file edited (image tag, replicas, an env var, a constraint, a port,
// a new secret) and planned again, as a person would run it in a terminal.
//   npm run build && npm run build:bench && bash test/lab/locked.sh node .bench-dist/test/bench/stack-plan-cli-screenshot.js
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {labDockerSync as docker, labIsUp, labSockets} from '../lab/lab.js';
import {screenSvg, screenText} from '../support/screenshot.js';
import {TerminalSession} from '../support/terminal.js';
import {labScript, root} from './settings.js';

const STACK = 'blog';

interface Edit {
  tag: string;
  replicas: number;
  mode: string;
  constraint: string;
  port: number;
  secret: boolean;
}

function compose(edit: Edit): string {
  return [
    'services:',
    '  web:',
    `    image: lab/busybox:${edit.tag}`,
    '    command: ["sleep", "1d"]',
    '    environment:',
    `      MODE: ${edit.mode}`,
    '    ports:',
    `      - "${edit.port}:80"`,
    '    deploy:',
    `      replicas: ${edit.replicas}`,
    '      placement:',
    `        constraints: [${edit.constraint}]`,
    '  api:',
    '    image: lab/busybox:1',
    '    command: ["sleep", "1d"]',
    ...(edit.secret ? ['    secrets: [api_key]'] : []),
    ...(edit.secret ? ['secrets:', '  api_key:', '    file: ./api_key.txt'] : []),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const startedLab = !labIsUp();
  if (startedLab) execFileSync('bash', [labScript, 'up'], {stdio: ['ignore', 'ignore', 'inherit']});
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'swarmtop-shot-')), STACK);
  mkdirSync(dir);
  const file = path.join(dir, 'compose.yml');
  writeFileSync(path.join(dir, 'api_key.txt'), 'not-a-real-key');
  try {
    writeFileSync(file, compose({tag: '1', replicas: 2, mode: 'blue', constraint: 'node.role == worker', port: 8080, secret: false}));
    docker(1, ['stack', 'deploy', '--resolve-image', 'never', '--detach=false', '-c', file, STACK], {timeoutMs: 300_000});
    writeFileSync(file, compose({tag: 'latest', replicas: 3, mode: 'green', constraint: 'node.role == manager', port: 8081, secret: true}));
    const command = `swarmtop stack plan -c compose.yml ${STACK}`;
    const script = `printf '$ %s\\n' '${command}'; '${process.execPath}' '${path.join(root, 'dist', 'cli.js')}' stack plan -c compose.yml ${STACK}; printf '$ echo $?\\n%s\\n' "$?"`;
    const term = TerminalSession.spawn('bash', ['--norc', '--noprofile', '-c', script], {
      cols: 100,
      rows: 22,
      cwd: dir,
      env: {DOCKER_HOST: labSockets().manager, DOCKER_CONTEXT: undefined},
      defaultTimeoutMs: 60_000,
    });
    try {
      const status = await term.waitForExit({timeoutMs: 60_000});
      if (status.exitCode !== 0) throw new Error(`the shell exited ${String(status.exitCode)}:\n${screenText(term)}`);
      if (!/echo \$\?\s*\n3\b/.test(screenText(term))) throw new Error(`the plan did not exit 3:\n${screenText(term)}`);
      const outDir = path.join(root, 'screenshots');
      mkdirSync(outDir, {recursive: true});
      writeFileSync(path.join(outDir, 'stack-plan-cli.svg'), screenSvg(term, {title: command}));
      writeFileSync(path.join(outDir, 'stack-plan-cli.txt'), screenText(term));
      console.log('saved screenshots/stack-plan-cli.svg and .txt');
    } finally {
      term.kill();
    }
  } finally {
    try {
      docker(1, ['stack', 'rm', STACK]);
    } catch {
      // not deployed
    }
    if (startedLab) execFileSync('bash', [labScript, 'down'], {stdio: ['ignore', 'ignore', 'inherit']});
  }
}

main().catch(error => {
  console.error(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// The README's screenshot of a stack plan, captured from the built console on the demo
// engine (no lab needed): `a` in :stacks with a compose file for a new stack.
//   npm run build && npm run build:bench && node .bench-dist/test/bench/stack-plan-screenshot.js
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {screenSvg, screenText} from '../support/screenshot.js';
import {TerminalSession} from '../support/terminal.js';
import {root} from './settings.js';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    environment:
      UPSTREAM: http://api:3000
    deploy:
      replicas: 3
      update_config: {parallelism: 1, delay: 5s, order: start-first}
  api:
    image: example/blog-api:2.4
    secrets: [db_password]
    deploy:
      placement:
        constraints: [node.role == worker]
secrets:
  db_password:
    file: ./db_password.txt
`;

async function main(): Promise<void> {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'swarmtop-shot-')), 'blog');
  mkdirSync(dir);
  const file = path.join(dir, 'compose.yml');
  writeFileSync(file, COMPOSE);
  writeFileSync(path.join(dir, 'db_password.txt'), 'not-a-real-password');
  const term = TerminalSession.spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), '--demo'], {
    cols: 120,
    rows: 30,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, SWARMTOP_DEMO_AUTOPILOT: 'off'},
    defaultTimeoutMs: 30_000,
  });
  try {
    await term.waitForText('shop_api');
    term.type(':stacks');
    term.write('\r');
    await term.waitForText('shop');
    term.press('a');
    await term.waitForText('compose file');
    term.type(file);
    term.press('tab');
    // The stack field: the selected stack's name replaced by the new one.
    term.write('\u0015');
    term.type('blog');
    term.write('\r');
    await term.waitForText('Apply compose.yml to stack blog? [y/N]');
    await term.waitForQuiet(400, {timeoutMs: 15_000});
    const outDir = path.join(root, 'screenshots');
    mkdirSync(outDir, {recursive: true});
    writeFileSync(path.join(outDir, 'stack-plan.svg'), screenSvg(term, {title: 'swarmtop --demo'}));
    writeFileSync(path.join(outDir, 'stack-plan.txt'), screenText(term));
    console.log('saved screenshots/stack-plan.svg and .txt');
  } finally {
    term.kill();
  }
}

main().catch(error => {
  console.error(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// The README's screenshot of a rotation plan, captured from the built console
// on the demo engine (no lab needed): `e` on the secret two services share.
//   npm run build && npm run build:bench && node .bench-dist/test/bench/rotation-screenshot.js
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {screenSvg, screenText} from '../support/screenshot.js';
import {TerminalSession} from '../support/terminal.js';
import {root} from './settings.js';

async function main(): Promise<void> {
  const term = TerminalSession.spawn(process.execPath, [path.join(root, 'dist', 'cli.js'), '--demo'], {
    cols: 120,
    rows: 24,
    env: {DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, SWARMTOP_DEMO_AUTOPILOT: 'off'},
    defaultTimeoutMs: 30_000,
  });
  try {
    await term.waitForText('shop_api');
    term.type(':secrets');
    term.write('\r');
    await term.waitForText('shop_pg_password');
    term.type('/pg_password');
    term.write('\r');
    await term.waitForText(/\/pg_password\s+1 of/);
    term.press('e');
    await term.waitForText('Rotate secret shop_pg_password to shop_pg_password.v2? [y/N]');
    await term.waitForQuiet(400, {timeoutMs: 15_000});
    const outDir = path.join(root, 'screenshots');
    mkdirSync(outDir, {recursive: true});
    writeFileSync(path.join(outDir, 'rotation-plan.svg'), screenSvg(term, {title: 'swarmtop --demo'}));
    writeFileSync(path.join(outDir, 'rotation-plan.txt'), screenText(term));
    console.log('saved screenshots/rotation-plan.svg and .txt');
  } finally {
    term.kill();
  }
}

main().catch(error => {
  console.error(`screenshot failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

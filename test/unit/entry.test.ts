import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {CLI_FLAGS, type FlagSpec} from '../../source/app/cli-args.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// React's development build leaves performance marks behind on every render;
// the entry must choose the production build before anything loads React. A
// static import of React, Ink, the app, or JSX (which imports react/jsx-runtime)
// would load the development build first, and mixing the two draws nothing.
describe('the cli entry', () => {
  const source = fs.readFileSync(path.join(root, 'cli.tsx'), 'utf8');

  it('sets NODE_ENV before loading the app dynamically', () => {
    const choose = source.indexOf("process.env['NODE_ENV'] ??= 'production'");
    const load = source.indexOf("await import('./source/app/render-app.js')");
    expect(choose).toBeGreaterThan(-1);
    expect(load).toBeGreaterThan(choose);
  });

  it('imports nothing that loads React statically, and holds no JSX', () => {
    expect(source).not.toMatch(/<[A-Z][A-Za-z]*[\s/>]/);
    // Load every module the built entry imports statically, in a fresh process, and look for React.
    const built = fs.readFileSync(path.join(root, 'dist', 'cli.js'), 'utf8');
    const specifiers = [...built.matchAll(/^import\s.*?from\s+['"]([^'"]+)['"];/gm)].map(match => match[1]!);
    expect(specifiers.length).toBeGreaterThan(5);
    const probe = `
      import {createRequire} from 'node:module';
      const require = createRequire(${JSON.stringify(path.join(root, 'dist', 'cli.js'))});
      for (const specifier of ${JSON.stringify(specifiers)}) await import(specifier.startsWith('.') ? new URL(specifier, ${JSON.stringify(`file://${path.join(root, 'dist')}/`)}).href : require.resolve(specifier));
      console.log(JSON.stringify(Object.keys(require.cache).filter(key => ['react', 'ink', 'react-reconciler'].some(name => key.includes('/node_modules/' + name + '/')))));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {cwd: root, encoding: 'utf8', env: {...process.env, NODE_ENV: ''}});
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});

// The built command line, as a user meets it: the help made from the flag table, the
// version with the runtime, and a bad value refused before anything starts.
describe('the built command line', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], {cwd: root, encoding: 'utf8', env: {...process.env, NODE_ENV: ''}});

  it('lists every flag of the table in --help', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const [name, spec] of Object.entries(CLI_FLAGS as Record<string, FlagSpec>)) {
      expect(help.stdout).toMatch(new RegExp(`^ {4}${spec.short ? `-${spec.short}, ` : ' {4}'}--${name}\\b`, 'm'));
      expect(help.stdout).toContain(spec.help[0]);
    }
    expect(help.stdout).toMatch(/Exit codes\n\s+0 quit\s+1 cannot connect to the engine\s+2 usage or configuration error/);
  });

  it('prints its version with the runtime it runs on', () => {
    const {version} = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};
    const printed = cli('--version');
    expect(printed.stdout).toBe(`swarmtop ${version} (node ${process.version}, ${process.platform}-${process.arch})\n`);
    expect(printed.status).toBe(0);
  });

  it('refuses a bad value or an unknown flag with a clear message and exit 2', () => {
    for (const [args, message] of [
      [['--refresh', '0.1'], '--refresh takes a number of seconds, at least 0.5 (got "0.1")'],
      [['--tail', 'abc'], '--tail takes a whole number of lines, 0 to 1000000 (got "abc")'],
      [['--log-lines', '10'], '--log-lines takes a whole number of lines, 100 to 1000000 (got "10")'],
      [['--host'], '--host needs a value'],
      [['--read-only'], 'unknown flag --read-only — did you mean --readonly?'],
    ] as const) {
      const result = cli(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^swarmtop: /);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
  });
});

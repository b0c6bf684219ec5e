import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';

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

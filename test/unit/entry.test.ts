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
  const staticImports = [...source.matchAll(/^import\s.*?from\s+'([^']+)';/gm)].map(match => match[1]!);

  it('sets NODE_ENV before loading the app dynamically', () => {
    const choose = source.indexOf("process.env['NODE_ENV'] ??= 'production'");
    const load = source.indexOf("await import('./source/app/render-app.js')");
    expect(choose).toBeGreaterThan(-1);
    expect(load).toBeGreaterThan(choose);
  });

  it('imports nothing that loads React statically, and holds no JSX', () => {
    expect(staticImports.length).toBeGreaterThan(3);
    for (const specifier of staticImports) expect(specifier).not.toMatch(/^(react|ink)(\/|$)|\/app\/(App|render-app)\.js$|\/ui\/(?!frame-output)|\/views\//);
    expect(source).not.toMatch(/<[A-Z][A-Za-z]*[\s/>]/);
  });
});

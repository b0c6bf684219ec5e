// ESLint flat config: `npm run lint`.
// Recommended rules of ESLint, typescript-eslint and React hooks, plus two
// project rules from import-x: the layer order of source/ (the same order the
// architecture test in test/unit/architecture.test.ts checks) and no runtime
// import cycle between files.
import js from '@eslint/js';
import {defineConfig} from 'eslint/config';
import {createTypeScriptImportResolver} from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Lowest first: a folder may import only folders before it (and itself).
const layers = ['docker', 'model', 'render', 'keymap', 'shell', 'ui', 'views', 'app'];

// One zone per layer: everything above it is out of bounds. demo (the simulated
// engine) sits beside the layers: it may use docker only, and only app (and
// cli.tsx, which no zone covers) may import it.
const layerZones = [
  ...layers
    .filter(layer => layer !== 'app')
    .map((layer, index) => ({
      target: `./source/${layer}`,
      from: [...layers.slice(index + 1), 'demo'].map(above => `./source/${above}`),
      message: `source/${layer} sits below these folders in the layer order (docker → model → render → keymap → shell → ui → views → app); import the other way round, or move the code down.`,
    })),
  {
    target: './source/demo',
    from: layers.filter(layer => layer !== 'docker').map(layer => `./source/${layer}`),
    message: 'source/demo (the simulated engine) may import source/docker only.',
  },
];

export default defineConfig(
  {
    ignores: ['dist/**', 'build/**', '.bench-dist/**', 'node_modules/**', '.lab/**', 'screenshots/**', '*.config.ts', 'eslint.config.js'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['cli.tsx', 'source/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    plugins: {'import-x': importX, 'react-hooks': reactHooks},
    settings: {
      // .ts files must be parsed for no-cycle to follow imports through them.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': {'@typescript-eslint/parser': ['.ts', '.tsx']},
      'import-x/resolver-next': [createTypeScriptImportResolver({project: './tsconfig.json'})],
    },
    rules: {
      // The two classic hook rules only: the rest of the plugin's recommended set
      // serves the React Compiler, which this project doesn't use, and flags the
      // deliberate render-time refs (the table's scroll offset kept across draws).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // Type imports count too: a layer must not even name a type from above it.
      'import-x/no-restricted-paths': ['error', {zones: layerZones}],
      // Type-only imports are skipped by the rule (they vanish at run time).
      'import-x/no-cycle': ['error', {ignoreExternal: true}],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
      // `_name` marks a parameter kept for its position (an interface's signature).
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
      // Non-null assertions follow checks the compiler can't see (a Map entry set a line above, a regex group that matched).
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always', {null: 'ignore'}],
      // A terminal program matches escape sequences and control characters on purpose.
      'no-control-regex': 'off',
      // A timer declared before the closures that clear it, and set after them, stays `let`.
      'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
    },
  },
  {
    // Ink's <Text> (and <Transform>, which rewrites what is drawn) write any string
    // to the terminal as it is. Only the sinks in source/ui/Line.tsx may use them;
    // everything else draws through <Line>/<Span>, which take DisplayText only.
    files: ['cli.tsx', 'source/**/*.{ts,tsx}'],
    ignores: ['source/ui/Line.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'ink',
              importNames: ['Text', 'Transform'],
              message: 'Draw text with <Line>/<Span> from source/ui/Line.tsx: they take only DisplayText (made inert by source/render/text.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The build scripts (and CI's floor smoke test) run under Node as plain ES modules.
    files: ['scripts/**/*.mjs', 'test/smoke/**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    // Tests build fakes of the engine's loose JSON and poke at private state.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);

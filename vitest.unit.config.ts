// `npm run test:unit`: the tests that need neither the lab swarm nor the built
// CLI (dist/cli.js), so no globalSetup — the main vitest.config.ts starts the lab.
import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/ui/**/*.test.{ts,tsx}', 'test/demo/**/*.test.{ts,tsx}', 'test/support/**/*.test.{ts,tsx}'],
    exclude: [
      'dist/**',
      'node_modules/**',
      // These run dist/cli.js: they belong to the full suite, after a build.
      'test/unit/entry.test.ts',
      'test/demo/cli.test.ts',
      'test/demo/reach-cli.test.ts',
      'test/demo/shell-cli.test.ts',
      'test/demo/node-edit-cli.test.ts',
    ],
    // A lab test placed here by mistake skips with this reason instead of looking for sockets.
    env: {STLAB_SKIP_REASON: 'npm run test:unit starts no lab'},
    testTimeout: 30_000,
    reporters: ['default'],
  },
});

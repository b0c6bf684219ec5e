import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['dist/**', 'node_modules/**'],
    globalSetup: ['test/lab/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Lab tests share one swarm: files run one at a time so they don't trip over each other's services.
    fileParallelism: false,
    reporters: ['default'],
  },
});

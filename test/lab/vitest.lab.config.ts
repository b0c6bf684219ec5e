// Runs only the lab's own tests: npx vitest run --config test/lab/vitest.lab.config.ts
// (an example of the settings lab tests need; the project's main config is separate).
import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/lab/**/*.test.ts'],
    globalSetup: ['test/lab/global-setup.ts'],
    // One lab is shared by all files and some tests stop nodes: no parallel files.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

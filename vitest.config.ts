import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ is rebuilt from src/ first: the end-to-end tests run the bundles users run.
    globalSetup: ['test/helpers/build-dist.ts'],
    // fast-check from a fixed seed (FC_SEED overrides): the default run is deterministic.
    setupFiles: ['test/helpers/fixed-seed.ts'],
    testTimeout: 60_000,
  },
});

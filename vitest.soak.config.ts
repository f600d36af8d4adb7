import { defineConfig } from 'vitest/config';

/** The soak run only (`npm run soak`); `npm test` never includes test/soak. */
export default defineConfig({
  test: { include: ['test/soak/**/*.test.ts'], testTimeout: 0, hookTimeout: 120_000, pool: 'forks' },
});

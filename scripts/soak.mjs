#!/usr/bin/env node
// `npm run soak -- --minutes N`: runs test/soak with SOAK_MINUTES=N (default 1).
import { spawnSync } from 'node:child_process';

const i = process.argv.indexOf('--minutes');
const minutes = i >= 0 ? process.argv[i + 1] : '1';
if (!/^\d+(\.\d+)?$/.test(minutes ?? '')) {
  console.error('usage: npm run soak -- --minutes N');
  process.exit(2);
}
const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.soak.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, SOAK_MINUTES: minutes },
});
process.exit(result.status ?? 1);

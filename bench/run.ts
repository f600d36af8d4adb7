/**
 * `npm run bench`: Baton's own throughput and latency figures on PGlite and,
 * when BATON_BENCH_DATABASE_URL (or BATON_TEST_DATABASE_URL) is set, on PostgreSQL.
 * Prints one JSON line per figure. `--quick` shrinks every workload tenfold.
 */
import os from 'node:os';
import { latency, throughput, type Backend } from './workloads.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--backend='))?.split('=')[1] as Backend | undefined;
const url = process.env.BATON_BENCH_DATABASE_URL ?? process.env.BATON_TEST_DATABASE_URL;
const scale = quick ? 10 : 1;
const backends: Backend[] = (only ? [only] : url ? ['pglite', 'pg'] : ['pglite']) as Backend[];

const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
print({ bench: 'machine', cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, date: new Date().toISOString() });

for (const backend of backends) {
  print(await throughput(backend, url, 'one', 20_000 / scale, 1));
  print(await throughput(backend, url, 'chain3', 2_000 / scale, 3));
  print(await throughput(backend, url, 'diamond', 1_000 / scale, 4));
  print(await latency(backend, url, quick ? 20 : 100, 5));
}
process.exit(0);

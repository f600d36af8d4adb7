/**
 * `npm run bench`: Baton's own workloads (src/bench, the same code as
 * `baton bench` and the Baton side of `npm run bench:peers`) on PostgreSQL
 * when BATON_BENCH_DATABASE_URL (or BATON_TEST_DATABASE_URL) is set, else on
 * the embedded database. Prints a machine line, then one JSON line per workload.
 *
 *   --quick        every workload ten times smaller
 *   --only a,b     these workloads (flat, chain, latency, dag, history, memory,
 *                  embedded_flat, embedded_chain, embedded_memory, templates,
 *                  timers, sleep-claims, signals, schedules, children,
 *                  traced: flat and chain with tracing off, then on, as ratios)
 */
import os from 'node:os';
import { defaultConfig } from '../src/config/schema.js';
import { BatonWorkloads, runBatonBench, type BatonWorkload } from '../src/bench/index.js';

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : undefined;
const unknown = (only ?? []).filter((w) => !(BatonWorkloads as readonly string[]).includes(w));
if (unknown.length > 0) {
  process.stderr.write(`--only: unknown workload ${unknown.join(', ')}; expected some of ${BatonWorkloads.join(', ')}\n`);
  process.exit(2);
}
const url = process.env.BATON_BENCH_DATABASE_URL ?? process.env.BATON_TEST_DATABASE_URL;
const config = defaultConfig();
if (url) config.database.url = url;
config.log.level = 'warn';

const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
print({ bench: 'machine', cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, date: new Date().toISOString(), backend: url ? 'pg' : 'pglite' });
await runBatonBench({ config, shrink: quick ? 10 : 1, ...(only ? { workloads: only as BatonWorkload[] } : {}), onLine: print });
process.exit(0);

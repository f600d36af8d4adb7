/**
 * `baton bench`: Baton's own workloads against the configured database (a
 * fresh schema per workload, dropped afterwards; or a temporary embedded
 * database), one JSON line per workload — for sizing your own hardware.
 */
import { BatonWorkloads, DefaultBatonWorkloads, runBatonBench, type BatonWorkload } from '../../bench/index.js';
import { booleanFlag, listFlag, UsageError, type CommandSpec } from '../args.js';
import { loadCliConfig } from '../config.js';
import { ExitCode } from '../output.js';

const command: CommandSpec = {
  name: 'bench',
  summary: 'measure throughput and latency on the configured database (JSON lines)',
  usage: '[--quick] [--workload NAME]...',
  description:
    `Workloads: ${BatonWorkloads.join(', ')} (default: ${DefaultBatonWorkloads.join(', ')}).\n` +
    'With --database-url each workload runs in a throwaway schema of that database; without it, on a temporary embedded database.\n' +
    'history writes a million finished tasks first, and claims-backlog, isolation and isolation-labels a million ready ones: each takes minutes.',
  options: {
    quick: { type: 'boolean', description: 'every workload ten times smaller (a smoke run)' },
    workload: { type: 'string', multiple: true, valueName: 'NAME', description: 'run only these workloads' },
  },
  positionals: { min: 0, max: 0 },
  async run(args, ctx) {
    const config = loadCliConfig(args, ctx);
    config.log.level = 'warn';
    const named = listFlag(args, 'workload');
    const unknown = named.filter((w) => !(BatonWorkloads as readonly string[]).includes(w));
    if (unknown.length > 0) throw new UsageError(`unknown workload ${unknown.join(', ')}; choose from ${BatonWorkloads.join(', ')}`, 'bench');
    await runBatonBench({
      config,
      ...(named.length > 0 ? { workloads: named as BatonWorkload[] } : {}),
      shrink: booleanFlag(args, 'quick') ? 10 : 1,
      onLine: (line) => ctx.out(JSON.stringify(line)),
    });
    return ExitCode.ok;
  },
};

export const commands: CommandSpec[] = [command];

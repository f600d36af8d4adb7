/**
 * `GET /v1/stats`: the dashboard overview's numbers for the whole cluster,
 * read from the database (src/core/overview-stats.ts says what each means and
 * what it costs); `GET /v1/tasks/counts`: tasks by status alone, for the task list.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { createStatsReader } from '../../core/overview-stats.js';
import { STATS_WINDOWS, type StatsWindow } from '../../domain/stats-window.js';
import { TaskStatuses } from '../../domain/types.js';
import { TASK_COUNT_CAP, countTasksByStatus } from '../../store/overview-stats.js';
import { parseRequest } from '../validation.js';

export const statsQuery = z.strictObject({
  window: z
    .enum(Object.keys(STATS_WINDOWS) as [StatsWindow, ...StatsWindow[]], { error: `must be one of ${Object.keys(STATS_WINDOWS).join(', ')}` })
    .optional()
    .describe('How far back throughput, latency and errors look; the default is 1h.'),
});

const time = z.string().meta({ format: 'date-time' });
const count = z.int().min(0);
const ms = z.number().min(0);

/** The answer, field by field (docs/operations.md, "Overview statistics"). */
export const statsAnswer = z
  .object({
    window: z.enum(Object.keys(STATS_WINDOWS) as [StatsWindow, ...StatsWindow[]]),
    window_seconds: z.int(),
    now: time.describe("The database's clock when the numbers were read."),
    throughput: z.object({
      bucket_seconds: z.number(),
      buckets: z
        .array(z.object({ start: time, completed: count, errors: count }))
        .describe('60 buckets, oldest first; the last is the current one, still filling. `errors`: steps that ended in `error`.'),
      completed: count,
      errors: count,
      per_second: ms.describe('Steps completed in the window, per second of the window.'),
      current_per_second: ms.describe('Steps completed in the last 60 s, per second.'),
    }),
    ready: z.object({
      total: count.describe('Ready steps visible now (claimable).'),
      oldest_age_ms: ms,
      by_handler: z.array(z.object({ handler: z.string(), count })).describe('The 10 handlers with the most ready steps, most first.'),
      other: count.describe('Ready steps of the handlers not listed.'),
    }),
    latency: z.object({
      samples: count,
      sample_limit: count,
      p50_ms: ms.nullable().describe('Ready to complete: from when the last attempt could be claimed to its completion. Null with no sample.'),
      p99_ms: ms.nullable(),
      run_p50_ms: ms.nullable().describe("Run time: the last attempt's claim to its completion."),
      run_p99_ms: ms.nullable(),
    }),
    errors_by_template: z.array(
      z.object({
        namespace: z.string(),
        name: z.string(),
        step_errors: count.describe('Steps that ended in `error` in the window.'),
        failed_tasks: count.describe('Tasks that ended `error` or `timed_out` in the window.'),
      }),
    ),
    tasks_by_status: z
      .array(z.object({ status: z.enum(Object.values(TaskStatuses)), count, capped: z.boolean() }))
      .describe('Every status; `capped`: there are at least `count` (= `task_count_cap`) such tasks.'),
    task_count_cap: count,
  })
  .meta({ id: 'Stats' });

/** `GET /v1/tasks/counts`: the task list's counts by status, without the overview's window reads. */
export const taskCountsQuery = z.strictObject({});
export const taskCountsAnswer = statsAnswer.pick({ tasks_by_status: true, task_count_cap: true });

export async function statsRoutes(app: FastifyInstance, opts: { engine: Engine }): Promise<void> {
  // One reader per server: it keeps the settled throughput buckets it has counted.
  const reader = createStatsReader(opts.engine.db);

  app.get('/v1/stats', async (request) => {
    const query = parseRequest(statsQuery, request.query, 'query');
    return reader.read(query.window);
  });

  app.get('/v1/tasks/counts', async (request) => {
    parseRequest(taskCountsQuery, request.query, 'query');
    return { tasks_by_status: await countTasksByStatus(opts.engine.db, Object.values(TaskStatuses)), task_count_cap: TASK_COUNT_CAP };
  });
}

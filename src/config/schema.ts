import { z } from 'zod';

/**
 * The single source of Baton's configuration types and defaults. Fields are
 * camelCase here; in `baton.toml` the same keys are snake_case, grouped in one
 * table per section (`[server] body_limit_bytes = 1048576`). Every field's
 * environment variable is listed in `src/config/env.ts`, and every key is
 * described in docs/configuration.md.
 * Field types and their messages are in `src/config/fields.ts`.
 */
import { parseRateLimitList } from '../domain/rate-limit-list.js';
import { booleanField, enumField, hs256Secret, httpUrl, intField, numberField, postgresUrl, sqlIdentifier, stringField } from './fields.js';

export const LogLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LogLevels)[number];
/** `auto`: readable lines when the CLI's standard error is a terminal, JSON otherwise. */
export const LogFormats = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LogFormats)[number];

export const OrchestratorModes = ['hybrid', 'event', 'polling'] as const;
export type OrchestratorMode = (typeof OrchestratorModes)[number];

export const databaseSchema = z.strictObject({
  /**
   * PostgreSQL connection URL (`postgres://user:pass@host:5432/db`). When absent,
   * Baton runs an embedded PGlite database under `dataDir`.
   * @default undefined (embedded PGlite)
   * @example "postgres://baton:secret@db.internal:5432/baton"
   */
  url: postgresUrl.optional(),
  /**
   * Directory of the embedded PGlite database; ignored when `url` is set.
   * Relative paths resolve against the working directory.
   * @default "./.baton/data"
   */
  dataDir: stringField().default('./.baton/data'),
  /**
   * Maximum connections in the pool to PostgreSQL (PGlite is always one connection).
   * @default 10
   */
  poolSize: intField(1).default(10),
  /**
   * PostgreSQL schema that holds Baton's tables.
   * @default "baton"
   */
  schema: sqlIdentifier.default('baton'),
});

export const serverSchema = z.strictObject({
  /**
   * Address the HTTP API listens on. A non-loopback address requires auth or `insecure`.
   * @default "127.0.0.1"
   */
  host: stringField().default('127.0.0.1'),
  /**
   * TCP port of the HTTP API.
   * @default 8080
   */
  port: intField(0, 65535).default(8080),
  /**
   * Largest request body accepted; larger bodies get 413 `payload_too_large`.
   * @default 1048576 (1 MiB)
   */
  bodyLimitBytes: intField(1).default(1_048_576),
  /**
   * Allow binding a non-loopback address with auth off.
   * @default false
   */
  insecure: booleanField().default(false),
  /**
   * Most Server-Sent Events streams (`/v1/tasks/:id/events`, `/v1/events`) open
   * at once on this server; past it new streams get 503 `unavailable`.
   * @default 1000
   */
  maxSseStreams: intField(1).default(1000),
});

export const workerSchema = z.strictObject({
  /**
   * Steps one worker process runs at the same time.
   * @default 10
   */
  concurrency: intField(1).default(10),
  /**
   * Lease length of a claimed step; a worker that does not heartbeat within it
   * loses the step, which is retried.
   * @default 30000
   */
  leaseMs: intField(1000).default(30_000),
  /**
   * Interval between a worker's heartbeats; must be less than `leaseMs`.
   * @default leaseMs / 3 (rounded down)
   */
  heartbeatMs: intField(1).optional(),
  /**
   * On shutdown, how long running handlers get to finish before their signal aborts.
   * @default 5000
   */
  shutdownGraceMs: intField(0).default(5_000),
  /**
   * Most steps a worker claims in one round trip.
   * @default 10
   */
  claimBatch: intField(1).default(500),
});

export const orchestratorSchema = z.strictObject({
  /**
   * How processes learn about new work: `hybrid` (LISTEN/NOTIFY with a polling
   * fallback), `event` (LISTEN/NOTIFY only), `polling` (polling only).
   * @default "hybrid"
   */
  mode: enumField(OrchestratorModes).default('hybrid'),
  /**
   * Polling interval in `polling` mode, and the fallback interval in `hybrid` mode.
   * @default 1000
   */
  pollIntervalMs: intField(1).default(1_000),
  /**
   * Interval of the background sweeps: lease reaper, timeouts and the
   * finalization reconciler.
   * @default 1000
   */
  sweepIntervalMs: intField(1).default(1_000),
  /**
   * Largest ready backlog before task submission is refused with 429
   * `overloaded`; 0 means unlimited.
   * @default 0
   */
  admissionLimit: intField(0).default(0),
  /**
   * `GET /health/ready` answers 503 when the oldest visible ready step has
   * waited longer than this (workers missing or saturated); 0 disables the check.
   * @default 0
   */
  readyAgeLimitMs: intField(0).default(0),
  /**
   * How often each process looks for due timers: sleeps that end, waits that
   * time out, and worker-less steps (sleep, wait) that became ready. Reads
   * only the due rows of a partial index, so a short interval is cheap.
   * @default 250
   */
  timerIntervalMs: intField(10).default(250),
  /**
   * How long an external event (`POST /v1/events`) that no step was waiting
   * for is kept for a step that starts waiting for it later.
   * @default 86400 (1 day)
   */
  eventKeepSeconds: intField(0).default(86_400),
  /**
   * Deepest nesting of child workflows (`kind: workflow`): a step that would
   * start a child deeper than this fails with `depth_exceeded`.
   * @default 10
   */
  maxWorkflowDepth: intField(1).default(10),
  /**
   * Named rate limits declared at start-up, as `POST /v1/rate-limits` would:
   * `NAME=LIMIT/PER` entries separated by commas.
   * @default "" (none)
   * @example "stripe=100/1s, sendgrid=10/1m"
   */
  rateLimits: stringField()
    .default('')
    .superRefine((text, ctx) => {
      const parsed = parseRateLimitList(text);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
    }),
});

export const schedulesSchema = z.strictObject({
  /**
   * How often each process looks for schedule slots that are due. Every
   * process ticks; row locks and the slot's idempotency key make each slot
   * fire once.
   * @default 1000
   */
  tickMs: intField(50).default(1_000),
  /**
   * A slot fired later than this after its time is a missed slot, fired or
   * not according to the schedule's `catch_up`; within it, a slot is merely
   * late and always fires.
   * @default 60000 (1 minute)
   */
  misfireGraceMs: intField(0).default(60_000),
});

export const retentionSchema = z.strictObject({
  /**
   * Days finished tasks (and their steps and transitions) are kept before the
   * pruner deletes them; fractions allowed; 0 keeps them forever.
   * @default 7
   */
  finishedTasksDays: numberField(0).default(7),
  /**
   * Interval between pruner runs.
   * @default 3600000 (1 hour)
   */
  pruneIntervalMs: intField(1).default(3_600_000),
});

export const templatesSchema = z.strictObject({
  /**
   * Most steps one template may list; a longer one is refused with
   * `invalid_template` naming this key. Every task of a template stores one
   * row per step, created in one transaction at submission.
   * @default 10000
   * @example 50000
   */
  maxSteps: intField(1).default(10_000),
});

export const logSchema = z.strictObject({
  /**
   * Minimum level written to the log.
   * @default "info"
   */
  level: enumField(LogLevels).default('info'),
  /**
   * `pretty`: one readable line per entry (`12:00:01.234 INFO  request completed  reqId=…`);
   * `json`: pino JSON lines; `auto`: pretty when the CLI's standard error is a
   * terminal, JSON otherwise (pipes, files, containers, and library mode).
   * @default "auto"
   * @example "json"
   */
  format: enumField(LogFormats).default('auto'),
  /**
   * Deprecated, replaced by `format`: `true` is `"pretty"`, `false` is `"json"`; used only while `format` is `"auto"`.
   * @default undefined
   */
  pretty: booleanField().optional(),
});

export const authSchema = z.strictObject({
  /**
   * Shared secret for HS256 bearer tokens (at least 32 bytes). Auth is off when
   * no key (`hs256Secret`, `publicKeyFile`, `jwksFile`) is set.
   * @default undefined
   */
  hs256Secret: hs256Secret.optional(),
  /**
   * PEM file with the RS256/ES256 public key that verifies bearer tokens.
   * @default undefined
   */
  publicKeyFile: stringField().optional(),
  /**
   * JSON Web Key Set file whose keys verify bearer tokens.
   * @default undefined
   */
  jwksFile: stringField().optional(),
  /**
   * Required `aud` claim of bearer tokens, when set.
   * @default undefined
   */
  audience: stringField().optional(),
  /**
   * Required `iss` claim of bearer tokens, when set.
   * @default undefined
   */
  issuer: stringField().optional(),
});

export const telemetrySchema = z.strictObject({
  /**
   * Export OpenTelemetry traces: Baton registers a tracer provider (W3C
   * propagation, the sampler below, a batching OTLP/HTTP exporter) at start
   * and flushes it on stop. Leave it off when the application registers its
   * own OpenTelemetry SDK: Baton's spans join that one.
   * @default false
   */
  enabled: booleanField().default(false),
  /**
   * OTLP/HTTP traces URL spans are sent to (JSON over HTTP).
   * @default undefined (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else http://localhost:4318/v1/traces)
   * @example "http://otel-collector:4318/v1/traces"
   */
  otlpEndpoint: httpUrl.optional(),
  /**
   * Share of new traces recorded (0 to 1); a trace that arrives sampled or not
   * (a submission's `traceparent`) keeps its caller's decision.
   * @default 1
   */
  sampleRatio: numberField(0).max(1, { error: 'expected a number between 0 and 1' }).default(1),
  /**
   * The `service.name` resource attribute of Baton's spans.
   * @default "baton"
   */
  serviceName: stringField().default('baton'),
});

/** The sections before defaults and derivations: what the loader validates. */
const configObjectSchema = z.strictObject({
  database: databaseSchema.prefault({}),
  server: serverSchema.prefault({}),
  worker: workerSchema.prefault({}),
  orchestrator: orchestratorSchema.prefault({}),
  retention: retentionSchema.prefault({}),
  templates: templatesSchema.prefault({}),
  schedules: schedulesSchema.prefault({}),
  log: logSchema.prefault({}),
  auth: authSchema.prefault({}),
  telemetry: telemetrySchema.prefault({}),
});

/**
 * Baton's configuration schema: parses camelCase input, applies every default
 * and derives `worker.heartbeatMs` and `log.format`.
 */
export const configSchema = configObjectSchema
  .superRefine((config, ctx) => {
    const { heartbeatMs, leaseMs } = config.worker;
    if (heartbeatMs !== undefined && heartbeatMs >= leaseMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['worker', 'heartbeatMs'],
        input: heartbeatMs,
        message: `expected less than worker.lease_ms (${leaseMs})`,
      });
    }
  })
  .transform((config) => ({
    ...config,
    worker: { ...config.worker, heartbeatMs: config.worker.heartbeatMs ?? Math.floor(config.worker.leaseMs / 3) },
    // The deprecated `log.pretty` folds into `log.format`, which every reader uses.
    log: { ...config.log, format: config.log.format === 'auto' && config.log.pretty !== undefined ? (config.log.pretty ? 'pretty' : 'json') : config.log.format },
  }));

/** The fully defaulted configuration every component receives. */
export type BatonConfig = z.output<typeof configSchema>;

/** What a config source may provide: any subset of the fields, at any depth. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends Record<string, unknown> ? DeepPartial<T[K]> : T[K];
};

/** Dotted camelCase paths of every leaf field, e.g. `"server.port"`. */
export type ConfigPath = {
  [S in keyof BatonConfig]: `${S}.${keyof BatonConfig[S] & string}`;
}[keyof BatonConfig];

/** The configuration with every default applied and nothing set. */
export function defaultConfig(): BatonConfig {
  return configSchema.parse({});
}

/** A tree of the schema's keys: a nested table, or `null` for a leaf field. */
export interface ConfigShape {
  [key: string]: ConfigShape | null;
}

/** The key tree of `configSchema`, used to check unknown keys and to convert names. */
export function configShape(): ConfigShape {
  return shapeOf(configObjectSchema) ?? {};
}

function shapeOf(schema: z.ZodType): ConfigShape | null {
  let current: z.ZodType = schema;
  // Peel wrappers (optional, default, prefault, pipe) down to the value's own schema.
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType !== undefined) current = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) current = def.in;
    else break;
  }
  if (!(current instanceof z.ZodObject)) return null;
  const shape: ConfigShape = {};
  // Needed: without it the entries are `any` (the rule misreads zod's generic shape type).
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  for (const [key, child] of Object.entries(current.shape as Record<string, z.ZodType>)) {
    shape[key] = shapeOf(child);
  }
  return shape;
}

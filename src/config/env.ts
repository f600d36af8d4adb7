import type { ConfigPath } from './schema.js';

/**
 * The `BATON_*` environment variables, one per config field. Written out rather
 * than derived so that a renamed field cannot silently rename a variable that
 * deployments already set; `test/config/env.test.ts` checks every field has one.
 */
export const envVars = {
  BATON_DATABASE_URL: { path: 'database.url', type: 'string' },
  BATON_DATA_DIR: { path: 'database.dataDir', type: 'string' },
  BATON_POOL_SIZE: { path: 'database.poolSize', type: 'number' },
  BATON_SCHEMA: { path: 'database.schema', type: 'string' },
  BATON_HOST: { path: 'server.host', type: 'string' },
  BATON_PORT: { path: 'server.port', type: 'number' },
  BATON_BODY_LIMIT_BYTES: { path: 'server.bodyLimitBytes', type: 'number' },
  BATON_INSECURE: { path: 'server.insecure', type: 'boolean' },
  BATON_MAX_SSE_STREAMS: { path: 'server.maxSseStreams', type: 'number' },
  BATON_WORKER_CONCURRENCY: { path: 'worker.concurrency', type: 'number' },
  BATON_LEASE_MS: { path: 'worker.leaseMs', type: 'number' },
  BATON_HEARTBEAT_MS: { path: 'worker.heartbeatMs', type: 'number' },
  BATON_SHUTDOWN_GRACE_MS: { path: 'worker.shutdownGraceMs', type: 'number' },
  BATON_CLAIM_BATCH: { path: 'worker.claimBatch', type: 'number' },
  BATON_MODE: { path: 'orchestrator.mode', type: 'string' },
  BATON_POLL_INTERVAL_MS: { path: 'orchestrator.pollIntervalMs', type: 'number' },
  BATON_SWEEP_INTERVAL_MS: { path: 'orchestrator.sweepIntervalMs', type: 'number' },
  BATON_ADMISSION_LIMIT: { path: 'orchestrator.admissionLimit', type: 'number' },
  BATON_READY_AGE_LIMIT_MS: { path: 'orchestrator.readyAgeLimitMs', type: 'number' },
  BATON_TIMER_INTERVAL_MS: { path: 'orchestrator.timerIntervalMs', type: 'number' },
  BATON_EVENT_KEEP_SECONDS: { path: 'orchestrator.eventKeepSeconds', type: 'number' },
  BATON_MAX_WORKFLOW_DEPTH: { path: 'orchestrator.maxWorkflowDepth', type: 'number' },
  BATON_RATE_LIMITS: { path: 'orchestrator.rateLimits', type: 'string' },
  BATON_SCHEDULE_TICK_MS: { path: 'schedules.tickMs', type: 'number' },
  BATON_SCHEDULE_MISFIRE_GRACE_MS: { path: 'schedules.misfireGraceMs', type: 'number' },
  BATON_RETENTION_DAYS: { path: 'retention.finishedTasksDays', type: 'number' },
  BATON_PRUNE_INTERVAL_MS: { path: 'retention.pruneIntervalMs', type: 'number' },
  BATON_TEMPLATES_MAX_STEPS: { path: 'templates.maxSteps', type: 'number' },
  BATON_LOG_LEVEL: { path: 'log.level', type: 'string' },
  BATON_LOG_FORMAT: { path: 'log.format', type: 'string' },
  BATON_LOG_PRETTY: { path: 'log.pretty', type: 'boolean' },
  BATON_AUTH_HS256_SECRET: { path: 'auth.hs256Secret', type: 'string' },
  BATON_AUTH_PUBLIC_KEY_FILE: { path: 'auth.publicKeyFile', type: 'string' },
  BATON_AUTH_JWKS_FILE: { path: 'auth.jwksFile', type: 'string' },
  BATON_AUTH_AUDIENCE: { path: 'auth.audience', type: 'string' },
  BATON_AUTH_ISSUER: { path: 'auth.issuer', type: 'string' },
  BATON_TELEMETRY_ENABLED: { path: 'telemetry.enabled', type: 'boolean' },
  BATON_OTLP_ENDPOINT: { path: 'telemetry.otlpEndpoint', type: 'string' },
  BATON_TRACE_SAMPLE_RATIO: { path: 'telemetry.sampleRatio', type: 'number' },
  BATON_SERVICE_NAME: { path: 'telemetry.serviceName', type: 'string' },
} as const satisfies Record<string, { path: ConfigPath; type: 'string' | 'number' | 'boolean' }>;

export type EnvVarName = keyof typeof envVars;

/** Selects the `[environments.<name>]` table of the config file. */
export const ENV_NAME_VAR = 'BATON_ENV';
/** Config file path when no `--config` is given (before `baton.toml` in the working directory). */
export const CONFIG_FILE_VAR = 'BATON_CONFIG';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/**
 * Converts a variable's text to the field's type. Text that does not convert is
 * returned unchanged, so the schema rejects it and the problem is reported with
 * every other one, naming the variable.
 */
export function coerceEnvValue(raw: string, type: 'string' | 'number' | 'boolean'): unknown {
  const text = raw.trim();
  if (type === 'number') return NUMBER.test(text) ? Number(text) : raw;
  if (type === 'boolean') {
    const lower = text.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    return raw;
  }
  return raw;
}

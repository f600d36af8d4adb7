/**
 * The `BATON_*` environment variables, one per config field. Written out rather
 * than derived so that a renamed field cannot silently rename a variable that
 * deployments already set; `test/config/env.test.ts` checks every field has one.
 */
export declare const envVars: {
    readonly BATON_DATABASE_URL: {
        readonly path: "database.url";
        readonly type: "string";
    };
    readonly BATON_DATA_DIR: {
        readonly path: "database.dataDir";
        readonly type: "string";
    };
    readonly BATON_POOL_SIZE: {
        readonly path: "database.poolSize";
        readonly type: "number";
    };
    readonly BATON_SCHEMA: {
        readonly path: "database.schema";
        readonly type: "string";
    };
    readonly BATON_HOST: {
        readonly path: "server.host";
        readonly type: "string";
    };
    readonly BATON_PORT: {
        readonly path: "server.port";
        readonly type: "number";
    };
    readonly BATON_BODY_LIMIT_BYTES: {
        readonly path: "server.bodyLimitBytes";
        readonly type: "number";
    };
    readonly BATON_INSECURE: {
        readonly path: "server.insecure";
        readonly type: "boolean";
    };
    readonly BATON_MAX_SSE_STREAMS: {
        readonly path: "server.maxSseStreams";
        readonly type: "number";
    };
    readonly BATON_WORKER_CONCURRENCY: {
        readonly path: "worker.concurrency";
        readonly type: "number";
    };
    readonly BATON_LEASE_MS: {
        readonly path: "worker.leaseMs";
        readonly type: "number";
    };
    readonly BATON_HEARTBEAT_MS: {
        readonly path: "worker.heartbeatMs";
        readonly type: "number";
    };
    readonly BATON_SHUTDOWN_GRACE_MS: {
        readonly path: "worker.shutdownGraceMs";
        readonly type: "number";
    };
    readonly BATON_CLAIM_BATCH: {
        readonly path: "worker.claimBatch";
        readonly type: "number";
    };
    readonly BATON_MODE: {
        readonly path: "orchestrator.mode";
        readonly type: "string";
    };
    readonly BATON_POLL_INTERVAL_MS: {
        readonly path: "orchestrator.pollIntervalMs";
        readonly type: "number";
    };
    readonly BATON_SWEEP_INTERVAL_MS: {
        readonly path: "orchestrator.sweepIntervalMs";
        readonly type: "number";
    };
    readonly BATON_ADMISSION_LIMIT: {
        readonly path: "orchestrator.admissionLimit";
        readonly type: "number";
    };
    readonly BATON_READY_AGE_LIMIT_MS: {
        readonly path: "orchestrator.readyAgeLimitMs";
        readonly type: "number";
    };
    readonly BATON_TIMER_INTERVAL_MS: {
        readonly path: "orchestrator.timerIntervalMs";
        readonly type: "number";
    };
    readonly BATON_EVENT_KEEP_SECONDS: {
        readonly path: "orchestrator.eventKeepSeconds";
        readonly type: "number";
    };
    readonly BATON_MAX_WORKFLOW_DEPTH: {
        readonly path: "orchestrator.maxWorkflowDepth";
        readonly type: "number";
    };
    readonly BATON_RATE_LIMITS: {
        readonly path: "orchestrator.rateLimits";
        readonly type: "string";
    };
    readonly BATON_SCHEDULE_TICK_MS: {
        readonly path: "schedules.tickMs";
        readonly type: "number";
    };
    readonly BATON_SCHEDULE_MISFIRE_GRACE_MS: {
        readonly path: "schedules.misfireGraceMs";
        readonly type: "number";
    };
    readonly BATON_RETENTION_DAYS: {
        readonly path: "retention.finishedTasksDays";
        readonly type: "number";
    };
    readonly BATON_PRUNE_INTERVAL_MS: {
        readonly path: "retention.pruneIntervalMs";
        readonly type: "number";
    };
    readonly BATON_TEMPLATES_MAX_STEPS: {
        readonly path: "templates.maxSteps";
        readonly type: "number";
    };
    readonly BATON_LOG_LEVEL: {
        readonly path: "log.level";
        readonly type: "string";
    };
    readonly BATON_LOG_FORMAT: {
        readonly path: "log.format";
        readonly type: "string";
    };
    readonly BATON_LOG_PRETTY: {
        readonly path: "log.pretty";
        readonly type: "boolean";
    };
    readonly BATON_AUTH_HS256_SECRET: {
        readonly path: "auth.hs256Secret";
        readonly type: "string";
    };
    readonly BATON_AUTH_PUBLIC_KEY_FILE: {
        readonly path: "auth.publicKeyFile";
        readonly type: "string";
    };
    readonly BATON_AUTH_JWKS_FILE: {
        readonly path: "auth.jwksFile";
        readonly type: "string";
    };
    readonly BATON_AUTH_AUDIENCE: {
        readonly path: "auth.audience";
        readonly type: "string";
    };
    readonly BATON_AUTH_ISSUER: {
        readonly path: "auth.issuer";
        readonly type: "string";
    };
};
export type EnvVarName = keyof typeof envVars;
/** Selects the `[environments.<name>]` table of the config file. */
export declare const ENV_NAME_VAR = "BATON_ENV";
/** Config file path when no `--config` is given (before `baton.toml` in the working directory). */
export declare const CONFIG_FILE_VAR = "BATON_CONFIG";
/**
 * Converts a variable's text to the field's type. Text that does not convert is
 * returned unchanged, so the schema rejects it and the problem is reported with
 * every other one, naming the variable.
 */
export declare function coerceEnvValue(raw: string, type: 'string' | 'number' | 'boolean'): unknown;

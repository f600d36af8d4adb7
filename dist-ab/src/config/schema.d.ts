import { z } from 'zod';
export declare const LogLevels: readonly ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
export type LogLevel = (typeof LogLevels)[number];
/** `auto`: readable lines when the CLI's standard error is a terminal, JSON otherwise. */
export declare const LogFormats: readonly ["auto", "pretty", "json"];
export type LogFormat = (typeof LogFormats)[number];
export declare const OrchestratorModes: readonly ["hybrid", "event", "polling"];
export type OrchestratorMode = (typeof OrchestratorModes)[number];
export declare const databaseSchema: z.ZodObject<{
    url: z.ZodOptional<z.ZodString>;
    dataDir: z.ZodDefault<z.ZodString>;
    poolSize: z.ZodDefault<z.ZodInt>;
    schema: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
export declare const serverSchema: z.ZodObject<{
    host: z.ZodDefault<z.ZodString>;
    port: z.ZodDefault<z.ZodInt>;
    bodyLimitBytes: z.ZodDefault<z.ZodInt>;
    insecure: z.ZodDefault<z.ZodBoolean>;
    maxSseStreams: z.ZodDefault<z.ZodInt>;
}, z.core.$strict>;
export declare const workerSchema: z.ZodObject<{
    concurrency: z.ZodDefault<z.ZodInt>;
    leaseMs: z.ZodDefault<z.ZodInt>;
    heartbeatMs: z.ZodOptional<z.ZodInt>;
    shutdownGraceMs: z.ZodDefault<z.ZodInt>;
    claimBatch: z.ZodDefault<z.ZodInt>;
}, z.core.$strict>;
export declare const orchestratorSchema: z.ZodObject<{
    mode: z.ZodDefault<z.ZodEnum<{
        event: "event";
        hybrid: "hybrid";
        polling: "polling";
    }>>;
    pollIntervalMs: z.ZodDefault<z.ZodInt>;
    sweepIntervalMs: z.ZodDefault<z.ZodInt>;
    admissionLimit: z.ZodDefault<z.ZodInt>;
    readyAgeLimitMs: z.ZodDefault<z.ZodInt>;
    timerIntervalMs: z.ZodDefault<z.ZodInt>;
    eventKeepSeconds: z.ZodDefault<z.ZodInt>;
    maxWorkflowDepth: z.ZodDefault<z.ZodInt>;
    rateLimits: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
export declare const schedulesSchema: z.ZodObject<{
    tickMs: z.ZodDefault<z.ZodInt>;
    misfireGraceMs: z.ZodDefault<z.ZodInt>;
}, z.core.$strict>;
export declare const retentionSchema: z.ZodObject<{
    finishedTasksDays: z.ZodDefault<z.ZodNumber>;
    pruneIntervalMs: z.ZodDefault<z.ZodInt>;
}, z.core.$strict>;
export declare const templatesSchema: z.ZodObject<{
    maxSteps: z.ZodDefault<z.ZodInt>;
}, z.core.$strict>;
export declare const logSchema: z.ZodObject<{
    level: z.ZodDefault<z.ZodEnum<{
        error: "error";
        fatal: "fatal";
        warn: "warn";
        info: "info";
        debug: "debug";
        trace: "trace";
        silent: "silent";
    }>>;
    format: z.ZodDefault<z.ZodEnum<{
        json: "json";
        auto: "auto";
        pretty: "pretty";
    }>>;
    pretty: z.ZodOptional<z.ZodBoolean>;
}, z.core.$strict>;
export declare const authSchema: z.ZodObject<{
    hs256Secret: z.ZodOptional<z.ZodString>;
    publicKeyFile: z.ZodOptional<z.ZodString>;
    jwksFile: z.ZodOptional<z.ZodString>;
    audience: z.ZodOptional<z.ZodString>;
    issuer: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
/**
 * Baton's configuration schema: parses camelCase input, applies every default
 * and derives `worker.heartbeatMs` and `log.format`.
 */
export declare const configSchema: z.ZodPipe<z.ZodObject<{
    database: z.ZodPrefault<z.ZodObject<{
        url: z.ZodOptional<z.ZodString>;
        dataDir: z.ZodDefault<z.ZodString>;
        poolSize: z.ZodDefault<z.ZodInt>;
        schema: z.ZodDefault<z.ZodString>;
    }, z.core.$strict>>;
    server: z.ZodPrefault<z.ZodObject<{
        host: z.ZodDefault<z.ZodString>;
        port: z.ZodDefault<z.ZodInt>;
        bodyLimitBytes: z.ZodDefault<z.ZodInt>;
        insecure: z.ZodDefault<z.ZodBoolean>;
        maxSseStreams: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    worker: z.ZodPrefault<z.ZodObject<{
        concurrency: z.ZodDefault<z.ZodInt>;
        leaseMs: z.ZodDefault<z.ZodInt>;
        heartbeatMs: z.ZodOptional<z.ZodInt>;
        shutdownGraceMs: z.ZodDefault<z.ZodInt>;
        claimBatch: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    orchestrator: z.ZodPrefault<z.ZodObject<{
        mode: z.ZodDefault<z.ZodEnum<{
            event: "event";
            hybrid: "hybrid";
            polling: "polling";
        }>>;
        pollIntervalMs: z.ZodDefault<z.ZodInt>;
        sweepIntervalMs: z.ZodDefault<z.ZodInt>;
        admissionLimit: z.ZodDefault<z.ZodInt>;
        readyAgeLimitMs: z.ZodDefault<z.ZodInt>;
        timerIntervalMs: z.ZodDefault<z.ZodInt>;
        eventKeepSeconds: z.ZodDefault<z.ZodInt>;
        maxWorkflowDepth: z.ZodDefault<z.ZodInt>;
        rateLimits: z.ZodDefault<z.ZodString>;
    }, z.core.$strict>>;
    retention: z.ZodPrefault<z.ZodObject<{
        finishedTasksDays: z.ZodDefault<z.ZodNumber>;
        pruneIntervalMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    templates: z.ZodPrefault<z.ZodObject<{
        maxSteps: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    schedules: z.ZodPrefault<z.ZodObject<{
        tickMs: z.ZodDefault<z.ZodInt>;
        misfireGraceMs: z.ZodDefault<z.ZodInt>;
    }, z.core.$strict>>;
    log: z.ZodPrefault<z.ZodObject<{
        level: z.ZodDefault<z.ZodEnum<{
            error: "error";
            fatal: "fatal";
            warn: "warn";
            info: "info";
            debug: "debug";
            trace: "trace";
            silent: "silent";
        }>>;
        format: z.ZodDefault<z.ZodEnum<{
            json: "json";
            auto: "auto";
            pretty: "pretty";
        }>>;
        pretty: z.ZodOptional<z.ZodBoolean>;
    }, z.core.$strict>>;
    auth: z.ZodPrefault<z.ZodObject<{
        hs256Secret: z.ZodOptional<z.ZodString>;
        publicKeyFile: z.ZodOptional<z.ZodString>;
        jwksFile: z.ZodOptional<z.ZodString>;
        audience: z.ZodOptional<z.ZodString>;
        issuer: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>;
}, z.core.$strict>, z.ZodTransform<{
    worker: {
        heartbeatMs: number;
        concurrency: number;
        leaseMs: number;
        shutdownGraceMs: number;
        claimBatch: number;
    };
    log: {
        format: "json" | "auto" | "pretty";
        level: "error" | "fatal" | "warn" | "info" | "debug" | "trace" | "silent";
        pretty?: boolean | undefined;
    };
    database: {
        dataDir: string;
        poolSize: number;
        schema: string;
        url?: string | undefined;
    };
    server: {
        host: string;
        port: number;
        bodyLimitBytes: number;
        insecure: boolean;
        maxSseStreams: number;
    };
    orchestrator: {
        mode: "event" | "hybrid" | "polling";
        pollIntervalMs: number;
        sweepIntervalMs: number;
        admissionLimit: number;
        readyAgeLimitMs: number;
        timerIntervalMs: number;
        eventKeepSeconds: number;
        maxWorkflowDepth: number;
        rateLimits: string;
    };
    retention: {
        finishedTasksDays: number;
        pruneIntervalMs: number;
    };
    templates: {
        maxSteps: number;
    };
    schedules: {
        tickMs: number;
        misfireGraceMs: number;
    };
    auth: {
        hs256Secret?: string | undefined;
        publicKeyFile?: string | undefined;
        jwksFile?: string | undefined;
        audience?: string | undefined;
        issuer?: string | undefined;
    };
}, {
    database: {
        dataDir: string;
        poolSize: number;
        schema: string;
        url?: string | undefined;
    };
    server: {
        host: string;
        port: number;
        bodyLimitBytes: number;
        insecure: boolean;
        maxSseStreams: number;
    };
    worker: {
        concurrency: number;
        leaseMs: number;
        shutdownGraceMs: number;
        claimBatch: number;
        heartbeatMs?: number | undefined;
    };
    orchestrator: {
        mode: "event" | "hybrid" | "polling";
        pollIntervalMs: number;
        sweepIntervalMs: number;
        admissionLimit: number;
        readyAgeLimitMs: number;
        timerIntervalMs: number;
        eventKeepSeconds: number;
        maxWorkflowDepth: number;
        rateLimits: string;
    };
    retention: {
        finishedTasksDays: number;
        pruneIntervalMs: number;
    };
    templates: {
        maxSteps: number;
    };
    schedules: {
        tickMs: number;
        misfireGraceMs: number;
    };
    log: {
        level: "error" | "fatal" | "warn" | "info" | "debug" | "trace" | "silent";
        format: "json" | "auto" | "pretty";
        pretty?: boolean | undefined;
    };
    auth: {
        hs256Secret?: string | undefined;
        publicKeyFile?: string | undefined;
        jwksFile?: string | undefined;
        audience?: string | undefined;
        issuer?: string | undefined;
    };
}>>;
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
export declare function defaultConfig(): BatonConfig;
/** A tree of the schema's keys: a nested table, or `null` for a leaf field. */
export interface ConfigShape {
    [key: string]: ConfigShape | null;
}
/** The key tree of `configSchema`, used to check unknown keys and to convert names. */
export declare function configShape(): ConfigShape;

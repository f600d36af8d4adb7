/**
 * The shape of a template as written (DESIGN §2), as zod schemas. Objects are
 * strict so that a misspelt key (`retyr:`) is an error rather than silently
 * ignored. Each field carries one message saying what it must be; cross-field
 * and graph rules live in `template-checks.ts`.
 */
import { z } from 'zod';
import type { IssueCollector } from './template-issues.js';
/** Limits a template must stay within. */
export declare const TemplateLimits: {
    /** The default step cap; a server's `templates.max_steps` replaces it. */
    readonly maxSteps: 10000;
    readonly maxAttempts: 1000;
    /** base_ms and max_ms: one day. */
    readonly maxDelayMs: number;
    readonly stepTimeoutSeconds: 86400;
    readonly taskTimeoutSeconds: number;
    readonly handlerLength: 200;
};
/** Names of namespaces, templates and steps. */
export declare const IDENTIFIER: RegExp;
declare const retrySchema: z.ZodObject<{
    max_attempts: z.ZodOptional<z.ZodNumber>;
    backoff: z.ZodOptional<z.ZodEnum<{
        none: "none";
        fixed: "fixed";
        linear: "linear";
        exponential: "exponential";
    }>>;
    base_ms: z.ZodOptional<z.ZodNumber>;
    max_ms: z.ZodOptional<z.ZodNumber>;
    jitter: z.ZodOptional<z.ZodBoolean>;
}, z.core.$strict>;
/** The raw template shape; normalisation happens after it passes. */
export declare const templateSchema: z.ZodObject<{
    namespace: z.ZodString;
    name: z.ZodString;
    version: z.ZodPreprocess<z.ZodString, unknown>;
    description: z.ZodOptional<z.ZodString>;
    input_schema: z.ZodOptional<z.ZodCustom<Record<string, unknown>, Record<string, unknown>>>;
    timeout_seconds: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
    on_failure: z.ZodOptional<z.ZodEnum<{
        stop: "stop";
        continue: "continue";
    }>>;
    mode: z.ZodOptional<z.ZodEnum<{
        dag: "dag";
        sequential: "sequential";
    }>>;
    defaults: z.ZodOptional<z.ZodObject<{
        retry: z.ZodOptional<z.ZodObject<{
            max_attempts: z.ZodOptional<z.ZodNumber>;
            backoff: z.ZodOptional<z.ZodEnum<{
                none: "none";
                fixed: "fixed";
                linear: "linear";
                exponential: "exponential";
            }>>;
            base_ms: z.ZodOptional<z.ZodNumber>;
            max_ms: z.ZodOptional<z.ZodNumber>;
            jitter: z.ZodOptional<z.ZodBoolean>;
        }, z.core.$strict>>;
        timeout_seconds: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
        concurrency: z.ZodOptional<z.ZodObject<{
            key: z.ZodPreprocess<z.ZodString, unknown>;
            limit: z.ZodNumber;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
    steps: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        handler: z.ZodOptional<z.ZodString>;
        kind: z.ZodOptional<z.ZodEnum<{
            task: "task";
            decision: "decision";
            fan_out: "fan_out";
            sleep: "sleep";
            wait: "wait";
            workflow: "workflow";
        }>>;
        depends_on: z.ZodOptional<z.ZodArray<z.ZodString>>;
        params: z.ZodOptional<z.ZodCustom<Record<string, unknown>, Record<string, unknown>>>;
        retry: z.ZodOptional<z.ZodObject<{
            max_attempts: z.ZodOptional<z.ZodNumber>;
            backoff: z.ZodOptional<z.ZodEnum<{
                none: "none";
                fixed: "fixed";
                linear: "linear";
                exponential: "exponential";
            }>>;
            base_ms: z.ZodOptional<z.ZodNumber>;
            max_ms: z.ZodOptional<z.ZodNumber>;
            jitter: z.ZodOptional<z.ZodBoolean>;
        }, z.core.$strict>>;
        timeout_seconds: z.ZodOptional<z.ZodNullable<z.ZodNumber>>;
        labels: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodPreprocess<z.ZodString, unknown>>>;
        fan_out: z.ZodOptional<z.ZodObject<{
            each: z.ZodString;
            batch_size: z.ZodOptional<z.ZodNumber>;
            items: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
        sleep: z.ZodOptional<z.ZodObject<{
            duration: z.ZodOptional<z.ZodString>;
            until: z.ZodOptional<z.ZodString>;
        }, z.core.$strict>>;
        wait: z.ZodOptional<z.ZodObject<{
            signal: z.ZodOptional<z.ZodString>;
            event: z.ZodOptional<z.ZodString>;
            match: z.ZodOptional<z.ZodPreprocess<z.ZodString, unknown>>;
            timeout: z.ZodOptional<z.ZodString>;
            on_timeout: z.ZodOptional<z.ZodEnum<{
                fail: "fail";
                skip: "skip";
            }>>;
            schema: z.ZodOptional<z.ZodCustom<Record<string, unknown>, Record<string, unknown>>>;
        }, z.core.$strict>>;
        workflow: z.ZodOptional<z.ZodObject<{
            namespace: z.ZodString;
            name: z.ZodString;
            version: z.ZodOptional<z.ZodPreprocess<z.ZodString, unknown>>;
            context: z.ZodOptional<z.ZodCustom<Record<string, unknown>, Record<string, unknown>>>;
        }, z.core.$strict>>;
        concurrency: z.ZodOptional<z.ZodObject<{
            key: z.ZodPreprocess<z.ZodString, unknown>;
            limit: z.ZodNumber;
        }, z.core.$strict>>;
        rate_limit: z.ZodOptional<z.ZodObject<{
            name: z.ZodString;
            key: z.ZodOptional<z.ZodPreprocess<z.ZodString, unknown>>;
            units: z.ZodOptional<z.ZodNumber>;
        }, z.core.$strict>>;
    }, z.core.$strict>>;
}, z.core.$strict>;
/** A template that passed the shape check. */
export type RawTemplate = z.output<typeof templateSchema>;
/** A retry object as written: every field optional, merged over defaults later. */
export type RawRetry = z.output<typeof retrySchema>;
/**
 * Checks the shape of a raw template, records every problem in `issues` and
 * returns the parsed data when there were none.
 */
export declare function checkTemplateShape(input: unknown, issues: IssueCollector): RawTemplate | undefined;
export {};

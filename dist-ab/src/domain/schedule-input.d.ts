/**
 * The shape of a schedule as users write it (`POST /v1/schedules`, a
 * `schedules:` file), as zod schemas. What the values mean (a cron's fields,
 * a time zone, the template) is checked by `parseScheduleSpec` and the service.
 */
import { z } from 'zod';
import type { JsonObject } from './types.js';
/** `POST /v1/schedules`, and each entry of a `schedules:` file. */
export declare const scheduleInputSchema: z.ZodObject<{
    template: z.ZodObject<{
        namespace: z.ZodString;
        name: z.ZodString;
        version: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    }, z.core.$strict>;
    context: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    cron: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    every: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    timezone: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    overlap: z.ZodOptional<z.ZodEnum<{
        skip: "skip";
        allow: "allow";
        cancel_previous: "cancel_previous";
    }>>;
    catch_up: z.ZodOptional<z.ZodEnum<{
        none: "none";
        latest: "latest";
        all: "all";
    }>>;
    paused: z.ZodOptional<z.ZodBoolean>;
    name: z.ZodString;
}, z.core.$strict>;
/** `PATCH /v1/schedules/:name`: any of the fields but the name. */
export declare const schedulePatchSchema: z.ZodObject<{
    template: z.ZodOptional<z.ZodObject<{
        namespace: z.ZodString;
        name: z.ZodString;
        version: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    }, z.core.$strict>>;
    context: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    cron: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    every: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    timezone: z.ZodOptional<z.ZodNullable<z.ZodString>>;
    overlap: z.ZodOptional<z.ZodEnum<{
        skip: "skip";
        allow: "allow";
        cancel_previous: "cancel_previous";
    }>>;
    catch_up: z.ZodOptional<z.ZodEnum<{
        none: "none";
        latest: "latest";
        all: "all";
    }>>;
    paused: z.ZodOptional<z.ZodBoolean>;
}, z.core.$strict>;
export type ScheduleInputShape = z.output<typeof scheduleInputSchema>;
/**
 * The schedules of a parsed `schedules:` file (YAML or JSON).
 * @throws BatonError `invalid_schedule` naming the file and every bad field (`details.issues`).
 */
export declare function parseScheduleFile(value: unknown, label: string): (ScheduleInputShape & {
    context: JsonObject | undefined;
})[];

/** Tasks: submit (one or a batch), list, show, cancel. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Admission } from '../../core/admission.js';
import type { Engine } from '../../core/engine.js';
export interface TaskRoutesOptions {
    engine: Engine;
    /** Refuses submissions with 429 `overloaded` while the ready backlog is over its limit. */
    admission?: Admission;
}
/** One task request (DESIGN §4). `context` is checked by the engine against the template's input_schema. */
export declare const taskRequestSchema: z.ZodObject<{
    namespace: z.ZodString;
    name: z.ZodString;
    version: z.ZodOptional<z.ZodString>;
    context: z.ZodOptional<z.ZodUnknown>;
    idempotency_key: z.ZodOptional<z.ZodString>;
    priority: z.ZodOptional<z.ZodInt>;
    tags: z.ZodOptional<z.ZodArray<z.ZodString>>;
    run_at: z.ZodOptional<z.ZodISODateTime>;
}, z.core.$strict>;
export declare function taskRoutes(app: FastifyInstance, opts: TaskRoutesOptions): Promise<void>;

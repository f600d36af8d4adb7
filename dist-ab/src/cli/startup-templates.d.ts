import type { Engine } from '../core/engine.js';
import type { JsonObject } from '../domain/types.js';
import type { Logger } from '../observability/logger.js';
import type { HandlerRegistration } from '../worker/types.js';
import { type CheckedTemplate } from './template-files.js';
export type ValidTemplate = Extract<CheckedTemplate, {
    ok: true;
}>;
/**
 * Reads and validates every template in `dir` before anything starts, with
 * the server's step cap (`templates.max_steps`).
 *
 * @throws CliError (exit 2) naming each invalid file and listing its issues.
 */
export declare function readTemplateDir(dir: string, cwd: string, maxSteps?: number): ValidTemplate[];
/** Warns about steps whose handler this process does not provide (they wait for another worker). */
export declare function warnUnhandledSteps(templates: ValidTemplate[], handlers: HandlerRegistration[], logger: Logger): void;
/**
 * Registers each template; identical ones already stored count as unchanged.
 *
 * @throws CliError (exit 2) when a stored version differs (a changed template needs a new version).
 */
export declare function applyTemplates(engine: Engine, templates: ValidTemplate[]): Promise<{
    created: number;
    unchanged: number;
}>;
export interface ExampleTask {
    id: string;
    namespace: string;
    name: string;
    context: JsonObject;
}
/** Each template that has `<contextsDir>/<name>.json`, with that context. */
export declare function exampleContexts(templates: ValidTemplate[], contextsDir: string, logger: Logger): Omit<ExampleTask, 'id'>[];
/** On a database with no tasks yet, submits one task per example that has a context. */
export declare function submitExampleTasks(engine: Engine, examples: Omit<ExampleTask, 'id'>[], logger: Logger): Promise<ExampleTask[]>;

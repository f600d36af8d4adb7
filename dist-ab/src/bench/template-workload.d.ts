import type { BatonEnv } from './baton-env.js';
type RawStep = {
    name: string;
    handler: string;
    depends_on: string[];
    params: Record<string, unknown>;
    retry?: unknown;
};
type RawTemplate = {
    namespace: string;
    name: string;
    version: string;
    steps: RawStep[];
};
/** `n` steps in a line; each reads its parent's output and the first step's. */
export declare function chainTemplate(n: number): RawTemplate;
/**
 * `n` steps in layers of LAYER_WIDTH; step j of a layer waits for steps j and
 * j+1 of the layer before, and reads step j of the layer two back (upstream,
 * but not a direct dependency).
 */
export declare function layeredTemplate(n: number): RawTemplate;
/**
 * Registers a `chainSteps` chain, then a `largeSteps` layered template (each
 * registration is the process's first of its size: JIT warm-up included, as a
 * server applying it sees), times their validation again warm, submits one
 * task of each, and times the rejection of a broken `largeSteps` template.
 */
export declare function runTemplates(env: BatonEnv, chainSteps: number, largeSteps: number): Promise<Record<string, number>>;
export {};

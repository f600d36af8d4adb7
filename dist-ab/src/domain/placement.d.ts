/** A worker as placement sees it. */
export interface WorkerCapability {
    handlers: string[];
    labels: Record<string, string>;
    state: string;
}
/** Whether a worker may take a step: it registered the handler and has every label the step asks for. */
export declare function canRun(worker: WorkerCapability, step: {
    handler: string;
    labels: Record<string, string>;
}): boolean;
/** Why a ready step is not being picked up by any live worker, or null when one can take it. */
export declare function placementProblem(step: {
    handler: string;
    labels: Record<string, string>;
}, workers: WorkerCapability[]): string | null;

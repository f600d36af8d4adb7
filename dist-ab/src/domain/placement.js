/** Whether a worker may take a step: it registered the handler and has every label the step asks for. */
export function canRun(worker, step) {
    return worker.handlers.includes(step.handler) && Object.entries(step.labels).every(([k, v]) => worker.labels[k] === v);
}
/** Why a ready step is not being picked up by any live worker, or null when one can take it. */
export function placementProblem(step, workers) {
    const withHandler = workers.filter((w) => w.handlers.includes(step.handler));
    if (withHandler.length === 0)
        return `no live worker has handler ${step.handler}`;
    const fits = withHandler.filter((w) => canRun(w, step));
    if (fits.length === 0)
        return `no live worker with handler ${step.handler} has labels ${JSON.stringify(step.labels)}`;
    if (fits.every((w) => w.state === 'draining'))
        return `every worker that can run ${step.handler} is draining`;
    return null;
}
//# sourceMappingURL=placement.js.map
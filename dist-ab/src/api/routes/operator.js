import { z } from 'zod';
import { addLogFields } from '../log-context.js';
import { parseRequest } from '../validation.js';
const stepParams = z.strictObject({ id: z.string().min(1).max(100), step: z.string().min(1).max(200) });
const retryBody = z.strictObject({}).optional();
const resolveBody = z.strictObject({ output: z.unknown() });
export async function operatorRoutes(app, opts) {
    const { engine } = opts;
    app.post('/v1/tasks/:id/steps/:step/retry', async (request, reply) => {
        parseRequest(retryBody, request.body, 'body');
        const { id, step } = parseRequest(stepParams, request.params, 'params');
        const task = await engine.retryStep(id, step, request.actor ?? null);
        addLogFields(request, reply, { correlationId: task.correlation_id });
        return { task };
    });
    app.post('/v1/tasks/:id/steps/:step/resolve', async (request, reply) => {
        const { output } = parseRequest(resolveBody, request.body, 'body');
        const { id, step } = parseRequest(stepParams, request.params, 'params');
        const task = await engine.resolveStep(id, step, (output ?? null), request.actor ?? null);
        addLogFields(request, reply, { correlationId: task.correlation_id });
        return { task };
    });
}
//# sourceMappingURL=operator.js.map
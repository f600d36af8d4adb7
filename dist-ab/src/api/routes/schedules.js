import { z } from 'zod';
import { ScheduleService } from '../../core/schedule-service.js';
import { scheduleInputSchema, schedulePatchSchema } from '../../domain/schedule-input.js';
import { parseRequest } from '../validation.js';
const nameParams = z.strictObject({ name: z.string().min(1).max(200) });
const noQuery = z.strictObject({});
const emptyBody = z.strictObject({}).optional();
export async function scheduleRoutes(app, opts) {
    const schedules = new ScheduleService(opts.engine);
    app.post('/v1/schedules', async (request, reply) => {
        const body = parseRequest(scheduleInputSchema, request.body, 'body');
        const { schedule, created } = await schedules.apply({ ...body, context: body.context });
        return reply.code(created ? 201 : 200).send({ schedule });
    });
    app.get('/v1/schedules', async (request) => {
        parseRequest(noQuery, request.query, 'query');
        return { schedules: await schedules.list() };
    });
    app.get('/v1/schedules/:name', async (request) => {
        const { name } = parseRequest(nameParams, request.params, 'params');
        return { schedule: await schedules.get(name) };
    });
    app.patch('/v1/schedules/:name', async (request) => {
        const { name } = parseRequest(nameParams, request.params, 'params');
        const body = parseRequest(schedulePatchSchema, request.body, 'body');
        return { schedule: await schedules.patch(name, { ...body, context: body.context }) };
    });
    app.delete('/v1/schedules/:name', async (request) => {
        const { name } = parseRequest(nameParams, request.params, 'params');
        await schedules.delete(name);
        // Tasks it fired are left as they are.
        return { name, deleted: true };
    });
    app.post('/v1/schedules/:name/trigger', async (request, reply) => {
        parseRequest(emptyBody, request.body, 'body');
        const { name } = parseRequest(nameParams, request.params, 'params');
        const fired = await schedules.trigger(name);
        return reply.code(201).send(fired);
    });
}
//# sourceMappingURL=schedules.js.map
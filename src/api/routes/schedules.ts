/** Schedules (DESIGN §8): create or replace, list, show, patch (pause, resume), delete, trigger now. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ScheduleService } from '../../core/schedule-service.js';
import type { Engine } from '../../core/engine.js';
import { scheduleInputSchema, schedulePatchSchema } from '../../domain/schedule-input.js';
import type { JsonObject } from '../../domain/types.js';
import { parseRequest } from '../validation.js';

export interface ScheduleRoutesOptions {
  engine: Engine;
}

export const nameParams = z.strictObject({ name: z.string().min(1).max(200) });
export const noQuery = z.strictObject({});
export const emptyBody = z.strictObject({}).optional();

export async function scheduleRoutes(app: FastifyInstance, opts: ScheduleRoutesOptions): Promise<void> {
  const schedules = new ScheduleService(opts.engine);

  app.post('/v1/schedules', async (request, reply) => {
    const body = parseRequest(scheduleInputSchema, request.body, 'body');
    const { schedule, created } = await schedules.apply({ ...body, context: body.context as JsonObject | undefined });
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
    return { schedule: await schedules.patch(name, { ...body, context: body.context as JsonObject | undefined }) };
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

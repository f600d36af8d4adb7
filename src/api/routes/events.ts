/**
 * Live events as Server-Sent Events (DESIGN §4): `GET /v1/tasks/:id/events`
 * (one task, ends after its terminal transition) and `GET /v1/events` (every
 * task, the dashboard's feed). Events come from the transitions log through
 * PostgreSQL, so steps run by other processes show up too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assertTaskId } from '../../core/engine.js';
import type { Engine } from '../../core/engine.js';
import type { WakeMode } from '../../core/wakeup.js';
import { BatonError } from '../../errors.js';
import { defaultSseLimits, SseHub, type SseLimits, type StreamRequest } from '../sse-hub.js';
import { parseRequest } from '../validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The event streams of this server (`app.sse.openStreams` for metrics). */
    sse: SseHub;
  }
}

export interface EventRoutesOptions {
  engine: Engine;
  /** How the feed hears of new events (the orchestrator mode). @default 'hybrid' */
  mode?: WakeMode;
  limits?: Partial<SseLimits>;
}

const EVENT_ID = /^[0-9]{1,15}$/;
const eventId = z.string().regex(EVENT_ID, { error: 'must be an event id (a non-negative integer)' }).transform(Number);
export const idParams = z.strictObject({ id: z.string() });
export const taskQuery = z.strictObject({ last_event_id: eventId.optional() });
export const allQuery = z.strictObject({ last_event_id: eventId.optional(), since: eventId.optional() });

/** `Last-Event-ID` (sent by reconnecting EventSource clients) wins over `?last_event_id=`. */
function lastEventId(request: FastifyRequest, fromQuery: number | undefined): number | undefined {
  const header = request.headers['last-event-id'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return fromQuery;
  if (!EVENT_ID.test(value.trim())) {
    throw new BatonError('invalid_request', `Last-Event-ID must be an event id (a non-negative integer), got ${JSON.stringify(value.slice(0, 50))}`);
  }
  return Number(value.trim());
}

export async function eventRoutes(app: FastifyInstance, opts: EventRoutesOptions): Promise<void> {
  const limits: SseLimits = { ...defaultSseLimits, ...opts.limits };
  const hub = new SseHub(opts.engine.db, opts.mode ?? 'hybrid', limits, app.log);
  app.decorate('sse', hub);
  // baton_sse_clients reads the open streams on every scrape.
  if (app.hasDecorator('metrics')) app.metrics.setSseClients(() => hub.openStreams);
  // Open streams would keep the HTTP server from closing: end them first.
  app.addHook('preClose', async () => hub.closeStreams());
  app.addHook('onClose', async () => hub.close());

  /** Admits, prepares (errors still answer as JSON), then hijacks the reply and streams. */
  async function open(request: FastifyRequest, reply: FastifyReply, prepare: (feed: Awaited<ReturnType<SseHub['feed']>>) => Promise<Omit<StreamRequest, 'res' | 'log'>>) {
    const release = hub.admit();
    let feed;
    let stream;
    try {
      feed = await hub.feed();
      stream = await prepare(feed);
    } catch (err) {
      release();
      throw err;
    }
    reply.hijack();
    const log = request.log.child({ taskId: stream.taskId ?? undefined });
    log.debug({ afterId: stream.afterId }, 'event stream opened');
    await hub.serve(release, feed, { ...stream, res: reply.raw, log }, { ...reply.getHeaders(), 'x-request-id': request.id });
    log.debug('event stream closed');
  }

  app.get('/v1/tasks/:id/events', async (request, reply) => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const query = parseRequest(taskQuery, request.query, 'query');
    const afterId = lastEventId(request, query.last_event_id) ?? 0;
    assertTaskId(id);
    await open(request, reply, async (feed) => {
      if ((await feed.taskStatus(id)) === null) throw new BatonError('not_found', `task ${id} does not exist`);
      return { taskId: id, afterId, taskState: afterId === 0 ? null : await feed.taskStateAt(id, afterId) };
    });
  });

  app.get('/v1/events', async (request, reply) => {
    const query = parseRequest(allQuery, request.query, 'query');
    const resumeAfter = lastEventId(request, query.last_event_id) ?? query.since;
    await open(request, reply, async (feed) => ({ taskId: null, afterId: resumeAfter ?? feed.horizon, taskState: null }));
  });
}

// Decorations (`app.sse`) belong to the instance that registers this plugin, as fastify-plugin would do.
Object.assign(eventRoutes, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'baton-events' });

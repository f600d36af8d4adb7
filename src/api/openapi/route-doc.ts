/**
 * How a route describes itself for the OpenAPI document: its method and path,
 * the zod schemas its handler parses the request with (the same objects it
 * passes to `parseRequest`), and a zod schema per answer.
 */
import type { z } from 'zod';
import { errorResponse } from './responses.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One answer of a route: a JSON body by default, or another content type (text/event-stream, text/plain). */
export interface ResponseDoc {
  description: string;
  /** The body; without it the answer is described by its content type alone. */
  schema?: z.ZodType;
  /** @default 'application/json' */
  contentType?: string;
}

/** A route of the HTTP API as the document describes it. */
export interface RouteDoc {
  method: HttpMethod;
  /** Fastify's syntax, exactly as registered: `/v1/tasks/:id`. */
  path: string;
  /** Stable name for generated clients: `submitTask`. */
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Path parameters; a placeholder the schema does not name is a string. */
  params?: z.ZodType;
  query?: z.ZodType;
  /** The JSON body. */
  body?: z.ZodType;
  /** Whether a body must be sent. @default whether `body` refuses `undefined` */
  bodyRequired?: boolean;
  /** Other accepted body content types, by type (`application/yaml`). */
  otherBodies?: Record<string, z.ZodType>;
  /** Request headers the route reads (besides Authorization). */
  headers?: Record<string, { description: string; schema: z.ZodType }>;
  /** Answers by status. `4XX` and `5XX` (the error envelope) are added unless given. */
  responses: Partial<Record<number | '4XX' | '5XX', ResponseDoc>>;
}

/** A JSON answer. */
export function json(schema: z.ZodType, description: string): ResponseDoc {
  return { description, schema };
}

/** A refusal with the error envelope, for a status worth naming on its own (409 stale_lease). */
export function refusal(description: string): ResponseDoc {
  return { description, schema: errorResponse };
}

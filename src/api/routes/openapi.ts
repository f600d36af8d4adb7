/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of this API (src/api/openapi/).
 * Open to anyone, as the docs are: it describes the routes and reveals no data.
 */
import type { FastifyInstance } from 'fastify';
import { packageVersion } from '../../cli/package-info.js';
import { buildOpenApiDocument } from '../openapi/document.js';

let serialised: string | undefined;

/** The document as JSON text, built on first use and kept: the routes cannot change in a running process. */
export function openApiJson(): string {
  return (serialised ??= JSON.stringify(buildOpenApiDocument({ version: packageVersion() })));
}

export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  const body = openApiJson();
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
}

import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { BatonConfig } from '../../src/config/schema.js';
import type { Backend } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { checkAnswers } from '../support/openapi-check.js';

export interface ApiHarness {
  h: Harness;
  app: FastifyInstance;
  /** inject + parsed JSON body; the answer must match the OpenAPI document (test/support/openapi-check.ts), or the call throws. */
  call(opts: InjectOptions): Promise<{ res: LightMyRequestResponse; body: any }>;
  close(): Promise<void>;
}

/** An engine on a fresh database (no workers) with the HTTP API in front of it, both built by the composition root. */
export async function startApi(backend: Backend, config?: (c: BatonConfig) => void): Promise<ApiHarness> {
  const h = await startHarness(backend, { http: true, ...(config ? { config } : {}) });
  const app = h.runtime.app!;
  await app.ready();
  checkAnswers(app);
  return {
    h,
    app,
    async call(opts) {
      const res = await app.inject(opts);
      let body: any;
      try {
        body = res.body === '' ? undefined : res.json();
      } catch {
        body = res.body;
      }
      return { res, body };
    },
    async close() {
      // The runtime closes the server first.
      await h.close();
    },
  };
}

/** A one-step template whose handler is `x`, so tests can claim its step. */
export const ONE_STEP_YAML = `
namespace: t
name: one
version: "1"
steps:
  - name: a
    handler: x
`;

/** A two-step template with an input_schema. */
export const ORDER_TEMPLATE = {
  namespace: 'shop',
  name: 'order',
  version: '1.0.0',
  description: 'an order',
  input_schema: {
    type: 'object',
    required: ['order_id', 'qty'],
    properties: { order_id: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
  },
  steps: [
    { name: 'validate', handler: 'shop.validate', params: { id: '${context.order_id}' } },
    { name: 'charge', handler: 'shop.charge', depends_on: ['validate'] },
  ],
};

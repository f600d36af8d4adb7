/** Templates and waiting shared by the multi-process tests (their handlers are in test/fixtures). */

/** a → (b, c) → d on the `e2e.step` handler; `retry` is the template's default retry policy, if any. */
export function diamondTemplate(retry?: string): string {
  return `
namespace: e2e
name: diamond
version: "1"
${retry ? `defaults: { retry: ${retry} }` : ''}
steps:
  - { name: a, handler: e2e.step }
  - { name: b, handler: e2e.step, depends_on: [a] }
  - { name: c, handler: e2e.step, depends_on: [a] }
  - { name: d, handler: e2e.step, depends_on: [b, c] }
`;
}

/** One step on `e2e.slow`, which records its start and then sleeps SLOW_MS. */
export const SLOW_TEMPLATE = `
namespace: e2e
name: slow
version: "1"
steps:
  - { name: only, handler: e2e.slow, retry: { max_attempts: 3, backoff: none } }
`;

export { until } from './wait.js';

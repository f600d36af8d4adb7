/** `baton openapi`: prints the document a server serves, with no server and no database. */
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/openapi/document.js';
import { run } from '../../src/cli/main.js';
import { packageVersion } from '../../src/cli/package-info.js';

describe('baton openapi', () => {
  it('prints the OpenAPI 3.1 document, the same one GET /openapi.json serves', async () => {
    const out: string[] = [];
    const err: string[] = [];
    // No config, no database URL, no server: it must work offline.
    const code = await run(['openapi'], { env: {}, cwd: process.cwd(), out: (l) => out.push(l), err: (l) => err.push(l) });
    expect([code, err]).toEqual([0, []]);
    const printed = JSON.parse(out.join('\n')) as { openapi: string; info: { version: string } };
    expect(printed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument({ version: packageVersion() }))));
    expect(printed.openapi).toBe('3.1.0');
  });

  it('takes no arguments', async () => {
    const err: string[] = [];
    const code = await run(['openapi', 'extra'], { env: {}, cwd: process.cwd(), out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(2);
  });
});

/**
 * `baton token create`: mints a token the server accepts, from the configured
 * secret, and refuses (exit 2) without one.
 */
import { decodeJwt } from 'jose';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { startApi, type ApiHarness } from '../api/api-harness.js';
import { runBaton, tempDir } from './spawn.js';

const SECRET = 'a-cli-secret-that-is-at-least-32-bytes';
const dir = tempDir();
afterAll(() => dir.remove());

/** Runs the CLI in this process with `env` only (no BATON_* of the developer's shell). */
async function baton(argv: string[], env: Record<string, string> = {}, cwd = dir.path) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { env, cwd, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('baton token create', () => {
  let api: ApiHarness | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('prints a token from BATON_AUTH_HS256_SECRET that the server accepts with exactly its scopes', async () => {
    const { code, out, err } = await baton(['token', 'create', '--scopes', 'tasks:read,templates:write', '--subject', 'alice', '--expires-in', '30d'], {
      BATON_AUTH_HS256_SECRET: SECRET,
    });
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(err).toEqual([]);
    const claims = decodeJwt(out[0]);
    expect(claims).toMatchObject({ scope: 'tasks:read templates:write', sub: 'alice' });
    expect(claims.exp! - claims.iat!).toBe(30 * 86_400);

    api = await startApi('pglite', (c) => (c.auth.hs256Secret = SECRET));
    const headers = { authorization: `Bearer ${out[0]}` };
    expect((await api.call({ method: 'GET', url: '/v1/tasks', headers })).res.statusCode).toBe(200);
    const submit = await api.call({ method: 'POST', url: '/v1/tasks', headers, payload: { namespace: 'a', name: 'b' } });
    expect(submit.res.statusCode).toBe(403);
    expect(submit.body.error.details.missing_scope).toBe('tasks:write');
  });

  it('takes the secret, audience and issuer from baton.toml, and notes a token that never expires', async () => {
    const config = join(dir.path, 'auth.toml');
    writeFileSync(config, `[auth]\nhs256_secret = "${SECRET}"\naudience = "baton"\nissuer = "ops"\n`);
    const { code, out, err } = await baton(['token', 'create', '--config', config, '--scopes', 'admin', '--scopes', 'workers']);
    expect(code).toBe(0);
    expect(decodeJwt(out[0])).toMatchObject({ scope: 'admin workers', aud: 'baton', iss: 'ops' });
    expect(decodeJwt(out[0]).exp).toBeUndefined();
    expect(err.join('\n')).toMatch(/never expires/);
  });

  it('exits 2 with a message for no secret, a public-key setup, a bad scope, a bad lifetime or no scopes', async () => {
    const cases: [string, string[], Record<string, string>, RegExp][] = [
      ['no secret', ['--scopes', 'admin'], {}, /no HS256 secret is configured; set BATON_AUTH_HS256_SECRET/],
      ['public key', ['--scopes', 'admin'], { BATON_AUTH_PUBLIC_KEY_FILE: '/etc/baton/key.pem' }, /auth\.public_key_file, so tokens are minted by whoever holds the private key/],
      ['short secret', ['--scopes', 'admin'], { BATON_AUTH_HS256_SECRET: 'short' }, /auth\.hs256_secret: expected a secret of at least 32 bytes/],
      ['unknown scope', ['--scopes', 'tasks:read,tasks:nuke'], { BATON_AUTH_HS256_SECRET: SECRET }, /unknown scope "tasks:nuke"/],
      ['bad lifetime', ['--scopes', 'admin', '--expires-in', 'forever'], { BATON_AUTH_HS256_SECRET: SECRET }, /cannot read the lifetime "forever"/],
      ['no scopes', [], { BATON_AUTH_HS256_SECRET: SECRET }, /--scopes is required/],
    ];
    for (const [what, argv, env, message] of cases) {
      const { code, out, err } = await baton(['token', 'create', ...argv], env);
      expect(code, what).toBe(2);
      expect(out, what).toEqual([]);
      expect(err.join('\n'), what).toMatch(message);
    }
  });

  it('works from the compiled binary and is listed in help', async () => {
    const minted = await runBaton(['token', 'create', '--scopes', 'tasks:read'], { env: { BATON_AUTH_HS256_SECRET: SECRET }, cwd: dir.path });
    expect(minted.code).toBe(0);
    expect(decodeJwt(minted.stdout.trim()).scope).toBe('tasks:read');
    const missing = await runBaton(['token', 'create', '--scopes', 'tasks:read'], { cwd: dir.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no HS256 secret is configured/);
    const help = await runBaton(['--help']);
    expect(help.stdout).toMatch(/^\s+token\s+mint bearer tokens/m);
  });
});

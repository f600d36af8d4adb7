import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { decodeJwt, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/api/auth.js';
import { buildTestServer } from '../support/server.js';
import { createToken } from '../../src/api/token.js';
import type { BatonConfig } from '../../src/config/schema.js';
import { isBatonError } from '../../src/errors.js';
import { backends } from '../support/db.js';
import { startHarness, type Harness } from '../support/harness.js';
import { testLogger } from '../support/logger.js';
import { startApi, type ApiHarness } from './api-harness.js';

const SECRET = 'an-hs256-secret-of-at-least-32-bytes!';
const dir = mkdtempSync(join(tmpdir(), 'baton-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const claims = { scope: 'tasks:read', sub: 'svc' };

describe.each(backends)('auth keys on %s', (backend) => {
  let api: ApiHarness | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await api?.close();
    await h?.close();
    api = h = undefined;
  });

  const status = async (token: string) => (await api!.call({ method: 'GET', url: '/v1/tasks', headers: bearer(token) })).res.statusCode;

  it.each(['RS256', 'ES256'] as const)('verifies %s tokens with a PEM public key, and refuses HS256 signed with that key', async (alg) => {
    const { publicKey, privateKey } = await generateKeyPair(alg);
    const pem = await exportSPKI(publicKey);
    api = await startApi(backend, (c) => (c.auth.publicKeyFile = writeTemp(`${alg}.pem`, pem)));
    expect(await status(await new SignJWT(claims).setProtectedHeader({ alg }).setExpirationTime('1h').sign(privateKey))).toBe(200);
    const other = await generateKeyPair(alg);
    expect(await status(await new SignJWT(claims).setProtectedHeader({ alg }).sign(other.privateKey)), 'another key').toBe(401);
    // Algorithm confusion: the public key (which is public) used as an HMAC secret.
    const confused = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(pem));
    const res = await api.call({ method: 'GET', url: '/v1/tasks', headers: bearer(confused) });
    expect(res.res.statusCode, 'confusion').toBe(401);
    expect(res.body.error.details.reason).toBe('algorithm_not_allowed');
    expect(res.body.error.message).toContain(alg);
  });

  it('verifies tokens with a JWKS file, choosing the key by kid', async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    api = await startApi(backend, (c) => (c.auth.jwksFile = writeTemp('jwks.json', JSON.stringify({ keys }))));
    expect(await status(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(rsa.privateKey))).toBe(200);
    expect(await status(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).sign(ec.privateKey))).toBe(200);
    const stranger = await generateKeyPair('RS256');
    expect(await status(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(stranger.privateKey))).toBe(401);
    const unknownKid = await api.call({
      method: 'GET',
      url: '/v1/tasks',
      headers: bearer(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'nope' }).sign(rsa.privateKey)),
    });
    expect(unknownKid.body.error).toMatchObject({ code: 'unauthorized', details: { reason: 'unknown_key' } });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(SECRET));
    expect(await status(hs)).toBe(401);
  });

  it('refuses unusable key settings at start-up with invalid_config naming the key', async () => {
    h = await startHarness(backend);
    const build = (set: (c: BatonConfig) => void) => {
      const config = structuredClone(h!.runtime.config);
      set(config);
      return buildTestServer({ engine: h!.engine, config, logger: testLogger });
    };
    const { publicKey } = await generateKeyPair('ES384');
    const cases: [string, (c: BatonConfig) => unknown, RegExp][] = [
      ['two kinds', (c) => ((c.auth.hs256Secret = SECRET), (c.auth.jwksFile = '/x')), /only one of auth\.hs256_secret, auth\.jwks_file/],
      ['missing PEM', (c) => (c.auth.publicKeyFile = join(dir, 'none.pem')), /auth\.public_key_file: cannot read .*ENOENT/],
      ['not a PEM', (c) => (c.auth.publicKeyFile = writeTemp('bad.pem', 'hello')), /auth\.public_key_file: .* is not a PEM public key/],
      ['P-384 key', async (c) => (c.auth.publicKeyFile = writeTemp('p384.pem', await exportSPKI(publicKey))), /secp384r1; use an RSA key/],
      ['JWKS not JSON', (c) => (c.auth.jwksFile = writeTemp('bad.json', '{')), /auth\.jwks_file: .* is not valid JSON/],
      ['JWKS no keys', (c) => (c.auth.jwksFile = writeTemp('empty.json', '{"keys":[]}')), /must be a JSON Web Key Set/],
    ];
    for (const [what, set, message] of cases) {
      const config = structuredClone(h.runtime.config);
      await set(config);
      const err = await buildTestServer({ engine: h.engine, config, logger: testLogger }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isBatonError(err, 'invalid_config'), what).toBe(true);
      expect((err as Error).message, what).toMatch(message);
    }
    const ok = await build((c) => (c.auth.hs256Secret = SECRET));
    await ok.close();
  });

  it('refuses to start on a non-loopback address with auth off unless insecure, and warns when it runs without auth', async () => {
    h = await startHarness(backend);
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const build = (server: Partial<BatonConfig['server']>, auth: Partial<BatonConfig['auth']> = {}) => {
      const config = structuredClone(h!.runtime.config);
      Object.assign(config.server, server);
      Object.assign(config.auth, auth);
      return buildTestServer({ engine: h!.engine, config, logger });
    };
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'baton.internal']) {
      const err = await build({ host }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isBatonError(err, 'invalid_config'), host).toBe(true);
      expect((err as Error).message).toMatch(new RegExp(`refusing to serve on ${host.replace(/\./g, '\\.')} with auth off.*auth\\.hs256_secret.*--insecure`));
    }
    for (const [server, auth, warning] of [
      [{ host: '0.0.0.0', insecure: true }, {}, /auth is off on a non-loopback address/],
      [{ host: '127.0.0.1' }, {}, /auth is off: every request is allowed/],
      [{ host: '0.0.0.0' }, { hs256Secret: SECRET }, undefined],
    ] as const) {
      lines.length = 0;
      const app = await build(server, auth);
      const warned = lines.find((l) => l.level === 40);
      if (warning) expect(warned?.msg).toMatch(warning);
      else expect(warned).toBeUndefined();
      await app.close();
    }
    expect(['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.1', '128.0.0.1', 'example.com'].some(isLoopbackHost)).toBe(false);
  });

  it('mints tokens the server accepts, with the given claims and lifetime', async () => {
    api = await startApi(backend, (c) => {
      c.auth.hs256Secret = SECRET;
      c.auth.audience = 'baton';
      c.auth.issuer = 'ops';
    });
    const token = await createToken({ secret: SECRET, scopes: ['tasks:read', 'tasks:write', 'tasks:read'], subject: 'ci', expiresIn: '30d', audience: 'baton', issuer: 'ops' });
    const decoded = decodeJwt(token);
    expect(decoded).toMatchObject({ scope: 'tasks:read tasks:write', sub: 'ci', aud: 'baton', iss: 'ops' });
    expect(decoded.exp! - decoded.iat!).toBe(30 * 86_400);
    expect(await status(token)).toBe(200);
    expect(decodeJwt(await createToken({ secret: SECRET, scopes: ['admin'], expiresIn: 90 })).exp).toBeGreaterThan(Date.now() / 1000 + 80);
    expect(decodeJwt(await createToken({ secret: SECRET, scopes: ['admin'] })).exp).toBeUndefined();
    const refused: [string, Parameters<typeof createToken>[0], RegExp][] = [
      ['unknown scope', { secret: SECRET, scopes: ['tasks:delete'] }, /unknown scope "tasks:delete"; scopes are tasks:read/],
      ['no scope', { secret: SECRET, scopes: [] }, /at least one scope/],
      ['short secret', { secret: 'short', scopes: ['admin'] }, /at least 32 bytes/],
      ['bad lifetime', { secret: SECRET, scopes: ['admin'], expiresIn: 'soon' }, /cannot read the lifetime "soon"/],
      ['past lifetime', { secret: SECRET, scopes: ['admin'], expiresIn: '-1h' }, /cannot read the lifetime/],
      ['milliseconds', { secret: SECRET, scopes: ['admin'], expiresIn: '500ms' }, /cannot read the lifetime/],
    ];
    for (const [what, opts, message] of refused) {
      const err = await createToken(opts).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isBatonError(err, 'invalid_request'), what).toBe(true);
      expect((err as Error).message, what).toMatch(message);
    }
  });
});

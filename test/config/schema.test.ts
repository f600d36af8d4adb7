import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { camelToSnake, coerceEnvValue, configShape, defaultConfig, envVars, loadConfig, redactConfig, redactUrl, snakeToCamel } from '../../src/config/index.js';
import { createLogger } from '../../src/observability/logger.js';

function leafPaths(): string[] {
  return Object.entries(configShape()).flatMap(([section, fields]) => Object.keys(fields ?? {}).map((field) => `${section}.${field}`));
}

describe('config schema', () => {
  it('converts key names both ways', () => {
    expect(snakeToCamel('body_limit_bytes')).toBe('bodyLimitBytes');
    expect(snakeToCamel('hs256_secret')).toBe('hs256Secret');
    expect(camelToSnake('hs256Secret')).toBe('hs256_secret');
    for (const path of leafPaths()) {
      const field = path.split('.')[1];
      expect(snakeToCamel(camelToSnake(field))).toBe(field);
    }
  });

  it('gives every field exactly one BATON_* variable', () => {
    const mapped = Object.values(envVars).map((v) => v.path as string);
    expect([...mapped].sort()).toEqual(leafPaths().sort());
  });

  it('coerces variables to each field type and leaves bad text for the schema to report', () => {
    expect(coerceEnvValue('8080', 'number')).toBe(8080);
    expect(coerceEnvValue(' 0.5 ', 'number')).toBe(0.5);
    expect(coerceEnvValue('8o8o', 'number')).toBe('8o8o');
    expect(coerceEnvValue('YES', 'boolean')).toBe(true);
    expect(coerceEnvValue('0', 'boolean')).toBe(false);
    expect(coerceEnvValue('maybe', 'boolean')).toBe('maybe');
    expect(coerceEnvValue(' x ', 'string')).toBe(' x ');
  });

  it('reads each variable into its field', () => {
    const config = loadConfig({
      cwd: '/nonexistent-baton-dir',
      env: {
        BATON_DATA_DIR: '/var/lib/baton',
        BATON_SCHEMA: 'baton_test',
        BATON_BODY_LIMIT_BYTES: '10',
        BATON_WORKER_CONCURRENCY: '3',
        BATON_SHUTDOWN_GRACE_MS: '0',
        BATON_CLAIM_BATCH: '2',
        BATON_POLL_INTERVAL_MS: '50',
        BATON_SWEEP_INTERVAL_MS: '60',
        BATON_ADMISSION_LIMIT: '1000',
        BATON_PRUNE_INTERVAL_MS: '1000',
        BATON_LOG_LEVEL: 'silent',
        BATON_LOG_PRETTY: 'false',
        BATON_AUTH_PUBLIC_KEY_FILE: 'key.pem',
        BATON_AUTH_JWKS_FILE: 'jwks.json',
        BATON_AUTH_AUDIENCE: 'baton',
        BATON_AUTH_ISSUER: 'https://issuer',
      },
    });
    expect(config.database).toMatchObject({ dataDir: '/var/lib/baton', schema: 'baton_test' });
    expect(config.server.bodyLimitBytes).toBe(10);
    expect(config.worker).toMatchObject({ concurrency: 3, shutdownGraceMs: 0, claimBatch: 2 });
    expect(config.orchestrator).toMatchObject({ pollIntervalMs: 50, sweepIntervalMs: 60, admissionLimit: 1000 });
    expect(config.retention.pruneIntervalMs).toBe(1000);
    expect(config.log).toEqual({ level: 'silent', format: 'json', pretty: false });
    expect(config.auth).toEqual({ publicKeyFile: 'key.pem', jwksFile: 'jwks.json', audience: 'baton', issuer: 'https://issuer' });
  });

  it('reads log.format, defaulting to auto, with the deprecated log.pretty standing in only while format is auto', () => {
    const format = (env: Record<string, string>) => loadConfig({ cwd: tmpdir(), env }).log.format;
    expect(format({})).toBe('auto');
    expect(format({ BATON_LOG_FORMAT: 'json' })).toBe('json');
    expect(format({ BATON_LOG_PRETTY: 'true' })).toBe('pretty');
    expect(format({ BATON_LOG_PRETTY: 'false' })).toBe('json');
    expect(format({ BATON_LOG_FORMAT: 'json', BATON_LOG_PRETTY: 'true' })).toBe('json');
    expect(() => format({ BATON_LOG_FORMAT: 'text' })).toThrow(/log\.format: expected one of "auto", "pretty", "json", got "text" \(from BATON_LOG_FORMAT\)/);
  });

  it('returns a fresh default object each time', () => {
    const a = defaultConfig();
    a.server.port = 1;
    expect(defaultConfig().server.port).toBe(8080);
  });

  it('documents every key and variable in docs/configuration.md', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const [name, { path }] of Object.entries(envVars)) {
      const [section, field] = path.split('.') as [string, string];
      expect(doc, `${section}.${camelToSnake(field)}`).toContain(`\`${section}.${camelToSnake(field)}\``);
      expect(doc, name).toContain(`\`${name}\``);
    }
  });

  it('accepts the example baton.toml in docs/configuration.md', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const example = /```toml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'baton-config-doc-'));
    try {
      writeFileSync(join(dir, 'baton.toml'), example!);
      expect(loadConfig({ cwd: dir, env: {} }).log.level).toBe('debug');
      const production = loadConfig({ cwd: dir, env: { BATON_ENV: 'production' } });
      expect(production.server).toMatchObject({ host: '0.0.0.0', port: 8080, bodyLimitBytes: 2_097_152 });
      expect(production.worker).toMatchObject({ concurrency: 50, leaseMs: 60_000, heartbeatMs: 20_000 });
      expect(production.database.url).toBe('postgres://baton@db.internal:5432/baton');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redaction', () => {
  it('masks the database password and the HS256 secret, leaving the input untouched', () => {
    const config = defaultConfig();
    config.database.url = 'postgres://baton:hunter2@db:5432/baton';
    config.auth.hs256Secret = 'x'.repeat(40);
    const redacted = redactConfig(config);
    expect(redacted.database.url).toBe('postgres://baton:[redacted]@db:5432/baton');
    expect(redacted.auth.hs256Secret).toBe('[redacted]');
    expect(config.database.url).toBe('postgres://baton:hunter2@db:5432/baton');
    expect(redacted.server).toEqual(config.server);
  });

  it('leaves unset secrets unset', () => {
    const redacted = redactConfig(defaultConfig());
    expect(redacted.database.url).toBeUndefined();
    expect(redacted.auth.hs256Secret).toBeUndefined();
  });

  it('masks passwords in the userinfo and in the query string of a URL', () => {
    expect(redactUrl('postgres://u:p@ss@h:5/db?password=zz&sslmode=require')).toBe('postgres://u:[redacted]@h:5/db?password=[redacted]&sslmode=require');
    expect(redactUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});

describe('createLogger', () => {
  function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return {
      stream,
      lines: () =>
        chunks
          .join('')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  }

  it('writes JSON at the configured level and redacts secrets', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.debug('hidden');
    logger.child({ reqId: 'r1' }).info({ req: { headers: { authorization: 'Bearer abc' } }, config: { auth: { hs256Secret: 'k' } }, password: 'p', token: 't' }, 'request');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request',
      reqId: 'r1',
      req: { headers: { authorization: '[redacted]' } },
      config: { auth: { hs256Secret: '[redacted]' } },
      password: '[redacted]',
      token: '[redacted]',
    });
  });

  it('writes readable lines when pretty output is asked for, keeping fields as fields and redacting secrets', () => {
    const chunks: string[] = [];
    const stream = { write: (chunk: string) => chunks.push(chunk) };
    const logger = createLogger({ level: 'info', pretty: true, destination: stream });
    logger.child({ reqId: 'r1', taskId: 't-1' }).info({ token: 'secret', n: 2, note: 'two words' }, 'hello');
    logger.error({ err: new Error('boom') }, 'failed');
    const text = chunks.join('');
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}hello {2}reqId=r1 taskId=t-1 token=\[redacted\] n=2 note="two words"\n/);
    expect(text).toContain('ERROR failed');
    expect(text).toMatch(/\n {4}Error: boom\n {4,}at /);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('\x1b[');
  });
});

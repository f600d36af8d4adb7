import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig, type ConfigProblem } from '../../src/config/index.js';
import { BatonError, isBatonError } from '../../src/errors.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-config-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeToml(text: string, name = 'baton.toml'): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `fn`, expects an `invalid_config` BatonError and returns it. */
function configError(fn: () => unknown): BatonError {
  try {
    fn();
  } catch (err) {
    expect(isBatonError(err, 'invalid_config')).toBe(true);
    return err as BatonError;
  }
  throw new Error('expected loadConfig to throw');
}

function problemsOf(err: BatonError): ConfigProblem[] {
  return (err.details as { problems: ConfigProblem[] }).problems;
}

const BASE = `
[database]
url = "postgres://baton:hunter2@db.internal:5432/baton"
pool_size = 20

[server]
host = "0.0.0.0"
port = 9000
body_limit_bytes = 2048

[worker]
lease_ms = 60000

[orchestrator]
mode = "polling"

[log]
level = "debug"

[environments.production.server]
port = 443

[environments.production.worker]
concurrency = 50

[environments.staging.log]
level = "warn"
`;

describe('loadConfig', () => {
  it('returns every default when there is no file, variable or flag', () => {
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config).toEqual(defaultConfig());
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./.baton/data');
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080, bodyLimitBytes: 1_048_576, insecure: false, maxSseStreams: 1000 });
    expect(config.worker).toEqual({ concurrency: 10, leaseMs: 30_000, heartbeatMs: 10_000, shutdownGraceMs: 5_000, claimBatch: 500 });
    expect(config.orchestrator).toEqual({
      mode: 'hybrid',
      pollIntervalMs: 1_000,
      sweepIntervalMs: 1_000,
      admissionLimit: 0,
      readyAgeLimitMs: 0,
      timerIntervalMs: 250,
      eventKeepSeconds: 86_400,
      maxWorkflowDepth: 10,
      rateLimits: '',
    });
    expect(config.schedules).toEqual({ tickMs: 1_000, misfireGraceMs: 60_000 });
    expect(config.retention).toEqual({ finishedTasksDays: 7, pruneIntervalMs: 3_600_000 });
    expect(config.telemetry).toEqual({ enabled: false, sampleRatio: 1, serviceName: 'baton' });
    expect(config.telemetry.otlpEndpoint).toBeUndefined();
    expect(config.log.level).toBe('info');
  });

  it('reads baton.toml from the working directory, mapping snake_case keys to fields', () => {
    writeToml(BASE);
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.database.url).toBe('postgres://baton:hunter2@db.internal:5432/baton');
    expect(config.database.poolSize).toBe(20);
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 9000, bodyLimitBytes: 2048 });
    expect(config.worker.leaseMs).toBe(60_000);
    expect(config.orchestrator.mode).toBe('polling');
    expect(config.log.level).toBe('debug');
    // Untouched keys keep their defaults.
    expect(config.server.insecure).toBe(false);
    expect(config.database.schema).toBe('baton');
  });

  it('derives the heartbeat from the lease unless one is set', () => {
    writeToml('[worker]\nlease_ms = 9000\n');
    expect(loadConfig({ cwd: dir, env: {} }).worker.heartbeatMs).toBe(3000);
    writeToml('[worker]\nlease_ms = 9000\nheartbeat_ms = 1000\n');
    expect(loadConfig({ cwd: dir, env: {} }).worker.heartbeatMs).toBe(1000);
  });

  it('reads the [telemetry] table and its variables, and refuses a sample ratio above 1 or an endpoint that is not http', () => {
    writeToml('[telemetry]\nenabled = true\notlp_endpoint = "http://collector:4318/v1/traces"\nsample_ratio = 0.25\nservice_name = "orders"\n');
    expect(loadConfig({ cwd: dir, env: {} }).telemetry).toEqual({ enabled: true, otlpEndpoint: 'http://collector:4318/v1/traces', sampleRatio: 0.25, serviceName: 'orders' });
    expect(loadConfig({ cwd: dir, env: { BATON_TRACE_SAMPLE_RATIO: '0.5', BATON_TELEMETRY_ENABLED: 'false' } }).telemetry).toMatchObject({ enabled: false, sampleRatio: 0.5 });
    expect(configError(() => loadConfig({ cwd: dir, env: { BATON_TRACE_SAMPLE_RATIO: '2' } })).message).toContain('telemetry.sample_ratio');
    expect(configError(() => loadConfig({ cwd: dir, env: { BATON_OTLP_ENDPOINT: 'collector:4318' } })).message).toContain('expected an http:// or https:// URL');
  });

  it('reads an explicit --config file relative to cwd', () => {
    writeToml('[server]\nport = 7000\n', 'custom.toml');
    expect(loadConfig({ cwd: dir, file: 'custom.toml', env: {} }).server.port).toBe(7000);
  });

  it('reads the file named by BATON_CONFIG when no --config is given', () => {
    writeToml('[server]\nport = 7001\n', 'from-env.toml');
    expect(loadConfig({ cwd: dir, env: { BATON_CONFIG: 'from-env.toml' } }).server.port).toBe(7001);
  });

  it('refuses a missing explicit file', () => {
    const err = configError(() => loadConfig({ cwd: dir, file: 'nope.toml', env: {} }));
    expect(err.message).toContain('nope.toml');
    expect(err.message).toContain('file not found');
  });

  it('refuses a file that is not valid TOML, naming it', () => {
    writeToml('[server\nport = 1\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.message).toContain('cannot parse config file baton.toml');
  });

  it('merges the [environments.<BATON_ENV>] table deeply over the base', () => {
    writeToml(BASE);
    const config = loadConfig({ cwd: dir, env: { BATON_ENV: 'production' } });
    expect(config.server.port).toBe(443);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.worker).toMatchObject({ concurrency: 50, leaseMs: 60_000 });
    expect(config.log.level).toBe('debug');
  });

  it('ignores environment tables when BATON_ENV is not set', () => {
    writeToml(BASE);
    expect(loadConfig({ cwd: dir, env: {} }).server.port).toBe(9000);
  });

  it('refuses an unknown BATON_ENV, naming it and the environments that exist', () => {
    writeToml(BASE);
    const err = configError(() => loadConfig({ cwd: dir, env: { BATON_ENV: 'prod' } }));
    expect(err.message).toContain('unknown environment "prod" (from BATON_ENV)');
    expect(err.message).toContain('"production", "staging"');
  });

  it('refuses BATON_ENV when there is no config file', () => {
    const err = configError(() => loadConfig({ cwd: dir, env: { BATON_ENV: 'production' } }));
    expect(err.message).toContain('unknown environment "production"');
    expect(err.message).toContain('no config file was found');
  });

  it('lets BATON_* variables override the file and its environment table', () => {
    writeToml(BASE);
    const config = loadConfig({
      cwd: dir,
      env: {
        BATON_ENV: 'production',
        BATON_PORT: '8443',
        BATON_INSECURE: 'true',
        BATON_RETENTION_DAYS: '0.5',
        BATON_MODE: 'event',
        BATON_AUTH_HS256_SECRET: 's'.repeat(32),
        BATON_DATABASE_URL: 'postgresql://other/db',
      },
    });
    expect(config.server.port).toBe(8443);
    expect(config.server.insecure).toBe(true);
    expect(config.retention.finishedTasksDays).toBe(0.5);
    expect(config.orchestrator.mode).toBe('event');
    expect(config.auth.hs256Secret).toBe('s'.repeat(32));
    expect(config.database.url).toBe('postgresql://other/db');
    expect(config.worker.concurrency).toBe(50);
  });

  it('treats empty variables as unset', () => {
    writeToml('[server]\nport = 9000\n');
    expect(loadConfig({ cwd: dir, env: { BATON_PORT: '', BATON_ENV: '' } }).server.port).toBe(9000);
  });

  it('lets flags override variables, ignoring undefined flags', () => {
    writeToml(BASE);
    const config = loadConfig({
      cwd: dir,
      env: { BATON_PORT: '8443', BATON_HOST: '10.0.0.1' },
      flags: { server: { port: 1234, host: undefined }, database: { url: undefined } },
    });
    expect(config.server.port).toBe(1234);
    expect(config.server.host).toBe('10.0.0.1');
    expect(config.database.url).toBe('postgres://baton:hunter2@db.internal:5432/baton');
  });

  it('names an unknown key with its full dotted path and suggests the known one', () => {
    writeToml('[server]\nprot = 8080\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.message).toBe('invalid configuration: unknown key "server.prot" in baton.toml (did you mean "port"?)');
    expect(problemsOf(err)).toEqual([{ key: 'server.prot', source: 'baton.toml', message: 'unknown key "server.prot" in baton.toml (did you mean "port"?)' }]);
  });

  it('refuses camelCase keys in the file, pointing to the snake_case name', () => {
    writeToml('[server]\nbodyLimitBytes = 10\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.message).toContain('unknown key "server.bodyLimitBytes" in baton.toml (did you mean "body_limit_bytes"?)');
  });

  it('finds unknown keys at the top level and in every environment table, active or not', () => {
    writeToml('colour = "blue"\n[environments.staging.server]\nhots = "x"\n[environments.production.logs]\nlevel = "info"\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    const keys = problemsOf(err).map((p) => p.key);
    expect(keys).toEqual(['colour', 'environments.staging.server.hots', 'environments.production.logs']);
    expect(err.message).toContain('unknown key "environments.staging.server.hots" in baton.toml (did you mean "host"?)');
  });

  it('refuses a scalar where a table is expected', () => {
    writeToml('server = 8080\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.message).toContain('server: expected a table, got 8080 (from baton.toml)');
  });

  it('names a bad variable with the key, what is expected and the variable', () => {
    const err = configError(() => loadConfig({ cwd: dir, env: { BATON_PORT: 'abc' } }));
    expect(err.message).toBe('invalid configuration: server.port: expected an integer between 0 and 65535, got "abc" (from BATON_PORT)');
    expect(problemsOf(err)[0]).toMatchObject({ key: 'server.port', source: 'BATON_PORT' });
  });

  it('names the file, the environment table or the flag a bad value came from', () => {
    writeToml('[server]\nport = 70000\n[environments.production.log]\nlevel = "loud"\n');
    const err = configError(() => loadConfig({ cwd: dir, env: { BATON_ENV: 'production' }, flags: { worker: { concurrency: 0 } } }));
    expect(err.message).toContain('server.port: expected an integer between 0 and 65535, got 70000 (from baton.toml)');
    expect(err.message).toContain(
      'log.level: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud" (from [environments.production] in baton.toml)',
    );
    expect(err.message).toContain('worker.concurrency: expected an integer >= 1, got 0 (from flags)');
  });

  it('names unknown keys passed as flags', () => {
    const flags = { server: { prot: 1 } } as never;
    const err = configError(() => loadConfig({ cwd: dir, env: {}, flags }));
    expect(err.message).toContain('unknown key "server.prot" in flags');
  });

  it('lists every problem at once, in the message and in details', () => {
    writeToml('[server]\nprot = 1\nport = "abc"\n[orchestrator]\nmode = "fast"\n');
    const err = configError(() => loadConfig({ cwd: dir, env: { BATON_INSECURE: 'maybe', BATON_POOL_SIZE: '1.5', BATON_ENV: 'qa' } }));
    const problems = problemsOf(err);
    expect(problems.map((p) => p.key).sort()).toEqual(['database.pool_size', 'environments.qa', 'orchestrator.mode', 'server.insecure', 'server.port', 'server.prot'].sort());
    expect(err.message.startsWith('invalid configuration (6 problems):\n')).toBe(true);
    for (const problem of problems) expect(err.message).toContain(`  - ${problem.message}`);
    expect(err.message).toContain('server.insecure: expected true or false, got "maybe" (from BATON_INSECURE)');
    expect(err.message).toContain('database.pool_size: expected an integer >= 1, got 1.5 (from BATON_POOL_SIZE)');
  });

  it('checks the heartbeat against the lease', () => {
    const err = configError(() => loadConfig({ cwd: dir, env: { BATON_LEASE_MS: '3000', BATON_HEARTBEAT_MS: '3000' } }));
    expect(err.message).toContain('worker.heartbeat_ms: expected less than worker.lease_ms (3000), got 3000 (from BATON_HEARTBEAT_MS)');
  });

  it('validates the schema name, database URL and secret length', () => {
    writeToml('[database]\nschema = "Baton-Prod"\nurl = "mysql://root:pw@host/db"\n[auth]\nhs256_secret = "too short"\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.message).toContain('database.schema: expected a lower-case SQL identifier');
    expect(err.message).toContain('database.url: expected a postgres:// or postgresql:// URL');
    expect(err.message).toContain('auth.hs256_secret: expected a secret of at least 32 bytes, got a 9-byte secret (from baton.toml)');
  });

  it('never shows a secret or a database password in an error', () => {
    writeToml('[database]\nurl = "mysql://root:pw-s3cret@host/db"\n[auth]\nhs256_secret = "tiny-s3cret"\n');
    const err = configError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.message).not.toContain('s3cret');
    expect(JSON.stringify(err.details)).not.toContain('s3cret');
    expect(err.message).toContain('mysql://root:[redacted]@host/db');
  });
});

/**
 * `waitForDatabase` (createRuntime, Baton.start): a PostgreSQL that refuses
 * connections is waited for, each wait logged; a signal ends the wait; without
 * the option, or for an error that is not about the connection, the start
 * fails at once. (A wait that ends in a working worker is in
 * test/e2e/worker-start-order.test.ts, on a cluster started late.)
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/runtime.js';
import { Baton } from '../../src/sdk/baton.js';
import { testConfig } from '../support/harness.js';

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function capturingLogger() {
  const lines: { level: number; msg: string; attempt?: number }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('waiting for the database at start', () => {
  it('retries a refused connection with backoff, logging each wait, until the signal ends it', async () => {
    const port = await closedPort();
    const { logger, lines } = capturingLogger();
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('given up')), 1500);
    const started = Date.now();
    const config = testConfig((c) => (c.database.url = `postgresql://baton:secret@127.0.0.1:${port}/baton`));
    await expect(createRuntime({ config, logger, sweeper: false, waitForDatabase: true, signal: stop.signal })).rejects.toThrow('given up');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    const waits = lines.filter((l) => l.msg.startsWith('waiting for the database'));
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits[0].msg).toMatch(new RegExp(`^waiting for the database at 127\\.0\\.0\\.1:${port}: ECONNREFUSED; retrying in [\\d.]+s$`));
    expect(waits.map((w) => w.attempt)).toEqual(waits.map((_, i) => i + 1));
    expect(waits.every((w) => w.level === 40)).toBe(true);
    // The password never reaches the log.
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('without waitForDatabase, a refused connection fails the start at once', async () => {
    const port = await closedPort();
    const config = testConfig((c) => (c.database.url = `postgresql://postgres@127.0.0.1:${port}/baton`));
    await expect(createRuntime({ config, logger: pino({ level: 'silent' }), sweeper: false })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('an error that is not about the connection is not waited for, even when asked', async () => {
    const port = await closedPort();
    const config = testConfig((c) => ((c.database.url = `postgresql://postgres@127.0.0.1:${port}/baton`), (c.database.schema = 'Not-A-Schema')));
    const started = Date.now();
    await expect(createRuntime({ config, logger: pino({ level: 'silent' }), sweeper: false, waitForDatabase: true })).rejects.toThrow('invalid schema name');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('Baton.start passes waitForDatabase and its signal through', async () => {
    const port = await closedPort();
    const { logger, lines } = capturingLogger();
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('stopped waiting')), 700);
    await expect(Baton.start({ databaseUrl: `postgresql://postgres@127.0.0.1:${port}/baton`, port: false, logger, waitForDatabase: true, signal: stop.signal })).rejects.toThrow(
      'stopped waiting',
    );
    expect(lines.some((l) => l.msg.startsWith(`waiting for the database at 127.0.0.1:${port}: ECONNREFUSED`))).toBe(true);
  });
});

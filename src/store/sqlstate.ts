/** SQLSTATEs Baton reacts to, by name (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const SqlState = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  duplicateTable: '42P07',
  duplicateObject: '42710',
  duplicateSchema: '42P06',
  invalidTextRepresentation: '22P02',
  insufficientPrivilege: '42501',
  adminShutdown: '57P01',
  crashShutdown: '57P02',
  cannotConnectNow: '57P03',
  connectionException: '08000',
  connectionFailure: '08006',
} as const;

const RETRYABLE = new Set<string>([SqlState.serializationFailure, SqlState.deadlockDetected]);
const CONNECTION_LOST = new Set<string>([SqlState.adminShutdown, SqlState.crashShutdown, SqlState.cannotConnectNow, SqlState.connectionException, SqlState.connectionFailure]);
const NODE_CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

function* causes(err: unknown): Generator<Record<string, unknown>> {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

export function sqlState(err: unknown): string | undefined {
  for (const e of causes(err)) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

/** A transaction that failed this way can simply be run again. */
export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * node-postgres says these in messages only, without a code. The last is the
 * pool giving up after `connectionTimeoutMillis` with no connection free or
 * openable: the database is unreachable or every connection is busy.
 */
const CONNECTION_MESSAGES = /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/** The database is unreachable, just went away, or has no connection to spare in time: answer 503, do not crash. */
export function isConnectionError(err: unknown): boolean {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && (CONNECTION_LOST.has(e.code) || NODE_CONNECTION_ERRORS.has(e.code))) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * The one registry of Baton's error codes. A code is stable once shipped and is
 * never reused for another meaning; `test/domain/errors.test.ts` checks that
 * every code here is documented in docs/errors.md.
 */
export const ErrorCodes = {
  invalid_template: 400,
  invalid_context: 400,
  invalid_request: 400,
  invalid_json: 400,
  invalid_config: 400,
  not_found: 404,
  unknown_template: 404,
  conflict: 409,
  stale_lease: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  overloaded: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'overloaded',
  500: 'internal',
  503: 'unavailable',
};

/** The generic code for an HTTP status, when an answer carries no code of its own. */
export function errorCodeForStatus(status: number): ErrorCode | undefined {
  return CODE_BY_STATUS[status];
}

export interface BatonErrorOptions {
  details?: unknown;
  cause?: unknown;
  status?: number;
}

/** An error with a stable `code` that the API and CLI show to users as is. */
export class BatonError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: BatonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BatonError';
    this.code = code;
    this.status = options.status ?? ErrorCodes[code];
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isBatonError(err: unknown, code?: ErrorCode): err is BatonError {
  return err instanceof BatonError && (code === undefined || err.code === code);
}

/**
 * Thrown by a handler to fail its step at once, with no further attempts
 * (the protocol's `retryable: false`).
 */
export class PermanentError extends Error {
  readonly code: string | undefined;
  readonly details: unknown;

  constructor(message: string, options: { code?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermanentError';
    this.code = options.code;
    this.details = options.details;
  }
}

export function isPermanentError(err: unknown): err is PermanentError {
  return err instanceof PermanentError || (err instanceof Error && err.name === 'PermanentError');
}

import pino from 'pino';

/** Silent unless BATON_TEST_LOG is set (then at that level). */
export const testLogger = pino({ level: process.env.BATON_TEST_LOG ?? 'silent' });

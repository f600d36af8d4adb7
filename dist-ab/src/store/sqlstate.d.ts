/** SQLSTATEs Baton reacts to, by name (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export declare const SqlState: {
    readonly uniqueViolation: "23505";
    readonly serializationFailure: "40001";
    readonly deadlockDetected: "40P01";
    readonly duplicateTable: "42P07";
    readonly duplicateObject: "42710";
    readonly duplicateSchema: "42P06";
    readonly invalidTextRepresentation: "22P02";
    readonly adminShutdown: "57P01";
    readonly crashShutdown: "57P02";
    readonly cannotConnectNow: "57P03";
    readonly connectionException: "08000";
    readonly connectionFailure: "08006";
};
export declare function sqlState(err: unknown): string | undefined;
/** A transaction that failed this way can simply be run again. */
export declare function isRetryable(err: unknown): boolean;
/** The database is unreachable, just went away, or has no connection to spare in time: answer 503, do not crash. */
export declare function isConnectionError(err: unknown): boolean;

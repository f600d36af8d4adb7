/**
 * A time-ordered UUID (RFC 9562 version 7): 48 bits of Unix milliseconds,
 * then 74 random bits. Task ids are the key of `tasks` and lead the indexes of
 * its steps, edges and transitions: ids that grow with time put each new
 * task's index entries beside the last ones, where random ids scatter them
 * over B-trees that outgrow memory as finished tasks accumulate.
 *
 * @param nowMs milliseconds since the epoch
 * @param random at least 10 random bytes (74 of their bits are used)
 */
export declare function uuidv7(nowMs: number, random: Uint8Array): string;

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
export function uuidv7(nowMs, random) {
    if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48)
        throw new RangeError(`uuidv7: time ${nowMs} is not a 48-bit millisecond count`);
    if (random.length < 10)
        throw new RangeError('uuidv7: needs 10 random bytes');
    const bytes = new Uint8Array(16);
    let t = nowMs;
    for (let i = 5; i >= 0; i--) {
        bytes[i] = t % 256;
        t = Math.floor(t / 256);
    }
    bytes.set(random.subarray(0, 10), 6);
    bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
    bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
//# sourceMappingURL=uuid7.js.map
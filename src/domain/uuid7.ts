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
/** Two hex digits for every byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function uuidv7(nowMs: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) throw new RangeError(`uuidv7: time ${nowMs} is not a 48-bit millisecond count`);
  if (random.length < 10) throw new RangeError('uuidv7: needs 10 random bytes');
  const time = nowMs.toString(16).padStart(12, '0');
  const hex = (i: number) => HEX[random[i]];
  // Bytes 6 and 8 carry the version (7) and the variant (binary 10) in their high bits.
  return (
    `${time.slice(0, 8)}-${time.slice(8)}-${HEX[0x70 | (random[0] & 0x0f)]}${hex(1)}-${HEX[0x80 | (random[2] & 0x3f)]}${hex(3)}-` +
    `${hex(4)}${hex(5)}${hex(6)}${hex(7)}${hex(8)}${hex(9)}`
  );
}

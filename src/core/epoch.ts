/**
 * Epochs (current, config, leader, failover) are 64-bit unsigned integers in Sentinel, and so
 * they are here: bigint, exact over the whole range. A JavaScript number loses exactness above
 * 2^53 (an epoch that can no longer be incremented stops every future failover) and would take
 * `-1` from a broken or hostile peer as a number. Sentinel 7.0 reads epochs with strtoull,
 * which turns `-1` into 2^64-1 and garbage into 0; Vigil refuses what is not an epoch instead,
 * since adopting either could make it vote again in an epoch it already voted in.
 */
export type Epoch = bigint;

export const EPOCH_MAX: Epoch = (1n << 64n) - 1n;

/** At most 20 decimal digits: the text of a 64-bit unsigned integer, no sign, no spaces. */
const EPOCH_TEXT = /^[0-9]{1,20}$/;

/** The epoch written as `text`, or null when it is not a 64-bit unsigned decimal integer. */
export function parseEpoch(text: string): Epoch | null {
  if (!EPOCH_TEXT.test(text)) return null;
  const value = BigInt(text);
  return value <= EPOCH_MAX ? value : null;
}

/**
 * An epoch from a decoded reply (RESP integer as number or bigint, or its text), or null when
 * it is not one: negative, fractional, above 2^64-1, or not a number at all.
 */
export function epochFromReply(value: unknown): Epoch | null {
  if (typeof value === 'bigint') return value >= 0n && value <= EPOCH_MAX ? value : null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null;
  if (typeof value === 'string') return parseEpoch(value);
  return null;
}

/** The epoch after `epoch`, or null at 2^64-1, where Sentinel's counter would wrap to 0. */
export function nextEpoch(epoch: Epoch): Epoch | null {
  return epoch < EPOCH_MAX ? epoch + 1n : null;
}

export function maxEpoch(a: Epoch, b: Epoch): Epoch {
  return a > b ? a : b;
}

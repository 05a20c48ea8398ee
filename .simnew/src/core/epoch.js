export const EPOCH_MAX = (1n << 64n) - 1n;
/** At most 20 decimal digits: the text of a 64-bit unsigned integer, no sign, no spaces. */
const EPOCH_TEXT = /^[0-9]{1,20}$/;
/** The epoch written as `text`, or null when it is not a 64-bit unsigned decimal integer. */
export function parseEpoch(text) {
    if (!EPOCH_TEXT.test(text))
        return null;
    const value = BigInt(text);
    return value <= EPOCH_MAX ? value : null;
}
/**
 * An epoch from a decoded reply (RESP integer as number or bigint, or its text), or null when
 * it is not one: negative, fractional, above 2^64-1, or not a number at all.
 */
export function epochFromReply(value) {
    if (typeof value === 'bigint')
        return value >= 0n && value <= EPOCH_MAX ? value : null;
    if (typeof value === 'number')
        return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null;
    if (typeof value === 'string')
        return parseEpoch(value);
    return null;
}
/** The epoch after `epoch`, or null at 2^64-1, where Sentinel's counter would wrap to 0. */
export function nextEpoch(epoch) {
    return epoch < EPOCH_MAX ? epoch + 1n : null;
}
export function maxEpoch(a, b) {
    return a > b ? a : b;
}

/**
 * Redis `string2ll`, the one strict integer parser every layer uses (RESP lengths, command
 * arguments, config values): an optional `-`, then `0` alone or a digit 1-9 followed by
 * digits, within the signed 64-bit range. Anything else (`+5`, `05`, `-0`, ` 5`, `1.5`, ``)
 * is not an integer.
 */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** The value as a bigint, or null. */
export function parseLongLong(text) {
    if (text.length === 0 || text.length > 20)
        return null;
    if (!/^(0|-?[1-9][0-9]*)$/.test(text))
        return null;
    const value = BigInt(text);
    return value < INT64_MIN || value > INT64_MAX ? null : value;
}
/** The value as a JS number (beyond 2^53 it loses precision, like any number field), or null. */
export function parseStrictInt(text) {
    const value = parseLongLong(text);
    return value === null ? null : Number(value);
}

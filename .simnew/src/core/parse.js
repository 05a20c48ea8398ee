/**
 * The C number parsers whose leniency Sentinel 7.0's behaviour depends on: `atoi` for config
 * directives and INFO fields, `strtoull`/`strtoll` for epochs and offsets, and Redis's strict
 * `string2ll` for command arguments. Plus yes/no and Redis glob matching.
 */
import { isIP } from 'node:net';
const LEADING_INT = /^[ \t\n\v\f\r]*([+-]?)(\d+)/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const UINT64_MAX = 18446744073709551615n;
/**
 * The digits as a BigInt, cut short when they cannot fit 64 bits anyway: every caller
 * saturates, and BigInt() over a megabyte of digits from a hostile INFO line would stall the
 * event loop for a fifth of a second.
 */
function digitsValue(digits) {
    const significant = digits.replace(/^0+/, '');
    return significant.length > 20 ? UINT64_MAX + 1n : BigInt(significant === '' ? '0' : significant);
}
/** The leading integer of `text` as C's strtoll reads it: saturated to 64 bits, 0 if none. */
function leadingInt64(text) {
    const m = LEADING_INT.exec(text);
    if (m === null)
        return 0n;
    const value = m[1] === '-' ? -digitsValue(m[2]) : digitsValue(m[2]);
    return value > INT64_MAX ? INT64_MAX : value < INT64_MIN ? INT64_MIN : value;
}
/** glibc `atoi`: leading integer, saturated like strtol to 64 bits, then truncated to `int`. */
export function atoi(text) {
    return Number(BigInt.asIntN(32, leadingInt64(text)));
}
/** `strtoll`: leading integer, saturated to 64 bits. */
export function strtoll(text) {
    return Number(leadingInt64(text));
}
/** `strtoull`: leading integer, saturated to 64 bits; a minus sign wraps around like C. */
export function strtoull(text) {
    const m = LEADING_INT.exec(text);
    if (m === null)
        return 0;
    let value = digitsValue(m[2]);
    // C: on overflow strtoull returns ULLONG_MAX whatever the sign; otherwise a minus wraps.
    if (value > UINT64_MAX)
        return Number(UINT64_MAX);
    if (m[1] === '-')
        value = BigInt.asUintN(64, -value);
    return Number(value);
}
/** Redis `yesnotoi`: case-insensitive yes/no, else null. */
export function yesNo(text) {
    const lower = text.toLowerCase();
    if (lower === 'yes')
        return true;
    if (lower === 'no')
        return false;
    return null;
}
/**
 * A numeric IP address in canonical text, or null when `text` is not one (Sentinel with
 * resolve-hostnames off accepts numeric addresses only).
 */
export function ipLiteral(text) {
    const family = isIP(text);
    if (family === 4)
        return text;
    if (family !== 6)
        return null;
    try {
        // The WHATWG URL parser prints IPv6 in canonical (RFC 5952) form, like inet_ntop.
        return new URL(`http://[${text}]/`).hostname.slice(1, -1);
    }
    catch {
        return text.toLowerCase();
    }
}

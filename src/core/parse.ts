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

/** glibc `atoi`: leading integer, saturated like strtol to 64 bits, then truncated to `int`. */
export function atoi(text: string): number {
  const m = LEADING_INT.exec(text);
  if (m === null) return 0;
  let value = BigInt(m[2]);
  if (m[1] === '-') value = -value;
  if (value > INT64_MAX) value = INT64_MAX;
  if (value < INT64_MIN) value = INT64_MIN;
  return Number(BigInt.asIntN(32, value));
}

/** `strtoll`: leading integer, saturated to 64 bits. */
export function strtoll(text: string): number {
  const m = LEADING_INT.exec(text);
  if (m === null) return 0;
  let value = BigInt(m[2]);
  if (m[1] === '-') value = -value;
  if (value > INT64_MAX) value = INT64_MAX;
  if (value < INT64_MIN) value = INT64_MIN;
  return Number(value);
}

/** `strtoull`: leading integer, saturated to 64 bits; a minus sign wraps around like C. */
export function strtoull(text: string): number {
  const m = LEADING_INT.exec(text);
  if (m === null) return 0;
  let value = BigInt(m[2]);
  if (value > UINT64_MAX) value = UINT64_MAX;
  if (m[1] === '-') value = BigInt.asUintN(64, -value);
  return Number(value);
}

/**
 * Redis `string2ll` (getLongLongFromObject): the whole text must be a canonical decimal integer
 * in the signed 64-bit range: no spaces, no `+`, no leading zeros.
 */
export function parseStrictInt(text: string): number | null {
  if (text.length === 0 || text.length > 20) return null;
  if (!/^(0|-?[1-9]\d*)$/.test(text)) return null;
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) return null;
  return Number(value);
}

/** Redis `yesnotoi`: case-insensitive yes/no, else null. */
export function yesNo(text: string): boolean | null {
  const lower = text.toLowerCase();
  if (lower === 'yes') return true;
  if (lower === 'no') return false;
  return null;
}

/**
 * A numeric IP address in canonical text, or null when `text` is not one (Sentinel with
 * resolve-hostnames off accepts numeric addresses only).
 */
export function ipLiteral(text: string): string | null {
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6) return null;
  try {
    // The WHATWG URL parser prints IPv6 in canonical (RFC 5952) form, like inet_ntop.
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return text.toLowerCase();
  }
}

/**
 * Redis glob matching (`stringmatchlen`, case-sensitive): `*`, `?`, `[...]` with `^` negation
 * and ranges, and backslash escapes.
 */
export function globMatch(pattern: string, text: string): boolean {
  return matchFrom(pattern, 0, text, 0, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number, depth: number): boolean {
  if (depth > 1000) return false;
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      while (pi + 1 < p.length && p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) {
        if (matchFrom(p, pi + 1, s, k, depth + 1)) return true;
      }
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      si++;
      pi++;
      continue;
    }
    if (c === '[') {
      pi++;
      const negate = p[pi] === '^';
      if (negate) pi++;
      let matched = false;
      while (pi < p.length && p[pi] !== ']') {
        if (p[pi] === '\\' && pi + 1 < p.length) {
          pi++;
          if (p[pi] === s[si]) matched = true;
          pi++;
        } else if (pi + 2 < p.length && p[pi + 1] === '-' && p[pi + 2] !== ']') {
          let lo = p[pi];
          let hi = p[pi + 2];
          if (lo > hi) [lo, hi] = [hi, lo];
          if (s[si] >= lo && s[si] <= hi) matched = true;
          pi += 3;
        } else {
          if (p[pi] === s[si]) matched = true;
          pi++;
        }
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      pi++; // the closing ']' (or past the end of an unterminated class)
      si++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) pi++;
    if (p[pi] !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

/**
 * Argument parsing and error texts shared by the SENTINEL subcommands. Integers follow Redis's
 * strict string-to-long-long rules (no sign `+`, no leading zeros, no spaces, 64-bit range),
 * which is what decides between e.g. `ERR Invalid port` and success for `05`.
 */
import { error, type Reply } from '../../resp/reply.js';

export const NO_SUCH_MASTER = 'ERR No such master with that name';
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
export const SAVE_FAILED = 'ERR Failed to save config file. Check server logs.';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Redis `string2ll`: optional `-`, then `0` alone or a digit 1-9 followed by digits, within
 * the signed 64-bit range. Returns null for anything else (`+5`, `05`, `-0`, ` 5`, `1.5`, ``).
 */
export function parseLongLong(s: string): bigint | null {
  if (s === '0') return 0n;
  if (!/^-?[1-9][0-9]*$/.test(s) || s.length > 20) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/** `parseLongLong` as a JS number (values beyond 2^53 lose precision, like any number field). */
export function parseLongLongNumber(s: string): number | null {
  const v = parseLongLong(s);
  return v === null ? null : Number(v);
}

/**
 * The core returns Sentinel's error texts; accept them with or without the `ERR ` code so the
 * reply always carries one (an all-caps first word such as `ERR`/`NOQUORUM` is a code).
 */
export function errorText(text: string): Reply {
  return error(/^[A-Z]+ /.test(text) ? text : `ERR ${text}`);
}

/**
 * Sentinel 7.0: the dispatcher's text for an unknown SENTINEL subcommand. The name is echoed as
 * typed, cut to 128 bytes, with newlines turned into spaces like every rejected-command error.
 */
export function unknownSubcommandError(sub: string, container = 'SENTINEL'): string {
  const cut = Buffer.from(sub).subarray(0, 128).toString();
  return `ERR unknown subcommand '${cut}'. Try ${container.toUpperCase()} HELP.`.replace(/[\r\n]/g, ' ');
}

/**
 * Error texts shared by the SENTINEL subcommands. Integers are parsed with Redis's strict
 * string-to-long-long rules (src/lib/integer.ts), which decide between e.g. `ERR Invalid port`
 * and success for `05`.
 */
import { error } from '../../resp/reply.js';
export const NO_SUCH_MASTER = 'ERR No such master with that name';
export const SAVE_FAILED = 'ERR Failed to save config file. Check server logs.';
/**
 * The core returns Sentinel's error texts; accept them with or without the `ERR ` code so the
 * reply always carries one (an all-caps first word such as `ERR`/`NOQUORUM` is a code).
 */
export function errorText(text) {
    return error(/^[A-Z]+ /.test(text) ? text : `ERR ${text}`);
}

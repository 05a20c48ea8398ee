/**
 * SENTINEL CONFIG GET/SET (7.0 form: exactly one pattern, exactly one parameter) and
 * SENTINEL DEBUG (list or change the protocol timers).
 */
import { OK, bulkMap, error } from '../../resp/reply.js';
import { TIMER_NAMES } from '../../constants.js';
import { globMatch } from '../../lib/glob.js';
import { SAVE_FAILED, errorText } from './parse.js';
import { parseLongLong } from '../../lib/integer.js';
import { vigilOptionPairs } from '../../core/vigil-options.js';
const CONFIG_USAGE = 'ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.';
/** CONFIG GET: the six globals in 7.0.15's fixed order, filtered by a case-insensitive glob. */
function configGet(ctx, pattern) {
    const s = ctx.core.state.settings;
    const all = [
        ['resolve-hostnames', s.resolveHostnames ? 'yes' : 'no'],
        ['announce-hostnames', s.announceHostnames ? 'yes' : 'no'],
        ['announce-ip', s.announceIp ?? ''],
        ['announce-port', String(s.announcePort)],
        ['sentinel-user', s.sentinelUser ?? ''],
        // Sentinel 7.0 shows the password in plain text here.
        ['sentinel-pass', s.sentinelPass ?? ''],
    ];
    // Vigil's own options only for a pattern that names them (`vigil-*`), so `*` lists exactly
    // what 7.0.15 lists for the tools that parse it (core/vigil-options.ts).
    if (pattern.toLowerCase().startsWith('vigil'))
        all.push(...vigilOptionPairs(s));
    return bulkMap(all.filter(([name]) => globMatch(pattern, name, true)));
}
/** `SENTINEL CONFIG <args>` (args after CONFIG). */
export function configCommand(ctx, args) {
    const verb = args[0].toLowerCase();
    if (verb === 'get' && args.length === 2)
        return configGet(ctx, args[1]);
    if (verb === 'set' && args.length === 3) {
        const err = ctx.core.configSet(args[1], args[2], ctx.now());
        if (err !== null) {
            ctx.commit();
            return errorText(err);
        }
        return ctx.commit() ? OK : error(SAVE_FAILED);
    }
    return error(CONFIG_USAGE);
}
function isTimerName(name) {
    return TIMER_NAMES.includes(name);
}
/**
 * DEBUG without arguments: the 13 timers upper-cased, values as bulk strings. With
 * `<param> <ms>` pairs: each applied in turn (7.0.15 keeps earlier ones when a later pair is
 * bad); the value must be a Redis integer > 0. Not persisted, so no flush.
 */
export function debugCommand(ctx, args) {
    const timers = ctx.core.state.timers;
    if (args.length === 0)
        return bulkMap(TIMER_NAMES.map((n) => [n.toUpperCase(), timers[n]]));
    for (let j = 0; j < args.length; j += 2) {
        const option = args[j];
        const name = option.toLowerCase();
        if (!isTimerName(name) || j + 1 >= args.length) {
            return error(`ERR Unknown option or number of arguments for SENTINEL DEBUG '${option}'`);
        }
        const text = args[j + 1];
        const ms = parseLongLong(text);
        if (ms === null || ms <= 0n)
            return error(`ERR Invalid argument '${text}' for SENTINEL DEBUG '${option}'`);
        ctx.core.setTimer(name, Number(ms));
    }
    return OK;
}

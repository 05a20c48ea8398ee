/**
 * SENTINEL SET <master> <option> <value> [<option> <value> ...].
 *
 * Sentinel 7.0: options are applied left to right, each one for real (with its `+set` event,
 * queued by the core) before the next is looked at. The first bad option stops the loop with
 * its error; the changes made before it stay and the config is flushed without reporting a
 * save failure. When every option succeeds the flush result decides between `+OK` and the
 * save-failure error. Option names are case-insensitive and echoed as typed in errors.
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { OK, error } from '../../resp/reply.js';
import { NO_SUCH_MASTER, SAVE_FAILED, errorText } from './parse.js';
/** How many values each option takes. `primary-reboot-down-after-period` is Valkey 8's alias. */
const OPTION_VALUES = new Map([
    ['down-after-milliseconds', 1],
    ['failover-timeout', 1],
    ['parallel-syncs', 1],
    ['notification-script', 1],
    ['client-reconfig-script', 1],
    ['auth-pass', 1],
    ['auth-user', 1],
    ['quorum', 1],
    ['rename-command', 2],
    ['master-reboot-down-after-period', 1],
    ['primary-reboot-down-after-period', 1],
    // Vigil only: maintenance mode (core/vigil-options.ts, docs/operations.md).
    ['vigil-maintenance', 1],
]);
const SCRIPTS_DENIED = 'ERR Reconfiguration of scripts path is denied for security reasons. Check the ' +
    'deny-scripts-reconfig configuration directive in your Sentinel configuration';
const SCRIPT_NOT_EXECUTABLE = {
    'notification-script': 'ERR Notification script seems non existing or non executable',
    'client-reconfig-script': 'ERR Client reconfiguration script seems non existing or non executable',
};
function isExecutable(path) {
    try {
        accessSync(path, fsConstants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/** The script-path checks the command layer owns (they touch the filesystem); null when fine. */
function checkScriptOption(ctx, option, value) {
    const notExecutable = SCRIPT_NOT_EXECUTABLE[option];
    if (notExecutable === undefined)
        return null;
    // Sentinel 7.0: denied even when clearing the script (empty value).
    if (ctx.core.state.settings.denyScriptsReconfig)
        return SCRIPTS_DENIED;
    if (value !== '' && !isExecutable(value))
        return notExecutable;
    return null;
}
export function setCommand(ctx, args) {
    const masterName = args[0];
    if (!ctx.core.state.masters.has(masterName))
        return error(NO_SUCH_MASTER);
    const now = ctx.now();
    let failure = null;
    for (let j = 1; j < args.length;) {
        const option = args[j];
        const lower = option.toLowerCase();
        const needed = OPTION_VALUES.get(lower);
        const available = args.length - 1 - j;
        if (needed === undefined || available < needed) {
            failure = error(`ERR Unknown option or number of arguments for SENTINEL SET '${option}'`);
            break;
        }
        const value = args[j + 1];
        const value2 = needed === 2 ? args[j + 2] : undefined;
        const scriptErr = checkScriptOption(ctx, lower, value);
        if (scriptErr !== null) {
            failure = error(scriptErr);
            break;
        }
        const err = ctx.core.setOption(masterName, option, value, value2, now);
        if (err !== null) {
            failure = errorText(err);
            break;
        }
        j += 1 + needed;
    }
    if (failure !== null) {
        // Earlier options stay applied; their flush happens, its outcome is not reported.
        ctx.commit();
        return failure;
    }
    return ctx.commit() ? OK : error(SAVE_FAILED);
}

import { createMaster, ERR_BAD_PORT, propagateDownAfter, releaseMaster, resetMaster } from './instances.js';
import { globMatch } from '../lib/glob.js';
import { parseStrictInt } from '../lib/integer.js';
import { yesNo } from './parse.js';
import { setVigilOption, vigilConfigName } from './vigil-options.js';
export const ERR_NO_SUCH_MASTER = 'No such master with that name';
export const ERR_SCRIPTS_DENIED = 'Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig ' +
    'configuration directive in your Sentinel configuration';
/** SENTINEL MONITOR after the command layer parsed quorum/port and resolved the address. */
export function monitorMaster(ctx, name, addr, quorum, now) {
    if (quorum <= 0)
        return 'Quorum must be 1 or greater.';
    if (!Number.isInteger(addr.port) || addr.port < 0 || addr.port > 65535)
        return ERR_BAD_PORT;
    const master = createMaster(ctx, name, addr, quorum, now);
    if (typeof master === 'string')
        return master;
    // Sentinel 7.0 flushes (and replies) before the +monitor event.
    ctx.flush();
    ctx.event('warning', '+monitor', master, `quorum ${master.quorum}`);
    return null;
}
/** SENTINEL REMOVE: `-monitor`, forget the master and its links, flush. */
export function removeMaster(ctx, name) {
    const master = ctx.state.masters.get(name);
    if (master === undefined)
        return false;
    ctx.event('warning', '-monitor', master);
    ctx.state.masters.delete(name);
    releaseMaster(ctx, master);
    ctx.flush();
    return true;
}
/** Close the master's and its replicas' connections (auth changed): they reconnect with the new auth. */
function dropInstanceConnections(ctx, master) {
    ctx.links.closeConnection(master.link, 'both');
    for (const replica of master.replicas.values())
        ctx.links.closeConnection(replica.link, 'both');
}
const invalid = (value, option) => `Invalid argument '${value}' for SENTINEL SET '${option}'`;
const unknown = (option) => `Unknown option or number of arguments for SENTINEL SET '${option}'`;
/** A strictly parsed integer option with a lower bound. */
function numeric(value, option, min) {
    const n = parseStrictInt(value);
    if (n === null || n < min)
        return invalid(value, option);
    return n;
}
/**
 * One SENTINEL SET option. `option` is echoed as typed in `+set` and in errors. rename-command
 * takes two values (value2); every other option one. On success: `+set` (auth-pass shown as
 * `******`) and a config flush; changes made by earlier options stay when a later one fails.
 */
export function setMasterOption(ctx, masterName, option, value, value2) {
    const master = ctx.state.masters.get(masterName);
    if (master === undefined)
        return ERR_NO_SUCH_MASTER;
    const opt = option.toLowerCase();
    let shown = `${option} ${value}`;
    switch (opt) {
        case 'down-after-milliseconds': {
            const n = numeric(value, option, 1);
            if (typeof n === 'string')
                return n;
            master.downAfterMs = n;
            propagateDownAfter(master);
            break;
        }
        case 'failover-timeout': {
            const n = numeric(value, option, 1);
            if (typeof n === 'string')
                return n;
            master.failoverTimeout = n;
            break;
        }
        case 'parallel-syncs': {
            const n = numeric(value, option, 1);
            if (typeof n === 'string')
                return n;
            master.parallelSyncs = n;
            break;
        }
        case 'quorum': {
            const n = numeric(value, option, 1);
            if (typeof n === 'string')
                return n;
            master.quorum = n;
            break;
        }
        // Valkey 8.0 (#647) alias; `+set` echoes the spelling the client sent, as Valkey does.
        case 'master-reboot-down-after-period':
        case 'primary-reboot-down-after-period': {
            const n = numeric(value, option, 0);
            if (typeof n === 'string')
                return n;
            master.masterRebootDownAfterPeriod = n;
            break;
        }
        case 'notification-script':
        case 'client-reconfig-script': {
            if (ctx.state.settings.denyScriptsReconfig)
                return ERR_SCRIPTS_DENIED;
            if (value !== '' && !ctx.canExecute(value)) {
                return opt === 'notification-script'
                    ? 'Notification script seems non existing or non executable'
                    : 'Client reconfiguration script seems non existing or non executable';
            }
            if (opt === 'notification-script')
                master.notificationScript = value === '' ? null : value;
            else
                master.clientReconfigScript = value === '' ? null : value;
            break;
        }
        case 'auth-pass':
            master.authPass = value === '' ? null : value;
            dropInstanceConnections(ctx, master);
            shown = `${option} ******`;
            break;
        case 'auth-user':
            master.authUser = value === '' ? null : value;
            dropInstanceConnections(ctx, master);
            break;
        case 'rename-command': {
            if (value2 === undefined)
                return unknown(option);
            if (value === '' || value2 === '')
                return invalid(value2 !== '' ? value : value2, option);
            const key = value.toLowerCase();
            master.renamedCommands.delete(key);
            // Renaming a command to itself just removes the mapping.
            if (key !== value2.toLowerCase())
                master.renamedCommands.set(key, value2);
            shown = `${option} ${value} ${value2}`;
            break;
        }
        case 'vigil-maintenance': {
            // Vigil only (core/vigil-options.ts): maintenance mode for this master.
            const v = yesNo(value);
            if (v === null)
                return invalid(value, option);
            master.maintenance = v;
            master.maintenanceHoldLogged = false;
            break;
        }
        default:
            return unknown(option);
    }
    ctx.event('warning', '+set', master, shown);
    ctx.flush();
    return null;
}
/** SENTINEL RESET <pattern>: case-sensitive glob over master names; `+reset-master`; no flush. */
export function resetMasters(ctx, pattern, now) {
    let count = 0;
    for (const master of [...ctx.state.masters.values()]) {
        if (!globMatch(pattern, master.name))
            continue;
        resetMaster(ctx, master, false, now);
        ctx.event('warning', '+reset-master', master);
        count++;
    }
    return count;
}
/** Close every connection to peer sentinels (sentinel-user / sentinel-pass changed). */
function dropSentinelConnections(ctx) {
    for (const master of ctx.state.masters.values()) {
        for (const sentinel of master.sentinels.values())
            ctx.links.closeConnection(sentinel.link, 'both');
    }
}
/** SENTINEL CONFIG SET <param> <value> (7.0: one parameter per call). Flushes on success. */
export function configSet(ctx, param, value) {
    const settings = ctx.state.settings;
    const badValue = `Invalid value '${value}' to SENTINEL CONFIG SET '${param}'`;
    let dropPeers = false;
    switch (param.toLowerCase()) {
        case 'resolve-hostnames': {
            const v = yesNo(value);
            if (v === null)
                return badValue;
            settings.resolveHostnames = v;
            break;
        }
        case 'announce-hostnames': {
            const v = yesNo(value);
            if (v === null)
                return badValue;
            settings.announceHostnames = v;
            break;
        }
        case 'announce-ip':
            // Sentinel 7.0 stores the value as is, even empty (CONFIG GET then shows "").
            settings.announceIp = value;
            break;
        case 'announce-port': {
            const n = parseStrictInt(value);
            if (n === null || n < 0 || n > 65535)
                return badValue;
            settings.announcePort = n;
            break;
        }
        case 'sentinel-user':
            settings.sentinelUser = value === '' ? null : value;
            dropPeers = true;
            break;
        case 'sentinel-pass':
            settings.sentinelPass = value === '' ? null : value;
            dropPeers = true;
            break;
        default: {
            // Vigil's own options (core/vigil-options.ts), under a `vigil-` prefix.
            const name = vigilConfigName(param);
            if (name === null)
                return `Invalid argument '${param}' to SENTINEL CONFIG SET`;
            if (setVigilOption(settings, name, value) !== null)
                return badValue;
            break;
        }
    }
    ctx.flush();
    if (dropPeers)
        dropSentinelConnections(ctx);
    return null;
}

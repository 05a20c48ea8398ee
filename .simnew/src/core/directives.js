/**
 * `sentinel <sub> ...` config directives (spec §2.1), with Sentinel 7.0.15's exact argument
 * counts, lenient number parsing (atoi / strtoull) and error texts.
 */
import { parseEpoch } from './epoch.js';
import { createMaster, createReplica, createSentinel, makeAddress, propagateDownAfter, tryConnectionSharing, } from './instances.js';
import { atoi, yesNo } from './parse.js';
/**
 * Departure: Sentinel 7.0 reads epochs with strtoull, so a garbled line loads as 0 (or -1 as
 * 2^64-1) and the sentinel may vote again in epochs it already voted in. Vigil refuses the file.
 */
const INVALID_EPOCH = 'Invalid epoch: it must be an unsigned 64-bit integer.';
export const ERR_UNRECOGNIZED = 'Unrecognized sentinel configuration statement.';
export const ERR_NO_MASTER = 'No such master with specified name.';
/** A directive about a master: look it up first. */
function forMaster(fn) {
    return (ctx, args, now) => {
        const master = ctx.state.masters.get(args[1]);
        if (master === undefined)
            return ERR_NO_MASTER;
        return fn(ctx, master, args, now);
    };
}
function yesNoDirective(set, error) {
    return (ctx, args) => {
        const value = yesNo(args[1]);
        if (value === null)
            return error;
        set(ctx, value);
        return null;
    };
}
const DIRECTIVES = {
    monitor: {
        argc: [5],
        handler: (ctx, args, now) => {
            const quorum = atoi(args[4]);
            if (quorum <= 0)
                return 'Quorum must be 1 or greater.';
            const addr = makeAddress(ctx.state.settings, args[2], atoi(args[3]));
            if (typeof addr === 'string')
                return addr;
            const master = createMaster(ctx, args[1], addr, quorum, now);
            return typeof master === 'string' ? master : null;
        },
    },
    'down-after-milliseconds': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            master.downAfterMs = atoi(args[2]);
            if (master.downAfterMs <= 0)
                return 'negative or zero time parameter.';
            propagateDownAfter(master);
            return null;
        }),
    },
    'failover-timeout': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            master.failoverTimeout = atoi(args[2]);
            return master.failoverTimeout <= 0 ? 'negative or zero time parameter.' : null;
        }),
    },
    'parallel-syncs': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            master.parallelSyncs = atoi(args[2]);
            return null;
        }),
    },
    'notification-script': {
        argc: [3],
        handler: forMaster((ctx, master, args) => {
            if (!ctx.canExecute(args[2]))
                return 'Notification script seems non existing or non executable.';
            master.notificationScript = args[2];
            return null;
        }),
    },
    'client-reconfig-script': {
        argc: [3],
        handler: forMaster((ctx, master, args) => {
            if (!ctx.canExecute(args[2]))
                return 'Client reconfiguration script seems non existing or non executable.';
            master.clientReconfigScript = args[2];
            return null;
        }),
    },
    'auth-pass': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            master.authPass = args[2];
            return null;
        }),
    },
    'auth-user': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            master.authUser = args[2];
            return null;
        }),
    },
    'current-epoch': {
        argc: [2],
        handler: (ctx, args) => {
            const epoch = parseEpoch(args[1]);
            if (epoch === null)
                return INVALID_EPOCH;
            if (epoch > ctx.state.currentEpoch)
                ctx.state.currentEpoch = epoch;
            return null;
        },
    },
    myid: {
        argc: [2],
        handler: (ctx, args) => {
            if (args[1].length !== 40)
                return 'Malformed Sentinel id in myid option.';
            ctx.state.myid = args[1];
            return null;
        },
    },
    'config-epoch': {
        argc: [3],
        handler: forMaster((ctx, master, args) => {
            const epoch = parseEpoch(args[2]);
            if (epoch === null)
                return INVALID_EPOCH;
            master.configEpoch = epoch;
            if (master.configEpoch > ctx.state.currentEpoch)
                ctx.state.currentEpoch = master.configEpoch;
            return null;
        }),
    },
    'leader-epoch': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            const epoch = parseEpoch(args[2]);
            if (epoch === null)
                return INVALID_EPOCH;
            master.leaderEpoch = epoch;
            return null;
        }),
    },
    'known-replica': {
        argc: [4],
        handler: forMaster((ctx, master, args, now) => {
            const addr = makeAddress(ctx.state.settings, args[2], atoi(args[3]));
            if (typeof addr === 'string')
                return addr;
            const replica = createReplica(ctx, master, addr, now);
            return typeof replica === 'string' ? replica : null;
        }),
    },
    'known-sentinel': {
        argc: [4, 5],
        handler: (ctx, args, now) => {
            // The old form without a runid is accepted and ignored (Sentinel 7.0).
            if (args.length === 4)
                return null;
            const master = ctx.state.masters.get(args[1]);
            if (master === undefined)
                return ERR_NO_MASTER;
            const addr = makeAddress(ctx.state.settings, args[2], atoi(args[3]));
            if (typeof addr === 'string')
                return addr;
            const sentinel = createSentinel(ctx, master, args[4], addr, now);
            if (typeof sentinel === 'string')
                return sentinel;
            tryConnectionSharing(ctx, sentinel);
            return null;
        },
    },
    'rename-command': {
        argc: [4],
        handler: forMaster((_ctx, master, args) => {
            const key = args[2].toLowerCase();
            if (master.renamedCommands.has(key))
                return 'Same command renamed multiple times with rename-command.';
            master.renamedCommands.set(key, args[3]);
            return null;
        }),
    },
    'announce-ip': {
        argc: [2],
        handler: (ctx, args) => {
            if (args[1] !== '')
                ctx.state.settings.announceIp = args[1];
            return null;
        },
    },
    'announce-port': {
        argc: [2],
        handler: (ctx, args) => {
            ctx.state.settings.announcePort = atoi(args[1]);
            return null;
        },
    },
    'deny-scripts-reconfig': {
        argc: [2],
        handler: yesNoDirective((ctx, v) => (ctx.state.settings.denyScriptsReconfig = v), 'Please specify yes or no for the deny-scripts-reconfig options.'),
    },
    'sentinel-user': {
        argc: [2],
        handler: (ctx, args) => {
            if (args[1] !== '')
                ctx.state.settings.sentinelUser = args[1];
            return null;
        },
    },
    'sentinel-pass': {
        argc: [2],
        handler: (ctx, args) => {
            if (args[1] !== '')
                ctx.state.settings.sentinelPass = args[1];
            return null;
        },
    },
    'resolve-hostnames': {
        argc: [2],
        handler: yesNoDirective((ctx, v) => (ctx.state.settings.resolveHostnames = v), 'Please specify yes or no for the resolve-hostnames option.'),
    },
    'announce-hostnames': {
        argc: [2],
        handler: yesNoDirective((ctx, v) => (ctx.state.settings.announceHostnames = v), 'Please specify yes or no for the announce-hostnames option.'),
    },
    'master-reboot-down-after-period': {
        argc: [3],
        handler: forMaster((_ctx, master, args) => {
            master.masterRebootDownAfterPeriod = atoi(args[2]);
            return master.masterRebootDownAfterPeriod < 0 ? 'negative time parameter.' : null;
        }),
    },
};
DIRECTIVES['known-slave'] = DIRECTIVES['known-replica'];
// Valkey 8.0 (#647): `primary-reboot-down-after-period` is another name for the same setting.
// Rewrite keeps the Redis spelling (src/config/render.ts), which both Redis and Valkey read.
DIRECTIVES['primary-reboot-down-after-period'] = DIRECTIVES['master-reboot-down-after-period'];
/**
 * Apply one `sentinel ...` line (arguments after the word `sentinel`). Script paths are checked
 * with the injected `canExecute`; hostnames are not resolved here (see makeAddress).
 */
export function applyDirective(ctx, args, now) {
    if (args.length === 0)
        return ERR_UNRECOGNIZED;
    const directive = Object.hasOwn(DIRECTIVES, args[0].toLowerCase())
        ? DIRECTIVES[args[0].toLowerCase()]
        : undefined;
    if (directive === undefined || !directive.argc.includes(args.length))
        return ERR_UNRECOGNIZED;
    return directive.handler(ctx, args, now);
}

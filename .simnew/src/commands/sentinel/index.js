import { ckquorumCommand, getMasterAddrByNameCommand, infoCacheCommand, masterCommand, mastersCommand, myidCommand, pendingScriptsCommand, replicasCommand, sentinelsCommand, } from './query.js';
import { monitorCommand, removeCommand } from './monitor.js';
import { setCommand } from './set.js';
import { configCommand, debugCommand } from './config.js';
import { failoverCommand, flushconfigCommand, isMasterDownByAddrCommand, resetCommand, simulateFailureCommand, } from './admin.js';
import { helpCommand } from './help.js';
export { SENTINEL_HELP_LINES } from './help.js';
/** The 21 subcommands of 7.0.15 (arity counts SENTINEL and the subcommand; negative = at least). */
export const sentinelSubcommands = [
    { name: 'ckquorum', arity: 3, handler: ckquorumCommand, summary: 'Check for a Sentinel quorum' },
    { name: 'config', arity: -3, handler: configCommand, summary: 'Configure Sentinel' },
    {
        name: 'debug',
        arity: -2,
        handler: debugCommand,
        summary: 'List or update the current configurable parameters',
    },
    { name: 'failover', arity: 3, handler: failoverCommand, summary: 'Force a failover' },
    { name: 'flushconfig', arity: 2, handler: flushconfigCommand, summary: 'Rewrite configuration file' },
    {
        name: 'get-master-addr-by-name',
        arity: 3,
        handler: getMasterAddrByNameCommand,
        summary: 'Get port and address of a master',
    },
    {
        name: 'help',
        arity: 2,
        handler: helpCommand,
        summary: 'Show helpful text about the different subcommands',
    },
    {
        name: 'info-cache',
        arity: -3,
        handler: infoCacheCommand,
        summary: 'Get cached INFO from the instances in the deployment',
    },
    {
        name: 'is-master-down-by-addr',
        arity: 6,
        handler: isMasterDownByAddrCommand,
        summary: 'Check if a master is down',
    },
    { name: 'master', arity: 3, handler: masterCommand, summary: 'Shows the state of a master' },
    { name: 'masters', arity: 2, handler: mastersCommand, summary: 'List the monitored masters' },
    { name: 'monitor', arity: 6, handler: monitorCommand, summary: 'Start monitoring' },
    { name: 'myid', arity: 2, handler: myidCommand, summary: 'Get the Sentinel instance ID' },
    {
        name: 'pending-scripts',
        arity: 2,
        handler: pendingScriptsCommand,
        summary: 'Get information about pending scripts',
    },
    { name: 'remove', arity: 3, handler: removeCommand, summary: 'Stop monitoring' },
    { name: 'replicas', arity: 3, handler: replicasCommand, summary: 'List the monitored replicas' },
    { name: 'reset', arity: 3, handler: resetCommand, summary: 'Reset masters by name pattern' },
    { name: 'sentinels', arity: 3, handler: sentinelsCommand, summary: 'List the Sentinel instances' },
    { name: 'set', arity: -5, handler: setCommand, summary: 'Change the configuration of a monitored master' },
    {
        name: 'simulate-failure',
        arity: -3,
        handler: simulateFailureCommand,
        summary: 'Simulate failover scenarios',
    },
    { name: 'slaves', arity: 3, handler: replicasCommand, summary: 'List the monitored slaves' },
];
/**
 * COMMAND INFO flags per subcommand (7.0.15): all `admin` except HELP (`loading`, `stale`).
 * SubcommandSpec has no flags field, so they live here for the COMMAND implementation.
 */
export const SENTINEL_SUBCOMMAND_FLAGS = Object.fromEntries(sentinelSubcommands.map((s) => [s.name, s.name === 'help' ? ['loading', 'stale'] : ['admin']]));
function aliasOf(name, original, summary) {
    const spec = sentinelSubcommands.find((s) => s.name === original);
    return { name, arity: spec.arity, handler: spec.handler, summary };
}
/**
 * Valkey 8 names answering exactly like the old ones (same arity, handler and reply). Not part
 * of the 7.0.15 table: the dispatcher accepts them but must not list them in COMMAND LIST/COUNT
 * or HELP.
 */
export const sentinelAliasSubcommands = [
    aliasOf('primaries', 'masters', 'List the monitored primaries'),
    aliasOf('primary', 'master', 'Shows the state of a primary'),
    aliasOf('get-primary-addr-by-name', 'get-master-addr-by-name', 'Get port and address of a primary'),
    aliasOf('is-primary-down-by-addr', 'is-master-down-by-addr', 'Check if a primary is down'),
];
export const sentinelCommandSpec = {
    name: 'sentinel',
    arity: -2,
    flags: ['admin'],
    summary: 'A container for Sentinel commands',
    subcommands: [...sentinelSubcommands],
};

import { buildCommandTable } from './generic.js';
import { sentinelAliasSubcommands, sentinelCommandSpec } from './sentinel/index.js';
export { buildCommandTable };
/** The daemon's table. */
export function commandTable() {
    return buildCommandTable(sentinelCommandSpec);
}
/**
 * Valkey 8's SENTINEL aliases (PRIMARY, PRIMARIES, ...): accepted, but absent from COMMAND
 * LIST / COUNT so the table stays identical to redis-sentinel 7.0.15.
 */
export function hiddenSubcommands() {
    return { sentinel: sentinelAliasSubcommands };
}

/**
 * The command table of a sentinel: the generic commands plus SENTINEL, 15 top-level
 * commands as in redis-sentinel 7.0.15 (COMMAND COUNT). This is the one place that imports
 * the SENTINEL family, so COMMAND LIST / INFO / DOCS and ACL categories see its subcommands.
 */
import type { CommandSpec } from './context.js';
import { buildCommandTable } from './generic.js';
import { sentinelAliasSubcommands, sentinelCommandSpec } from './sentinel/index.js';
import type { HiddenSubcommands } from '../server/registry.js';

export { buildCommandTable };

/** The daemon's table. */
export function commandTable(): CommandSpec[] {
  return buildCommandTable(sentinelCommandSpec);
}

/**
 * Valkey 8's SENTINEL aliases (PRIMARY, PRIMARIES, ...): accepted, but absent from COMMAND
 * LIST / COUNT so the table stays identical to redis-sentinel 7.0.15.
 */
export function hiddenSubcommands(): HiddenSubcommands {
  return { sentinel: sentinelAliasSubcommands };
}

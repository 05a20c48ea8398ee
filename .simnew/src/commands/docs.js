/**
 * Command metadata Sentinel 7.0.15 reports through COMMAND INFO / COMMAND DOCS and uses for
 * ACL categories: flags, ACL categories, tips, the version a command appeared in and its doc
 * group, keyed by full name (`client|kill`). These are facts read from the real
 * `redis-sentinel` (`COMMAND INFO`, `COMMAND DOCS`); the complexity notes are our own words.
 * Argument trees and history live in docs-arguments.ts and are joined in here.
 */
import { COMMAND_ARGUMENTS, COMMAND_HISTORY } from './docs-arguments.js';
const m = (flags, categories, since, group, complexity, tips = '') => ({
    flags: flags ? flags.split(',') : [],
    categories: categories.split(','),
    tips: tips ? tips.split('|') : [],
    since,
    group,
    ...(complexity !== undefined ? { complexity } : {}),
});
const ADMIN = 'admin,noscript,loading,stale';
const PLAIN = 'noscript,loading,stale';
const ADMIN_CAT = 'admin,slow,dangerous';
const ADMIN_CONN = 'admin,slow,dangerous,connection';
const PUBSUB = 'pubsub,noscript,loading,stale';
const NONDET_ORDER = 'nondeterministic_output_order';
const BY_CONTAINER = 'Depends on subcommand.';
const SENT = (since, complexity) => m('admin', ADMIN_CAT, since, 'sentinel', complexity);
const BASE_META = {
    role: m('noscript,loading,stale,fast', 'admin,fast,dangerous', '2.8.12', 'server', 'O(1)'),
    hello: m('noscript,loading,stale,fast,no_auth,allow_busy', 'fast,connection', '6.0.0', 'connection', 'O(1)'),
    auth: m('noscript,loading,stale,fast,no_auth,allow_busy', 'fast,connection', '1.0.0', 'connection', 'O(N), N = passwords of the user'),
    shutdown: m('admin,noscript,loading,stale,no_multi,allow_busy', ADMIN_CAT, '1.0.0', 'server', 'O(1) (Sentinel never saves)'),
    client: m('', 'slow', '2.4.0', 'connection', BY_CONTAINER),
    'client|caching': m(PLAIN, 'slow,connection', '6.0.0', 'connection', 'O(1)'),
    'client|getredir': m(PLAIN, 'slow,connection', '6.0.0', 'connection', 'O(1)'),
    'client|getname': m(PLAIN, 'slow,connection', '2.6.9', 'connection', 'O(1)'),
    'client|help': m('loading,stale', 'slow,connection', '5.0.0', 'connection', 'O(1)'),
    'client|id': m(PLAIN, 'slow,connection', '5.0.0', 'connection', 'O(1)'),
    'client|info': m(PLAIN, 'slow,connection', '6.2.0', 'connection', 'O(1)', 'nondeterministic_output'),
    'client|kill': m(ADMIN, ADMIN_CONN, '2.4.0', 'connection', 'O(N), N = connected clients'),
    'client|list': m(ADMIN, ADMIN_CONN, '2.4.0', 'connection', 'O(N), N = connected clients', 'nondeterministic_output'),
    'client|no-evict': m(ADMIN, ADMIN_CONN, '7.0.0', 'connection', 'O(1)'),
    'client|pause': m(ADMIN, ADMIN_CONN, '2.9.50', 'connection', 'O(1)'),
    'client|reply': m(PLAIN, 'slow,connection', '3.2.0', 'connection', 'O(1)'),
    'client|setname': m(PLAIN, 'slow,connection', '2.6.9', 'connection', 'O(1)'),
    'client|tracking': m(PLAIN, 'slow,connection', '6.0.0', 'connection', 'O(1)'),
    'client|trackinginfo': m(PLAIN, 'slow,connection', '6.2.0', 'connection', 'O(1)'),
    'client|unblock': m(ADMIN, ADMIN_CONN, '5.0.0', 'connection', 'O(log N), N = connected clients'),
    'client|unpause': m(ADMIN, ADMIN_CONN, '6.2.0', 'connection', 'O(N), N = paused clients'),
    publish: m('pubsub,loading,stale,fast', 'pubsub,fast', '2.0.0', 'pubsub', 'O(N+M), N = channel subscribers, M = patterns'),
    command: m('loading,stale', 'slow,connection', '2.8.13', 'server', 'O(N), N = commands', NONDET_ORDER),
    'command|count': m('loading,stale', 'slow,connection', '2.8.13', 'server', 'O(1)'),
    'command|docs': m('loading,stale', 'slow,connection', '7.0.0', 'server', 'O(N), N = commands asked', NONDET_ORDER),
    'command|getkeys': m('loading,stale', 'slow,connection', '2.8.13', 'server', 'O(N), N = arguments'),
    'command|getkeysandflags': m('loading,stale', 'slow,connection', '7.0.0', 'server', 'O(N), N = arguments'),
    'command|help': m('loading,stale', 'slow,connection', '5.0.0', 'server', 'O(1)'),
    'command|info': m('loading,stale', 'slow,connection', '2.8.13', 'server', 'O(N), N = commands asked', NONDET_ORDER),
    'command|list': m('loading,stale', 'slow,connection', '7.0.0', 'server', 'O(N), N = commands', NONDET_ORDER),
    info: m('loading,stale', 'slow,dangerous', '1.0.0', 'server', 'O(1)', 'nondeterministic_output|request_policy:all_shards|response_policy:special'),
    subscribe: m(PUBSUB, 'pubsub,slow', '2.0.0', 'pubsub', 'O(N), N = channels'),
    unsubscribe: m(PUBSUB, 'pubsub,slow', '2.0.0', 'pubsub', 'O(N), N = channels'),
    psubscribe: m(PUBSUB, 'pubsub,slow', '2.0.0', 'pubsub', 'O(N), N = patterns'),
    punsubscribe: m(PUBSUB, 'pubsub,slow', '2.0.0', 'pubsub', 'O(N+M), N = own patterns, M = all patterns'),
    acl: m('', 'slow', '6.0.0', 'server', BY_CONTAINER),
    'acl|cat': m(PLAIN, 'slow', '6.0.0', 'server', 'O(1)'),
    'acl|deluser': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(1)'),
    'acl|dryrun': m(ADMIN, ADMIN_CAT, '7.0.0', 'server', 'O(1)'),
    'acl|genpass': m(PLAIN, 'slow', '6.0.0', 'server', 'O(1)'),
    'acl|getuser': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = rules of the user'),
    'acl|help': m('loading,stale', 'slow', '6.0.0', 'server', 'O(1)'),
    'acl|list': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = users'),
    'acl|load': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = users'),
    'acl|log': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = entries shown'),
    'acl|save': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = users'),
    'acl|setuser': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = rules given'),
    'acl|users': m(ADMIN, ADMIN_CAT, '6.0.0', 'server', 'O(N), N = users'),
    'acl|whoami': m(PLAIN, 'slow', '6.0.0', 'server', 'O(1)'),
    ping: m('fast', 'fast,connection', '1.0.0', 'connection', 'O(1)', 'request_policy:all_shards|response_policy:all_succeeded'),
    sentinel: SENT('2.8.4', BY_CONTAINER),
    'sentinel|ckquorum': SENT('2.8.4'),
    'sentinel|config': SENT('6.2.0', 'O(1)'),
    'sentinel|debug': SENT('7.0.0', 'O(N), N = timers'),
    'sentinel|failover': SENT('2.8.4'),
    'sentinel|flushconfig': SENT('2.8.4', 'O(1)'),
    'sentinel|get-master-addr-by-name': SENT('2.8.4', 'O(1)'),
    'sentinel|help': m('loading,stale', 'slow', '6.2.0', 'sentinel', 'O(1)'),
    'sentinel|info-cache': SENT('3.2.0', 'O(N), N = instances'),
    'sentinel|is-master-down-by-addr': SENT('2.8.4', 'O(1)'),
    'sentinel|master': SENT('2.8.4', 'O(1)'),
    'sentinel|masters': SENT('2.8.4', 'O(N), N = masters'),
    'sentinel|monitor': SENT('2.8.4', 'O(1)'),
    'sentinel|myid': SENT('6.2.0', 'O(1)'),
    'sentinel|pending-scripts': SENT('2.8.4'),
    'sentinel|remove': SENT('2.8.4', 'O(1)'),
    'sentinel|replicas': SENT('5.0.0', 'O(N), N = replicas'),
    'sentinel|reset': SENT('2.8.4', 'O(N), N = masters'),
    'sentinel|sentinels': SENT('2.8.4', 'O(N), N = sentinels'),
    'sentinel|set': SENT('2.8.4', 'O(1)'),
    'sentinel|simulate-failure': SENT('3.2.0'),
    'sentinel|slaves': {
        ...SENT('2.8.0', 'O(N), N = replicas'),
        docFlags: ['deprecated'],
        deprecatedSince: '5.0.0',
        replacedBy: '`SENTINEL REPLICAS`',
    },
};
export const COMMAND_META = Object.fromEntries(Object.entries(BASE_META).map(([name, meta]) => {
    const history = COMMAND_HISTORY[name];
    const args = COMMAND_ARGUMENTS[name];
    return [name, { ...meta, ...(history ? { history } : {}), ...(args ? { arguments: args } : {}) }];
}));
/** ACL categories in the order `ACL CAT` lists them (Redis 7.0). */
export const ACL_CATEGORIES = [
    'keyspace',
    'read',
    'write',
    'set',
    'sortedset',
    'list',
    'hash',
    'string',
    'bitmap',
    'hyperloglog',
    'geo',
    'stream',
    'pubsub',
    'admin',
    'fast',
    'slow',
    'blocking',
    'dangerous',
    'connection',
    'transaction',
    'scripting',
];
/**
 * Metadata for a command we have no facts about (a future SENTINEL subcommand): derived from
 * its flags the way Redis derives implicit categories (admin ⇒ @admin @dangerous, pubsub ⇒
 * @pubsub, fast ⇒ @fast else @slow).
 */
export function defaultMeta(flags, group) {
    const categories = [];
    if (flags.includes('admin'))
        categories.push('admin');
    if (flags.includes('pubsub'))
        categories.push('pubsub');
    categories.push(flags.includes('fast') ? 'fast' : 'slow');
    if (flags.includes('admin'))
        categories.push('dangerous');
    return { flags: [...flags], categories, tips: [], since: '7.0.0', group };
}

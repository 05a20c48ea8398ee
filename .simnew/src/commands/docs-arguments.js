/**
 * The argument trees and version history COMMAND DOCS reports, keyed by full name like
 * COMMAND_META. redis-cli 7 builds its interactive hints from these trees, so names, types,
 * tokens, flags and versions are the interface facts `redis-sentinel` 7.0.15 reports for the
 * same commands (read from its COMMAND DOCS); only the history notes are our own wording.
 */
export const DOC_ARG_FLAG_ORDER = ['optional', 'multiple', 'multiple_token'];
const OPT = { flags: ['optional'] };
const MULTI = { flags: ['multiple'] };
const OPT_MULTI = { flags: ['optional', 'multiple'] };
const leaf = (type) => (name, extra = {}) => ({ name, type, ...extra });
const str = leaf('string');
const int = leaf('integer');
const pattern = leaf('pattern');
/** A bare keyword with no token text (how SENTINEL SIMULATE-FAILURE documents its modes). */
const word = leaf('pure-token');
/** A keyword argument named after its token in lower case, which is the usual case. */
const tok = (token, extra = {}) => ({
    name: token.toLowerCase(),
    type: 'pure-token',
    token,
    ...extra,
});
const group = (type) => (name, args, extra = {}) => ({ name, type, ...extra, args });
const oneof = group('oneof');
const block = group('block');
const MASTER_NAME = [str('master-name')];
const ON_OFF = [tok('ON'), tok('OFF')];
const COMMAND_NAMES = [str('command-name', OPT_MULTI)];
export const COMMAND_ARGUMENTS = {
    hello: [
        block('arguments', [
            int('protover'),
            block('username_password', [str('username'), str('password')], { token: 'AUTH', ...OPT }),
            str('clientname', { token: 'SETNAME', ...OPT }),
        ], OPT),
    ],
    auth: [str('username', { since: '6.0.0', ...OPT }), str('password')],
    shutdown: [
        oneof('nosave_save', [tok('NOSAVE'), tok('SAVE')], OPT),
        tok('NOW', { since: '7.0.0', ...OPT }),
        tok('FORCE', { since: '7.0.0', ...OPT }),
        tok('ABORT', { since: '7.0.0', ...OPT }),
    ],
    'client|caching': [oneof('mode', [tok('YES'), tok('NO')])],
    'client|kill': [
        oneof('filter', [
            str('ip:port', { deprecatedSince: '2.8.12' }),
            oneof('new-format', [
                int('client-id', { token: 'ID', since: '2.8.12', ...OPT }),
                oneof('normal_master_slave_pubsub', [
                    tok('NORMAL'),
                    tok('MASTER', { since: '3.2.0' }),
                    tok('SLAVE'),
                    tok('REPLICA', { since: '5.0.0' }),
                    tok('PUBSUB'),
                ], { token: 'TYPE', since: '2.8.12', ...OPT }),
                str('username', { token: 'USER', ...OPT }),
                str('ip:port', { token: 'ADDR', ...OPT }),
                str('ip:port', { token: 'LADDR', since: '6.2.0', ...OPT }),
                str('yes/no', { token: 'SKIPME', ...OPT }),
            ], MULTI),
        ]),
    ],
    'client|list': [
        oneof('normal_master_replica_pubsub', [tok('NORMAL'), tok('MASTER'), tok('REPLICA'), tok('PUBSUB')], {
            token: 'TYPE',
            since: '5.0.0',
            ...OPT,
        }),
        block('id', [int('client-id', MULTI)], { token: 'ID', since: '6.2.0', ...OPT }),
    ],
    'client|no-evict': [oneof('enabled', ON_OFF)],
    'client|pause': [int('timeout'), oneof('mode', [tok('WRITE'), tok('ALL')], { since: '6.2.0', ...OPT })],
    'client|reply': [oneof('on_off_skip', [...ON_OFF, tok('SKIP')])],
    'client|setname': [str('connection-name')],
    'client|tracking': [
        oneof('status', ON_OFF),
        int('client-id', { token: 'REDIRECT', ...OPT }),
        str('prefix', { token: 'PREFIX', flags: ['optional', 'multiple', 'multiple_token'] }),
        tok('BCAST', OPT),
        tok('OPTIN', OPT),
        tok('OPTOUT', OPT),
        tok('NOLOOP', OPT),
    ],
    'client|unblock': [int('client-id'), oneof('timeout_error', [tok('TIMEOUT'), tok('ERROR')], OPT)],
    publish: [str('channel'), str('message')],
    'command|docs': COMMAND_NAMES,
    'command|info': COMMAND_NAMES,
    'command|list': [
        oneof('filterby', [
            str('module-name', { token: 'MODULE' }),
            str('category', { token: 'ACLCAT' }),
            pattern('pattern', { token: 'PATTERN' }),
        ], { token: 'FILTERBY', ...OPT }),
    ],
    info: [str('section', OPT_MULTI)],
    subscribe: [str('channel', MULTI)],
    unsubscribe: [str('channel', OPT_MULTI)],
    psubscribe: [block('pattern', [pattern('pattern')], MULTI)],
    punsubscribe: [pattern('pattern', OPT_MULTI)],
    'acl|cat': [str('categoryname', OPT)],
    'acl|deluser': [str('username', MULTI)],
    'acl|dryrun': [str('username'), str('command'), str('arg', OPT_MULTI)],
    'acl|genpass': [int('bits', OPT)],
    'acl|getuser': [str('username')],
    'acl|log': [oneof('operation', [int('count'), tok('RESET')], OPT)],
    'acl|setuser': [str('username'), str('rule', OPT_MULTI)],
    ping: [str('message', OPT)],
    'sentinel|ckquorum': MASTER_NAME,
    'sentinel|config': [
        oneof('set_or_get', [
            block('set_param_value', [str('parameter'), str('value')], { token: 'SET', ...MULTI }),
            str('parameter', { token: 'GET', ...MULTI }),
        ]),
    ],
    'sentinel|debug': [block('parameter_value', [str('parameter'), str('value')], MULTI)],
    'sentinel|failover': MASTER_NAME,
    'sentinel|get-master-addr-by-name': MASTER_NAME,
    'sentinel|info-cache': [str('nodename', MULTI)],
    'sentinel|is-master-down-by-addr': [str('ip'), int('port'), int('current-epoch'), str('runid')],
    'sentinel|master': MASTER_NAME,
    'sentinel|monitor': [str('name'), str('ip'), int('port'), int('quorum')],
    'sentinel|remove': MASTER_NAME,
    'sentinel|replicas': MASTER_NAME,
    'sentinel|reset': [pattern('pattern')],
    'sentinel|sentinels': MASTER_NAME,
    'sentinel|set': [str('master-name'), block('option_value', [str('option'), str('value')], MULTI)],
    'sentinel|simulate-failure': [
        oneof('mode', [word('crash-after-election'), word('crash-after-promotion'), word('help')], OPT_MULTI),
    ],
    'sentinel|slaves': MASTER_NAME,
};
/**
 * What changed in which version, oldest first, as Redis lists it. The versions are facts; the
 * notes are paraphrased in our own words (the reply comparison normalises them as
 * `history-wording`, like summaries and complexities as `doc-wording`).
 */
export const COMMAND_HISTORY = {
    hello: [['6.2.0', 'protover became optional; with no arguments it describes the connection.']],
    auth: [['6.0.0', 'Accepts a username with the password (ACL users).']],
    shutdown: [['7.0.0', 'New NOW, FORCE and ABORT options.']],
    'client|kill': [
        ['2.8.12', 'Filters given as option/value pairs.'],
        ['2.8.12', 'New ID filter.'],
        ['3.2.0', 'TYPE accepts master.'],
        ['5.0.0', 'TYPE replica replaces slave, which is still accepted.'],
        ['6.2.0', 'New LADDR filter.'],
    ],
    'client|list': [
        ['2.8.12', 'Lines show the client id.'],
        ['5.0.0', 'New TYPE filter.'],
        ['6.0.0', 'Lines show the user.'],
        ['6.2.0', 'Lines show argv-mem, tot-mem, laddr and redir; new ID filter.'],
        ['7.0.0', 'Lines show resp, multi-mem, rbs and rbp.'],
        ['7.0.3', 'Lines show ssub.'],
    ],
    'client|pause': [['6.2.0', 'Optional mode, with WRITE to pause writes only.']],
    'command|info': [['7.0.0', 'With no names it describes every command.']],
    info: [['7.0.0', 'Takes several sections at once.']],
    'acl|getuser': [
        ['6.2.0', 'Shows channel patterns.'],
        ['7.0.0', 'Shows selectors; key and channel patterns in rule form instead of lists.'],
    ],
    'acl|setuser': [
        ['6.2.0', 'Accepts channel patterns.'],
        ['7.0.0', 'Accepts selectors and per-access key patterns.'],
    ],
};

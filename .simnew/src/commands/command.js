/**
 * COMMAND and its subcommands, reflecting Sentinel's reduced table (15 commands, 72 names
 * with subcommands). Entries follow Redis 7.0's COMMAND INFO layout: name, arity, flags,
 * first/last key and step (all 0: no Sentinel command takes keys), ACL categories, tips, key
 * specs, subcommands — flags, categories, tips and empty lists are RESP3 sets. COMMAND DOCS
 * entries follow 7.0's DOCS layout: summary, since, group, complexity, doc_flags,
 * deprecated_since, replaced_by, history (a set of [version, note]), arguments, subcommands.
 */
import { array, bulk, error, int, map, NIL, set, simple } from '../resp/reply.js';
import { globMatch } from '../lib/glob.js';
import { arityOk, lookup } from '../server/dispatch.js';
import { helpReply, onConnection, SYNTAX_ERROR } from './helpers.js';
function infoEntry(c) {
    const subs = c.subcommands ? array([...c.subcommands.values()].map(infoEntry)) : set([]);
    return array([
        bulk(c.fullName),
        int(c.arity),
        set(c.meta.flags.map(simple)),
        int(0),
        int(0),
        int(0),
        set(c.meta.categories.map((x) => simple(`@${x}`))),
        set(c.meta.tips.map((t) => bulk(t))),
        set([]),
        subs,
    ]);
}
/**
 * One COMMAND DOCS argument, fields in Redis 7.0's order (name, type, token, since,
 * deprecated_since, flags, arguments): a RESP2 client sees the map as a flat list, so the
 * order is part of the reply. Flags are a RESP3 set.
 */
function argEntry(a) {
    const fields = [
        ['name', bulk(a.name)],
        ['type', bulk(a.type)],
    ];
    if (a.token !== undefined)
        fields.push(['token', bulk(a.token)]);
    if (a.since !== undefined)
        fields.push(['since', bulk(a.since)]);
    if (a.deprecatedSince !== undefined)
        fields.push(['deprecated_since', bulk(a.deprecatedSince)]);
    if (a.flags && a.flags.length > 0)
        fields.push(['flags', set(a.flags.map(simple))]);
    if (a.args)
        fields.push(['arguments', array(a.args.map(argEntry))]);
    return map(fields);
}
function docsEntry(c) {
    const m = c.meta;
    const fields = [
        ['summary', bulk(c.summary)],
        ['since', bulk(m.since)],
        ['group', bulk(m.group)],
    ];
    if (m.complexity !== undefined)
        fields.push(['complexity', bulk(m.complexity)]);
    if (m.docFlags)
        fields.push(['doc_flags', set(m.docFlags.map(simple))]);
    if (m.deprecatedSince)
        fields.push(['deprecated_since', bulk(m.deprecatedSince)]);
    if (m.replacedBy)
        fields.push(['replaced_by', bulk(m.replacedBy)]);
    if (m.history) {
        fields.push(['history', set(m.history.map(([version, note]) => array([bulk(version), bulk(note)])))]);
    }
    if (m.arguments)
        fields.push(['arguments', array(m.arguments.map(argEntry))]);
    if (c.subcommands) {
        fields.push([
            'subcommands',
            map([...c.subcommands.values()].map((s) => [s.fullName, docsEntry(s)])),
        ]);
    }
    return map(fields);
}
const all = onConnection((conn) => array(conn.hub.registry.commands().map(infoEntry)));
const info = onConnection((conn, _ctx, args) => {
    const reg = conn.hub.registry;
    if (args.length === 0)
        return array(reg.commands().map(infoEntry));
    return array(args.map((n) => {
        const c = reg.byFullName(n);
        return c ? infoEntry(c) : NIL;
    }));
});
const docs = onConnection((conn, _ctx, args) => {
    const reg = conn.hub.registry;
    const wanted = args.length === 0 ? reg.commands() : args.map((n) => reg.byFullName(n));
    return map(wanted
        .filter((c) => c !== undefined)
        .map((c) => [c.fullName, docsEntry(c)]));
});
/** COMMAND LIST [FILTERBY MODULE <name> | ACLCAT <category> | PATTERN <pattern>] */
const list = onConnection((conn, _ctx, args) => {
    const names = conn.hub.registry.all();
    if (args.length === 0)
        return array(names.map((c) => bulk(c.fullName)));
    if (args.length !== 3 || args[0].toLowerCase() !== 'filterby')
        return error(SYNTAX_ERROR);
    const v = args[2];
    switch (args[1].toLowerCase()) {
        case 'module':
            return array([]);
        case 'aclcat':
            return array(names.filter((c) => c.meta.categories.includes(v.toLowerCase())).map((c) => bulk(c.fullName)));
        case 'pattern':
            return array(names.filter((c) => globMatch(v, c.fullName, true)).map((c) => bulk(c.fullName)));
        default:
            return error(SYNTAX_ERROR);
    }
});
/** COMMAND GETKEYS / GETKEYSANDFLAGS: no Sentinel command has key arguments. */
const getkeys = onConnection((conn, _ctx, args) => {
    const target = args;
    const found = lookup(conn, target);
    if (!('fullName' in found))
        return error('ERR Invalid command specified');
    if (!arityOk(found.arity, target.length))
        return error('ERR Invalid number of arguments specified for command');
    return error('ERR The command has no key arguments');
});
const HELP_LINES = [
    '(no subcommand)',
    '    Details of every command.',
    'COUNT',
    '    How many commands this server has.',
    'LIST',
    '    Names of every command and subcommand.',
    'INFO [<command-name> ...]',
    '    Details of the given commands.',
    '    Without names, details of every command.',
    'DOCS [<command-name> ...]',
    '    Documentation of the given commands.',
    '    Without names, documentation of every command.',
    'GETKEYS <full-command>',
    '    The keys a full command would use.',
    'GETKEYSANDFLAGS <full-command>',
    '    The keys a full command would use, with their access flags.',
];
export const commandCommandSpec = {
    name: 'command',
    arity: -1,
    flags: ['loading', 'stale'],
    summary: 'Describes the commands this server knows',
    handler: all,
    subcommands: [
        {
            name: 'count',
            arity: 2,
            summary: 'Number of commands',
            handler: onConnection((c) => int(c.hub.registry.size)),
        },
        { name: 'docs', arity: -2, summary: 'Documentation of commands', handler: docs },
        { name: 'getkeys', arity: -4, summary: 'Keys of a full command', handler: getkeys },
        { name: 'getkeysandflags', arity: -4, summary: 'Keys and flags of a full command', handler: getkeys },
        {
            name: 'help',
            arity: 2,
            summary: 'Lists the COMMAND subcommands',
            handler: () => helpReply('command', HELP_LINES),
        },
        { name: 'info', arity: -2, summary: 'Details of commands', handler: info },
        { name: 'list', arity: -2, summary: 'Names of commands', handler: list },
    ],
};

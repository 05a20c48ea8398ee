/**
 * CLIENT and its 16 Sentinel 7.0.15 subcommands (no SETINFO / NO-TOUCH in 7.0: `CLIENT
 * SETINFO` gets the unknown-subcommand error, which every client library ignores).
 */
import { array, bulk, error, int, map, NIL, OK, set, verbatim } from '../resp/reply.js';
import { NO_REPLY } from '../server/connection.js';
import { clientInfoLine } from '../server/client-info.js';
import { CLIENT_NAME_ERROR, helpReply, NOT_AN_INTEGER, onConnection, SYNTAX_ERROR, validClientName, } from './helpers.js';
import { parseStrictInt } from '../lib/integer.js';
import { clientKill } from './client-kill.js';
/** CLIENT LIST / INFO text: one `\n`-terminated line per client; verbatim in RESP3. */
const listText = (clients, now) => verbatim(clients.map((c) => `${clientInfoLine(c, now)}\n`).join(''));
const wrongArgs = (sub) => error(`ERR unknown subcommand or wrong number of arguments for '${sub}'. Try CLIENT HELP.`);
/** Client types for LIST / KILL TYPE; a sentinel has no master or replica clients. */
export function clientTypeMatches(c, type) {
    switch (type.toLowerCase()) {
        case 'normal':
            return !c.isSubscribed();
        case 'pubsub':
            return c.isSubscribed();
        case 'master':
        case 'replica':
        case 'slave':
            return false;
        default:
            return null;
    }
}
const list = onConnection((conn, _ctx, args) => {
    const hub = conn.hub;
    let clients = hub.clients();
    if (args.length === 2 && args[0].toLowerCase() === 'type') {
        const type = args[1];
        if (clientTypeMatches(conn, type) === null)
            return error(`ERR Unknown client type '${type}'`);
        clients = clients.filter((c) => clientTypeMatches(c, type));
    }
    else if (args.length > 1 && args[0].toLowerCase() === 'id') {
        const ids = [];
        for (const a of args.slice(1)) {
            const n = parseStrictInt(a);
            if (n === null || n <= 0)
                return error('ERR Invalid client ID');
            ids.push(n);
        }
        clients = ids.map((id) => hub.client(id)).filter((c) => c !== undefined);
    }
    else if (args.length !== 0) {
        return error(SYNTAX_ERROR);
    }
    return listText(clients, hub.now());
});
const setname = onConnection((conn, _ctx, args) => {
    if (!validClientName(args[0]))
        return error(CLIENT_NAME_ERROR);
    conn.name = args[0];
    return OK;
});
const onOff = (v) => v.toLowerCase() === 'on' ? true : v.toLowerCase() === 'off' ? false : null;
const reply = onConnection((conn, _ctx, args) => {
    switch (args[0].toLowerCase()) {
        case 'on':
            conn.replyMode = 'on';
            conn.skipNext = false;
            return OK;
        case 'off':
            conn.replyMode = 'off';
            return NO_REPLY;
        case 'skip':
            // Redis: SKIP itself is not answered and drops the next command's reply.
            if (conn.replyMode !== 'off')
                conn.skipNext = true;
            return NO_REPLY;
        default:
            return error(SYNTAX_ERROR);
    }
});
const pause = onConnection((conn, _ctx, args) => {
    if (args.length > 2)
        return wrongArgs('PAUSE');
    const ms = parseStrictInt(args[0]);
    if (ms === null)
        return error('ERR timeout is not an integer or out of range');
    if (ms < 0)
        return error('ERR timeout is negative');
    let mode = 'all';
    if (args.length === 2) {
        const m = args[1].toLowerCase();
        if (m !== 'all' && m !== 'write')
            return error('ERR CLIENT PAUSE mode must be WRITE or ALL');
        mode = m;
    }
    conn.hub.pause(ms, mode);
    return OK;
});
const unblock = onConnection((_conn, _ctx, args) => {
    if (args.length > 2)
        return wrongArgs('UNBLOCK');
    if (parseStrictInt(args[0]) === null)
        return error(NOT_AN_INTEGER);
    if (args.length === 2 && !['timeout', 'error'].includes(args[1].toLowerCase())) {
        return error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
    }
    // No Sentinel command blocks, so there is never a client to unblock.
    return int(0);
});
/** CLIENT TRACKING on|off [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
const tracking = onConnection((conn, _ctx, args) => {
    const on = onOff(args[0]);
    if (on === null)
        return error(SYNTAX_ERROR);
    let redirect = 0;
    const prefixes = [];
    let bcast = false;
    let optin = false;
    let optout = false;
    let noloop = false;
    for (let i = 1; i < args.length; i++) {
        const o = args[i].toLowerCase();
        const more = args.length - 1 - i;
        if (o === 'redirect' && more >= 1) {
            const id = parseStrictInt(args[++i]);
            if (id === null)
                return error(NOT_AN_INTEGER);
            if (conn.hub.client(id) === undefined)
                return error('ERR The client ID you want redirect to does not exist');
            redirect = id;
        }
        else if (o === 'bcast')
            bcast = true;
        else if (o === 'optin')
            optin = true;
        else if (o === 'optout')
            optout = true;
        else if (o === 'noloop')
            noloop = true;
        else if (o === 'prefix' && more >= 1)
            prefixes.push(args[++i]);
        else
            return error(SYNTAX_ERROR);
    }
    if (!on) {
        conn.tracking = null;
        return OK;
    }
    if (prefixes.length > 0 && !bcast)
        return error('ERR PREFIX option requires BCAST mode to be enabled');
    const t = conn.tracking;
    if (t && t.bcast !== bcast) {
        return error("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if (optin && optout)
        return error("ERR You can't specify both OPTIN mode and OPTOUT mode");
    if ((optin && t?.optout) || (optout && t?.optin)) {
        return error("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if (bcast && (optin || optout))
        return error('ERR OPTIN and OPTOUT are not compatible with BCAST');
    conn.tracking = {
        redirect,
        bcast,
        optin,
        optout,
        noloop,
        prefixes: [...(t?.prefixes ?? []), ...prefixes],
        caching: null,
    };
    return OK;
});
const caching = onConnection((conn, _ctx, args) => {
    const t = conn.tracking;
    if (!t || (!t.optin && !t.optout)) {
        return error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    }
    const v = args[0].toLowerCase();
    if (v === 'yes') {
        if (!t.optin)
            return error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
    }
    else if (v === 'no') {
        if (!t.optout)
            return error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
    }
    else {
        return error(SYNTAX_ERROR);
    }
    t.caching = v;
    return OK;
});
const trackinginfo = onConnection((conn) => {
    const t = conn.tracking;
    const flags = [];
    if (!t)
        flags.push('off');
    else {
        flags.push('on');
        if (t.bcast)
            flags.push('bcast');
        if (t.optin)
            flags.push('optin');
        if (t.optout)
            flags.push('optout');
        if (t.caching === 'yes')
            flags.push('caching-yes');
        if (t.caching === 'no')
            flags.push('caching-no');
        if (t.noloop)
            flags.push('noloop');
    }
    return map([
        ['flags', set(flags.map((f) => bulk(f)))],
        ['redirect', int(t ? t.redirect : -1)],
        ['prefixes', array((t?.prefixes ?? []).map((p) => bulk(p)))],
    ]);
});
const HELP_LINES = [
    'CACHING (YES|NO)',
    '    With tracking in OPTIN/OPTOUT mode, whether the next command is tracked.',
    'GETREDIR',
    '    The client ID tracking notifications are redirected to (-1 when tracking is off).',
    'GETNAME',
    "    This connection's name.",
    'ID',
    "    This connection's ID.",
    'INFO',
    '    A description of this connection, in CLIENT LIST form.',
    'KILL <ip:port>',
    '    Close the connection coming from <ip:port>.',
    'KILL <option> <value> [<option> <value> [...]]',
    '    Close every connection matching all the filters:',
    '    * ADDR (<ip:port>|<unixsocket>:0)',
    '      Remote address of the connection.',
    '    * LADDR (<ip:port>|<unixsocket>:0)',
    '      Local address the connection came to.',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '      Kind of connection.',
    '    * USER <username>',
    '      User the connection is authenticated as.',
    '    * SKIPME (YES|NO)',
    '      Whether to spare this connection (default: yes).',
    'LIST [options ...]',
    '    Describe the connections. Options:',
    '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
    '      Only connections of this kind.',
    '    * ID <id> [<id> ...]',
    '      Only these connections.',
    'UNPAUSE',
    '    End a CLIENT PAUSE now.',
    'PAUSE <timeout> [WRITE|ALL]',
    '    Hold commands from every client (or only writing ones) for <timeout> ms.',
    'REPLY (ON|OFF|SKIP)',
    '    Turn replies to this connection on or off, or skip the next one.',
    'SETNAME <name>',
    '    Name this connection.',
    'UNBLOCK <clientid> [TIMEOUT|ERROR]',
    '    Wake a client blocked in a command (none ever are in Sentinel).',
    'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
    '         [OPTIN] [OPTOUT] [NOLOOP]',
    '    Client side caching (Sentinel has no keys, so nothing is ever invalidated).',
    'TRACKINGINFO',
    '    The tracking settings of this connection.',
    'NO-EVICT (ON|OFF)',
    '    Exempt this connection from client eviction.',
];
const sub = (name, arity, summary, handler) => ({
    name,
    arity,
    summary,
    handler,
});
export const clientCommandSpec = {
    name: 'client',
    arity: -2,
    flags: [],
    summary: 'Inspects and manages client connections',
    subcommands: [
        sub('caching', 3, 'Whether the next command is tracked', caching),
        sub('getredir', 2, 'Tracking redirection client ID', onConnection((c) => int(c.tracking ? c.tracking.redirect : -1))),
        sub('getname', 2, "This connection's name", onConnection((c) => (c.name === '' ? NIL : bulk(c.name)))),
        sub('help', 2, 'Lists the CLIENT subcommands', () => helpReply('client', HELP_LINES)),
        sub('id', 2, "This connection's ID", onConnection((c) => int(c.id))),
        sub('info', 2, 'Describes this connection', onConnection((c) => listText([c], c.hub.now()))),
        sub('kill', -3, 'Closes client connections', onConnection(clientKill)),
        sub('list', -2, 'Describes client connections', list),
        sub('no-evict', 3, 'Exempts this connection from client eviction', onConnection((c, _ctx, args) => {
            const v = onOff(args[0]);
            if (v === null)
                return error(SYNTAX_ERROR);
            c.noEvict = v;
            return OK;
        })),
        sub('pause', -3, 'Holds client commands for a while', pause),
        sub('reply', 3, 'Turns replies on or off', reply),
        sub('setname', 3, 'Names this connection', setname),
        sub('tracking', -3, 'Client side caching settings', tracking),
        sub('trackinginfo', 2, 'Reports the tracking settings', trackinginfo),
        sub('unblock', -3, 'Wakes a blocked client', unblock),
        sub('unpause', 2, 'Ends a CLIENT PAUSE', onConnection((c) => {
            c.hub.unpause();
            return OK;
        })),
    ],
};

import { array, bulk, bulkArray, error, simple } from '../resp/reply.js';
import { NO_REPLY } from '../server/connection.js';
import { onConnection, SYNTAX_ERROR } from './helpers.js';
import { aclCommandSpec } from './acl.js';
import { clientCommandSpec } from './client.js';
import { commandCommandSpec } from './command.js';
import { authCommandSpec, helloCommandSpec } from './hello.js';
import { infoCommandSpec } from './info.js';
import { pubsubCommandSpecs } from './pubsub.js';
const ping = onConnection((conn, _ctx, args) => {
    // PING's arity is -1 but it takes at most one argument (checked by the command itself).
    if (args.length > 1)
        return error("ERR wrong number of arguments for 'ping' command");
    // Redis: in RESP2 subscribed context PING answers the pub/sub pong array.
    if (conn.protocol === 2 && conn.isSubscribed())
        return array([bulk('pong'), bulk(args[0] ?? '')]);
    return args.length === 1 ? bulk(args[0]) : simple('PONG');
});
const role = (ctx) => array([bulk('sentinel'), bulkArray([...ctx.core.state.masters.keys()])]);
/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: Sentinel never saves; it just exits. */
const shutdown = onConnection((conn, _ctx, args) => {
    let save = false;
    let nosave = false;
    let abort = false;
    for (const a of args) {
        const o = a.toLowerCase();
        if (o === 'nosave')
            nosave = true;
        else if (o === 'save')
            save = true;
        else if (o === 'abort')
            abort = true;
        else if (o !== 'now' && o !== 'force')
            return error(SYNTAX_ERROR);
    }
    if ((save && nosave) || (abort && args.length > 1))
        return error(SYNTAX_ERROR);
    if (abort)
        return error('ERR No shutdown in progress.');
    // The daemon logs `User requested shutdown...` and exits; the client gets no reply, its
    // connection closes with the process, as in Redis.
    conn.hub.shutdown();
    return NO_REPLY;
});
export function genericCommandSpecs() {
    return [
        { name: 'ping', arity: -1, flags: ['fast'], summary: 'Checks that the server answers', handler: ping },
        authCommandSpec,
        helloCommandSpec,
        infoCommandSpec,
        {
            name: 'role',
            arity: 1,
            flags: ['noscript', 'loading', 'stale', 'fast'],
            summary: "Reports 'sentinel' and the monitored master names",
            handler: role,
        },
        clientCommandSpec,
        commandCommandSpec,
        aclCommandSpec,
        ...pubsubCommandSpecs,
        {
            name: 'shutdown',
            arity: -1,
            flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
            summary: 'Stops the sentinel',
            handler: shutdown,
        },
    ];
}
/** The table with a given SENTINEL spec (src/commands/table.ts passes the real one). */
export function buildCommandTable(sentinel) {
    const generic = genericCommandSpecs();
    // SENTINEL goes before SHUTDOWN, the last generic entry, purely for a tidy COMMAND LIST.
    return [...generic.slice(0, -1), sentinel, ...generic.slice(-1)];
}

/**
 * AUTH and HELLO: authentication against the ACL users and the RESP2/RESP3 handshake.
 * Current clients (ioredis 6, node-redis 6, redis-py 8, Lettuce, go-redis) open every
 * connection with `HELLO 3 [AUTH u p] [SETNAME n]`, so the HELLO reply must be exact.
 */
import { PROTOCOL } from '../constants.js';
import { array, bulk, error, int, map, OK } from '../resp/reply.js';
import { clientInfoLine } from '../server/client-info.js';
import { CLIENT_NAME_ERROR, onConnection, SYNTAX_ERROR, validClientName } from './helpers.js';
import { parseStrictInt } from '../lib/integer.js';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
/** Check credentials and switch the connection's user; logs failures in ACL LOG. */
export function authenticate(conn, user, pass, object) {
    const hub = conn.hub;
    if (hub.acl.authenticate(user, pass)) {
        conn.user = user;
        conn.authenticated = true;
        return true;
    }
    hub.aclLog.add('auth', object, user, clientInfoLine(conn, hub.now()), hub.now());
    return false;
}
/** AUTH [username] password (Redis 6+ ACL form). */
const auth = onConnection((conn, _ctx, args) => {
    if (args.length > 2)
        return error(SYNTAX_ERROR);
    let user = 'default';
    let pass = args[0];
    if (args.length === 1) {
        // Redis keeps the legacy error for the one-argument form when no password is set.
        if (conn.hub.acl.defaultUser().nopass) {
            return error('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
        }
    }
    else {
        user = args[0];
        pass = args[1];
    }
    return authenticate(conn, user, pass, 'AUTH') ? OK : error(WRONGPASS);
});
/** The 6-field HELLO map (Sentinel mode has no `role` field). */
function helloReply(conn) {
    return map([
        ['server', bulk('redis')],
        ['version', bulk(PROTOCOL.redisVersion)],
        ['proto', int(conn.protocol)],
        ['id', int(conn.id)],
        ['mode', bulk('sentinel')],
        ['modules', array([])],
    ]);
}
/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
const hello = onConnection((conn, _ctx, args) => {
    let proto = conn.protocol;
    if (args.length >= 1) {
        const v = parseStrictInt(args[0]);
        if (v === null)
            return error('ERR Protocol version is not an integer or out of range');
        if (v < 2 || v > 3)
            return error('NOPROTO unsupported protocol version');
        proto = v;
    }
    let creds = null;
    let name = null;
    for (let i = 1; i < args.length; i++) {
        const opt = args[i];
        const more = args.length - 1 - i;
        if (opt.toLowerCase() === 'auth' && more >= 2) {
            creds = [args[i + 1], args[i + 2]];
            i += 2;
        }
        else if (opt.toLowerCase() === 'setname' && more >= 1) {
            name = args[i + 1];
            if (!validClientName(name))
                return error(CLIENT_NAME_ERROR);
            i += 1;
        }
        else {
            return error(`ERR Syntax error in HELLO option '${opt}'`);
        }
    }
    if (creds && !authenticate(conn, creds[0], creds[1], 'HELLO'))
        return error(WRONGPASS);
    if (conn.authRequired()) {
        return error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    }
    if (name !== null)
        conn.name = name;
    conn.protocol = proto === 3 ? 3 : 2;
    return helloReply(conn);
});
export const authCommandSpec = {
    name: 'auth',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    summary: 'Authenticates the connection as a user',
    handler: auth,
};
export const helloCommandSpec = {
    name: 'hello',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    summary: 'Handshake: picks RESP2 or RESP3, optionally authenticates and names the connection',
    handler: hello,
};

/**
 * CLIENT KILL in both forms: the old `CLIENT KILL <ip:port>` (answers +OK or
 * `ERR No such client`) and the filter form `CLIENT KILL <option> <value> ...` with ID, TYPE,
 * USER, ADDR, LADDR and SKIPME (answers the number killed). A client killing itself gets its
 * reply first, then the connection closes, as in Redis.
 */
import { error, int, OK } from '../resp/reply.js';
import { clientTypeMatches } from './client.js';
import { SYNTAX_ERROR } from './helpers.js';
import { parseStrictInt } from '../lib/integer.js';
function parseFilter(conn, args) {
    const f = { skipMe: true };
    if (args.length % 2 !== 0)
        return error(SYNTAX_ERROR);
    for (let i = 0; i < args.length; i += 2) {
        const opt = args[i].toLowerCase();
        const v = args[i + 1];
        switch (opt) {
            case 'id': {
                const id = parseStrictInt(v);
                if (id === null || id <= 0)
                    return error('ERR client-id should be greater than 0');
                f.id = id;
                break;
            }
            case 'type':
                if (clientTypeMatches(conn, v) === null)
                    return error(`ERR Unknown client type '${v}'`);
                f.type = v;
                break;
            case 'user':
                if (!conn.hub.acl.get(v))
                    return error(`ERR No such user '${v}'`);
                f.user = v;
                break;
            case 'addr':
                f.addr = v;
                break;
            case 'laddr':
                f.laddr = v;
                break;
            case 'skipme': {
                const s = v.toLowerCase();
                if (s !== 'yes' && s !== 'no')
                    return error(SYNTAX_ERROR);
                f.skipMe = s === 'yes';
                break;
            }
            default:
                return error(SYNTAX_ERROR);
        }
    }
    return f;
}
function matches(c, f, self) {
    if (f.id !== undefined && c.id !== f.id)
        return false;
    if (f.type !== undefined && !clientTypeMatches(c, f.type))
        return false;
    if (f.user !== undefined && c.user !== f.user)
        return false;
    if (f.addr !== undefined && c.remoteAddress !== f.addr)
        return false;
    if (f.laddr !== undefined && c.localAddress !== f.laddr)
        return false;
    if (f.skipMe && c === self)
        return false;
    return true;
}
function kill(victim, self, ctx) {
    ctx.log.debug(`Client ${victim.id} killed by client ${self.id}`);
    if (victim === self)
        victim.requestCloseAfterReply();
    else
        victim.destroy();
}
export function clientKill(conn, ctx, args) {
    if (args.length === 1) {
        const victim = conn.hub.clients().find((c) => c.remoteAddress === args[0]);
        if (!victim)
            return error('ERR No such client');
        kill(victim, conn, ctx);
        return OK;
    }
    const f = parseFilter(conn, args);
    if (!('skipMe' in f))
        return f;
    const victims = conn.hub.clients().filter((c) => !c.isClosed && matches(c, f, conn));
    victims.forEach((v) => kill(v, conn, ctx));
    return int(victims.length);
}

/**
 * From arguments to a handler call, with Redis 7.0's checks in its order (processCommand):
 * command lookup (unknown command / unknown subcommand), arity, authentication, ACL
 * permissions (command, then channels), then the RESP2 subscribed-context restriction.
 */
import { error } from '../resp/reply.js';
import { clientInfoLine } from './client-info.js';
/** Redis truncates echoed names and arguments to 128 bytes. */
const trunc = (s, n = 128) => (s.length > n ? s.slice(0, n) : s);
/**
 * `ERR unknown command '<cmd>', with args beginning with: '<a1>' '<a2>' ` — arguments are
 * added while the list is shorter than 128 chars, each cut to what is left of those 128.
 */
export function unknownCommandError(args) {
    let list = '';
    for (let i = 1; i < args.length && list.length < 128; i++) {
        list += `'${args[i].slice(0, 128 - list.length)}' `;
    }
    return error(`ERR unknown command '${trunc(args[0])}', with args beginning with: ${list}`);
}
export function unknownSubcommandError(container, sub) {
    return error(`ERR unknown subcommand '${trunc(sub)}'. Try ${container.toUpperCase()} HELP.`);
}
export function arityError(fullName) {
    return error(`ERR wrong number of arguments for '${fullName}' command`);
}
export const NOAUTH = 'NOAUTH Authentication required.';
export const NOPERM_CHANNELS = 'NOPERM this user has no permissions to access one of the channels used as arguments';
/** Commands a RESP2 client may run while subscribed (QUIT/RESET do not exist in Sentinel). */
const SUBSCRIBED_CONTEXT = new Set(['ping', 'subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe']);
export function arityOk(arity, argc) {
    return arity >= 0 ? argc === arity : argc >= -arity;
}
/** Find the command (and subcommand) for `args`, or the lookup error. */
export function lookup(conn, args) {
    const top = conn.hub.registry.get(args[0]);
    if (!top)
        return unknownCommandError(args);
    if (top.subcommands && args.length >= 2) {
        const subName = args[1].toLowerCase();
        const sub = top.subcommands.get(subName) ?? top.hidden?.get(subName);
        if (!sub)
            return unknownSubcommandError(top.name, args[1]);
        return sub;
    }
    return top;
}
/** The channels a command names, for the ACL channel check; null if it names none. */
function channelArgs(cmd, args) {
    switch (cmd.fullName) {
        case 'publish':
            return { names: [args[1]], patterns: false };
        case 'subscribe':
            return { names: args.slice(1), patterns: false };
        case 'psubscribe':
            return { names: args.slice(1), patterns: true };
        default:
            return null;
    }
}
/** Permission check shared with ACL DRYRUN: null when allowed, else the denial. */
export function checkPermission(conn, userName, cmd, args) {
    const acl = conn.hub.acl;
    const user = acl.get(userName);
    if (!user || !acl.canRun(user, cmd))
        return { reason: 'command', object: cmd.fullName };
    const ch = channelArgs(cmd, args);
    if (ch) {
        for (const name of ch.names) {
            if (!acl.canUseChannel(user, name, ch.patterns))
                return { reason: 'channel', object: name };
        }
    }
    return null;
}
export function dispatch(conn, args) {
    const hub = conn.hub;
    const found = lookup(conn, args);
    if (!('fullName' in found)) {
        conn.lastCommand = null;
        return found;
    }
    const cmd = found;
    conn.lastCommand = cmd.fullName;
    if (!arityOk(cmd.arity, args.length))
        return arityError(cmd.fullName);
    if (conn.authRequired() && !cmd.meta.flags.includes('no_auth'))
        return error(NOAUTH);
    const denied = checkPermission(conn, conn.user, cmd, args);
    if (denied) {
        hub.aclLog.add(denied.reason, denied.object, conn.user, clientInfoLine(conn, hub.now()), hub.now());
        return error(denied.reason === 'command'
            ? `NOPERM this user has no permissions to run the '${cmd.fullName}' command`
            : NOPERM_CHANNELS);
    }
    if (conn.protocol === 2 && conn.isSubscribed() && !SUBSCRIBED_CONTEXT.has(cmd.fullName)) {
        return error(`ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
    }
    if (!cmd.handler)
        return arityError(cmd.fullName);
    hub.stats.commandsProcessed++;
    // Handlers get the arguments after the name(s) that selected them: `CLIENT SETNAME x`
    // gives the client|setname handler ['x'] (the SENTINEL family relies on this).
    return cmd.handler(hub.context(conn), args.slice(cmd.parent ? 2 : 1));
}

import { array, error, simple } from '../resp/reply.js';
import { connectionOf } from '../server/connection.js';
export const SYNTAX_ERROR = 'ERR syntax error';
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
/** A handler that needs the connection behind the session (every generic command does). */
export function onConnection(fn) {
    return (ctx, args) => {
        const conn = connectionOf(ctx.session);
        if (conn === null)
            return error('ERR this command needs a client connection');
        return fn(conn, ctx, args);
    };
}
/**
 * The HELP reply of a container command: Redis's header line, our description lines, and
 * the closing HELP entry, all as status strings.
 */
export function helpReply(container, lines) {
    return array([
        `${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`,
        ...lines,
        'HELP',
        '    Prints this help.',
    ].map(simple));
}
/** Client names may only use printable ASCII without spaces (Redis `validateClientName`). */
export function validClientName(name) {
    return /^[!-~]*$/.test(name);
}
export const CLIENT_NAME_ERROR = 'ERR Client names cannot contain spaces, newlines or special characters.';

/**
 * ACL and its 13 Sentinel 7.0.15 subcommands, over the users of src/server/acl.ts.
 */
import { randomBytes } from 'node:crypto';
import { array, bulk, bulkArray, error, map, NIL, OK, set } from '../resp/reply.js';
import { arityError, arityOk, checkPermission } from '../server/dispatch.js';
import { loadAclFile, saveAclFile } from '../server/users.js';
import { ACL_CATEGORIES } from './docs.js';
import { helpReply, NOT_AN_INTEGER, onConnection } from './helpers.js';
import { parseStrictInt } from '../lib/integer.js';
const NO_ACLFILE = 'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';
const cat = onConnection((conn, _ctx, args) => {
    if (args.length === 0)
        return bulkArray([...ACL_CATEGORIES]);
    if (args.length > 1)
        return error(`ERR unknown subcommand or wrong number of arguments for 'cat'. Try ACL HELP.`);
    const c = args[0].toLowerCase();
    if (!ACL_CATEGORIES.includes(c))
        return error(`ERR Unknown category '${args[0]}'`);
    return bulkArray(conn.hub.registry
        .all()
        .filter((x) => x.meta.categories.includes(c))
        .map((x) => x.fullName));
});
const deluser = onConnection((conn, _ctx, args) => {
    const names = args;
    if (names.includes('default'))
        return error("ERR The 'default' user cannot be removed");
    let n = 0;
    for (const name of names) {
        if (!conn.hub.acl.deleteUser(name))
            continue;
        n++;
        // Redis disconnects the clients authenticated as a deleted user.
        for (const c of conn.hub.clients()) {
            if (c.user !== name)
                continue;
            if (c === conn)
                c.requestCloseAfterReply();
            else
                c.destroy();
        }
    }
    return { t: 'int', v: n };
});
const dryrun = onConnection((conn, _ctx, args) => {
    const user = args[0];
    if (!conn.hub.acl.get(user))
        return error(`ERR User '${user}' not found`);
    const target = args.slice(1);
    const top = conn.hub.registry.get(target[0]);
    let cmd = top;
    if (top?.subcommands && target.length >= 2)
        cmd = top.subcommands.get(target[1].toLowerCase());
    if (!top || !cmd)
        return error(`ERR Command '${target[0]}' not found`);
    if (!arityOk(cmd.arity, target.length))
        return arityError(cmd.fullName);
    const denied = checkPermission(conn, user, cmd, target);
    if (!denied)
        return OK;
    return bulk(denied.reason === 'command'
        ? `This user has no permissions to run the '${denied.object}' command`
        : `This user has no permissions to access the '${denied.object}' channel`);
});
const genpass = onConnection((_conn, _ctx, args) => {
    let bits = 256;
    if (args.length === 1) {
        const n = parseStrictInt(args[0]);
        if (n === null)
            return error(NOT_AN_INTEGER);
        if (n <= 0 || n > 4096) {
            return error('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
        }
        bits = n;
    }
    else if (args.length > 1) {
        return error(`ERR unknown subcommand or wrong number of arguments for 'genpass'. Try ACL HELP.`);
    }
    const chars = Math.ceil(bits / 4);
    return bulk(randomBytes(Math.ceil(chars / 2))
        .toString('hex')
        .slice(0, chars));
});
const getuser = onConnection((conn, _ctx, args) => {
    const acl = conn.hub.acl;
    const u = acl.get(args[0]);
    if (!u)
        return NIL;
    const flags = [u.enabled ? 'on' : 'off', ...(u.nopass ? ['nopass'] : [])];
    return map([
        ['flags', set(flags.map((f) => bulk(f)))],
        ['passwords', bulkArray(u.passwords)],
        ['commands', bulk(acl.describeCommands(u))],
        ['keys', bulk(acl.describeKeys(u))],
        ['channels', bulk(acl.describeChannels(u))],
        ['selectors', array([])],
    ]);
});
const log = onConnection((conn, _ctx, args) => {
    let count = 10;
    if (args.length === 1) {
        if (args[0].toLowerCase() === 'reset') {
            conn.hub.aclLog.reset();
            return OK;
        }
        const n = parseStrictInt(args[0]);
        if (n === null)
            return error(NOT_AN_INTEGER);
        count = Math.max(0, n);
    }
    else if (args.length > 1) {
        return error(`ERR unknown subcommand or wrong number of arguments for 'log'. Try ACL HELP.`);
    }
    return conn.hub.aclLog.reply(count, conn.hub.now());
});
const setuser = onConnection((conn, _ctx, args) => {
    const err = conn.hub.acl.setUser(args[0], args.slice(1));
    return err === null ? OK : error(`ERR ${err}`);
});
const load = onConnection((conn) => {
    const file = conn.hub.config.aclfile;
    if (!file)
        return error(NO_ACLFILE);
    const err = loadAclFile(conn.hub.acl, file);
    return err === null ? OK : error(`ERR ${err}`);
});
const save = onConnection((conn) => {
    const file = conn.hub.config.aclfile;
    if (!file)
        return error(NO_ACLFILE);
    const err = saveAclFile(conn.hub.acl, file);
    return err === null ? OK : error(`ERR ${err}`);
});
const HELP_LINES = [
    'CAT [<category>]',
    '    The ACL categories, or the commands in <category>.',
    'DELUSER <username> [<username> ...]',
    '    Remove users (and disconnect their clients).',
    'DRYRUN <username> <command> [<arg> ...]',
    '    Whether <username> may run a command, without running it.',
    'GETUSER <username>',
    "    A user's flags, passwords and rules.",
    'GENPASS [<bits>]',
    '    A random password of 256 bits, or of <bits> bits.',
    'LIST',
    '    Every user as a configuration line.',
    'LOAD',
    '    Reload the users from the ACL file.',
    'LOG [<count> | RESET]',
    '    Recent denials, or clear them.',
    'SAVE',
    '    Write the users to the ACL file.',
    'SETUSER <username> <attribute> [<attribute> ...]',
    '    Create or change a user.',
    'USERS',
    '    The user names.',
    'WHOAMI',
    '    The user of this connection.',
];
const sub = (name, arity, summary, handler) => ({
    name,
    arity,
    summary,
    handler,
});
export const aclCommandSpec = {
    name: 'acl',
    arity: -2,
    flags: [],
    summary: 'Manages the users clients authenticate as',
    subcommands: [
        sub('cat', -2, 'ACL categories and their commands', cat),
        sub('deluser', -3, 'Removes users', deluser),
        sub('dryrun', -4, 'Checks whether a user may run a command', dryrun),
        sub('genpass', -2, 'Generates a random password', genpass),
        sub('getuser', 3, 'Shows one user', getuser),
        sub('help', 2, 'Lists the ACL subcommands', () => helpReply('acl', HELP_LINES)),
        sub('list', 2, 'Every user as a configuration line', onConnection((c) => bulkArray(c.hub.acl.names().map((n) => c.hub.acl.describe(c.hub.acl.get(n)))))),
        sub('load', 2, 'Reloads the ACL file', load),
        sub('log', -2, 'Recent ACL denials', log),
        sub('save', 2, 'Writes the ACL file', save),
        sub('setuser', -3, 'Creates or changes a user', setuser),
        sub('users', 2, 'The user names', onConnection((c) => bulkArray(c.hub.acl.names()))),
        sub('whoami', 2, 'The user of this connection', onConnection((c) => bulk(c.user))),
    ],
};

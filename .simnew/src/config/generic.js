/**
 * Generic (non-`sentinel`) directives: the few Vigil uses go into ServerConfig, validated with
 * Redis 7.0's error texts; the rest Redis accepts are kept in `ignored` and logged.
 */
import * as path from 'node:path';
import { MULTI_VALUE, ignoredDirectiveArity, wrongArityText } from './directives.js';
import { splitArgs } from './quote.js';
import { PROTOCOL } from '../constants.js';
import { TLS_DIRECTIVES, applyTlsDirective, defaultTlsSettings } from './tls.js';
import { enumError, parseYesNo } from './values.js';
const BAD_DIRECTIVE = 'Bad directive or wrong number of arguments';
const LOG_LEVELS = ['debug', 'verbose', 'notice', 'warning'];
const DEBUG_COMMAND_VALUES = ['no', 'yes', 'local'];
/** Redis 7.0 CONFIG_BINDADDR_MAX. */
const MAX_BIND_ADDRESSES = 16;
export function defaultServerConfig(cwd) {
    return {
        port: PROTOCOL.defaultPort,
        bind: [],
        dir: cwd,
        logfile: '',
        loglevel: 'notice',
        pidfile: null,
        requirepass: null,
        users: [],
        aclfile: null,
        enableDebugCommand: 'no',
        tlsPort: 0,
        tlsReplication: false,
        tls: defaultTlsSettings(),
        bindSourceAddr: null,
        ignored: [],
    };
}
function parsePort(value) {
    // Redis parses integers strictly (no sign, no leading zeros, no spaces).
    if (!/^(0|-?[1-9][0-9]{0,17})$/.test(value))
        return "argument couldn't be parsed into an integer";
    const n = Number(value);
    if (n < 0 || n > 65535)
        return 'argument must be between 0 and 65535 inclusive';
    return n;
}
/** Empty string means "unset", as Redis treats `requirepass ""`, `pidfile ""` and friends. */
function orNull(value) {
    return value === '' ? null : value;
}
/**
 * Apply one generic line (`args[0]` already lower-cased). Returns the error text, or null.
 */
export function applyGenericDirective(server, line, ctx) {
    const [name, ...values] = line.args;
    const single = values.length === 1 ? values[0] : null;
    // Redis 7.0: a single-value setting given more or fewer values.
    const needOne = () => 'wrong number of arguments';
    switch (name) {
        case 'port':
        case 'tls-port': {
            if (single === null)
                return needOne();
            const port = parsePort(single);
            if (typeof port === 'string')
                return port;
            if (name === 'port')
                server.port = port;
            else
                server.tlsPort = port;
            return null;
        }
        case 'bind': {
            const addrs = values.length === 1 && values[0] !== '' ? (splitArgs(values[0]) ?? values) : values;
            // Redis accepts an empty `bind` and then refuses to start ("Configured to not listen
            // anywhere, exiting."); say so at the line instead.
            if (addrs.length === 0 || (addrs.length === 1 && addrs[0] === '')) {
                return 'bind needs at least one address: Sentinel would not listen anywhere';
            }
            if (addrs.length > MAX_BIND_ADDRESSES)
                return 'Too many bind addresses specified.';
            server.bind = addrs;
            return null;
        }
        case 'dir': {
            if (single === null)
                return needOne();
            // Redis chdirs at the `dir` line itself, so a second relative `dir` in the file is
            // relative to the first one; the daemon changes into the final directory once the file
            // is loaded. Departure: a relative `--dir` on the command line resolves against the
            // directory the daemon was started from. Redis resolves it against the file's `dir`,
            // which its own rewrite has made absolute, so `redis-sentinel run/s.conf --dir ./run`
            // started from /srv looks for /srv/run/run after its first rewrite and cannot restart.
            const dir = path.resolve(ctx.startDir ?? server.dir, single);
            const problem = ctx.checkDir(dir);
            if (problem !== null)
                return problem;
            server.dir = dir;
            return null;
        }
        case 'logfile':
            if (single === null)
                return needOne();
            server.logfile = single;
            return null;
        case 'loglevel': {
            if (single === null)
                return needOne();
            const level = LOG_LEVELS.find((l) => l === single.toLowerCase());
            if (level === undefined)
                return enumError(LOG_LEVELS);
            server.loglevel = level;
            return null;
        }
        case 'pidfile':
        case 'requirepass':
        case 'aclfile':
        case 'bind-source-addr':
            if (single === null)
                return needOne();
            if (name === 'pidfile')
                server.pidfile = orNull(single);
            else if (name === 'requirepass')
                server.requirepass = orNull(single);
            else if (name === 'aclfile')
                server.aclfile = orNull(single);
            else
                server.bindSourceAddr = orNull(single);
            return null;
        case 'user':
            if (values.length === 0)
                return BAD_DIRECTIVE;
            server.users.push(values);
            return null;
        case 'enable-debug-command':
        case 'enable-protected-configs': {
            if (single === null)
                return needOne();
            const v = single.toLowerCase();
            if (!DEBUG_COMMAND_VALUES.includes(v))
                return enumError(DEBUG_COMMAND_VALUES);
            if (name === 'enable-debug-command')
                server.enableDebugCommand = v;
            else
                ignore(server, line, ctx, 'Sentinel has no CONFIG command');
            return null;
        }
        case 'tls-replication':
        case 'protected-mode':
        case 'daemonize': {
            if (single === null)
                return needOne();
            const on = parseYesNo(single);
            if (typeof on === 'string')
                return on;
            if (name === 'tls-replication')
                server.tlsReplication = on;
            else if (name === 'daemonize' && on) {
                return 'daemonize yes is not supported: Vigil stays in the foreground, run it under a supervisor (systemd, a container runtime, ...)';
            }
            else if (name === 'protected-mode' && on) {
                // Sentinel 7.0 forces protected-mode off whatever the file says.
                ignore(server, line, ctx, 'Sentinel always runs with protected-mode no');
            }
            return null;
        }
        default:
            if (TLS_DIRECTIVES.has(name))
                return single === null ? needOne() : applyTlsDirective(server.tls, name, single);
            return applyIgnored(server, line, ctx);
    }
}
function ignore(server, line, ctx, why) {
    server.ignored.push(line);
    ctx.notice(`Ignoring '${line.args[0]}' at ${ctx.where}: ${why}`);
}
/** A directive Redis accepts but Vigil doesn't use: check its value count, keep it, log it. */
function applyIgnored(server, line, ctx) {
    const name = line.args[0];
    const arity = ignoredDirectiveArity(name);
    if (arity === undefined)
        return BAD_DIRECTIVE;
    let count = line.args.length - 1;
    if (MULTI_VALUE.has(name) && count === 1 && line.args[1] !== '') {
        count = splitArgs(line.args[1])?.length ?? 1;
    }
    if (count < arity.min || count > arity.max)
        return wrongArityText(name);
    ignore(server, line, ctx, 'Redis accepts this directive but it has no effect on Vigil');
    return null;
}

/**
 * SENTINEL MONITOR and SENTINEL REMOVE.
 *
 * Sentinel 7.0.15 checks MONITOR arguments in this order (verified live): quorum is an integer
 * (`ERR Invalid quorum`), port is an integer (`ERR Invalid port`), quorum >= 1
 * (`ERR Quorum must be 1 or greater.`), the address resolves (`ERR Invalid IP address or
 * hostname specified`), the port is 0..65535 (`ERR Invalid port number.`; port 0 is accepted),
 * the name is new (`ERR Duplicate master name.`). Then the config is flushed and `+OK` sent.
 */
import { OK, error } from '../../resp/reply.js';
import { resolveAddress, resolveNumeric } from './address.js';
import { NO_SUCH_MASTER, SAVE_FAILED, errorText } from './parse.js';
import { parseLongLong } from '../../lib/integer.js';
const INVALID_ADDRESS = 'ERR Invalid IP address or hostname specified';
function createMaster(ctx, name, addr, quorum) {
    if (addr.port < 0 || addr.port > 65535)
        return error('ERR Invalid port number.');
    const err = ctx.core.monitor(name, addr, quorum, ctx.now());
    if (err !== null) {
        ctx.commit();
        return errorText(err);
    }
    return ctx.commit() ? OK : error(SAVE_FAILED);
}
export function monitorCommand(ctx, args) {
    const [name, host, portText, quorumText] = args;
    const quorum = parseLongLong(quorumText);
    if (quorum === null)
        return error('ERR Invalid quorum');
    const port = parseLongLong(portText);
    if (port === null)
        return error('ERR Invalid port');
    if (quorum <= 0n)
        return error('ERR Quorum must be 1 or greater.');
    const portNum = Number(port);
    const quorumNum = Number(quorum);
    // Numeric addresses are answered synchronously; only DNS names take the async path.
    const ip = resolveNumeric(host);
    if (ip !== null)
        return createMaster(ctx, name, { host, ip, port: portNum }, quorumNum);
    if (!ctx.core.state.settings.resolveHostnames)
        return error(INVALID_ADDRESS);
    return resolveAddress(host, portNum, true).then((addr) => (addr ? createMaster(ctx, name, addr, quorumNum) : error(INVALID_ADDRESS)), () => error(INVALID_ADDRESS));
}
export function removeCommand(ctx, args) {
    const name = args[0];
    if (!ctx.core.remove(name, ctx.now()))
        return error(NO_SUCH_MASTER);
    return ctx.commit() ? OK : error(SAVE_FAILED);
}

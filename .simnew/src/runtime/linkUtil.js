/** Small pure helpers of the link layer (names, addresses, error texts). */
/**
 * The name to send for `name` on a link: Sentinel 7.0 looks every command up in the master's
 * rename-command table, case-insensitively, and sends the original name when absent.
 */
export function commandName(renamed, name) {
    const key = name.toLowerCase();
    return Object.prototype.hasOwnProperty.call(renamed, key) ? renamed[key] : name.toUpperCase();
}
/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) → `10.0.0.1`. */
export function normalizeIp(ip) {
    return ip.toLowerCase().startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
/** strerror texts for the socket errors a link sees, as hiredis reports them in Sentinel's logs. */
const ERRNO_TEXT = {
    ECONNREFUSED: 'Connection refused',
    ECONNRESET: 'Connection reset by peer',
    ETIMEDOUT: 'Connection timed out',
    EHOSTUNREACH: 'No route to host',
    ENETUNREACH: 'Network is unreachable',
    EPIPE: 'Broken pipe',
    EADDRNOTAVAIL: 'Cannot assign requested address',
    ENOTFOUND: 'Name or service not known',
    EAI_AGAIN: 'Temporary failure in name resolution',
};
/** The text of a connection error, for `linkDown.error` (and `-cmd-link-reconnection #<error>`). */
export function connectionErrorText(err) {
    if (err && typeof err === 'object') {
        const code = err.code;
        if (typeof code === 'string' && ERRNO_TEXT[code])
            return ERRNO_TEXT[code];
        const message = err.message;
        if (typeof message === 'string' && message !== '')
            return message;
    }
    return String(err);
}

/** Redis flag letters, in the order Redis 7.0 prints them; `N` when none. */
export function clientFlags(c) {
    let f = '';
    if (c.isSubscribed())
        f += 'P';
    if (c.tracking)
        f += 't';
    if (c.tracking?.bcast)
        f += 'B';
    if (c.isClosed)
        f += 'A';
    if (c.noEvict)
        f += 'e';
    return f === '' ? 'N' : f;
}
function socketFd(c) {
    // Node keeps the descriptor on the private handle; -1 when it is not exposed.
    const handle = Reflect.get(c.socket, '_handle');
    const fd = handle && typeof handle === 'object' ? Reflect.get(handle, 'fd') : undefined;
    return typeof fd === 'number' ? fd : -1;
}
export function clientInfoLine(c, now) {
    const qbuf = c.queryBufferBytes;
    const omem = c.outputBytes;
    const fields = [
        ['id', c.id],
        ['addr', c.remoteAddress],
        ['laddr', c.localAddress],
        ['fd', socketFd(c)],
        ['name', c.name],
        ['age', Math.max(0, Math.floor((now - c.createdAt) / 1000))],
        ['idle', Math.max(0, Math.floor((now - c.lastInteraction) / 1000))],
        ['flags', clientFlags(c)],
        ['db', 0],
        ['sub', c.channels.size],
        ['psub', c.patterns.size],
        ['ssub', 0],
        ['multi', -1],
        ['qbuf', qbuf],
        ['qbuf-free', 0],
        ['argv-mem', c.argvBytes],
        ['multi-mem', 0],
        ['rbs', 1024],
        ['rbp', 0],
        ['obl', 0],
        ['oll', omem > 0 ? 1 : 0],
        ['omem', omem],
        ['tot-mem', qbuf + omem + c.argvBytes + 1024],
        ['events', omem > 0 ? 'rw' : 'r'],
        ['cmd', c.lastCommand ?? 'NULL'],
        ['user', c.user],
        ['redir', c.tracking ? c.tracking.redirect : -1],
        ['resp', c.protocol],
    ];
    return fields.map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * Small pure helpers shared by `vigil status` and `vigil doctor`: addresses, INFO text, the
 * flat field/value arrays of `SENTINEL MASTER(S)/REPLICAS/SENTINELS`, and flags.
 */
export const DEFAULT_SENTINEL_PORT = 26379;
/** `host:port`, `[v6]:port`, `v6` or `host` (port 26379). Throws on a bad port. */
export function parseAddress(text, defaultPort = DEFAULT_SENTINEL_PORT) {
    const trimmed = text.trim();
    let host = trimmed;
    let portText;
    const bracketed = /^\[([^\]]+)\](?::(\d*))?$/.exec(trimmed);
    if (bracketed) {
        host = bracketed[1] ?? '';
        portText = bracketed[2];
    }
    else if ((trimmed.match(/:/g) ?? []).length === 1) {
        const at = trimmed.lastIndexOf(':');
        host = trimmed.slice(0, at);
        portText = trimmed.slice(at + 1);
    }
    const port = portText === undefined || portText === '' ? defaultPort : Number(portText);
    if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(`not a host:port address: ${JSON.stringify(text)}`);
    }
    return { host, port };
}
export function formatAddress(a) {
    return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
/** The address a `SENTINEL ...` entry names (its `ip` and `port` fields). */
export function entryAddress(fields) {
    return formatAddress({ host: fields.ip ?? '?', port: Number(fields.port ?? 0) });
}
export function isLoopback(host) {
    const h = host.toLowerCase();
    return h === 'localhost' || h === '::1' || /^127\./.test(h) || /^::ffff:127\./.test(h);
}
/** The machine part of an address, as compared between nodes ("localhost" is 127.0.0.1). */
export function machineOf(address) {
    const { host } = parseAddress(address);
    if (host.toLowerCase() === 'localhost' || host === '::1')
        return '127.0.0.1';
    return host.toLowerCase();
}
/** `INFO` text to a field map (every section merged; `# Section` lines dropped). */
export function parseInfo(text) {
    const fields = {};
    for (const raw of text.split('\n')) {
        const line = raw.trimEnd();
        if (line === '' || line.startsWith('#'))
            continue;
        const at = line.indexOf(':');
        if (at <= 0)
            continue;
        fields[line.slice(0, at)] = line.slice(at + 1);
    }
    return fields;
}
/** `a=1,b=2` (the value of an INFO line such as `slave0:` or `cmdstat_get:`) to a map. */
export function parseInfoList(value) {
    const fields = {};
    for (const part of value.split(',')) {
        const at = part.indexOf('=');
        if (at > 0)
            fields[part.slice(0, at)] = part.slice(at + 1);
    }
    return fields;
}
/** Command name to calls, from the `cmdstat_<name>:calls=N,...` lines of INFO. */
export function commandCalls(info) {
    const calls = {};
    for (const [key, value] of Object.entries(info)) {
        if (!key.startsWith('cmdstat_'))
            continue;
        const n = Number(parseInfoList(value).calls);
        if (Number.isFinite(n))
            calls[key.slice('cmdstat_'.length).toLowerCase()] = n;
    }
    return calls;
}
/** The `slaveN:ip=..,port=..,state=..,offset=..,lag=..` lines of a primary's INFO. */
export function replicaLines(info) {
    const out = [];
    for (const [key, value] of Object.entries(info)) {
        if (!/^slave\d+$/.test(key))
            continue;
        const f = parseInfoList(value);
        out.push({
            address: formatAddress({ host: f.ip ?? '?', port: Number(f.port ?? 0) }),
            state: f.state ?? '?',
            offset: Number(f.offset ?? NaN),
            lag: Number(f.lag ?? NaN),
        });
    }
    return out;
}
/** A flat `[k1, v1, k2, v2, ...]` reply (RESP2) or a map-like object (RESP3) to fields. */
export function pairsToFields(reply) {
    const fields = {};
    if (Array.isArray(reply)) {
        for (let i = 0; i + 1 < reply.length; i += 2)
            fields[String(reply[i])] = String(reply[i + 1]);
    }
    else if (reply !== null && typeof reply === 'object') {
        for (const [k, v] of Object.entries(reply))
            fields[k] = String(v);
    }
    return fields;
}
export function listOfFields(reply) {
    return Array.isArray(reply) ? reply.map(pairsToFields) : [];
}
export function flagsOf(fields) {
    return new Set((fields?.flags ?? '').split(',').filter((f) => f !== ''));
}
/** A sentinel or replica entry that its sentinel cannot reach (down or disconnected). */
export function looksDown(fields) {
    const flags = flagsOf(fields);
    return flags.has('s_down') || flags.has('o_down') || flags.has('disconnected');
}
export function plural(n, one, many = `${one}s`) {
    return `${n} ${n === 1 ? one : many}`;
}

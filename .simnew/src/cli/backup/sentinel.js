/**
 * Choosing the node to back up: ask the sentinels, one after the other until one answers,
 * for the master's address and its replicas, and rank the healthy replicas first (largest
 * replication offset first). The primary is the candidate only when no replica is healthy.
 */
import { toPlain } from '../../resp/reply-parser.js';
import { BackupError, RespConnection, errorText, formatAddress, isNoAuth } from './conn.js';
/** Parses `host:port`, `[v6]:port` or a bare host (port 26379). */
export function parseEndpoint(text, defaultPort) {
    let host = text;
    let portText;
    const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
    if (bracketed) {
        host = bracketed[1];
        portText = bracketed[2];
    }
    else {
        const colon = text.lastIndexOf(':');
        // A bare IPv6 address has several colons and no port.
        if (colon !== -1 && text.indexOf(':') === colon) {
            host = text.slice(0, colon);
            portText = text.slice(colon + 1);
        }
    }
    if (host === '')
        throw new BackupError(`bad address '${text}': no host`);
    if (portText === undefined)
        return { host, port: defaultPort };
    const port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port < 1 || port > 65535) {
        throw new BackupError(`bad address '${text}': the port must be 1..65535`);
    }
    return { host, port };
}
function fieldsOf(entry) {
    const out = {};
    if (entry.type === 'array') {
        for (let i = 0; i + 1 < entry.value.length; i += 2) {
            out[String(toPlain(entry.value[i]))] = String(toPlain(entry.value[i + 1]));
        }
    }
    else if (entry.type === 'map') {
        for (const [k, v] of entry.value)
            out[String(toPlain(k))] = String(toPlain(v));
    }
    return out;
}
/** Why a replica is not a good source, or undefined when it is one. */
export function unhealthyReason(r) {
    const flags = (r.flags ?? '').split(',');
    for (const bad of ['s_down', 'o_down', 'disconnected']) {
        if (flags.includes(bad))
            return `flagged ${bad}`;
    }
    if (r['master-link-status'] !== 'ok')
        return `master-link-status ${r['master-link-status'] ?? 'unknown'}`;
    if (!r.ip || !/^[0-9]+$/.test(r.port ?? ''))
        return 'no address';
    return undefined;
}
/** Healthy replicas, the largest replication offset first (ties: the order listed). */
export function rankReplicas(replicas) {
    return replicas
        .filter((r) => unhealthyReason(r) === undefined)
        .map((r) => ({
        role: 'replica',
        host: r.ip,
        port: Number(r.port),
        offset: Number(r['slave-repl-offset'] ?? 0) || 0,
    }))
        .sort((a, b) => b.offset - a.offset);
}
/** Tries each sentinel in turn; throws a BackupError listing every sentinel's failure. */
export async function askSentinels(options) {
    const failures = [];
    for (const s of options.sentinels) {
        const label = formatAddress(s.host, s.port);
        options.step(`asking sentinel ${label} about '${options.name}'`);
        try {
            return await askOne(s, options);
        }
        catch (e) {
            if (!(e instanceof BackupError))
                throw e;
            options.step(e.message);
            failures.push(e.message);
        }
    }
    if (failures.length === 1)
        throw new BackupError(failures[0]);
    throw new BackupError(`no sentinel answered: ${failures.join('; ')}`);
}
async function askOne(s, options) {
    const conn = await RespConnection.connect({
        host: s.host,
        port: s.port,
        timeoutMs: options.connectTimeoutMs,
    });
    try {
        const t = options.replyTimeoutMs;
        if (options.credentials.password !== undefined) {
            await conn.auth(options.credentials.user, options.credentials.password, t, '--sentinel-password');
        }
        const addr = await conn.request(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', options.name], t, 'SENTINEL GET-MASTER-ADDR-BY-NAME');
        if (isNoAuth(addr)) {
            throw new BackupError(`sentinel ${conn.peer} requires a password: give --sentinel-password`);
        }
        if (addr.type === 'nullArray' || addr.type === 'nullBulk' || addr.type === 'null') {
            throw new BackupError(`sentinel ${conn.peer} monitors no master named '${options.name}'`);
        }
        if (addr.type !== 'array' || addr.value.length !== 2) {
            throw new BackupError(`sentinel ${conn.peer}: GET-MASTER-ADDR-BY-NAME failed: ${errorText(addr)}`);
        }
        const [host, port] = addr.value.map((v) => String(toPlain(v)));
        const primary = { host, port: Number(port) };
        const replies = await conn.request(['SENTINEL', 'REPLICAS', options.name], t, 'SENTINEL REPLICAS');
        if (replies.type !== 'array') {
            throw new BackupError(`sentinel ${conn.peer}: SENTINEL REPLICAS failed: ${errorText(replies)}`);
        }
        const replicas = replies.value.map(fieldsOf);
        for (const r of replicas) {
            const why = unhealthyReason(r);
            if (why !== undefined) {
                options.step(`skipping replica ${formatAddress(r.ip ?? '?', Number(r.port))}: ${why}`);
            }
        }
        const ranked = rankReplicas(replicas);
        return {
            sentinel: conn.peer,
            primary,
            replicasListed: replicas.length,
            candidates: ranked.length > 0 ? ranked : [{ role: 'primary', ...primary }],
        };
    }
    finally {
        conn.close();
    }
}

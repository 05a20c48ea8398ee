/**
 * The TCP listeners, with Redis's `bind` semantics: `*` is every IPv4 address, `::*` every
 * IPv6 one, a leading `-` marks an address whose failure is tolerated (unavailable address
 * or address family), and no `bind` at all means `* -::*`. Port 0 picks a free port (the
 * first listener's, reused by the others) — handy for tests — unless a `tls-port` is set:
 * then, as in Redis, `port 0` means TLS only. `tls-port` opens TLS listeners on the same
 * addresses; a client that fails the handshake (no certificate while tls-auth-clients is
 * yes, not TLS at all, ...) is dropped and logged at verbose level, as Redis does.
 */
import net from 'node:net';
import tls from 'node:tls';
/** Errors an optional (`-`) bind address may fail with, as Redis tolerates them. */
const OPTIONAL_ERRORS = new Set([
    'EADDRNOTAVAIL',
    'EAFNOSUPPORT',
    'EPROTONOSUPPORT',
    'ENOPROTOOPT',
    'EINVAL',
]);
export function parseBind(bind) {
    const list = bind.length === 0 ? ['*', '-::*'] : bind;
    return list.map((raw) => {
        const optional = raw.startsWith('-');
        const a = optional ? raw.slice(1) : raw;
        if (a === '*')
            return { host: '0.0.0.0', ipv6Only: false, optional, shown: '*' };
        if (a === '::*')
            return { host: '::', ipv6Only: true, optional, shown: '::*' };
        return { host: a, ipv6Only: a.includes(':'), optional, shown: a };
    });
}
export class ListenerSet {
    config;
    log;
    onConnection;
    tlsOptions;
    servers = [];
    constructor(config, log, onConnection, 
    /** Server TLS options; required when the config has a tls-port. */
    tlsOptions) {
        this.config = config;
        this.log = log;
        this.onConnection = onConnection;
        this.tlsOptions = tlsOptions;
    }
    async open() {
        if (this.config.tlsPort === 0 || this.config.port !== 0)
            await this.openPort(this.config.port, null);
        if (this.config.tlsPort !== 0) {
            if (!this.tlsOptions)
                throw new Error('tls-port is set but TLS is not configured');
            await this.openPort(this.config.tlsPort, this.tlsOptions);
        }
    }
    createServer(tlsOptions) {
        if (tlsOptions === null)
            return net.createServer({ noDelay: true }, this.onConnection);
        const server = tls.createServer({ ...tlsOptions, noDelay: true }, this.onConnection);
        server.on('tlsClientError', (err) => this.log.debug(`Error accepting a client connection: ${err.message} (TLS handshake)`));
        return server;
    }
    async openPort(firstPort, tlsOptions) {
        let port = firstPort;
        const kind = tlsOptions === null ? 'TCP' : 'TLS';
        for (const spec of parseBind(this.config.bind)) {
            const server = this.createServer(tlsOptions);
            try {
                await new Promise((resolve, reject) => {
                    server.once('error', reject);
                    server.listen({ host: spec.host, port, ipv6Only: spec.ipv6Only, exclusive: true }, () => {
                        server.off('error', reject);
                        resolve();
                    });
                });
            }
            catch (err) {
                const e = err;
                if (spec.optional && e.code !== undefined && OPTIONAL_ERRORS.has(e.code)) {
                    this.log.debug(`Skipping optional bind address ${spec.shown}: ${e.message}`);
                    continue;
                }
                const detail = `Could not create server ${kind} listening socket ${spec.shown}:${port}: ${e.message}`;
                this.log.warn(`Warning: ${detail}`);
                await this.close();
                throw new Error(`Failed listening on port ${port} (${kind}): ${detail}`);
            }
            server.on('error', (err) => this.log.warn(`Listening socket error: ${err.message}`));
            const addr = server.address();
            if (port === 0 && addr && typeof addr === 'object')
                port = addr.port;
            this.servers.push(server);
        }
    }
    async close() {
        const servers = this.servers;
        this.servers = [];
        await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
    }
    ports() {
        const out = [];
        for (const s of this.servers) {
            const a = s.address();
            if (a && typeof a === 'object' && !out.includes(a.port))
                out.push(a.port);
        }
        return out;
    }
}

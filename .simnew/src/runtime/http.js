/**
 * The optional HTTP listener (issue #11 §1, docs/http.md): `vigil http-port` (0 = off),
 * `vigil http-bind`, `vigil http-token`. Read-only GET endpoints: /metrics, /healthz, /readyz,
 * /v1/masters, /v1/masters/:name, /v1/history. Errors are JSON `{error, status}`.
 *
 * It shares the event loop with the RESP server, so every request does a bounded amount of
 * synchronous work, and the node:http limits are tight: small headers, short header and
 * request timeouts checked every second, a connection cap. A bad request (oversized headers,
 * a slow sender, an unknown path, a wrong token) gets its error and nothing else. The token
 * is compared in constant time and never logged, and neither are request headers.
 *
 * CONFIG SET vigil-http-port / vigil-http-bind take effect at the next timer run (the daemon
 * calls `sync()`): the listener is closed and opened again on the new address.
 */
import * as http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { masterView } from './http-views.js';
export const HTTP_LIMITS = {
    maxHeaderSize: 8 * 1024,
    headersTimeoutMs: 5000,
    requestTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5000,
    /** Idle socket timeout. */
    socketTimeoutMs: 15_000,
    maxConnections: 256,
};
const REASONS = {
    400: 'Bad Request',
    401: 'Unauthorized',
    404: 'Not Found',
    405: 'Method Not Allowed',
    408: 'Request Timeout',
    431: 'Request Header Fields Too Large',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
};
function errorBody(status, error) {
    return `${JSON.stringify({ error, status })}\n`;
}
/** A complete HTTP/1.1 error response, for sockets node:http gave up parsing. */
function rawError(status, error) {
    const body = errorBody(status, error);
    return (`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body);
}
function digest(text) {
    return createHash('sha256').update(text, 'utf8').digest();
}
/**
 * Whether `header` is `Bearer <token>`. Both sides are hashed first, so timingSafeEqual
 * compares buffers of the same length whatever was sent, and the time taken says nothing of
 * the token's length or content.
 */
export function bearerMatches(header, token) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
    const given = m === null ? '' : m[1];
    const same = timingSafeEqual(digest(given), digest(token));
    return m !== null && same;
}
export class HttpApi {
    deps;
    server = null;
    target = null;
    busy = false;
    closed = false;
    constructor(deps) {
        this.deps = deps;
    }
    wanted() {
        const s = this.deps.state().settings;
        return { host: s.httpBind, port: s.httpPort };
    }
    /** Open the listener the settings ask for (none when http-port is 0); rejects if it cannot. */
    async start() {
        const want = this.wanted();
        this.target = want;
        if (want.port !== 0)
            await this.listen(want);
    }
    /** Follow a changed http-port / http-bind (CONFIG SET); called from the timer. */
    sync() {
        if (this.closed || this.busy)
            return;
        const want = this.wanted();
        if (this.target !== null && this.target.host === want.host && this.target.port === want.port)
            return;
        this.target = want;
        this.busy = true;
        void this.rebind(want).finally(() => (this.busy = false));
    }
    /** The port listened on, or null. */
    port() {
        const addr = this.server?.address();
        return addr !== null && typeof addr === 'object' ? addr.port : null;
    }
    async close() {
        this.closed = true;
        await this.stopServer();
    }
    async rebind(want) {
        await this.stopServer();
        if (this.closed)
            return;
        if (want.port === 0) {
            this.deps.log.info('HTTP listener closed (vigil http-port 0)');
            return;
        }
        try {
            await this.listen(want);
        }
        catch (err) {
            this.deps.log.warn(`Failed opening the HTTP listener on ${want.host}:${want.port}: ${err instanceof Error ? err.message : String(err)}`);
        }
    }
    async stopServer() {
        const server = this.server;
        this.server = null;
        if (server === null)
            return;
        const done = new Promise((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await done;
    }
    listen(target) {
        const server = http.createServer({
            maxHeaderSize: HTTP_LIMITS.maxHeaderSize,
            headersTimeout: HTTP_LIMITS.headersTimeoutMs,
            requestTimeout: HTTP_LIMITS.requestTimeoutMs,
            keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
            connectionsCheckingInterval: 1000,
        }, (req, res) => this.handle(req, res));
        server.maxConnections = HTTP_LIMITS.maxConnections;
        server.maxHeadersCount = 64;
        server.timeout = HTTP_LIMITS.socketTimeoutMs;
        server.on('clientError', (err, socket) => {
            if (err.code === 'ECONNRESET' || !socket.writable) {
                socket.destroy();
                return;
            }
            const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
            const text = status === 431 ? 'request headers too large' : status === 408 ? 'request timeout' : 'bad request';
            socket.end(rawError(status, text));
            setTimeout(() => socket.destroy(), 1000).unref();
        });
        return new Promise((resolve, reject) => {
            const onError = (err) => reject(err);
            server.once('error', onError);
            server.listen(target.port, target.host, () => {
                server.off('error', onError);
                server.on('error', (err) => this.deps.log.warn({ err }, 'HTTP listener error'));
                this.server = server;
                this.deps.log.info(`HTTP listener on ${target.host}:${this.port() ?? target.port}`);
                resolve();
            });
        });
    }
    handle(req, res) {
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        // A body, if any, is never read: drop it rather than buffer it.
        req.resume();
        const token = this.deps.state().settings.httpToken;
        if (token !== '' && !bearerMatches(req.headers.authorization, token)) {
            res.setHeader('WWW-Authenticate', 'Bearer');
            this.error(res, 401, 'missing or wrong bearer token');
            return;
        }
        if (req.method !== 'GET') {
            res.setHeader('Allow', 'GET');
            this.error(res, 405, `method ${req.method ?? ''} not allowed`);
            return;
        }
        const path = (req.url ?? '/').split('?')[0];
        try {
            this.route(path, res);
        }
        catch (err) {
            this.deps.log.error({ err, path }, 'HTTP handler failed');
            if (!res.headersSent)
                this.error(res, 500, 'internal error');
            else
                res.destroy();
        }
    }
    route(path, res) {
        const now = this.deps.now();
        switch (path) {
            case '/healthz':
                this.json(res, 200, { status: 'ok' });
                return;
            case '/readyz': {
                const reasons = this.deps.notReady();
                if (reasons.length === 0)
                    this.json(res, 200, { status: 'ready' });
                else
                    this.json(res, 503, { error: 'not ready', status: 503, reasons });
                return;
            }
            case '/metrics':
                this.deps.metrics.text().then((text) => {
                    res.writeHead(200, { 'Content-Type': this.deps.metrics.contentType });
                    res.end(text);
                }, (err) => {
                    this.deps.log.error({ err }, 'metrics collection failed');
                    if (!res.headersSent)
                        this.error(res, 500, 'metrics collection failed');
                });
                return;
            case '/v1/masters': {
                const state = this.deps.state();
                this.json(res, 200, [...state.masters.values()].map((m) => masterView(state, m, now)));
                return;
            }
            case '/v1/history':
                this.json(res, 200, this.deps.history());
                return;
        }
        if (path.startsWith('/v1/masters/')) {
            let name;
            try {
                name = decodeURIComponent(path.slice('/v1/masters/'.length));
            }
            catch {
                this.error(res, 400, 'bad master name encoding');
                return;
            }
            const state = this.deps.state();
            const master = state.masters.get(name);
            if (master === undefined)
                this.error(res, 404, 'no such master');
            else
                this.json(res, 200, masterView(state, master, now));
            return;
        }
        this.error(res, 404, 'not found');
    }
    json(res, status, body) {
        const text = `${JSON.stringify(body)}\n`;
        res.writeHead(status, {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(text),
        });
        res.end(text);
    }
    error(res, status, message) {
        const text = errorBody(status, message);
        res.writeHead(status, {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(text),
        });
        res.end(text);
    }
}

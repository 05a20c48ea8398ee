import { RequestDecoder } from '../resp/decoder.js';
import { encodeReply } from '../resp/encoder.js';
import { bulk, error, push } from '../resp/reply.js';
import { clientInfoLine } from './client-info.js';
import { dispatch } from './dispatch.js';
/**
 * Returned by handlers that already sent their replies themselves (SUBSCRIBE sends one frame
 * per channel) or must send none (CLIENT REPLY OFF, SHUTDOWN). Compared by identity.
 */
export const NO_REPLY = Object.freeze({ t: 'simple', v: '' });
const registry = new WeakMap();
/** The connection behind a command context's session (null for foreign sessions). */
export function connectionOf(session) {
    return registry.get(session) ?? null;
}
/** Milliseconds to wait for a closing client to take its last reply before dropping it. */
const CLOSE_GRACE_MS = 5000;
export class Connection {
    hub;
    socket;
    id;
    protocol = 2;
    name = '';
    user = 'default';
    authenticated;
    remoteAddress;
    localAddress;
    createdAt;
    libName = '';
    libVersion = '';
    channels = new Set();
    patterns = new Set();
    lastInteraction;
    /** Full name of the last command looked up (`client|list`), null before any. */
    lastCommand = null;
    noEvict = false;
    tracking = null;
    /** CLIENT REPLY: 'off' drops replies; 'skip' drops the current command's reply. */
    replyMode = 'on';
    skipNext = false;
    /** Size of the arguments of the command being executed (CLIENT LIST argv-mem). */
    argvBytes = 0;
    decoder = new RequestDecoder();
    busy = false;
    closed = false;
    closing = false;
    out = [];
    outBytes = 0;
    flushScheduled = false;
    softLimitSince = 0;
    waitingForUnpause = false;
    closeWhenReplied = false;
    constructor(hub, socket) {
        this.hub = hub;
        this.socket = socket;
        this.id = hub.nextClientId();
        this.createdAt = hub.now();
        this.lastInteraction = this.createdAt;
        // Redis 7.0: a new client is authenticated iff the default user is on and has nopass.
        this.authenticated = !hub.acl.authRequired();
        this.remoteAddress = formatAddr(socket.remoteAddress, socket.remotePort);
        this.localAddress = formatAddr(socket.localAddress, socket.localPort);
        registry.set(this, this);
    }
    start() {
        this.socket.setNoDelay(true);
        this.socket.setKeepAlive(true, 300000);
        this.socket.on('data', (chunk) => this.onData(chunk));
        this.socket.on('error', (err) => this.hub.log.debug({ client: this.id, err: err.message }, 'client socket error'));
        this.socket.on('close', () => this.onClosed());
    }
    get isClosed() {
        return this.closed || this.closing;
    }
    /** Client needs AUTH before anything but AUTH/HELLO (Redis `authRequired`). */
    authRequired() {
        return !this.authenticated && this.hub.acl.authRequired();
    }
    isSubscribed() {
        return this.channels.size + this.patterns.size > 0;
    }
    /** Bytes waiting to be parsed (CLIENT LIST qbuf). */
    get queryBufferBytes() {
        return this.decoder.buffered;
    }
    /** Bytes queued for the client, ours plus the socket's (CLIENT LIST omem). */
    get outputBytes() {
        return this.outBytes + this.socket.writableLength;
    }
    // --- input -----------------------------------------------------------------------------
    onData(chunk) {
        if (this.isClosed)
            return;
        const stats = this.hub.stats;
        stats.netInputBytes += chunk.length;
        stats.readsProcessed++;
        this.lastInteraction = this.hub.now();
        this.decoder.push(chunk);
        if (this.decoder.buffered > stats.recentMaxInput)
            stats.recentMaxInput = this.decoder.buffered;
        if (this.decoder.buffered > this.hub.limits.queryBufferMax) {
            this.hub.log.warn(`Closing client that reached max query buffer length: ${clientInfoLine(this, this.hub.now())} (qbuf initial bytes: ${this.decoder.buffered})`);
            this.destroy();
            return;
        }
        this.processInput();
    }
    /** Parse and execute requests until one is pending, the input runs out, or we close. */
    processInput() {
        while (!this.busy && !this.isClosed) {
            if (this.hub.pauseState()?.mode === 'all') {
                if (!this.waitingForUnpause) {
                    this.waitingForUnpause = true;
                    this.hub.whenUnpaused(() => {
                        this.waitingForUnpause = false;
                        this.processInput();
                    });
                }
                return;
            }
            const r = this.decoder.next(!this.authRequired());
            if (r === null)
                return;
            if (r.type === 'error') {
                this.hub.log.debug(`Protocol error (${r.message}) from client: ${clientInfoLine(this, this.hub.now())}`);
                this.enqueue(encodeReply(error(r.message), this.protocol));
                this.hub.stats.errorReplies++;
                this.closeAfterReply();
                return;
            }
            this.argvBytes = r.request.args.reduce((n, a) => n + a.length, 0);
            let result;
            try {
                result = dispatch(this, r.request.args);
            }
            catch (err) {
                result = this.internalError(err);
            }
            if (result instanceof Promise) {
                this.busy = true;
                result
                    .catch((err) => this.internalError(err))
                    .then((reply) => {
                    this.busy = false;
                    this.afterCommand(reply);
                    this.processInput();
                });
                return;
            }
            this.afterCommand(result);
        }
    }
    internalError(err) {
        this.hub.log.error({ err: err instanceof Error ? err.message : String(err), client: this.id }, 'command handler failed');
        return error('ERR internal error');
    }
    /** Send a command's reply honouring CLIENT REPLY, then advance the SKIP state (Redis order). */
    afterCommand(reply) {
        this.argvBytes = 0;
        if (reply !== NO_REPLY)
            this.sendReply(reply);
        // Redis: CLIENT CACHING applies to the next command only (CLIENT commands keep it).
        if (this.tracking && !this.lastCommand?.startsWith('client|'))
            this.tracking.caching = null;
        if (this.closeWhenReplied) {
            this.closeAfterReply();
            return;
        }
        if (this.replyMode === 'skip')
            this.replyMode = 'on';
        if (this.skipNext) {
            this.skipNext = false;
            if (this.replyMode === 'on')
                this.replyMode = 'skip';
        }
    }
    // --- output ----------------------------------------------------------------------------
    /** A command reply: dropped while CLIENT REPLY is OFF or SKIP. */
    sendReply(reply) {
        if (this.replyMode !== 'on')
            return;
        if (reply.t === 'error')
            this.hub.stats.errorReplies++;
        this.enqueue(encodeReply(reply, this.protocol));
    }
    /** Several command replies at once (SUBSCRIBE confirms each channel). */
    sendReplies(replies) {
        for (const r of replies)
            this.sendReply(r);
    }
    deliverMessage(channel, message) {
        this.sendPush(push([bulk('message'), bulk(channel), bulk(message)]));
    }
    deliverPatternMessage(pattern, channel, message) {
        this.sendPush(push([bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)]));
    }
    /** An out-of-band frame (pub/sub message): never suppressed by CLIENT REPLY. */
    sendPush(reply) {
        if (this.isClosed)
            return;
        this.enqueue(encodeReply(reply, this.protocol));
    }
    enqueue(buf) {
        if (this.closed)
            return;
        this.out.push(buf);
        this.outBytes += buf.length;
        if (!this.flushScheduled) {
            this.flushScheduled = true;
            queueMicrotask(() => this.flush());
        }
        this.checkOutputLimits();
    }
    flush() {
        this.flushScheduled = false;
        if (this.closed || this.out.length === 0)
            return;
        const data = this.out.length === 1 ? this.out[0] : Buffer.concat(this.out);
        this.out = [];
        this.outBytes = 0;
        this.hub.stats.netOutputBytes += data.length;
        this.hub.stats.writesProcessed++;
        this.socket.write(data);
        if (this.socket.writableLength > this.hub.stats.recentMaxOutput) {
            this.hub.stats.recentMaxOutput = this.socket.writableLength;
        }
        if (this.closing)
            this.finishClose();
    }
    /**
     * Redis `client-output-buffer-limit pubsub`: a subscriber that does not read its messages
     * is disconnected when its pending output passes the hard limit, or stays above the soft
     * limit for the configured seconds. Checked on every write and by the server's cron.
     */
    checkOutputLimits() {
        if (this.isClosed || !this.isSubscribed())
            return;
        const { pubsubHardLimit: hard, pubsubSoftLimit: soft, pubsubSoftSeconds: secs } = this.hub.limits;
        const used = this.outputBytes;
        let over = hard > 0 && used >= hard;
        if (!over && soft > 0 && used >= soft) {
            const now = this.hub.now();
            if (this.softLimitSince === 0)
                this.softLimitSince = now;
            else if (now - this.softLimitSince >= secs * 1000)
                over = true;
        }
        else if (!over) {
            this.softLimitSince = 0;
        }
        if (over) {
            this.hub.log.warn(`Client ${clientInfoLine(this, this.hub.now())} scheduled to be closed ASAP for overcoming of output buffer limits.`);
            this.destroy();
        }
    }
    // --- closing ---------------------------------------------------------------------------
    /** Close after the reply to the command being executed (CLIENT KILL of oneself). */
    requestCloseAfterReply() {
        this.closeWhenReplied = true;
    }
    /** Close once what is queued has been written (protocol errors, CLIENT KILL of oneself). */
    closeAfterReply() {
        if (this.isClosed)
            return;
        this.closing = true;
        if (!this.flushScheduled)
            this.finishClose();
    }
    finishClose() {
        this.socket.end();
        setTimeout(() => this.destroy(), CLOSE_GRACE_MS).unref();
    }
    /** Drop the connection now, discarding pending output (CLIENT KILL, limits, shutdown). */
    destroy() {
        if (this.closed)
            return;
        this.closed = true;
        this.out = [];
        this.outBytes = 0;
        this.socket.destroy();
        this.onClosed();
    }
    onClosed() {
        this.closed = true;
        this.hub.pubsub.removeAll(this);
        this.hub.removeClient(this);
    }
}
/** `ip:port`, with IPv4-mapped IPv6 shown as plain IPv4 and IPv6 bracketed like Redis. */
export function formatAddr(ip, port) {
    let host = ip ?? '?';
    if (host.startsWith('::ffff:') && host.includes('.'))
        host = host.slice(7);
    return host.includes(':') ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}

/**
 * The connections the core asks for: one ioredis client per connection (cmd or pubsub) of a
 * link, opened on a `connect` action and never reconnected by ioredis itself — the core
 * decides reconnects (Sentinel 7.0: at most once per ping period per link). Replies, hello
 * messages and connection state come back to the core as inputs through one callback.
 *
 * Contract with the core (see src/core/inputs.ts):
 * - every command action on a live connection yields exactly one reply input, unless the
 *   connection goes down first: then only `linkDown` is reported (the core resets its
 *   pending count) and late rejections of that connection produce nothing;
 * - `linkDown` comes once per connection, and only for the newest connection of its slot
 *   (link id + cmd/pubsub), so a late close of a replaced connection is never reported;
 * - `closeLink` is silent: no replies and no `linkDown` for that connection afterwards
 *   (the core already counts it as down); closing what is not open is a no-op;
 * - inputs are always delivered asynchronously, never from inside `execute()`.
 */
import * as net from 'node:net';
import { Command, Redis, ReplyError } from 'ioredis';
import { PROTOCOL } from '../constants.js';
import { installParserGuard } from './parser-guard.js';
import { commandName, connectionErrorText, normalizeIp } from './linkUtil.js';
export const LINK_ACTION_TYPES = new Set([
    'connect',
    'closeLink',
    'ping',
    'info',
    'publishHello',
    'askMasterDown',
    'replicaOf',
    'scriptKill',
    'pauseWrites',
]);
export function isLinkAction(action) {
    return LINK_ACTION_TYPES.has(action.type);
}
/** Commands in the role-change transaction: MULTI, SLAVEOF, CONFIG REWRITE, 2 × CLIENT KILL, EXEC. */
export const REPLICAOF_TRANSACTION_COMMANDS = 6;
/**
 * A command whose name on the wire differs from the name ioredis reasons about: ioredis
 * keys subscriber mode and handshake handling on `name`, so it must stay the real command
 * (`subscribe`) even when the master renamed it (`rename-command SUBSCRIBE MYSUB`).
 */
class WireCommand extends Command {
    wireName;
    constructor(name, wireName, args) {
        super(name, args, { replyEncoding: 'utf8' });
        this.wireName = wireName;
    }
    toWritable(_socket) {
        const parts = [this.wireName, ...this.args.map((a) => String(a))];
        let out = `*${parts.length}\r\n`;
        for (const p of parts)
            out += `$${Buffer.byteLength(p)}\r\n${p}\r\n`;
        return out;
    }
}
let nextConnectionId = 1;
function isReplyError(err) {
    return err instanceof ReplyError;
}
export class LinkManager {
    onInput;
    log;
    connectTimeoutMs;
    replicaOfReplyCount;
    tls;
    onPingRtt;
    slots = new Map();
    stopped = false;
    constructor(options) {
        this.onInput = options.onInput;
        this.log = options.log;
        this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
        this.replicaOfReplyCount = options.replicaOfReplyCount ?? REPLICAOF_TRANSACTION_COMMANDS;
        this.tls = options.tls;
        this.onPingRtt = options.onPingRtt;
        // A data node or peer sending garbage must close its link, not crash the process.
        installParserGuard();
    }
    /** Perform one link action. Never throws: failures become `linkDown` inputs and debug logs. */
    execute(action) {
        if (this.stopped)
            return;
        try {
            switch (action.type) {
                case 'connect':
                    this.connect(action.spec, action.which);
                    break;
                case 'closeLink':
                    if (action.which === 'cmd' || action.which === 'both')
                        this.close(action.linkId, 'cmd');
                    if (action.which === 'pubsub' || action.which === 'both')
                        this.close(action.linkId, 'pubsub');
                    break;
                case 'ping':
                    this.ping(action.linkId, action.command);
                    break;
                case 'info':
                    this.info(action.linkId, action.command);
                    break;
                case 'publishHello':
                    this.publishHello(action.linkId, action.command, action.payload);
                    break;
                case 'askMasterDown':
                    this.askMasterDown(action);
                    break;
                case 'replicaOf':
                    this.replicaOf(action);
                    break;
                case 'scriptKill':
                    this.scriptKill(action.linkId, action.command);
                    break;
                case 'pauseWrites':
                    this.pauseWrites(action.linkId, action.command, action.ms);
                    break;
            }
        }
        catch (err) {
            this.log?.debug({ err, action: action.type }, 'link action failed');
        }
    }
    /** Whether a connection object exists for the link (connecting or connected). */
    hasConnection(linkId, which) {
        return this.slots.get(slotKey(linkId, which))?.current != null;
    }
    /** Close everything without reporting (shutdown). */
    closeAll() {
        this.stopped = true;
        for (const slot of this.slots.values()) {
            if (slot.current)
                this.drop(slot.current);
            slot.current = null;
        }
        this.slots.clear();
    }
    connect(spec, which) {
        const key = slotKey(spec.linkId, which);
        let slot = this.slots.get(key);
        if (!slot) {
            slot = { current: null, latestId: 0 };
            this.slots.set(key, slot);
        }
        // A connect on a slot that still has a connection replaces it; the old one is not reported.
        if (slot.current)
            this.drop(slot.current);
        const redis = new Redis({
            host: spec.host,
            port: spec.port,
            family: 0,
            lazyConnect: true,
            // The core decides reconnects; ioredis must never retry on its own.
            retryStrategy: () => null,
            reconnectOnError: null,
            autoResendUnfulfilledCommands: false,
            autoResubscribe: false,
            enableReadyCheck: false,
            maxRetriesPerRequest: null,
            // Commands sent before the connection completes wait in the offline queue (pending).
            enableOfflineQueue: true,
            connectTimeout: this.connectTimeoutMs,
            showFriendlyErrorStack: false,
            // Sentinel sends no CLIENT SETINFO (and it would bypass the rename table).
            disableClientInfo: true,
            // Integer replies as text: an epoch in an is-master-down-by-addr reply is a 64-bit
            // unsigned integer, which a JavaScript number would round above 2^53.
            stringNumbers: true,
            ...(this.tls === undefined ? {} : { tls: this.tls }),
        });
        const conn = {
            id: nextConnectionId++,
            key,
            linkId: spec.linkId,
            which,
            spec,
            redis,
            alive: true,
            downReported: false,
            lastError: null,
        };
        slot.current = conn;
        slot.latestId = conn.id;
        redis.on('error', (err) => {
            conn.lastError = connectionErrorText(err);
        });
        redis.on('ready', () => this.onReady(conn));
        redis.on('close', () => this.onClosed(conn));
        redis.on('end', () => this.onClosed(conn));
        if (which === 'pubsub') {
            redis.on('message', (channel, message) => this.onMessage(conn, channel, message));
        }
        // Sentinel 7.0 with resolve-hostnames no only ever holds IPs; a name here is a bug upstream.
        if (!spec.resolveHostnames && net.isIP(spec.host) === 0) {
            conn.lastError = `Invalid IP address: ${spec.host}`;
            queueMicrotask(() => {
                this.onClosed(conn);
                this.disconnect(conn);
            });
            return;
        }
        // With resolve-hostnames yes, net.connect resolves the name (dns.lookup) for this new
        // socket: every reconnect is a new connection, so a pod back on a new IP is found.
        redis.connect().catch(() => {
            // Reported through 'error' / 'end'.
        });
        this.handshake(conn);
    }
    /**
     * Sentinel 7.0 (spec §5): AUTH, CLIENT SETNAME, then SUBSCRIBE on pubsub; pipelined, replies
     * ignored; named through the rename table of the spec (the master's table at connect time).
     * A later rename of SUBSCRIBE does not subscribe again: it applies at the next connection.
     */
    handshake(conn) {
        const { spec, which } = conn;
        const table = spec.renamedCommands;
        if (spec.auth) {
            const args = spec.auth.user !== null ? [spec.auth.user, spec.auth.pass] : [spec.auth.pass];
            this.send(conn, 'auth', commandName(table, 'auth'), args).catch(noop);
        }
        const setName = ['SETNAME', `${spec.clientNamePrefix}-${which}`];
        this.send(conn, 'client', commandName(table, 'client'), setName).catch(noop);
        if (which === 'pubsub') {
            // The subscribe confirmation is activity. An error reply (NOAUTH when the AUTH before it
            // was refused) means the connection will never get a message: reported as such, the
            // core closes it (see handleSubscribeFailed).
            this.send(conn, 'subscribe', commandName(table, 'subscribe'), [PROTOCOL.helloChannel]).then(() => this.emit(conn, { type: 'pubsubActivity', linkId: conn.linkId }), (err) => {
                if (!isReplyError(err))
                    return;
                this.log?.debug({ linkId: conn.linkId, error: err.message }, 'SUBSCRIBE refused');
                this.emit(conn, { type: 'subscribeFailed', linkId: conn.linkId, error: err.message });
            });
        }
    }
    onReady(conn) {
        if (!this.isLive(conn))
            return;
        const stream = conn.redis.stream;
        const localIp = stream?.localAddress ? normalizeIp(stream.localAddress) : null;
        const input = { type: 'linkUp', linkId: conn.linkId, which: conn.which, localIp };
        if (conn.spec.resolveHostnames && stream?.remoteAddress)
            input.resolvedIp = normalizeIp(stream.remoteAddress);
        this.emit(conn, input);
    }
    onClosed(conn) {
        conn.alive = false;
        if (conn.downReported)
            return;
        conn.downReported = true;
        const slot = this.slots.get(conn.key);
        if (slot?.current === conn)
            slot.current = null;
        const error = conn.lastError ?? 'Server closed the connection';
        this.log?.debug({ linkId: conn.linkId, which: conn.which, error }, 'link connection closed');
        if (this.stopped || !slot || slot.latestId !== conn.id)
            return;
        if (slot.current === null)
            this.slots.delete(conn.key);
        this.deliver({ type: 'linkDown', linkId: conn.linkId, which: conn.which, error });
    }
    onMessage(conn, channel, message) {
        if (!this.isLive(conn))
            return;
        // Sentinel 7.0: pc_last_activity is updated first, then a hello is processed.
        this.emit(conn, { type: 'pubsubActivity', linkId: conn.linkId });
        if (channel === PROTOCOL.helloChannel)
            this.emit(conn, { type: 'hello', linkId: conn.linkId, payload: message });
    }
    /**
     * closeLink is the core's decision (Sentinel 7.0 instanceLinkCloseConnection): the core
     * already counts the connection as down, so neither its replies nor its close are reported.
     */
    close(linkId, which) {
        const slot = this.slots.get(slotKey(linkId, which));
        const conn = slot?.current;
        if (!slot || !conn)
            return;
        slot.current = null;
        this.slots.delete(conn.key);
        this.drop(conn);
    }
    /** Forget a connection without reporting it. */
    drop(conn) {
        conn.alive = false;
        conn.downReported = true;
        this.disconnect(conn);
    }
    disconnect(conn) {
        try {
            conn.redis.disconnect();
            // end() alone waits for a pending connect or the peer's FIN: cut it now.
            conn.redis.stream?.destroy();
        }
        catch (err) {
            this.log?.debug({ err, linkId: conn.linkId }, 'disconnect failed');
        }
    }
    liveConnection(linkId, which) {
        const conn = this.slots.get(slotKey(linkId, which))?.current ?? null;
        if (!conn || !conn.alive) {
            this.log?.debug({ linkId, which }, 'command for a link without a connection dropped');
            return null;
        }
        return conn;
    }
    isLive(conn) {
        return !this.stopped && conn.alive && this.slots.get(conn.key)?.current === conn;
    }
    emit(conn, input) {
        if (this.isLive(conn))
            this.deliver(input);
    }
    deliver(input) {
        try {
            this.onInput(input);
        }
        catch (err) {
            this.log?.debug({ err, input: input.type }, 'input handler threw');
        }
    }
    /** Send `wire args`; `name` is the real command, for ioredis's own bookkeeping. */
    send(conn, name, wire, args) {
        const cmd = new WireCommand(name, wire, args);
        conn.redis.sendCommand(cmd);
        return cmd.promise;
    }
    /**
     * Send a command and turn its outcome into one input: `onReply` for a reply, `onError` for
     * an error reply. A connection failure produces nothing (linkDown covers it).
     */
    request(conn, name, wire, args, onReply, onError) {
        this.send(conn, name, wire, args).then((reply) => this.emit(conn, onReply(reply)), (err) => {
            if (isReplyError(err))
                this.emit(conn, onError(err));
        });
    }
    ping(linkId, wire) {
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        const sent = performance.now();
        this.request(conn, 'ping', wire, [], (reply) => {
            this.reportRtt(linkId, sent);
            return { type: 'pingReply', linkId, reply: String(reply) };
        }, (err) => ({ type: 'pingReply', linkId, reply: err.message }));
    }
    reportRtt(linkId, sent) {
        if (this.onPingRtt === undefined)
            return;
        try {
            this.onPingRtt(linkId, (performance.now() - sent) / 1000);
        }
        catch {
            // Metrics must never disturb the links.
        }
    }
    info(linkId, wire) {
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        this.request(conn, 'info', wire, [], (reply) => ({ type: 'infoReply', linkId, text: typeof reply === 'string' ? reply : null }), () => ({ type: 'infoReply', linkId, text: null }));
    }
    publishHello(linkId, wire, payload) {
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        this.request(conn, 'publish', wire, [PROTOCOL.helloChannel, payload], () => ({ type: 'publishReply', linkId, ok: true }), () => ({ type: 'publishReply', linkId, ok: false }));
    }
    askMasterDown(action) {
        const { linkId, masterName, peerRunId } = action;
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        // An error reply is handed over as the Error itself: not `[int, bulk, int]`, so ignored.
        this.request(conn, 'sentinel', action.command, ['is-master-down-by-addr', ...action.args], (reply) => ({ type: 'askReply', linkId, masterName, peerRunId, reply }), (err) => ({ type: 'askReply', linkId, masterName, peerRunId, reply: err }));
    }
    /**
     * Sentinel 7.0's role change (spec §11): MULTI, SLAVEOF, CONFIG REWRITE, CLIENT KILL TYPE
     * normal, CLIENT KILL TYPE pubsub, EXEC, pipelined, under the names the action carries
     * (the master's rename table as the core sent it), replies ignored.
     * One `commandReply` (count = replicaOfReplyCount) once all six are answered.
     */
    replicaOf(action) {
        const { linkId, commands: names, host, port } = action;
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        this.send(conn, 'multi', names.multi, []).catch(noop);
        const target = host === null ? ['NO', 'ONE'] : [host, String(port)];
        this.send(conn, 'slaveof', names.slaveof, target).catch(noop);
        this.send(conn, 'config', names.config, ['REWRITE']).catch(noop);
        this.send(conn, 'client', names.client, ['KILL', 'TYPE', 'normal']).catch(noop);
        this.send(conn, 'client', names.client, ['KILL', 'TYPE', 'pubsub']).catch(noop);
        // Replies come in order: once EXEC is answered, all six are. Reporting on EXEC's own
        // settlement keeps the input in reply order with the link's other replies.
        const count = this.replicaOfReplyCount;
        this.request(conn, 'exec', names.exec, [], () => ({ type: 'commandReply', linkId, count }), () => ({ type: 'commandReply', linkId, count }));
    }
    /** Fencing (core/fencing.ts): CLIENT PAUSE <ms> WRITE, or CLIENT UNPAUSE when ms is null. */
    pauseWrites(linkId, wire, ms) {
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        this.request(conn, 'client', wire, ms === null ? ['UNPAUSE'] : ['PAUSE', String(ms), 'WRITE'], () => ({ type: 'pauseReply', linkId, error: null }), (err) => ({ type: 'pauseReply', linkId, error: err.message }));
    }
    scriptKill(linkId, wire) {
        const conn = this.liveConnection(linkId, 'cmd');
        if (!conn)
            return;
        this.request(conn, 'script', wire, ['KILL'], () => ({ type: 'commandReply', linkId, count: 1 }), () => ({ type: 'commandReply', linkId, count: 1 }));
    }
}
function slotKey(linkId, which) {
    return `${which}:${linkId}`;
}
function noop() { }

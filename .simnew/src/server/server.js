import { Acl } from './acl.js';
import { AclLog } from './acl-log.js';
import { Connection } from './connection.js';
import { DEFAULT_LIMITS } from './hub.js';
import { PubSub } from './pubsub.js';
import { CommandRegistry } from './registry.js';
import { loadAclUsers } from './users.js';
import { ListenerSet } from './listeners.js';
const SAMPLES = 16;
const SAMPLE_MS = 100;
class Server {
    opts;
    registry;
    acl;
    aclLog = new AclLog();
    pubsub = new PubSub();
    limits;
    stats = {
        connectionsReceived: 0,
        rejectedConnections: 0,
        commandsProcessed: 0,
        netInputBytes: 0,
        netOutputBytes: 0,
        errorReplies: 0,
        readsProcessed: 0,
        writesProcessed: 0,
        recentMaxInput: 0,
        recentMaxOutput: 0,
    };
    log;
    config;
    conns = new Map();
    lastId = 0;
    paused = null;
    unpauseWaiters = [];
    listeners;
    cron = null;
    samples = { ops: [], input: [], output: [] };
    lastSample = { time: 0, ops: 0, input: 0, output: 0 };
    facts;
    constructor(opts) {
        this.opts = opts;
        this.config = opts.config;
        this.log = opts.log;
        this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
        this.registry = new CommandRegistry(opts.commands, opts.hiddenSubcommands);
        this.acl = new Acl(this.registry);
        for (const problem of loadAclUsers(this.acl, opts.config))
            this.log.warn(problem);
        this.facts = {
            ...opts.process,
            connectedClients: () => this.conns.size,
            totalConnections: () => this.stats.connectionsReceived,
            totalCommands: () => this.stats.commandsProcessed,
        };
        this.listeners = new ListenerSet(opts.config, opts.log, (socket) => this.accept(socket), opts.tls);
    }
    // --- SentinelServer ----------------------------------------------------------------------
    async listen() {
        await this.listeners.open();
        this.lastSample = { time: Date.now(), ops: 0, input: 0, output: 0 };
        this.cron = setInterval(() => this.tick(), SAMPLE_MS);
        this.cron.unref();
    }
    async close() {
        if (this.cron)
            clearInterval(this.cron);
        this.cron = null;
        if (this.paused)
            clearTimeout(this.paused.timer);
        this.paused = null;
        for (const c of [...this.conns.values()])
            c.destroy();
        await this.listeners.close();
    }
    publish(channel, message) {
        return this.pubsub.publish(channel, message);
    }
    clientCount() {
        return this.conns.size;
    }
    subscriberCount() {
        let n = 0;
        for (const c of this.conns.values())
            if (c.channels.size > 0 || c.patterns.size > 0)
                n++;
        return n;
    }
    ports() {
        return this.listeners.ports();
    }
    // --- Hub -------------------------------------------------------------------------------------
    now() {
        return this.opts.now();
    }
    context(conn) {
        const o = this.opts;
        return {
            core: o.core,
            session: conn,
            config: o.config,
            scripts: o.scripts,
            process: this.facts,
            log: o.log,
            now: o.now,
            commit: o.commit,
        };
    }
    clients() {
        return [...this.conns.values()];
    }
    client(id) {
        return this.conns.get(id);
    }
    nextClientId() {
        return ++this.lastId;
    }
    removeClient(conn) {
        this.conns.delete(conn.id);
    }
    pauseState() {
        return this.paused && { mode: this.paused.mode, until: this.paused.until };
    }
    pause(ms, mode) {
        const until = this.now() + ms;
        // Redis keeps the longer of two pauses, and ALL wins over WRITE.
        if (this.paused) {
            if (this.paused.until >= until && (this.paused.mode === 'all' || mode === 'write'))
                return;
            clearTimeout(this.paused.timer);
        }
        const timer = setTimeout(() => this.unpause(), Math.max(0, ms));
        timer.unref();
        this.paused = { mode, until, timer };
    }
    unpause() {
        if (this.paused)
            clearTimeout(this.paused.timer);
        this.paused = null;
        const waiters = this.unpauseWaiters;
        this.unpauseWaiters = [];
        for (const w of waiters)
            w();
    }
    whenUnpaused(fn) {
        this.unpauseWaiters.push(fn);
    }
    instantaneous() {
        const avg = (a) => (a.length === 0 ? 0 : a.reduce((x, y) => x + y, 0) / a.length);
        return {
            ops: Math.round(avg(this.samples.ops)),
            inputKbps: avg(this.samples.input) / 1024,
            outputKbps: avg(this.samples.output) / 1024,
        };
    }
    shutdown() {
        this.opts.onShutdown();
    }
    // --- internals -----------------------------------------------------------------------------
    accept(socket) {
        this.stats.connectionsReceived++;
        if (this.conns.size >= this.limits.maxClients) {
            this.stats.rejectedConnections++;
            socket.on('error', () => undefined);
            socket.end('-ERR max number of clients reached\r\n');
            return;
        }
        const conn = new Connection(this, socket);
        this.conns.set(conn.id, conn);
        conn.start();
    }
    /** Redis's cron duties: instantaneous metrics samples and output limit checks. */
    tick() {
        const t = Date.now();
        const dt = (t - this.lastSample.time) / 1000;
        if (dt > 0) {
            const push = (a, v) => {
                a.push(v);
                if (a.length > SAMPLES)
                    a.shift();
            };
            push(this.samples.ops, (this.stats.commandsProcessed - this.lastSample.ops) / dt);
            push(this.samples.input, (this.stats.netInputBytes - this.lastSample.input) / dt);
            push(this.samples.output, (this.stats.netOutputBytes - this.lastSample.output) / dt);
        }
        this.lastSample = {
            time: t,
            ops: this.stats.commandsProcessed,
            input: this.stats.netInputBytes,
            output: this.stats.netOutputBytes,
        };
        for (const c of this.conns.values())
            c.checkOutputLimits();
    }
}
/** Build the server; nothing listens until `listen()`. */
export function createSentinelServer(opts) {
    return new Server(opts);
}

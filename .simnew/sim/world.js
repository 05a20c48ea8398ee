/**
 * One simulated deployment: K sentinel processes (the unchanged core driven by the real
 * Executor), data nodes, a virtual network and a virtual clock, with a fault schedule applied.
 * Everything is deterministic given the schedule (and its seed): `runSchedule` twice gives the
 * same trace.
 */
import { EPOCH_MAX, maxEpoch } from '../src/core/epoch.js';
import { Brain } from '../src/core/brain.js';
import { loadConfig } from '../src/config/load.js';
import { renderSentinelState } from '../src/config/render.js';
import { rewriteConfigText } from '../src/config/rewrite.js';
import { Executor } from '../src/runtime/executor.js';
import { isLinkAction } from '../src/runtime/links.js';
import { DataNode } from './datanode.js';
import { EventQueue } from './queue.js';
import { Rng, subSeed } from './rng.js';
/** JSON for the trace; epochs (bigint) as their decimal text. */
function traceJson(value) {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}` : v));
}
import { CONVERGENCE_BOUND_MS, describeFault, nodeIp, sentinelIp, } from './faults.js';
/** Virtual epoch of the run (the core only sees differences, and wall time for logs). */
const T0 = 1_700_000_000_000;
const SENTINEL_PORT = 26379;
const NODE_PORT = 6379;
const TICK_MS = 100;
const CONNECT_TIMEOUT_MS = 2_000;
/** Invariant 8: how long after the last fault two primaries may still accept writes. */
export const SPLIT_BRAIN_BOUND_MS = 15_000;
/** An armed stall (stallSentinel with afterAsk) is disarmed if no ask comes this long. */
export const STALL_ARM_MS = 10_000;
/** A freshly promoted primary that stays healthy must not be failed over or demoted this long. */
export const FRESH_PRIMARY_MS = 20_000;
/** SENTINEL DEBUG-style timers: short, so a run covers several failovers in ~80 virtual s. */
const SIM_TIMERS = {
    'info-period': 1_000,
    'publish-period': 1_000,
    'tilt-period': 5_000,
    'slave-reconf-timeout': 5_000,
    'min-link-reconnect-period': 3_000,
    'election-timeout': 5_000,
};
/** down-after-milliseconds unless the topology says otherwise. */
export const DOWN_AFTER_MS = 2_000;
const FAILOVER_TIMEOUT_MS = 6_000;
/**
 * Detection bound (invariant 9): a sentinel that has not been able to reach its master for
 * down-after + the PING interval (min(down-after, ping-period): the first unanswered PING may
 * leave that long after the node stops answering) + this slack (the tick's jitter, latency)
 * has flagged it +sdown.
 */
export const SDOWN_SLACK_MS = 500;
/** The slack when a degraded link (up to 800 ms each way) was involved: notices come late. */
export const SDOWN_DEGRADED_SLACK_MS = 2_500;
const PING_PERIOD_MS = 1_000;
/**
 * Invariant 10: a failover started this long after a PING reply of the master reached the
 * sentinel, with nothing between them that could make the master unreachable, is a failover
 * of a master the sentinel had, in its socket, proof was up.
 */
export const STALE_DOWN_EXTRA_MS = 1_000;
const noop = () => undefined;
const silentLogger = {
    trace: noop,
    debug: noop,
    verbose: noop,
    info: noop,
    warn: noop,
    error: noop,
    fatal: noop,
    child() {
        return silentLogger;
    },
};
export class SimSentinel {
    index;
    ip;
    brain = null;
    executor = null;
    alive = false;
    /** Incremented at every boot: connections and timers of an older life are ignored. */
    life = 0;
    stalled = false;
    stallQueue = [];
    tickMissed = false;
    clockOffset = 0;
    conns = new Map();
    /** Config text on the simulated disk: only what a flush wrote. */
    disk;
    /** A config write failed in this life (a vote may then be lost legitimately). */
    tainted = false;
    /** Armed batch crash: die after this many effects of the next batch with a flush. */
    crashArm = null;
    /** Armed stall (its duration): starts 1 ms after the next IS-MASTER-DOWN-BY-ADDR it sends. */
    stallArm = null;
    effectsLeft = null;
    dying = false;
    pendingRestartMs = 0;
    maxCurrentEpoch = 0n;
    maxConfigEpoch = new Map();
    /** Virtual times: this life's boot, the last stall's end, the last clock jump, TILT last seen. */
    bootAt = 0;
    stallEndAt = 0;
    clockJumpAt = 0;
    clockSettledAt = 0;
    tiltSeenAt = 0;
    /** Per master name: the address it has in this sentinel's view, and since when (virtual). */
    masterAddr = new Map();
    constructor(index, ip, initialConfig) {
        this.index = index;
        this.ip = ip;
        this.disk = initialConfig;
    }
    get address() {
        return `${this.ip}:${SENTINEL_PORT}`;
    }
}
export class World {
    schedule;
    tracing;
    queue = new EventQueue();
    now = 0;
    sentinels = [];
    nodes = [];
    nodesByAddr = new Map();
    sentinelsByAddr = new Map();
    net;
    nodeRng;
    partitions = [];
    degrades = [];
    flushFails = [];
    subscribers = new Map();
    nodeQueues = new Map();
    violation = null;
    trace = [];
    votes = new Map();
    leaders = new Map();
    /** Last virtual time any fault was active (or a crashed process was still down). */
    lastFaultAt = 0;
    refusing = [];
    garbling = [];
    /** `sentinel|node address` → virtual time since which it cannot reach the node (absent: can). */
    unreachable = new Map();
    /** `sentinel|node address` → virtual time its command connection to the node last dropped. */
    cmdDroppedAt = new Map();
    /** Per node: last crash, restart, pause, resume or role change (virtual time). */
    nodeChangedAt = new Map();
    /** Last partition or degrade starting or ending anywhere (virtual time). */
    netChangedAt = 0;
    /** `sentinel|life|node address` → virtual arrival time of the last PING reply (queued or not). */
    pongArrivals = new Map();
    /** `sentinel|life|node address` → local time of the first INFO of the current run of role:master. */
    masterRuns = new Map();
    /** Every epoch some sentinel has held, or a message has carried as a valid epoch. */
    knownEpochs = new Set([0n]);
    stats = { failovers: 0, crashes: 0, dualPrimaryMs: 0, steps: 0, dualAfterFaultMs: 0, fences: 0 };
    downAfterMs;
    constructor(schedule, tracing) {
        this.schedule = schedule;
        this.tracing = tracing;
        const { topology, seed } = schedule;
        this.downAfterMs = topology.downAfterMs ?? DOWN_AFTER_MS;
        this.net = new Rng(subSeed(seed, 2));
        this.nodeRng = new Rng(subSeed(seed, 3));
        const monitorLines = [];
        for (let m = 0; m < topology.masters; m++) {
            const name = `m${m}`;
            const quorum = topology.quorum ?? Math.floor(topology.sentinels / 2) + 1;
            monitorLines.push(`sentinel monitor ${name} ${nodeIp(m, 0)} ${NODE_PORT} ${quorum}`, `sentinel down-after-milliseconds ${name} ${this.downAfterMs}`, `sentinel failover-timeout ${name} ${FAILOVER_TIMEOUT_MS}`);
            if (m === 0 && topology.fencing === 'off')
                monitorLines.push('vigil fence-stale-primary no');
            if (m === 0 && topology.fencing === 'minority')
                monitorLines.push('vigil fence-on-minority yes');
            for (let i = 0; i < topology.nodesPerMaster; i++) {
                // Some seeds give the last replica priority 0: it must never be promoted.
                const priority = i === topology.nodesPerMaster - 1 && this.nodeRng.chance(0.3) ? 0 : 100;
                const node = new DataNode(nodeIp(m, i), NODE_PORT, m, priority, this.nodeRng, T0);
                if (i > 0) {
                    node.role = 'slave';
                    node.masterHost = nodeIp(m, 0);
                    node.masterPort = NODE_PORT;
                    node.linkUp = true;
                }
                this.nodes.push(node);
                this.nodesByAddr.set(node.address, node);
                this.nodeQueues.set(node, []);
                this.subscribers.set(node, new Set());
            }
        }
        const config = ['port 26379', ...monitorLines, ''].join('\n');
        for (let s = 0; s < topology.sentinels; s++) {
            const proc = new SimSentinel(s, sentinelIp(s), config);
            this.sentinels.push(proc);
            this.sentinelsByAddr.set(proc.address, proc);
        }
    }
    // ------------------------------------------------------------------ running
    run() {
        const { schedule } = this;
        for (const proc of this.sentinels)
            this.at(this.net.int(TICK_MS), () => this.boot(proc));
        this.at(TICK_MS, () => this.dataStep());
        for (const fault of schedule.faults)
            this.at(fault.at, () => this.applyFault(fault));
        let end = schedule.endAt;
        for (;;) {
            while (this.violation === null && this.queue.peekTime() <= end) {
                const entry = this.queue.pop();
                if (!entry)
                    break;
                this.now = entry.t;
                entry.fn();
                this.stats.steps++;
            }
            if (this.violation !== null)
                break;
            // A batch crash may have fired late: give its restart the whole convergence bound.
            const needed = this.lastFaultAt + CONVERGENCE_BOUND_MS;
            if (needed <= end)
                break;
            end = needed;
        }
        if (this.violation === null)
            this.checkConvergence();
        return {
            ok: this.violation === null,
            violation: this.violation,
            virtualMs: this.now,
            trace: this.trace,
            stats: this.stats,
        };
    }
    at(t, fn) {
        this.queue.push(Math.max(t, this.now), fn);
    }
    log(line) {
        if (this.tracing)
            this.trace.push(`${(this.now / 1000).toFixed(3)} ${line}`);
    }
    fail(message) {
        if (this.violation !== null)
            return;
        this.violation = `at ${(this.now / 1000).toFixed(3)}s: ${message}`;
        this.log(`VIOLATION ${message}`);
    }
    faultActive() {
        this.lastFaultAt = Math.max(this.lastFaultAt, this.now);
    }
    // ------------------------------------------------------------------ network
    partitioned(a, b) {
        for (const p of this.partitions)
            if (p.side.has(a) !== p.side.has(b))
                return true;
        return false;
    }
    degradeFor(a, b) {
        for (const d of this.degrades)
            if (d.host === a || d.host === b)
                return d;
        return null;
    }
    latency(a, b) {
        let ms = 1 + this.net.int(4);
        const d = this.degradeFor(a, b);
        if (d)
            ms += d.delayMs + this.net.int(d.jitterMs + 1);
        return ms;
    }
    targetIp(target) {
        return target.kind === 'node' ? target.node.ip : target.proc.ip;
    }
    targetUp(target) {
        return target.kind === 'node' ? target.node.alive : target.proc.alive;
    }
    connLive(conn) {
        return conn.alive && conn.owner.alive && conn.owner.life === conn.life;
    }
    /** Deliver inputs to a sentinel as one step (a stalled process queues them). */
    deliver(proc, life, inputs, from) {
        this.runOn(proc, life, (brain, now) => {
            for (const input of inputs) {
                if (this.tracing)
                    this.log(`s${proc.index} <- ${traceJson(input)}`);
                if (from && input.type === 'infoReply')
                    this.trackRole(proc, from, input.text, now);
                brain.handle(input, now);
            }
        });
    }
    /** Run `fn` inside the sentinel process (queued while it is stalled), then its batch. */
    runOn(proc, life, fn) {
        const go = () => {
            if (!proc.alive || proc.life !== life || !proc.brain)
                return;
            fn(proc.brain, this.localNow(proc));
            this.drain(proc);
        };
        if (proc.stalled)
            proc.stallQueue.push(go);
        else
            go();
    }
    localNow(proc) {
        return T0 + this.now + proc.clockOffset;
    }
    /** Arrival time of a packet on `conn`, in order with earlier ones in the same direction. */
    arrival(conn, dir) {
        const t = this.now + this.latency(conn.owner.ip, this.targetIp(conn.target));
        if (dir === 'to')
            return (conn.lastTo = Math.max(conn.lastTo, t));
        return (conn.lastFrom = Math.max(conn.lastFrom, t));
    }
    killConn(conn, error) {
        if (!conn.alive)
            return;
        conn.alive = false;
        if (conn.which === 'cmd' && conn.target.kind === 'node')
            this.cmdDroppedAt.set(`${conn.owner.index}|${conn.target.node.address}`, this.now);
        if (conn.target.kind === 'node')
            this.subscribers.get(conn.target.node)?.delete(conn);
        const owner = conn.owner;
        if (!this.connLive({ ...conn, alive: true }))
            return;
        if (owner.conns.get(`${conn.linkId}/${conn.which}`) === conn)
            owner.conns.delete(`${conn.linkId}/${conn.which}`);
        const input = { type: 'linkDown', linkId: conn.linkId, which: conn.which, error };
        if (this.partitioned(owner.ip, this.targetIp(conn.target))) {
            // A pending connect still times out; on an established connection the RST is lost
            // and the core's own ping timeouts must notice.
            if (!conn.connected)
                this.at(this.now + CONNECT_TIMEOUT_MS, () => this.deliver(owner, conn.life, [input]));
            return;
        }
        this.at(this.arrival(conn, 'from'), () => this.deliver(owner, conn.life, [input]));
    }
    /** Send a request on `conn`; `serve` runs at the target and returns the reply inputs. */
    request(conn, serve) {
        const d = this.degradeFor(conn.owner.ip, this.targetIp(conn.target));
        if (d && d.resetProb > 0 && this.net.chance(d.resetProb)) {
            this.killConn(conn, 'Connection reset by peer');
            return;
        }
        this.at(this.arrival(conn, 'to'), () => {
            if (!this.connLive(conn) || this.partitioned(conn.owner.ip, this.targetIp(conn.target)))
                return;
            this.onTarget(conn.target, () => {
                if (!this.connLive(conn))
                    return;
                const replies = serve();
                if (replies === null || replies.length === 0)
                    return;
                this.reply(conn, replies);
            });
        });
    }
    reply(conn, inputs) {
        this.at(this.arrival(conn, 'from'), () => {
            if (!this.connLive(conn) || this.partitioned(conn.owner.ip, this.targetIp(conn.target)))
                return;
            const node = conn.target.kind === 'node' ? conn.target.node : undefined;
            if (node && inputs.some((i) => i.type === 'pingReply'))
                this.pongArrivals.set(`${conn.owner.index}|${conn.life}|${node.address}`, this.now);
            this.deliver(conn.owner, conn.life, inputs, node);
        });
    }
    /** Run work in the target process (queued while a node is paused or a sentinel stalled). */
    onTarget(target, fn) {
        if (target.kind === 'node') {
            if (!target.node.alive)
                return;
            if (target.node.paused)
                this.nodeQueues.get(target.node)?.push(fn);
            else
                fn();
            return;
        }
        const proc = target.proc;
        if (!proc.alive)
            return;
        const life = proc.life;
        const go = () => {
            if (proc.alive && proc.life === life)
                fn();
        };
        if (proc.stalled)
            proc.stallQueue.push(go);
        else
            go();
    }
    // ------------------------------------------------------------------ sentinel processes
    boot(proc) {
        proc.life++;
        const life = proc.life;
        const brainRng = new Rng(subSeed(this.schedule.seed, 100 + proc.index * 1000 + life));
        const brain = new Brain({ random: (n) => brainRng.int(n) });
        const now = this.localNow(proc);
        const loaded = loadConfig('/etc/vigil/sentinel.conf', [], (args) => brain.applyConfigDirective(args, now), {
            cwd: '/',
            fs: { readFile: () => proc.disk, checkWritable: noop, checkDir: noop },
            enterDir: noop,
            applyVigilDirective: (args) => brain.applyVigilDirective(args),
        });
        if (!loaded.ok) {
            this.fail(`sentinel#${proc.index} cannot load its own config: ${loaded.message}`);
            return;
        }
        brain.state.settings.port = SENTINEL_PORT;
        for (const [name, ms] of Object.entries(SIM_TIMERS))
            brain.setTimer(name, ms);
        proc.brain = brain;
        proc.alive = true;
        proc.stalled = false;
        proc.stallQueue = [];
        proc.tainted = false;
        proc.dying = false;
        proc.effectsLeft = null;
        proc.conns = new Map();
        proc.executor = this.makeExecutor(proc);
        this.log(`s${proc.index} boot (life ${life}) current-epoch ${brain.state.currentEpoch}`);
        // Epochs are checked for monotony within a life; across a restart what matters is that
        // no vote told to others is forgotten (checkRestoredVotes): Sentinel itself does not
        // persist the epoch a failover attempt starts with until it votes.
        proc.maxCurrentEpoch = brain.state.currentEpoch;
        proc.maxConfigEpoch = new Map();
        proc.bootAt = this.now;
        proc.masterAddr = new Map();
        this.checkRestoredVotes(proc);
        brain.start(now);
        this.drain(proc);
        const tick = () => {
            if (!proc.alive || proc.life !== life)
                return;
            if (proc.stalled)
                proc.tickMissed = true;
            else
                this.runOn(proc, life, (b, t) => b.handle({ type: 'tick' }, t));
            this.at(this.now + TICK_MS + this.net.int(TICK_MS), tick);
        };
        this.at(this.now + this.net.int(TICK_MS), tick);
    }
    makeExecutor(proc) {
        /** One observable effect of the batch; false once the process is dead. */
        const effect = () => {
            if (proc.dying)
                return false;
            if (proc.effectsLeft !== null) {
                if (proc.effectsLeft === 0) {
                    proc.dying = true;
                    return false;
                }
                proc.effectsLeft--;
            }
            return true;
        };
        return new Executor({
            links: {
                execute: (action) => {
                    if (effect())
                        this.linkAction(proc, action);
                },
            },
            publish: (channel, message) => {
                if (effect())
                    this.onPublish(proc, channel, message);
            },
            flush: () => {
                if (!effect())
                    return { ok: false, error: 'process killed' };
                const brain = proc.brain;
                if (!brain)
                    return { ok: false, error: 'no brain' };
                if (this.flushFails.some((f) => f.sentinel === proc.index)) {
                    proc.tainted = true;
                    this.log(`s${proc.index} config write FAILED`);
                    return { ok: false, error: 'No space left on device' };
                }
                proc.disk = rewriteConfigText(proc.disk, renderSentinelState(brain.state));
                this.log(`s${proc.index} config saved (current-epoch ${brain.state.currentEpoch})`);
                return { ok: true };
            },
            scripts: { schedule: noop },
            log: silentLogger,
            exit: noop,
        });
    }
    drain(proc) {
        const brain = proc.brain;
        const executor = proc.executor;
        if (!brain || !executor)
            return;
        const actions = brain.takeActions();
        if (actions.length === 0)
            return;
        if (proc.crashArm && actions.some((a) => a.type === 'flushConfig')) {
            proc.effectsLeft = proc.crashArm.effects;
            proc.pendingRestartMs = proc.crashArm.downMs;
            proc.crashArm = null;
            this.log(`s${proc.index} will die after ${proc.effectsLeft} effects of this batch`);
        }
        if (this.tracing)
            for (const a of actions)
                this.log(`s${proc.index} -> ${describeAction(a)}`);
        executor.run(actions);
        proc.effectsLeft = null;
        if (proc.dying) {
            this.crashSentinel(proc, proc.pendingRestartMs);
            return;
        }
        this.checkEpochs(proc);
    }
    crashSentinel(proc, downMs) {
        if (!proc.alive)
            return;
        this.log(`s${proc.index} CRASH (restart in ${downMs}ms)`);
        this.stats.crashes++;
        proc.alive = false;
        proc.brain = null;
        proc.executor = null;
        proc.stallQueue = [];
        proc.crashArm = null;
        proc.stallArm = null;
        for (const conn of proc.conns.values()) {
            conn.alive = false;
            if (conn.target.kind === 'node')
                this.subscribers.get(conn.target.node)?.delete(conn);
        }
        proc.conns.clear();
        for (const other of this.sentinels) {
            if (other === proc)
                continue;
            for (const conn of [...other.conns.values()]) {
                if (conn.target.kind === 'sentinel' && conn.target.proc === proc)
                    this.killConn(conn, 'Connection reset by peer');
            }
        }
        this.faultActive();
        this.lastFaultAt = Math.max(this.lastFaultAt, this.now + downMs);
        this.at(this.now + downMs, () => this.boot(proc));
    }
    // ------------------------------------------------------------------ link actions
    linkAction(proc, action) {
        switch (action.type) {
            case 'connect': {
                const key = `${action.spec.linkId}/${action.which}`;
                const old = proc.conns.get(key);
                if (old)
                    this.closeSilently(old);
                const address = `${action.spec.host}:${action.spec.port}`;
                const node = this.nodesByAddr.get(address);
                const peer = this.sentinelsByAddr.get(address);
                const linkId = action.spec.linkId;
                const which = action.which;
                const life = proc.life;
                if (!node && !peer) {
                    const down = { type: 'linkDown', linkId, which, error: 'Connection refused' };
                    this.at(this.now + 2, () => this.deliver(proc, life, [down]));
                    return;
                }
                const target = node
                    ? { kind: 'node', node }
                    : { kind: 'sentinel', proc: peer };
                const conn = {
                    owner: proc,
                    life,
                    linkId,
                    which,
                    target,
                    alive: true,
                    connected: false,
                    lastTo: 0,
                    lastFrom: 0,
                };
                proc.conns.set(key, conn);
                const ip = this.targetIp(target);
                if (this.partitioned(proc.ip, ip)) {
                    this.at(this.now + CONNECT_TIMEOUT_MS, () => this.connectFailed(conn, 'connect ETIMEDOUT'));
                    return;
                }
                if (!this.targetUp(target) || (which === 'pubsub' && node && this.refusesPubsub(node))) {
                    this.at(this.arrival(conn, 'from'), () => this.connectFailed(conn, 'connect ECONNREFUSED'));
                    return;
                }
                this.at(this.arrival(conn, 'from'), () => {
                    if (!this.connLive(conn))
                        return;
                    conn.connected = true;
                    this.deliver(proc, life, [{ type: 'linkUp', linkId, which, localIp: proc.ip }]);
                });
                if (which === 'pubsub' && node) {
                    this.request(conn, () => {
                        this.subscribers.get(node)?.add(conn);
                        return [{ type: 'pubsubActivity', linkId }];
                    });
                }
                return;
            }
            case 'closeLink': {
                for (const which of ['cmd', 'pubsub']) {
                    if (action.which !== which && action.which !== 'both')
                        continue;
                    const conn = proc.conns.get(`${action.linkId}/${which}`);
                    if (conn)
                        this.closeSilently(conn);
                }
                return;
            }
            default: {
                if (action.type === 'askMasterDown' && proc.stallArm !== null) {
                    const durationMs = proc.stallArm;
                    proc.stallArm = null;
                    this.at(this.now + 1, () => this.stall(proc, durationMs));
                }
                const conn = proc.conns.get(`${action.linkId}/cmd`);
                if (!conn || !this.connLive(conn))
                    return;
                if (conn.target.kind === 'node') {
                    const node = conn.target.node;
                    this.request(conn, () => this.serveNode(node, conn, action));
                }
                else {
                    const peer = conn.target.proc;
                    this.request(conn, () => this.servePeer(peer, proc, action));
                }
            }
        }
    }
    connectFailed(conn, error) {
        if (!this.connLive(conn))
            return;
        conn.alive = false;
        const owner = conn.owner;
        if (owner.conns.get(`${conn.linkId}/${conn.which}`) === conn)
            owner.conns.delete(`${conn.linkId}/${conn.which}`);
        this.deliver(owner, conn.life, [{ type: 'linkDown', linkId: conn.linkId, which: conn.which, error }]);
    }
    closeSilently(conn) {
        conn.alive = false;
        if (conn.target.kind === 'node')
            this.subscribers.get(conn.target.node)?.delete(conn);
        const key = `${conn.linkId}/${conn.which}`;
        if (conn.owner.conns.get(key) === conn)
            conn.owner.conns.delete(key);
    }
    serveNode(node, conn, action) {
        const linkId = conn.linkId;
        switch (action.type) {
            case 'ping':
                return [{ type: 'pingReply', linkId, reply: 'PONG' }];
            case 'info': {
                let text = node.info(T0 + this.now, this.replicasOf(node));
                const garble = this.garbling.find((g) => g.node === node.ip);
                if (garble && this.net.chance(garble.prob)) {
                    // Cut before the replication section, or not INFO at all: no role line either way.
                    text = this.net.chance(0.5)
                        ? (text.split('# Replication')[0] ?? '')
                        : '-ERR garbled\r\n\u0000\u0001';
                    this.log(`node ${node.address} INFO to s${conn.owner.index} without a role line`);
                }
                return [{ type: 'infoReply', linkId, text }];
            }
            case 'publishHello':
                this.relayHello(node, action.payload);
                return [{ type: 'publishReply', linkId, ok: true }];
            case 'replicaOf':
                this.onSlaveOf(node, conn.owner, action.host, action.port);
                // CLIENT KILL TYPE normal spares the caller (SKIPME yes); TYPE pubsub kills all.
                for (const proc of this.sentinels) {
                    for (const c of [...proc.conns.values()]) {
                        if (c.target.kind !== 'node' || c.target.node !== node || c === conn)
                            continue;
                        this.killConn(c, 'Connection closed by server');
                    }
                }
                return [{ type: 'commandReply', linkId, count: 6 }];
            case 'scriptKill':
                return [{ type: 'commandReply', linkId, count: 1 }];
            case 'pauseWrites':
                // CLIENT PAUSE <ms> WRITE / CLIENT UNPAUSE: the node takes no writes meanwhile. A fence
                // is reversible, but pausing a healthy fresh primary is an outage all the same.
                if (action.ms !== null) {
                    this.checkFreshPrimary(node, `CLIENT PAUSE WRITE from sentinel#${conn.owner.index}`);
                    node.writesPausedUntil = T0 + this.now + action.ms;
                    this.stats.fences++;
                    this.log(`node ${node.address} CLIENT PAUSE ${action.ms} WRITE (from s${conn.owner.index})`);
                }
                else {
                    node.writesPausedUntil = 0;
                    this.log(`node ${node.address} CLIENT UNPAUSE (from s${conn.owner.index})`);
                }
                return [{ type: 'pauseReply', linkId, error: null }];
            case 'askMasterDown':
                return [
                    {
                        type: 'askReply',
                        linkId,
                        masterName: action.masterName,
                        peerRunId: action.peerRunId,
                        reply: new Error('ERR unknown command'),
                    },
                ];
            default:
                return null;
        }
    }
    servePeer(peer, from, action) {
        const brain = peer.brain;
        if (!brain || !peer.alive)
            return null;
        const linkId = action.type === 'connect' ? '' : action.linkId;
        const life = peer.life;
        switch (action.type) {
            case 'ping':
                return [{ type: 'pingReply', linkId, reply: 'PONG' }];
            case 'info':
                return [{ type: 'infoReply', linkId, text: null }];
            case 'publishHello': {
                if (this.tracing)
                    this.log(`s${peer.index} <- hello from s${from.index}: ${action.payload}`);
                brain.handle({ type: 'hello', linkId: null, payload: action.payload }, this.localNow(peer));
                this.drain(peer);
                return [{ type: 'publishReply', linkId, ok: true }];
            }
            case 'askMasterDown': {
                const [ip, port, epoch, runId] = action.args;
                const vote = brain.isMasterDownByAddr(ip, Number(port), BigInt(epoch), runId, this.localNow(peer));
                if (this.tracing)
                    this.log(`s${peer.index} <- is-master-down-by-addr ${action.args.join(' ')} from s${from.index}`);
                // The command layer commits (runs the batch, with its flush) before replying.
                this.drain(peer);
                if (!peer.alive || peer.life !== life)
                    return null;
                if (vote.leader !== '*')
                    this.recordVote(peer, action.masterName, vote.leaderEpoch, vote.leader, 'reply');
                const reply = [vote.down, vote.leader, vote.leaderEpoch];
                return [
                    { type: 'askReply', linkId, masterName: action.masterName, peerRunId: action.peerRunId, reply },
                ];
            }
            default:
                return [{ type: 'commandReply', linkId, count: action.type === 'replicaOf' ? 6 : 1 }];
        }
    }
    relayHello(node, payload) {
        for (const conn of this.subscribers.get(node) ?? []) {
            const d = this.degradeFor(conn.owner.ip, node.ip);
            const copies = d && d.dupProb > 0 && this.net.chance(d.dupProb) ? 2 : 1;
            for (let i = 0; i < copies; i++) {
                this.reply(conn, [
                    { type: 'pubsubActivity', linkId: conn.linkId },
                    { type: 'hello', linkId: conn.linkId, payload },
                ]);
            }
        }
    }
    refusesPubsub(node) {
        return this.refusing.some((f) => f.node === node.ip);
    }
    /** The hostile peer: a hello with sentinel#i's identity and view but the fault's epochs. */
    hostileHello(f) {
        for (const text of [f.epoch, f.configEpoch]) {
            if (/^[0-9]{1,20}$/.test(text) && BigInt(text) <= EPOCH_MAX)
                this.knownEpochs.add(BigInt(text));
        }
        const node = this.nodesByAddr.get(`${f.node}:${NODE_PORT}`);
        const proc = this.sentinels[f.sentinel];
        const send = () => {
            if (this.now >= f.until)
                return;
            const master = proc?.brain?.state.masters.get('m0');
            if (node && node.alive && !node.paused && proc?.brain && master) {
                const payload = [
                    proc.ip,
                    SENTINEL_PORT,
                    proc.brain.state.myid,
                    f.epoch,
                    master.name,
                    master.addr.ip,
                    master.addr.port,
                    f.configEpoch,
                ].join(',');
                this.log(`hostile hello on ${node.address}: ${payload}`);
                this.relayHello(node, payload);
            }
            this.at(this.now + 1_000, send);
        };
        send();
    }
    replicasOf(node) {
        return this.nodes.filter((r) => r !== node &&
            r.alive &&
            r.role === 'slave' &&
            r.linkUp &&
            r.masterHost === node.ip &&
            r.masterPort === node.port);
    }
    // ------------------------------------------------------------------ data nodes
    dataStep() {
        for (const node of this.nodes) {
            if (!node.alive || node.paused)
                continue;
            if (node.role === 'master') {
                node.offset += 100;
                continue;
            }
            const target = this.nodesByAddr.get(`${node.masterHost}:${node.masterPort}`);
            const up = target !== undefined &&
                target.alive &&
                !target.paused &&
                !this.partitioned(node.ip, target.ip) &&
                T0 + this.now >= node.syncReadyAt;
            if (up) {
                node.offset = target.offset;
                node.linkUp = true;
                node.linkDownSince = -1;
            }
            else if (node.linkUp || node.linkDownSince < 0) {
                node.linkUp = false;
                node.linkDownSince = T0 + this.now;
            }
        }
        for (let m = 0; m < this.schedule.topology.masters; m++) {
            const writable = this.nodes.filter((n) => n.group === m &&
                n.alive &&
                !n.paused &&
                n.role === 'master' &&
                T0 + this.now >= n.writesPausedUntil);
            if (writable.length > 1) {
                this.stats.dualPrimaryMs += TICK_MS;
                this.checkSplitBrain(m, writable);
            }
        }
        this.updateReach();
        this.checkDetection();
        this.at(this.now + TICK_MS, () => this.dataStep());
    }
    onSlaveOf(node, by, host, port) {
        this.log(`node ${node.address} SLAVEOF ${host === null ? 'NO ONE' : `${host} ${port}`} (from s${by.index})`);
        if (host !== null && node.role === 'master')
            this.checkFreshPrimary(node, `demoted by sentinel#${by.index}`);
        const role = node.role;
        node.slaveOf(host, port, T0 + this.now);
        if (node.role !== role)
            this.nodeChangedAt.set(node, this.now);
    }
    // ------------------------------------------------------------------ faults
    applyFault(f) {
        this.log(`FAULT ${describeFault(f)}`);
        this.faultActive();
        this.applyFaultNow(f);
        this.updateReach();
    }
    /** After anything that changes who can reach whom: fault starts and ends. */
    later(t, fn) {
        this.at(t, () => {
            fn();
            this.updateReach();
        });
    }
    applyFaultNow(f) {
        switch (f.kind) {
            case 'partition': {
                const p = { side: new Set(f.side), until: f.until };
                this.partitions.push(p);
                this.netChangedAt = this.now;
                this.lastFaultAt = Math.max(this.lastFaultAt, f.until);
                this.later(f.until, () => {
                    this.partitions.splice(this.partitions.indexOf(p), 1);
                    this.netChangedAt = this.now;
                    this.log('partition healed');
                });
                return;
            }
            case 'degrade':
                this.degrades.push(f);
                this.netChangedAt = this.now;
                this.lastFaultAt = Math.max(this.lastFaultAt, f.until);
                this.later(f.until, () => {
                    this.degrades.splice(this.degrades.indexOf(f), 1);
                    this.netChangedAt = this.now;
                });
                return;
            case 'refusePubsub': {
                this.refusing.push(f);
                this.lastFaultAt = Math.max(this.lastFaultAt, f.until);
                this.at(f.until, () => this.refusing.splice(this.refusing.indexOf(f), 1));
                const node = this.nodesByAddr.get(`${f.node}:${NODE_PORT}`);
                for (const conn of node ? [...(this.subscribers.get(node) ?? [])] : [])
                    this.killConn(conn, 'Connection closed by server');
                return;
            }
            case 'garbleInfo':
                this.garbling.push(f);
                this.lastFaultAt = Math.max(this.lastFaultAt, f.until);
                this.at(f.until, () => this.garbling.splice(this.garbling.indexOf(f), 1));
                return;
            case 'hostileHello':
                this.lastFaultAt = Math.max(this.lastFaultAt, f.until);
                this.hostileHello(f);
                return;
            case 'flushFail':
                this.flushFails.push(f);
                this.lastFaultAt = Math.max(this.lastFaultAt, f.until);
                this.at(f.until, () => this.flushFails.splice(this.flushFails.indexOf(f), 1));
                return;
            case 'crashSentinel': {
                const proc = this.sentinels[f.sentinel];
                if (!proc || !proc.alive)
                    return;
                if (f.batch === null) {
                    this.crashSentinel(proc, f.downMs);
                    return;
                }
                proc.crashArm = { effects: f.batch, downMs: f.downMs };
                // Disarmed if no batch with a flush comes within 5 s.
                const life = proc.life;
                this.lastFaultAt = Math.max(this.lastFaultAt, f.at + 5_000);
                this.at(f.at + 5_000, () => {
                    if (proc.life === life)
                        proc.crashArm = null;
                });
                return;
            }
            case 'crashNode': {
                const node = this.nodesByAddr.get(`${f.node}:${NODE_PORT}`);
                if (!node || !node.alive)
                    return;
                node.alive = false;
                this.nodeChangedAt.set(node, this.now);
                this.nodeQueues.set(node, []);
                for (const proc of this.sentinels)
                    for (const c of [...proc.conns.values()])
                        if (c.target.kind === 'node' && c.target.node === node)
                            this.killConn(c, 'Connection reset by peer');
                this.lastFaultAt = Math.max(this.lastFaultAt, f.at + f.downMs);
                this.later(f.at + f.downMs, () => {
                    node.restart(T0 + this.now);
                    this.nodeChangedAt.set(node, this.now);
                    this.log(`node ${node.address} restarted as ${node.role} run_id ${node.runId.slice(0, 8)}`);
                });
                return;
            }
            case 'pauseNode': {
                const node = this.nodesByAddr.get(`${f.node}:${NODE_PORT}`);
                if (!node || !node.alive || node.paused)
                    return;
                node.paused = true;
                this.nodeChangedAt.set(node, this.now);
                this.lastFaultAt = Math.max(this.lastFaultAt, f.at + f.durationMs);
                this.later(f.at + f.durationMs, () => {
                    if (!node.paused)
                        return;
                    node.paused = false;
                    this.nodeChangedAt.set(node, this.now);
                    const queued = this.nodeQueues.get(node) ?? [];
                    this.nodeQueues.set(node, []);
                    for (const fn of queued)
                        fn();
                });
                return;
            }
            case 'stallSentinel': {
                const proc = this.sentinels[f.sentinel];
                if (!proc || !proc.alive || proc.stalled)
                    return;
                if (f.afterAsk === true) {
                    // Armed: the stall starts 1 ms after its next IS-MASTER-DOWN-BY-ADDR leaves.
                    const life = proc.life;
                    proc.stallArm = f.durationMs;
                    this.lastFaultAt = Math.max(this.lastFaultAt, f.at + STALL_ARM_MS + f.durationMs);
                    this.at(f.at + STALL_ARM_MS, () => {
                        if (proc.life === life)
                            proc.stallArm = null;
                    });
                    return;
                }
                this.stall(proc, f.durationMs);
                return;
            }
            case 'clockJump': {
                const proc = this.sentinels[f.sentinel];
                if (proc) {
                    proc.clockOffset += f.deltaMs;
                    proc.clockJumpAt = this.now;
                    // Times it stored before a jump back by d look d in the future until d has passed.
                    // Backward jumps add up: times stored before the first look in the future until the
                    // clock has made up all of them (seed 212657: -8.7 s, then -9.3 s a second later).
                    proc.clockSettledAt = Math.max(proc.clockSettledAt, this.now) + Math.max(0, -f.deltaMs);
                }
                this.lastFaultAt = Math.max(this.lastFaultAt, f.at + Math.max(0, -f.deltaMs));
                return;
            }
        }
    }
    /** SIGSTOP for `durationMs`: timers and socket input pile up and run together at resume. */
    stall(proc, durationMs) {
        if (!proc.alive || proc.stalled)
            return;
        this.log(`s${proc.index} STALLED for ${durationMs}ms`);
        this.faultActive();
        proc.stalled = true;
        proc.tickMissed = false;
        const life = proc.life;
        this.lastFaultAt = Math.max(this.lastFaultAt, this.now + durationMs);
        this.later(this.now + durationMs, () => {
            if (!proc.alive || proc.life !== life)
                return;
            proc.stalled = false;
            proc.stallEndAt = this.now;
            const queued = proc.stallQueue;
            proc.stallQueue = [];
            // The missed timer and the piled-up socket input run in any order.
            if (proc.tickMissed) {
                const tick = () => this.runOn(proc, life, (b, t) => b.handle({ type: 'tick' }, t));
                queued.splice(this.net.int(queued.length + 1), 0, tick);
            }
            for (const fn of queued)
                fn();
        });
    }
    // ------------------------------------------------------------------ invariants
    /**
     * Invariant 8 (split brain, per step): two nodes of a group accepting writes at once only
     * while a fault is active or within SPLIT_BRAIN_BOUND_MS after the last one ended.
     */
    checkSplitBrain(group, writable) {
        const after = this.now - this.lastFaultAt;
        this.stats.dualAfterFaultMs = Math.max(this.stats.dualAfterFaultMs, after);
        if (after > SPLIT_BRAIN_BOUND_MS) {
            this.fail(`split brain in m${group}: ${writable.map((n) => n.address).join(' and ')} both accept writes ${after}ms after the last fault ended (bound ${SPLIT_BRAIN_BOUND_MS}ms)`);
        }
    }
    /** Who cannot reach which node now: the node is down or paused, or a partition is between. */
    updateReach() {
        for (const proc of this.sentinels) {
            for (const node of this.nodes) {
                const key = `${proc.index}|${node.address}`;
                const cut = !node.alive || node.paused || this.partitioned(proc.ip, node.ip);
                if (!cut)
                    this.unreachable.delete(key);
                else if (!this.unreachable.has(key))
                    this.unreachable.set(key, this.now);
            }
        }
    }
    /**
     * Invariant 9 (detection): a running sentinel, out of TILT, that has not been able to reach
     * the node it names as a master for down-after + its PING interval (a ping-period if its
     * command connection to the node dropped meanwhile) + SDOWN_SLACK_MS
     * (SDOWN_DEGRADED_SLACK_MS if a degraded link or a partition began or ended meanwhile or in
     * the second before) has
     * flagged it +sdown. The
     * window starts no earlier than its boot, its last stall, TILT last seen, the master's
     * current address in its view, and the moment a clock set back by d has caught up (d after
     * the jump: the times it stored before look that far in the future until then).
     */
    checkDetection() {
        for (const proc of this.sentinels) {
            const brain = proc.brain;
            if (!proc.alive || proc.stalled || !brain)
                continue;
            if (brain.state.tilt) {
                proc.tiltSeenAt = this.now;
                continue;
            }
            for (const master of brain.state.masters.values()) {
                const addr = `${master.addr.ip}:${master.addr.port}`;
                const seen = proc.masterAddr.get(master.name);
                if (!seen || seen.addr !== addr) {
                    proc.masterAddr.set(master.name, { addr, since: this.now });
                    continue;
                }
                const since = this.unreachable.get(`${proc.index}|${addr}`);
                if (since === undefined || master.flags.sDown)
                    continue;
                const from = Math.max(since, proc.bootAt, proc.stallEndAt, proc.clockSettledAt, proc.tiltSeenAt, seen.since);
                const node = this.nodesByAddr.get(addr);
                const degraded = 
                // (up to a second before the window too: packets queued behind delayed ones arrive late)
                this.netChangedAt > from - PING_PERIOD_MS ||
                    (node !== undefined && this.degradeFor(proc.ip, node.ip) !== null);
                // A dropped command connection is retried after up to a ping-period, and a reconnect
                // with no PING pending starts the down-after clock again (as Sentinel 7.0's PING on
                // every new connection does): then the wait is a ping-period, not the PING interval.
                const dropped = this.cmdDroppedAt.get(`${proc.index}|${addr}`) ?? -Infinity;
                const interval = dropped >= from - PING_PERIOD_MS ? PING_PERIOD_MS : Math.min(this.downAfterMs, PING_PERIOD_MS);
                const bound = this.downAfterMs + interval + (degraded ? SDOWN_DEGRADED_SLACK_MS : SDOWN_SLACK_MS);
                if (this.now - from > bound) {
                    this.fail(`sentinel#${proc.index} has not been able to reach ${master.name}'s ${addr} for ${this.now - from}ms (down-after ${this.downAfterMs}ms) and has not flagged it +sdown`);
                    return;
                }
            }
        }
    }
    /** Invariant 11's record: the run of role:master INFO replies this sentinel has handled. */
    trackRole(proc, node, text, now) {
        const key = `${proc.index}|${proc.life}|${node.address}`;
        if (text !== null && /^role:master\r?$/m.test(text)) {
            if (!this.masterRuns.has(key))
                this.masterRuns.set(key, { local: now, virtual: this.now });
        }
        else
            this.masterRuns.delete(key);
    }
    /**
     * Invariant 11 (conversion): `+convert-to-slave` of a node that reports the master role only
     * after the INFO replies this sentinel handled from it have said role:master, with no reply
     * in between that said otherwise or had no role line, for more than 4 × publish-period
     * (on the sentinel's clock or on the true one: a clock jump may shorten either).
     */
    checkConversion(proc, ip, port) {
        const brain = proc.brain;
        if (!brain)
            return;
        const addr = `${ip}:${port}`;
        const start = this.masterRuns.get(`${proc.index}|${proc.life}|${addr}`);
        const wait = brain.state.timers['publish-period'] * 4;
        const now = this.localNow(proc);
        if (start === undefined) {
            this.fail(`sentinel#${proc.index} converted ${addr}, whose last INFO it handled did not report role:master`);
        }
        else if (now - start.local <= wait && this.now - start.virtual <= wait) {
            // Both clocks: the sentinel's own (which may have jumped) and the true one.
            this.fail(`sentinel#${proc.index} converted ${addr} when its INFO had reported role:master without a gap for ${now - start.local}ms only (wait ${wait}ms)`);
        }
    }
    /**
     * Invariant 10 (a failover needs a master that looked down): at +try-failover, if a PING
     * reply of the master reached the sentinel (handled, or queued by a stall) more than
     * down-after + STALE_DOWN_EXTRA_MS before, and since then the node has not crashed, paused, resumed or changed
     * role, no partition or degraded link began or ended anywhere, and the sentinel's clock did
     * not jump, the sentinel had proof in hand that the master was up: a violation.
     */
    checkStaleDown(proc, name, addr) {
        const node = this.nodesByAddr.get(addr);
        const arrival = this.pongArrivals.get(`${proc.index}|${proc.life}|${addr}`);
        if (!node || arrival === undefined || node.role !== 'master' || !node.alive || node.paused)
            return;
        if (this.now - arrival <= this.downAfterMs + STALE_DOWN_EXTRA_MS)
            return;
        const changed = Math.max(this.nodeChangedAt.get(node) ?? 0, this.netChangedAt, proc.clockJumpAt);
        if (changed >= arrival || this.degradeFor(proc.ip, node.ip) || this.partitioned(proc.ip, node.ip))
            return;
        this.fail(`sentinel#${proc.index} started a failover of ${name} (${addr}) although a PING reply of that node reached it ${this.now - arrival}ms before, with the node reachable and unchanged since`);
    }
    onPublish(proc, channel, message) {
        const brain = proc.brain;
        if (!brain)
            return;
        if (this.tracing && channel.startsWith('+'))
            this.log(`s${proc.index} PUBLISHED ${channel} ${message}`);
        const words = message.split(' ');
        switch (channel) {
            case '+vote-for-leader': {
                // Payload `<runid> <epoch>`: the master is the one whose stored vote this is.
                const runId = words[words.length - 2] ?? '';
                const epoch = BigInt(words[words.length - 1] ?? '0');
                for (const master of brain.state.masters.values()) {
                    if (master.leader === runId && master.leaderEpoch === epoch)
                        this.recordVote(proc, master.name, epoch, runId, 'event');
                }
                return;
            }
            case '+elected-leader': {
                const name = words[1] ?? '';
                const master = brain.state.masters.get(name);
                if (!master)
                    return;
                const key = `${name}|${master.failoverEpoch}`;
                const leader = this.leaders.get(key);
                if (leader !== undefined && leader !== proc.index) {
                    this.fail(`two leaders for ${name} in epoch ${master.failoverEpoch}: sentinel#${leader} and sentinel#${proc.index}`);
                }
                this.leaders.set(key, proc.index);
                this.stats.failovers++;
                return;
            }
            case '+try-failover': {
                const master = brain.state.masters.get(words[1] ?? '');
                if (master && !master.flags.oDown && !master.flags.forceFailover) {
                    this.fail(`sentinel#${proc.index} started a failover of ${master.name} without ODOWN`);
                }
                if (master) {
                    const node = this.nodesByAddr.get(`${master.addr.ip}:${master.addr.port}`);
                    if (node)
                        this.checkFreshPrimary(node, `failover started by sentinel#${proc.index}`);
                    this.checkStaleDown(proc, master.name, `${master.addr.ip}:${master.addr.port}`);
                }
                return;
            }
            case '+convert-to-slave':
                this.checkConversion(proc, words[2] ?? '', words[3] ?? '');
                return;
            case '+selected-slave':
                this.checkSelected(proc, words[5] ?? '');
                return;
        }
    }
    recordVote(proc, master, epoch, runId, how) {
        const key = `${proc.index}|${master}|${epoch}`;
        const prev = this.votes.get(key);
        if (prev && prev.runId.toLowerCase() !== runId.toLowerCase()) {
            if (prev.life === proc.life || !prev.tainted) {
                this.fail(`sentinel#${proc.index} voted twice in epoch ${epoch} for ${master}: ${prev.runId} (life ${prev.life}) then ${runId} (life ${proc.life}, ${how})`);
            }
        }
        if (!prev)
            this.votes.set(key, { runId, life: proc.life, tainted: proc.tainted });
        else if (proc.tainted)
            prev.tainted = true;
    }
    /** After a restart: every vote it told others about (from an untainted life) is remembered. */
    checkRestoredVotes(proc) {
        const brain = proc.brain;
        if (!brain)
            return;
        for (const [key, vote] of this.votes) {
            const [index, master, epochText] = key.split('|');
            if (Number(index) !== proc.index || vote.tainted)
                continue;
            const epoch = BigInt(epochText ?? '0');
            const m = brain.state.masters.get(master ?? '');
            if (brain.state.currentEpoch < epoch || (m && m.leaderEpoch < epoch)) {
                this.fail(`sentinel#${proc.index} restarted with current-epoch ${brain.state.currentEpoch} and leader-epoch ${m?.leaderEpoch ?? '?'} for ${master}, but had told others it voted in epoch ${epoch} (its config write had not failed)`);
                return;
            }
        }
    }
    checkEpochs(proc) {
        const brain = proc.brain;
        if (!brain)
            return;
        const state = brain.state;
        // Invariant 12: epochs are exact u64 values that exist: a rise is by one (our own failover)
        // or to an epoch some sentinel held or some message carried as a valid epoch (or one more).
        const real = (e, prev) => e <= prev || e === prev + 1n || this.knownEpochs.has(e) || this.knownEpochs.has(e - 1n);
        if (state.currentEpoch < 0n ||
            state.currentEpoch > EPOCH_MAX ||
            !real(state.currentEpoch, proc.maxCurrentEpoch))
            this.fail(`sentinel#${proc.index} current epoch became ${state.currentEpoch}, which no sentinel held and no message carried`);
        for (const master of state.masters.values()) {
            const prev = proc.maxConfigEpoch.get(master.name) ?? 0n;
            const epoch = master.configEpoch;
            if (epoch < 0n || epoch > EPOCH_MAX || (epoch !== state.currentEpoch && !real(epoch, prev)))
                this.fail(`sentinel#${proc.index} config epoch of ${master.name} became ${master.configEpoch}, which no sentinel held and no message carried`);
        }
        if (state.currentEpoch < proc.maxCurrentEpoch && !proc.tainted) {
            this.fail(`sentinel#${proc.index} current epoch went down from ${proc.maxCurrentEpoch} to ${state.currentEpoch}`);
        }
        proc.maxCurrentEpoch = maxEpoch(proc.maxCurrentEpoch, state.currentEpoch);
        for (const master of state.masters.values()) {
            const prev = proc.maxConfigEpoch.get(master.name) ?? 0n;
            if (master.configEpoch < prev && !proc.tainted) {
                this.fail(`sentinel#${proc.index} config epoch of ${master.name} went down from ${prev} to ${master.configEpoch}`);
            }
            proc.maxConfigEpoch.set(master.name, maxEpoch(prev, master.configEpoch));
            this.knownEpochs.add(master.configEpoch);
        }
        this.knownEpochs.add(state.currentEpoch);
    }
    checkSelected(proc, name) {
        const brain = proc.brain;
        const master = brain?.state.masters.get(name);
        const replica = master?.promoted;
        if (!brain || !master || !replica)
            return;
        const node = this.nodesByAddr.get(`${replica.addr.ip}:${replica.addr.port}`);
        const now = this.localNow(proc);
        const timers = brain.state.timers;
        const what = `sentinel#${proc.index} selected ${replica.addr.ip}:${replica.addr.port} for ${name}`;
        if ((node && node.priority === 0) || replica.slavePriority === 0)
            this.fail(`${what}: replica priority is 0`);
        if (!replica.link.cmdConnected)
            this.fail(`${what}: replica is disconnected`);
        const validity = master.flags.sDown ? timers['ping-period'] * 5 : timers['info-period'] * 3;
        if (now - replica.infoRefresh > validity)
            this.fail(`${what}: its INFO is ${now - replica.infoRefresh}ms old`);
        let maxDown = master.downAfterMs * 10;
        if (master.flags.sDown)
            maxDown += now - master.sDownSince;
        if (replica.masterLinkDownTime > maxDown)
            this.fail(`${what}: its master link has been down ${replica.masterLinkDownTime}ms`);
    }
    /** A freshly promoted primary that stayed healthy with no fault anywhere must be left alone. */
    checkFreshPrimary(node, what) {
        if (node.promotedAt < 0 || !node.alive || node.role !== 'master')
            return;
        const since = node.promotedAt - T0;
        if (this.now - since > FRESH_PRIMARY_MS)
            return;
        if (this.lastFaultAt >= since)
            return;
        // Two leaders of different epochs promoted two nodes at about the same time (seed 261186):
        // the later promotion carries the newer configuration, and the earlier node is demoted by
        // the protocol itself, so acting on it is not acting on "the" fresh primary.
        if (this.nodes.some((n) => n !== node && n.group === node.group && n.promotedAt > node.promotedAt))
            return;
        this.fail(`healthy primary ${node.address}, promoted ${this.now - since}ms ago with no fault since: ${what}`);
    }
    checkConvergence() {
        const live = this.sentinels.filter((s) => s.alive && s.brain);
        if (live.length !== this.sentinels.length) {
            this.fail('a sentinel is still down at the end of the run');
            return;
        }
        for (let m = 0; m < this.schedule.topology.masters; m++) {
            const name = `m${m}`;
            const views = live.map((s) => {
                const master = s.brain?.state.masters.get(name);
                return master ? `${master.addr.ip}:${master.addr.port}@${master.configEpoch}` : 'none';
            });
            if (new Set(views).size !== 1) {
                this.fail(`no convergence ${CONVERGENCE_BOUND_MS}ms after the last fault: sentinels see ${name} as ${views.join(', ')}`);
                return;
            }
            const primaryAddr = (views[0] ?? '').split('@')[0] ?? '';
            const primary = this.nodesByAddr.get(primaryAddr);
            if (!primary || primary.role !== 'master') {
                this.fail(`sentinels agree ${name} is ${primaryAddr}, but that node is ${primary ? primary.role : 'unknown'}`);
                return;
            }
            for (const node of this.nodes) {
                if (node.group !== m || node === primary)
                    continue;
                if (node.role !== 'slave' ||
                    `${node.masterHost}:${node.masterPort}` !== primaryAddr ||
                    !node.linkUp) {
                    this.fail(`node ${node.address} of ${name} is ${node.role}${node.role === 'slave' ? ` of ${node.masterHost}:${node.masterPort} link ${node.linkUp ? 'up' : 'down'}` : ''}, sentinels say the primary is ${primaryAddr}`);
                    return;
                }
            }
        }
    }
}
function describeAction(a) {
    if (isLinkAction(a)) {
        switch (a.type) {
            case 'connect':
                return `connect ${a.which} ${a.spec.linkId} ${a.spec.host}:${a.spec.port}`;
            case 'replicaOf':
                return `replicaOf ${a.linkId} ${a.host === null ? 'NO ONE' : `${a.host} ${a.port}`}`;
            case 'askMasterDown':
                return `askMasterDown ${a.linkId} ${a.args.join(' ')}`;
            case 'publishHello':
                return `publishHello ${a.linkId} ${a.payload}`;
            default:
                return `${a.type} ${a.linkId}`;
        }
    }
    switch (a.type) {
        case 'event':
            return `event ${a.name} ${a.payload}`;
        case 'log':
            return `log ${a.message}`;
        default:
            return a.type;
    }
}
/** Run one schedule. With `trace`, every input, action and fault is recorded. */
export function runSchedule(schedule, trace = false) {
    return new World(schedule, trace).run();
}

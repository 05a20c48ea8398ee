/**
 * The Brain: Vigil's pure Sentinel core. It owns the state, turns inputs (ticks, link events,
 * replies, hellos) into actions, and serves the state-changing commands. Detection and
 * discovery live in links/info/hello/detect; election and failover in election/failover/tilt,
 * which reach back through the CoreContext this class implements.
 *
 * No sockets, timers, files or clock: `now` comes with every call; randomness and the
 * script-path check are injected.
 */
import { defaultTimers } from '../constants.js';
import * as election from './election.js';
import * as failover from './failover.js';
import { checkTilt, stalledSince } from './tilt.js';
import { announceAddr, instanceEvent, plainEvent } from './events.js';
import { LinkTable, handleLinkDown, handleLinkUp, handlePingReply, handleSubscribeFailed, isDisconnected, reconnectInstance, replicaOfCommands, sendPeriodicCommands, } from './links.js';
import { applyInfo } from './info.js';
import { handlePublishReply, processHello, sendHello } from './hello.js';
import { checkSubjectivelyDown } from './detect.js';
import { handlePauseReply, pausedAt, updateFences } from './fencing.js';
import { applyVigilDirective } from './vigil-options.js';
import { applyDirective } from './directives.js';
import { configSet, monitorMaster, removeMaster, resetMasters, setMasterOption } from './commands.js';
import { resetMasterAndChangeAddress } from './instances.js';
import { forgetPeerReports } from './asking.js';
import { ipLiteral } from './parse.js';
export function defaultSettings() {
    return {
        announceIp: null,
        announcePort: 0,
        denyScriptsReconfig: true,
        sentinelUser: null,
        sentinelPass: null,
        resolveHostnames: false,
        announceHostnames: false,
        requirePass: null,
        port: 26379,
        fenceStalePrimary: true,
        fenceOnMinority: false,
        logFormat: 'auto',
        httpPort: 0,
        httpBind: '127.0.0.1',
        httpToken: '',
        historyMax: 1000,
    };
}
export class Brain {
    state;
    links;
    outbox = [];
    randomFn;
    canExecuteFn;
    constructor(options = {}) {
        this.randomFn = options.random ?? ((n) => Math.floor(Math.random() * n));
        this.canExecuteFn = options.canExecute ?? (() => true);
        this.state = {
            myid: '',
            currentEpoch: 0n,
            masters: new Map(),
            settings: { ...defaultSettings(), ...options.settings },
            timers: { ...defaultTimers(), ...options.timers },
            tilt: false,
            tiltStartTime: 0,
            previousTickTime: 0,
            simulateFailureFlags: 0,
        };
        this.links = new LinkTable((action) => this.emit(action));
    }
    // ---------------------------------------------------------------- CoreContext
    /** Queue an action. Command actions are counted as pending on their link here, once. */
    emit(action) {
        if (action.type === 'flushConfig') {
            // One flush persists the whole state; the executor runs the batch after the core is done.
            if (this.outbox.some((a) => a.type === 'flushConfig'))
                return;
        }
        this.links.countCommand(action);
        this.outbox.push(action);
    }
    event(level, name, instance, extra) {
        this.emit(instanceEvent(this.state.settings, level, name, instance, extra));
    }
    plainEvent(level, name, instance, payload) {
        this.emit(plainEvent(this.state.settings, level, name, instance, payload));
    }
    random(n) {
        return this.randomFn(n);
    }
    canExecute(path) {
        return this.canExecuteFn(path);
    }
    /** The SLAVEOF transaction (6 commands, counted as pending); false when not connected. */
    sendReplicaOf(instance, host, port, _now) {
        if (!instance.link.cmdConnected)
            return false;
        this.emit({
            type: 'replicaOf',
            linkId: instance.link.id,
            commands: replicaOfCommands(instance),
            host,
            port,
        });
        return true;
    }
    flush() {
        this.emit({ type: 'flushConfig' });
    }
    resetMasterAndChangeAddress(master, host, ip, port, now) {
        // Whatever the peers said about the old address must not count against the new one
        // (no extra failover of a freshly promoted primary from stale down reports).
        forgetPeerReports(master);
        const addr = { host, ip: ip !== '' ? ip : (ipLiteral(host) ?? ''), port };
        const owed = pausedAt(master, addr);
        resetMasterAndChangeAddress(this, master, addr, now);
        master.unpauseOwed = owed;
    }
    announcedHost(instance) {
        return announceAddr(this.state.settings, instance.addr);
    }
    /** Sentinel 7.0 `sentinelForceHelloUpdateForMaster`: push last_pub_time back one period. */
    forceHello(master) {
        const back = this.state.timers['publish-period'] + 1;
        const push = (instance) => {
            if (instance.lastPubTime >= back)
                instance.lastPubTime -= back;
        };
        push(master);
        for (const sentinel of master.sentinels.values())
            push(sentinel);
        for (const replica of master.replicas.values())
            push(replica);
    }
    /** Usable link: Sentinel's `!link->disconnected` (command, and pub/sub for masters/replicas). */
    isLinkConnected(instance) {
        return !isDisconnected(instance);
    }
    /** §19 equality: same port and the same IP, or the same hostname case-insensitively. */
    findReplica(master, host, port) {
        const lower = host.toLowerCase();
        for (const replica of master.replicas.values()) {
            if (replica.addr.port !== port)
                continue;
            if ((replica.addr.ip !== '' && replica.addr.ip === host) || replica.addr.host.toLowerCase() === lower) {
                return replica;
            }
        }
        return null;
    }
    // ---------------------------------------------------------------- Core: inputs
    handle(input, now) {
        try {
            // A reply that arrives right after a stall (a paused VM, a stopped process) must not be
            // acted on with the down states of before the stall: run the timer first, which notices
            // the gap, enters TILT and so stops every judgement the reply could trigger. Sentinel
            // 7.0 decides from its timer, which checks TILT first; replies only record.
            if (input.type !== 'tick' && stalledSince(this.state, now))
                this.tick(now);
            this.dispatch(input, now);
        }
        catch (err) {
            // Bad input must never take the daemon down: log and carry on.
            const message = err instanceof Error ? err.message : String(err);
            this.emit({
                type: 'log',
                level: 'warning',
                message: `Internal error handling ${input.type}: ${message}`,
            });
        }
    }
    dispatch(input, now) {
        switch (input.type) {
            case 'tick':
                this.tick(now);
                break;
            case 'linkUp':
                handleLinkUp(this, input.linkId, input.which, input.localIp, input.resolvedIp, now);
                break;
            case 'linkDown':
                handleLinkDown(this, input.linkId, input.which, input.error);
                break;
            case 'pingReply':
                handlePingReply(this, input.linkId, input.reply, now);
                break;
            case 'infoReply': {
                const entry = this.links.replied(input.linkId);
                if (entry === undefined || input.text === null)
                    break;
                for (const user of [...entry.users]) {
                    if (user.kind !== 'sentinel')
                        applyInfo(this, user, input.text, now);
                }
                break;
            }
            case 'publishReply':
                handlePublishReply(this, input.linkId, input.ok, now);
                break;
            case 'hello':
                if (input.linkId !== null)
                    this.touchPubsub(input.linkId, now);
                processHello(this, input.payload, now);
                break;
            case 'pubsubActivity':
                this.touchPubsub(input.linkId, now);
                break;
            case 'subscribeFailed':
                handleSubscribeFailed(this, input.linkId);
                break;
            case 'askReply': {
                if (this.links.replied(input.linkId) === undefined)
                    break;
                const master = this.state.masters.get(input.masterName);
                const peer = master?.sentinels.get(input.peerRunId);
                if (master !== undefined && peer !== undefined) {
                    election.handleAskReply(this, master, peer, input.reply, now);
                }
                break;
            }
            case 'pauseReply':
                handlePauseReply(this, input.linkId, input.error);
                break;
            case 'commandReply':
                this.links.replied(input.linkId, Math.max(0, input.count));
                break;
        }
    }
    touchPubsub(linkId, now) {
        const entry = this.links.entry(linkId);
        if (entry !== undefined)
            entry.link.pubsubLastActivity = now;
    }
    /**
     * One timer run (spec §11 order): TILT check; per master its own monitoring and acting half
     * (SDOWN, ODOWN, failover start, state machine, asking peers), then its replicas and
     * sentinels; finally the switch of masters whose failover reached update_config.
     */
    tick(now) {
        checkTilt(this, now);
        const toSwitch = [];
        for (const master of [...this.state.masters.values()]) {
            if (this.state.masters.get(master.name) !== master)
                continue;
            this.handleInstance(master, now);
            for (const replica of [...master.replicas.values()]) {
                if (master.replicas.get(replica.name) === replica)
                    this.handleInstance(replica, now);
            }
            for (const sentinel of [...master.sentinels.values()]) {
                if (master.sentinels.get(sentinel.name) === sentinel)
                    this.handleInstance(sentinel, now);
            }
            if (!this.state.tilt && this.state.masters.get(master.name) === master) {
                updateFences(this, master, now);
            }
            if (master.failoverState === 'update_config')
                toSwitch.push(master);
        }
        for (const master of toSwitch)
            failover.switchMasterAfterFailover(this, master, now);
    }
    handleInstance(instance, now) {
        reconnectInstance(this, instance, now);
        sendPeriodicCommands(this, instance, now, (target) => sendHello(this, target));
        if (this.state.tilt)
            return;
        checkSubjectivelyDown(this, instance, now);
        if (instance.kind !== 'master')
            return;
        election.checkObjectivelyDown(this, instance, now);
        if (failover.startFailoverIfNeeded(this, instance, now)) {
            election.askMasterStateToOtherSentinels(this, instance, true, now);
        }
        failover.runFailoverStateMachine(this, instance, now);
        election.askMasterStateToOtherSentinels(this, instance, false, now);
    }
    takeActions() {
        const actions = this.outbox;
        this.outbox = [];
        return actions;
    }
    // ---------------------------------------------------------------- Core: config and commands
    applyConfigDirective(args, now) {
        return applyDirective(this, args, now);
    }
    applyVigilDirective(args) {
        return applyVigilDirective(this.state, args);
    }
    /** Sentinel 7.0 startup: a new myid is generated (and flushed) if missing, then `+monitor`s. */
    start(now) {
        void now;
        if (this.state.myid === '') {
            let id = '';
            for (let i = 0; i < 40; i++)
                id += '0123456789abcdef'[this.randomFn(16) & 15];
            this.state.myid = id;
            this.flush();
        }
        this.emit({ type: 'log', level: 'warning', message: `Sentinel ID is ${this.state.myid}` });
        for (const master of this.state.masters.values()) {
            this.event('warning', '+monitor', master, `quorum ${master.quorum}`);
        }
    }
    monitor(name, addr, quorum, now) {
        return monitorMaster(this, name, addr, quorum, now);
    }
    remove(name, _now) {
        return removeMaster(this, name);
    }
    setOption(masterName, option, value, value2, _now) {
        return setMasterOption(this, masterName, option, value, value2);
    }
    reset(pattern, now) {
        return resetMasters(this, pattern, now);
    }
    requestFailover(name, now) {
        const master = this.state.masters.get(name);
        if (master === undefined)
            return 'NOMASTER';
        return failover.requestFailover(this, master, now);
    }
    isMasterDownByAddr(ip, port, reqEpoch, reqRunId, now) {
        return election.isMasterDownByAddr(this, ip, port, reqEpoch, reqRunId, now);
    }
    ckquorum(name) {
        const master = this.state.masters.get(name);
        return master === undefined ? null : election.ckquorum(this, master);
    }
    setTimer(name, ms) {
        this.state.timers[name] = ms;
    }
    configSet(param, value, _now) {
        return configSet(this, param, value);
    }
    setSimulateFailure(flags) {
        this.state.simulateFailureFlags = flags;
    }
    flushConfig() {
        this.flush();
    }
}

/**
 * Links to instances (spec §5, §6): the registry the runtime's link ids resolve through,
 * sharing of sentinel links, (re)connection with throttling, and the periodic INFO / PING
 * commands with their pending-command accounting.
 *
 * Contract with the runtime (see also inputs.ts):
 * - every `connect` ends in exactly one `linkUp` or `linkDown` for that connection;
 * - every command action (ping, info, publishHello, askMasterDown, replicaOf = 6 commands,
 *   scriptKill, pauseWrites) gets its replies back as inputs, in send order per connection;
 * - when a command connection drops, the runtime fails all its pending commands without
 *   sending reply inputs for them: the `linkDown` input alone clears the pending count;
 * - `closeLink` is the core's decision: the core already counts that connection as down and
 *   expects neither a `linkDown` nor replies for it. Closing a connection that is not open is
 *   a no-op for the runtime.
 */
import { FENCE, PROTOCOL } from '../constants.js';
import { masterOf } from './events.js';
import { failoverInfoPeriod } from './failover.js';
import { watchingStaleReplica } from './fencing.js';
/** Pending commands each command action adds on its link (Sentinel 7.0 counts every command). */
const COMMAND_COST = {
    ping: 1,
    info: 1,
    publishHello: 1,
    // askMasterDown is counted by the asking module itself (asking.ts).
    scriptKill: 1,
    pauseWrites: 1,
    // MULTI, SLAVEOF, CONFIG REWRITE, CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub, EXEC.
    replicaOf: 6,
};
export class LinkTable {
    emit;
    counter = 0;
    entries = new Map();
    constructor(emit) {
        this.emit = emit;
    }
    /** A fresh link: Sentinel 7.0 starts the ping clocks at creation, so a dead instance goes SDOWN. */
    create(now) {
        this.counter += 1;
        const link = {
            id: `L${this.counter}`,
            refcount: 1,
            cmdConnected: false,
            pubsubConnected: false,
            localIp: null,
            pendingCommands: 0,
            cmdConnTime: 0,
            pubsubConnTime: 0,
            pubsubLastActivity: 0,
            lastAvailTime: now,
            actPingTime: now,
            lastPingTime: 0,
            lastPongTime: now,
            lastReconnTime: 0,
        };
        this.entries.set(link.id, {
            link,
            users: new Set(),
            cmdConnecting: false,
            pubsubConnecting: false,
            publishOwners: [],
        });
        return link;
    }
    entry(linkId) {
        return this.entries.get(linkId);
    }
    /** Register `instance` as a user of the link it was created with. */
    adopt(instance) {
        this.entries.get(instance.link.id)?.users.add(instance);
    }
    /** Sentinel 7.0 connection sharing: drop the instance's own link and use `link` (refcount + 1). */
    share(instance, link) {
        if (instance.link === link)
            return;
        this.release(instance);
        instance.link = link;
        link.refcount += 1;
        this.entries.get(link.id)?.users.add(instance);
    }
    /** The instance stops using its link; the last user closes it. */
    release(instance) {
        const link = instance.link;
        const entry = this.entries.get(link.id);
        link.refcount -= 1;
        if (entry === undefined)
            return;
        entry.users.delete(instance);
        if (link.refcount > 0)
            return;
        this.closeConnection(link, 'both');
        this.entries.delete(link.id);
    }
    /** Close one or both connections now (Sentinel 7.0 `instanceLinkCloseConnection`). */
    closeConnection(link, which) {
        const entry = this.entries.get(link.id);
        let open = false;
        if (which !== 'pubsub') {
            open ||= link.cmdConnected || (entry?.cmdConnecting ?? false);
            link.cmdConnected = false;
            link.pendingCommands = 0;
            if (entry !== undefined) {
                entry.cmdConnecting = false;
                entry.publishOwners = [];
            }
        }
        if (which !== 'cmd') {
            open ||= link.pubsubConnected || (entry?.pubsubConnecting ?? false);
            link.pubsubConnected = false;
            if (entry !== undefined)
                entry.pubsubConnecting = false;
        }
        if (open)
            this.emit({ type: 'closeLink', linkId: link.id, which });
    }
    /** Pending-command accounting for a command action about to be queued. */
    countCommand(action) {
        const cost = COMMAND_COST[action.type];
        if (cost === undefined || !('linkId' in action))
            return;
        const entry = this.entries.get(action.linkId);
        if (entry !== undefined)
            entry.link.pendingCommands += cost;
    }
    /** A reply came back on the command connection. */
    replied(linkId, count = 1) {
        const entry = this.entries.get(linkId);
        if (entry !== undefined)
            entry.link.pendingCommands = Math.max(0, entry.link.pendingCommands - count);
        return entry;
    }
}
/** Sentinel 7.0's `link->disconnected`: sentinels need the command connection, others both. */
export function isDisconnected(instance) {
    const link = instance.link;
    return !link.cmdConnected || (instance.kind !== 'sentinel' && !link.pubsubConnected);
}
/**
 * Whether the periodic commands and hellos may go out: whenever the command connection is up.
 * Departure: Sentinel 7.0 sends nothing while `link->disconnected`, which a lost pub/sub
 * connection alone sets (it clears it when a reconnect starts, so PING goes out only in the
 * timer rounds that reopen the pub/sub connection). A master whose pub/sub connections keep
 * being refused (a proxy, an output-buffer limit, credentials that stopped working) was then
 * probed at most once per reconnect, and one that hung in between was never flagged down.
 * Vigil probes on the command connection regardless, so the down-after clock always runs.
 */
export function canSendPeriodic(instance) {
    return instance.link.cmdConnected;
}
/**
 * The name `command` (upper case) is sent as to `instance`: Sentinel 7.0 looks it up in the
 * master's rename-command table each time it sends a command (replicas and peer sentinels use
 * their master's table), so a `SENTINEL SET ... rename-command` applies from the next command
 * on, on the connections already open.
 */
export function wireName(instance, command) {
    const renamed = masterOf(instance).renamedCommands;
    // Most masters rename nothing: no lower-casing on the common path.
    return renamed.size === 0 ? command : (renamed.get(command.toLowerCase()) ?? command);
}
/** The wire names of the role-change transaction sent to `instance`. */
export function replicaOfCommands(instance) {
    return {
        multi: wireName(instance, 'MULTI'),
        slaveof: wireName(instance, 'SLAVEOF'),
        config: wireName(instance, 'CONFIG'),
        client: wireName(instance, 'CLIENT'),
        exec: wireName(instance, 'EXEC'),
    };
}
/**
 * How to open the instance's link: auth, client name, and the rename table for the handshake
 * (AUTH, CLIENT SETNAME, SUBSCRIBE) as it stands now (spec §5).
 */
export function linkSpec(ctx, instance) {
    const settings = ctx.state.settings;
    const master = masterOf(instance);
    let auth = null;
    if (instance.kind === 'sentinel') {
        // Sentinel 7.0: sentinel-user/sentinel-pass, else the legacy shared `requirepass` (no user).
        if (settings.sentinelPass !== null)
            auth = { user: settings.sentinelUser, pass: settings.sentinelPass };
        else if (settings.requirePass !== null)
            auth = { user: null, pass: settings.requirePass };
    }
    else if (master.authPass !== null) {
        auth = { user: master.authUser, pass: master.authPass };
    }
    const addr = instance.addr;
    return {
        linkId: instance.link.id,
        kind: instance.kind === 'sentinel' ? 'sentinel' : 'instance',
        host: settings.resolveHostnames || addr.ip === '' ? addr.host : addr.ip,
        port: addr.port,
        auth,
        renamedCommands: Object.fromEntries(master.renamedCommands),
        clientNamePrefix: `sentinel-${ctx.state.myid.slice(0, 8)}`,
        resolveHostnames: settings.resolveHostnames,
    };
}
/**
 * Sentinel 7.0 `sentinelReconnectInstance`: at most one attempt per ping-period per link, never
 * for port 0 (the invalid-address marker), only for the connections not open or opening.
 */
export function reconnectInstance(ctx, instance, now) {
    if (!isDisconnected(instance))
        return;
    const link = instance.link;
    const entry = ctx.links.entry(link.id);
    if (entry === undefined || instance.addr.port === 0)
        return;
    // last_reconn_time 0 means never tried.
    if (link.lastReconnTime !== 0 && now - link.lastReconnTime < ctx.state.timers['ping-period'])
        return;
    const wantCmd = !link.cmdConnected && !entry.cmdConnecting;
    const wantPubsub = instance.kind !== 'sentinel' && !link.pubsubConnected && !entry.pubsubConnecting;
    // Connections still opening count as there (Sentinel clears `disconnected` on connect start).
    if (!wantCmd && !wantPubsub)
        return;
    link.lastReconnTime = now;
    const spec = linkSpec(ctx, instance);
    // Sentinel 7.0 queues a PING on every new command connection, which starts the down-after
    // clock at the reconnect when no PING was pending. Vigil sends that PING once the connection
    // is up, so it starts the clock here: a dropped connection (a killed primary, a CLIENT KILL)
    // is then judged down-after from the reconnect, not from the last reply up to a ping-period
    // before the drop.
    // (A link that never connected keeps counting from its creation, as in Sentinel.)
    if (wantCmd && link.actPingTime === 0 && link.cmdConnTime !== 0)
        link.actPingTime = now;
    if (wantCmd) {
        entry.cmdConnecting = true;
        ctx.emit({ type: 'connect', which: 'cmd', spec });
    }
    if (wantPubsub) {
        entry.pubsubConnecting = true;
        ctx.emit({ type: 'connect', which: 'pubsub', spec });
    }
}
/** PING interval of an instance: min(down-after, ping-period) (spec §4). */
export function pingInterval(ctx, instance) {
    const base = Math.min(instance.downAfterMs, ctx.state.timers['ping-period']);
    // Vigil, with fence-on-minority only: peers are pinged four times per down-after, so a lost
    // majority is noticed (fencing.ts: half of down-after without a reply) before the majority
    // can have failed the primary over, and the primary stops acknowledging writes that would
    // be lost. Sentinel 7.0 pings every ping-period.
    if (instance.kind === 'sentinel' && ctx.state.settings.fenceOnMinority) {
        return Math.min(base, Math.max(100, Math.floor(instance.downAfterMs / 4)));
    }
    return base;
}
/**
 * Sentinel 7.0 `sentinelSendPing`: last_ping_time is always the latest send, act_ping_time the
 * oldest unanswered one.
 */
export function sendPing(ctx, instance, now) {
    const link = instance.link;
    if (!link.cmdConnected)
        return false;
    ctx.emit({ type: 'ping', linkId: link.id, command: wireName(instance, 'PING') });
    link.lastPingTime = now;
    if (link.actPingTime === 0)
        link.actPingTime = now;
    return true;
}
/**
 * INFO period: 1 s for replicas of an SDOWN, ODOWN or failing-over master, or with master link down;
 * shorter for the replica being promoted, as the failover module asks.
 */
function infoPeriod(ctx, instance) {
    const failoverPeriod = failoverInfoPeriod(instance);
    if (failoverPeriod !== null)
        return failoverPeriod;
    // Vigil: a fenced node is watched closely, so its conversion (and the lifting of the fence)
    // follows within a fraction of a second.
    if (instance.fence !== null)
        return FENCE.infoPeriodMs;
    if (instance.kind === 'master' && watchingStaleReplica(instance))
        return FENCE.infoPeriodMs;
    if (instance.kind === 'slave' &&
        // Vigil also polls once the master is SDOWN (Sentinel 7.0 waits for ODOWN), so replica
        // INFO is fresh by the time an election ends and a replica must be selected.
        (instance.master.flags.sDown ||
            instance.master.flags.oDown ||
            instance.master.flags.failoverInProgress ||
            instance.masterLinkDownTime !== 0)) {
        return 1000;
    }
    return ctx.state.timers['info-period'];
}
/**
 * Sentinel 7.0 `sentinelSendPeriodicCommands`: INFO (masters and replicas), PING, and hello, on a
 * connected link with fewer than 100 × refcount pending commands. The cap is checked once, so a
 * tick may go a little over it, as in Sentinel.
 */
export function sendPeriodicCommands(ctx, instance, now, sendHello) {
    if (!canSendPeriodic(instance))
        return;
    const link = instance.link;
    if (link.pendingCommands >= PROTOCOL.maxPendingCommands * link.refcount)
        return;
    if (instance.kind !== 'sentinel') {
        if (instance.infoRefresh === 0 || now - instance.infoRefresh > infoPeriod(ctx, instance)) {
            ctx.emit({ type: 'info', linkId: link.id, command: wireName(instance, 'INFO') });
        }
    }
    const interval = pingInterval(ctx, instance);
    if (now - link.lastPongTime > interval && now - link.lastPingTime > Math.floor(interval / 2)) {
        sendPing(ctx, instance, now);
    }
    if (now - instance.lastPubTime > ctx.state.timers['publish-period'])
        sendHello(instance);
}
function acceptablePingReply(reply) {
    return reply.startsWith('PONG') || reply.startsWith('LOADING') || reply.startsWith('MASTERDOWN');
}
/**
 * Sentinel 7.0 `sentinelPingReplyCallback`: PONG / LOADING / MASTERDOWN mark the instance
 * available (a PONG also ends a master's reboot window); BUSY while SDOWN sends one SCRIPT KILL;
 * any reply at all counts for last_pong_time.
 */
export function handlePingReply(ctx, linkId, reply, now) {
    const entry = ctx.links.replied(linkId);
    if (entry === undefined)
        return;
    const link = entry.link;
    if (acceptablePingReply(reply)) {
        link.lastAvailTime = now;
        link.actPingTime = 0;
        if (reply.startsWith('PONG')) {
            for (const user of entry.users)
                user.flags.masterReboot = false;
        }
    }
    else if (reply.startsWith('BUSY')) {
        let killed = false;
        for (const user of entry.users) {
            if (!user.flags.sDown || user.flags.scriptKillSent)
                continue;
            if (!killed && link.cmdConnected) {
                ctx.emit({ type: 'scriptKill', linkId: link.id, command: wireName(user, 'SCRIPT') });
                killed = true;
            }
            user.flags.scriptKillSent = true;
        }
    }
    link.lastPongTime = now;
}
/** linkUp: the connection is established and its handshake (AUTH, CLIENT SETNAME) queued. */
export function handleLinkUp(ctx, linkId, which, localIp, resolvedIp, now) {
    const entry = ctx.links.entry(linkId);
    if (entry === undefined) {
        // A connection of a link we already released: it is not wanted any more.
        ctx.emit({ type: 'closeLink', linkId, which });
        return;
    }
    const link = entry.link;
    if (resolvedIp !== undefined && resolvedIp !== '') {
        // resolve-hostnames: the runtime resolved the hostname again before connecting.
        for (const user of entry.users)
            user.addr.ip = resolvedIp;
    }
    if (which === 'cmd') {
        entry.cmdConnecting = false;
        link.cmdConnected = true;
        link.cmdConnTime = now;
        link.pendingCommands = 0;
        link.localIp = localIp;
        entry.publishOwners = [];
        // Sentinel 7.0 sends a PING right after the handshake of a new command connection.
        const first = entry.users.values().next();
        if (first.done !== true)
            sendPing(ctx, first.value, now);
    }
    else {
        entry.pubsubConnecting = false;
        link.pubsubConnected = true;
        link.pubsubConnTime = now;
    }
}
/**
 * linkDown: the connection closed or could not be opened. The runtime fails the pending
 * commands of a dropped command connection without reply inputs, so the count restarts at 0.
 */
export function handleLinkDown(ctx, linkId, which, error) {
    const entry = ctx.links.entry(linkId);
    if (entry === undefined)
        return;
    const link = entry.link;
    if (which === 'cmd') {
        const failedAttempt = entry.cmdConnecting && !link.cmdConnected;
        entry.cmdConnecting = false;
        link.cmdConnected = false;
        link.pendingCommands = 0;
        entry.publishOwners = [];
        const first = entry.users.values().next();
        if (failedAttempt && first.done !== true) {
            // Debug level: logged, never published (Sentinel 7.0).
            ctx.event('debug', '-cmd-link-reconnection', first.value, `#${error}`);
        }
    }
    else {
        const failedAttempt = entry.pubsubConnecting && !link.pubsubConnected;
        entry.pubsubConnecting = false;
        link.pubsubConnected = false;
        const first = entry.users.values().next();
        if (failedAttempt && first.done !== true) {
            ctx.event('debug', '-pubsub-link-reconnection', first.value, `#${error}`);
        }
    }
}
/**
 * The SUBSCRIBE of a pub/sub connection got an error reply: close that connection. In Sentinel
 * 7.0 this is hiredis's doing: a subscribe's reply is routed to the subscription, so an error
 * in its place arrives with no callback waiting, and hiredis drops the connection on such an
 * error; the link then counts as `disconnected`. This is how credentials that stopped working
 * show (AUTH refused, so SUBSCRIBE gets NOAUTH): the pub/sub connection is retried once per
 * ping-period and refused each time, while the command connection stays up and its PINGs are
 * answered NOAUTH, until SENTINEL SET auth-pass/auth-user give working credentials.
 */
export function handleSubscribeFailed(ctx, linkId) {
    const entry = ctx.links.entry(linkId);
    if (entry === undefined)
        return;
    ctx.links.closeConnection(entry.link, 'pubsub');
}

/**
 * Creating, sharing, releasing and resetting monitored instances (spec §3, §11
 * "Reset-and-change-address", §19 addresses), with Sentinel 7.0's defaults and error texts.
 */
import { PROTOCOL } from '../constants.js';
import { announceAddr } from './events.js';
import { ipLiteral } from './parse.js';
export const ERR_DUP_MASTER = 'Duplicate master name.';
export const ERR_DUP_REPLICA = 'Duplicate hostname and port for replica.';
export const ERR_DUP_SENTINEL = 'Duplicate runid for sentinel.';
export const ERR_CANT_RESOLVE = "Can't resolve instance hostname.";
export const ERR_BAD_PORT = 'Invalid port number.';
export function newFlags() {
    return {
        sDown: false,
        oDown: false,
        masterDown: false,
        failoverInProgress: false,
        promoted: false,
        reconfSent: false,
        reconfInprog: false,
        reconfDone: false,
        forceFailover: false,
        scriptKillSent: false,
        masterReboot: false,
    };
}
/**
 * Sentinel 7.0 `createSentinelAddr`: the port must be 0..65535; the host must be a numeric IP
 * unless resolve-hostnames is on, in which case a hostname is kept with ip '' until the runtime
 * resolves it on connect (the pure core does no DNS). Returns the address or an error text.
 */
export function makeAddress(settings, host, port) {
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        return ERR_BAD_PORT;
    const ip = ipLiteral(host);
    if (ip !== null)
        return { host, ip, port };
    if (!settings.resolveHostnames || host === '')
        return ERR_CANT_RESOLVE;
    return { host, ip: '', port };
}
/** §19 address equality: same port, and same IP or same hostname (case-insensitive). */
export function sameAddress(a, b) {
    if (a.port !== b.port)
        return false;
    if (a.ip !== '' && a.ip === b.ip)
        return true;
    return a.host.toLowerCase() === b.host.toLowerCase();
}
/**
 * Sentinel 7.0 `sentinelAddrEqualsHostname`: does a host text reported by someone name `addr`?
 * A numeric text compares with the IP; otherwise with the hostname (resolve-hostnames) or IP.
 */
export function addrEqualsHostname(settings, addr, host) {
    const ip = ipLiteral(host);
    if (ip !== null)
        return addr.ip.toLowerCase() === ip.toLowerCase() || addr.host.toLowerCase() === host.toLowerCase();
    const mine = settings.resolveHostnames ? addr.host : addr.ip;
    return mine.toLowerCase() === host.toLowerCase();
}
/** Replica key: `ip:port`, `[ipv6]:port`, or `hostname:port` with announce-hostnames. */
export function replicaName(settings, addr) {
    const host = announceAddr(settings, addr);
    return host.includes(':') ? `[${host}]:${addr.port}` : `${host}:${addr.port}`;
}
/** The address a master is known by: the promoted replica's once the failover reached reconf_slaves. */
export function currentMasterAddress(master) {
    const state = master.failoverState;
    if (master.flags.failoverInProgress &&
        master.promoted !== null &&
        (state === 'reconf_slaves' || state === 'update_config')) {
        return master.promoted.addr;
    }
    return master.addr;
}
export function createMaster(ctx, name, addr, quorum, now) {
    if (ctx.state.masters.has(name))
        return ERR_DUP_MASTER;
    const timers = ctx.state.timers;
    const master = {
        kind: 'master',
        name,
        addr: { ...addr },
        runId: null,
        flags: newFlags(),
        link: ctx.links.create(now),
        downAfterMs: timers['default-down-after'],
        sDownSince: 0,
        oDownSince: 0,
        infoRefresh: 0,
        roleReported: 'master',
        roleReportedTime: now,
        // Sentinel 7.0 sets last_pub_time at creation: the first hello goes out a period later.
        lastPubTime: now,
        info: null,
        replId: null,
        replId2: null,
        fence: null,
        quorum,
        configEpoch: 0n,
        leader: null,
        leaderEpoch: 0n,
        failoverTimeout: timers['default-failover-timeout'],
        parallelSyncs: PROTOCOL.defaultParallelSyncs,
        notificationScript: null,
        clientReconfigScript: null,
        authPass: null,
        authUser: null,
        renamedCommands: new Map(),
        masterRebootDownAfterPeriod: 0,
        rebootSince: 0,
        replicas: new Map(),
        sentinels: new Map(),
        failoverState: 'none',
        failoverEpoch: 0n,
        failoverStartTime: 0,
        failoverStateChangeTime: 0,
        failoverDelayLogged: false,
        promoted: null,
        unpauseOwed: false,
        maintenance: false,
        maintenanceHoldLogged: false,
    };
    ctx.links.adopt(master);
    ctx.state.masters.set(name, master);
    return master;
}
export function createReplica(ctx, master, addr, now) {
    const name = replicaName(ctx.state.settings, addr);
    if (master.replicas.has(name))
        return ERR_DUP_REPLICA;
    const replica = {
        kind: 'slave',
        name,
        addr: { ...addr },
        runId: null,
        flags: newFlags(),
        link: ctx.links.create(now),
        downAfterMs: master.downAfterMs,
        sDownSince: 0,
        oDownSince: 0,
        infoRefresh: 0,
        roleReported: 'slave',
        roleReportedTime: now,
        lastPubTime: now,
        info: null,
        replId: null,
        replId2: null,
        fence: null,
        master,
        masterLinkDownTime: 0,
        slavePriority: PROTOCOL.defaultReplicaPriority,
        replicaAnnounced: true,
        slaveMasterHost: null,
        slaveMasterPort: 0,
        slaveMasterLinkUp: false,
        slaveReplOffset: 0,
        slaveReconfSentTime: 0,
        slaveConfChangeTime: now,
    };
    ctx.links.adopt(replica);
    master.replicas.set(name, replica);
    return replica;
}
export function createSentinel(ctx, master, runId, addr, now) {
    if (master.sentinels.has(runId))
        return ERR_DUP_SENTINEL;
    const sentinel = {
        kind: 'sentinel',
        name: runId,
        addr: { ...addr },
        runId,
        flags: newFlags(),
        link: ctx.links.create(now),
        downAfterMs: master.downAfterMs,
        sDownSince: 0,
        oDownSince: 0,
        infoRefresh: 0,
        // Sentinel 7.0 keeps role 0 for sentinels; never shown.
        roleReported: 'slave',
        roleReportedTime: now,
        lastPubTime: now,
        info: null,
        replId: null,
        replId2: null,
        fence: null,
        master,
        lastHelloTime: now,
        lastMasterDownReplyTime: now,
        leader: null,
        leaderEpoch: 0n,
        lastAgreeTime: 0,
        lastSettledTime: 0,
    };
    ctx.links.adopt(sentinel);
    master.sentinels.set(runId, sentinel);
    return sentinel;
}
/**
 * Sentinel 7.0 `sentinelTryConnectionSharing`: use the link of the same runid under another
 * master. Sentinel matches on the runid alone (its addresses are kept in step by the
 * address-switch logic of hello processing).
 */
export function tryConnectionSharing(ctx, sentinel) {
    if (sentinel.link.refcount > 1)
        return;
    for (const master of ctx.state.masters.values()) {
        if (master === sentinel.master)
            continue;
        const match = master.sentinels.get(sentinel.runId ?? '');
        if (match === undefined || match === sentinel)
            continue;
        ctx.links.share(sentinel, match.link);
        return;
    }
}
/** Release a master with all its replicas and sentinels (the caller removes it from the table). */
export function releaseMaster(ctx, master) {
    for (const replica of master.replicas.values())
        ctx.links.release(replica);
    for (const sentinel of master.sentinels.values())
        ctx.links.release(sentinel);
    master.replicas.clear();
    master.sentinels.clear();
    ctx.links.release(master);
}
/** Remove every sentinel with `runId` from a master; returns how many. */
export function removeSentinelsByRunId(ctx, master, runId) {
    let removed = 0;
    for (const [key, sentinel] of [...master.sentinels]) {
        if (sentinel.runId !== runId)
            continue;
        ctx.links.release(sentinel);
        master.sentinels.delete(key);
        removed++;
    }
    return removed;
}
/** down-after-milliseconds of a master applies to its replicas and sentinels too. */
export function propagateDownAfter(master) {
    for (const replica of master.replicas.values())
        replica.downAfterMs = master.downAfterMs;
    for (const sentinel of master.sentinels.values())
        sentinel.downAfterMs = master.downAfterMs;
}
/**
 * Sentinel 7.0 `sentinelResetMaster`: drop replicas (and sentinels unless kept), close the
 * master's connections, clear every flag, the vote, the failover and the runid, and restart
 * the ping clocks. Config epoch, leader epoch and INFO refresh time are kept.
 */
export function resetMaster(ctx, master, keepSentinels, now) {
    for (const replica of master.replicas.values())
        ctx.links.release(replica);
    master.replicas.clear();
    if (!keepSentinels) {
        for (const sentinel of master.sentinels.values())
            ctx.links.release(sentinel);
        master.sentinels.clear();
    }
    ctx.links.closeConnection(master.link, 'both');
    Object.assign(master.flags, newFlags());
    master.leader = null;
    master.failoverState = 'none';
    master.failoverStateChangeTime = 0;
    master.failoverStartTime = 0;
    master.failoverDelayLogged = false;
    master.promoted = null;
    master.runId = null;
    // Whatever we knew of the old address's history and fence does not apply to the new one; a
    // pause we kept on it lapses by itself (or becomes a stale-primary fence of its replica).
    master.replId = null;
    master.replId2 = null;
    master.fence = null;
    const link = master.link;
    // Vigil: reconnect at once. Sentinel 7.0 keeps last_reconn_time, so after a switch the link
    // to the new primary may wait almost a ping-period to reconnect while the ping clocks below
    // already run: with down-after 1000 ms the fresh primary then goes +sdown and is failed
    // over a second time (about one run in five).
    link.lastReconnTime = 0;
    link.actPingTime = now;
    link.lastPingTime = 0;
    link.lastAvailTime = now;
    link.lastPongTime = now;
    master.roleReportedTime = now;
    master.roleReported = 'master';
}
/**
 * Reset-and-change-address (spec §11): the new replica set is the old one minus the new
 * master's address, plus the old master's address; each is announced with `+slave`; the
 * config is flushed.
 */
export function resetMasterAndChangeAddress(ctx, master, newAddr, now) {
    const keep = [];
    for (const replica of master.replicas.values()) {
        if (!sameAddress(replica.addr, newAddr))
            keep.push({ ...replica.addr });
    }
    if (!sameAddress(newAddr, master.addr))
        keep.push({ ...master.addr });
    resetMaster(ctx, master, true, now);
    master.addr = { ...newAddr };
    master.oDownSince = 0;
    master.sDownSince = 0;
    for (const addr of keep) {
        const replica = createReplica(ctx, master, addr, now);
        if (typeof replica !== 'string')
            ctx.event('notice', '+slave', replica);
    }
    ctx.flush();
}

import { flagsString, shownHost } from '../commands/sentinel/instance-reply.js';
function address(state, i) {
    const host = shownHost(i.addr, state.settings);
    return host.includes(':') ? `[${host}]:${i.addr.port}` : `${host}:${i.addr.port}`;
}
/** Milliseconds since `t`, or null when it never happened (0). */
function since(now, t) {
    return t === 0 ? null : Math.max(0, now - t);
}
function iso(t) {
    return t === 0 ? null : new Date(t).toISOString();
}
/** `master_repl_offset` from the master's last INFO, or null. */
export function masterReplOffset(master) {
    const m = /^master_repl_offset:(\d+)\r?$/m.exec(master.info ?? '');
    return m === null ? null : Number(m[1]);
}
function linkView(i, now) {
    return {
        connected: i.kind === 'sentinel' ? i.link.cmdConnected : i.link.cmdConnected && i.link.pubsubConnected,
        cmdConnected: i.link.cmdConnected,
        pubsubConnected: i.kind === 'sentinel' ? null : i.link.pubsubConnected,
        lastOkPingMsAgo: since(now, i.link.lastAvailTime),
        pendingCommands: i.link.pendingCommands,
    };
}
function replicaView(state, r, primaryOffset, now) {
    return {
        name: r.name,
        address: address(state, r),
        runId: r.runId,
        role: r.roleReported === 'unknown' ? null : r.roleReported,
        flags: flagsString(r).split(','),
        offset: r.slaveReplOffset,
        lag: primaryOffset === null ? null : Math.max(0, primaryOffset - r.slaveReplOffset),
        priority: r.slavePriority,
        masterLinkStatus: r.slaveMasterLinkUp ? 'ok' : 'err',
        masterLinkDownMs: r.masterLinkDownTime,
        masterHost: r.slaveMasterHost,
        masterPort: r.slaveMasterPort,
        infoMsAgo: since(now, r.infoRefresh),
        link: linkView(r, now),
    };
}
function sentinelView(state, s, now) {
    return {
        runId: s.runId ?? s.name,
        address: address(state, s),
        flags: flagsString(s).split(','),
        lastHelloMsAgo: since(now, s.lastHelloTime),
        votedLeader: s.leader,
        votedLeaderEpoch: s.leaderEpoch.toString(),
        link: linkView(s, now),
    };
}
/** One master, as `GET /v1/masters/:name` answers it. */
export function masterView(state, m, now) {
    const offset = masterReplOffset(m);
    return {
        name: m.name,
        status: m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok',
        primary: {
            address: address(state, m),
            runId: m.runId,
            role: m.roleReported === 'unknown' ? null : m.roleReported,
            flags: flagsString(m).split(','),
            offset,
            infoMsAgo: since(now, m.infoRefresh),
            link: linkView(m, now),
        },
        quorum: m.quorum,
        configEpoch: m.configEpoch.toString(),
        currentEpoch: state.currentEpoch.toString(),
        vote: { leader: m.leader, epoch: m.leaderEpoch.toString() },
        failover: {
            inProgress: m.flags.failoverInProgress,
            state: m.failoverState,
            epoch: m.failoverEpoch.toString(),
            forced: m.flags.forceFailover,
            startedAt: m.flags.failoverInProgress ? iso(m.failoverStartTime) : null,
            stateChangedAt: iso(m.failoverStateChangeTime),
            promoted: m.promoted === null ? null : address(state, m.promoted),
            timeoutMs: m.failoverTimeout,
        },
        downAfterMs: m.downAfterMs,
        parallelSyncs: m.parallelSyncs,
        maintenance: m.maintenance,
        fence: m.fence === null ? null : { reason: m.fence.reason, active: m.fence.active },
        replicas: [...m.replicas.values()].map((r) => replicaView(state, r, offset, now)),
        sentinels: [...m.sentinels.values()].map((s) => sentinelView(state, s, now)),
    };
}
/**
 * Why this Vigil is not ready, or an empty list: TILT, a master whose links are down or that
 * is down, and a config file that could not be saved.
 */
export function notReadyReasons(state, configSaved, configDirWritable) {
    const reasons = [];
    if (state.tilt)
        reasons.push('tilt');
    for (const m of state.masters.values()) {
        if (!m.link.cmdConnected || !m.link.pubsubConnected)
            reasons.push(`master ${m.name}: link down`);
        if (m.flags.oDown)
            reasons.push(`master ${m.name}: odown`);
        else if (m.flags.sDown)
            reasons.push(`master ${m.name}: sdown`);
    }
    if (!configSaved)
        reasons.push('config: the last save failed');
    if (!configDirWritable)
        reasons.push('config: directory not writable');
    return reasons;
}

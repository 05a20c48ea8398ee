/**
 * The instance maps of SENTINEL MASTERS / MASTER / REPLICAS / SLAVES / SENTINELS.
 *
 * Field order seen on a real redis-sentinel 7.0.15 (master 127.0.0.1:27301 with one replica,
 * two sentinels, RESP2 flat arrays and RESP3 `%` maps alike, every value a bulk string):
 *   master:   name ip port runid flags link-pending-commands link-refcount [failover-state]
 *             last-ping-sent last-ok-ping-reply last-ping-reply [s-down-time] [o-down-time]
 *             down-after-milliseconds info-refresh role-reported role-reported-time
 *             config-epoch num-slaves num-other-sentinels quorum failover-timeout
 *             parallel-syncs [notification-script] [client-reconfig-script]
 *   replica:  name(ip:port) ... down-after-milliseconds info-refresh role-reported
 *             role-reported-time master-link-down-time master-link-status master-host
 *             master-port slave-priority slave-repl-offset replica-announced
 *   sentinel: name(runid) ... down-after-milliseconds last-hello-message voted-leader
 *             voted-leader-epoch
 * Observed: `failover-state wait_start` right after link-refcount during SENTINEL FAILOVER with
 * flags `master,failover_in_progress,force_failover`; `s-down-time` then `o-down-time` after
 * last-ping-reply; replica flags `slave,promoted` in wait_promotion; `info-refresh 0` for a
 * master never reached; runid "" until the first INFO; `voted-leader ?` with no vote.
 */
import { bulkMap } from '../../resp/reply.js';
/** The `flags` field: Sentinel 7.0 concatenation order; `master_reboot` is not printed in 7.0.15. */
export function flagsString(ri) {
    const f = ri.flags;
    const out = [];
    if (f.sDown)
        out.push('s_down');
    if (f.oDown)
        out.push('o_down');
    out.push(ri.kind);
    // Sentinel 7.0: the link counts as disconnected until every connection it needs is up.
    const link = ri.link;
    const disconnected = !link.cmdConnected || (ri.kind !== 'sentinel' && !link.pubsubConnected);
    if (disconnected)
        out.push('disconnected');
    if (f.masterDown)
        out.push('master_down');
    if (f.failoverInProgress)
        out.push('failover_in_progress');
    if (f.promoted)
        out.push('promoted');
    if (f.reconfSent)
        out.push('reconf_sent');
    if (f.reconfInprog)
        out.push('reconf_inprog');
    if (f.reconfDone)
        out.push('reconf_done');
    if (f.forceFailover)
        out.push('force_failover');
    if (f.scriptKillSent)
        out.push('script_kill_sent');
    return out.join(',');
}
/** The address text shown for an instance: the hostname as given when announce-hostnames is on. */
export function shownHost(addr, settings) {
    return settings.announceHostnames ? addr.host : addr.ip;
}
function commonHead(ri, settings, now) {
    const link = ri.link;
    const e = [
        ['name', ri.name],
        ['ip', shownHost(ri.addr, settings)],
        ['port', ri.addr.port],
        ['runid', ri.runId ?? ''],
        ['flags', flagsString(ri)],
        ['link-pending-commands', link.pendingCommands],
        ['link-refcount', link.refcount],
    ];
    if (ri.kind === 'master' && ri.failoverState !== 'none')
        e.push(['failover-state', ri.failoverState]);
    e.push(['last-ping-sent', link.actPingTime ? now - link.actPingTime : 0], ['last-ok-ping-reply', now - link.lastAvailTime], ['last-ping-reply', now - link.lastPongTime]);
    if (ri.flags.sDown)
        e.push(['s-down-time', now - ri.sDownSince]);
    if (ri.flags.oDown)
        e.push(['o-down-time', now - ri.oDownSince]);
    e.push(['down-after-milliseconds', ri.downAfterMs]);
    if (ri.kind !== 'sentinel') {
        e.push(['info-refresh', ri.infoRefresh ? now - ri.infoRefresh : 0], 
        // Sentinel 7.0 prints anything but master (its "no role" included) as slave.
        ['role-reported', ri.roleReported === 'master' ? 'master' : 'slave'], ['role-reported-time', now - ri.roleReportedTime]);
    }
    return e;
}
function masterTail(m) {
    const e = [
        ['config-epoch', m.configEpoch],
        ['num-slaves', m.replicas.size],
        ['num-other-sentinels', m.sentinels.size],
        ['quorum', m.quorum],
        ['failover-timeout', m.failoverTimeout],
        ['parallel-syncs', m.parallelSyncs],
    ];
    if (m.notificationScript)
        e.push(['notification-script', m.notificationScript]);
    if (m.clientReconfigScript)
        e.push(['client-reconfig-script', m.clientReconfigScript]);
    return e;
}
function replicaTail(r) {
    return [
        ['master-link-down-time', r.masterLinkDownTime],
        ['master-link-status', r.slaveMasterLinkUp ? 'ok' : 'err'],
        ['master-host', r.slaveMasterHost ?? '?'],
        ['master-port', r.slaveMasterPort],
        ['slave-priority', r.slavePriority],
        ['slave-repl-offset', r.slaveReplOffset],
        ['replica-announced', r.replicaAnnounced ? 1 : 0],
    ];
}
function sentinelTail(s, now) {
    return [
        ['last-hello-message', now - s.lastHelloTime],
        ['voted-leader', s.leader ?? '?'],
        ['voted-leader-epoch', s.leaderEpoch],
    ];
}
/** The ordered key/value pairs of one instance map (exported for tests and INFO-like users). */
export function instanceEntries(ri, settings, now) {
    const head = commonHead(ri, settings, now);
    switch (ri.kind) {
        case 'master':
            return [...head, ...masterTail(ri)];
        case 'slave':
            return [...head, ...replicaTail(ri)];
        case 'sentinel':
            return [...head, ...sentinelTail(ri, now)];
    }
}
export function instanceReply(ri, settings, now) {
    return bulkMap(instanceEntries(ri, settings, now));
}

import { isDisconnected } from './failover-helpers.js';
/** Why a replica is not a candidate, or null when it is one (exported for tests and diagnostics). */
export function replicaRejection(ctx, master, replica, now) {
    const timers = ctx.state.timers;
    // Sentinel 7.0: a replica may have lost its master for as long as the master has been down
    // from our point of view, plus ten down-after periods.
    const maxMasterDownTime = (master.flags.sDown ? now - master.sDownSince : 0) + master.downAfterMs * 10;
    // While the master is SDOWN replicas are polled every second, so their INFO must be fresh;
    // otherwise INFO arrives every info-period.
    const infoValidity = master.flags.sDown ? timers['ping-period'] * 5 : timers['info-period'] * 3;
    if (replica.flags.sDown || replica.flags.oDown)
        return 'down';
    if (isDisconnected(replica))
        return 'disconnected';
    if (now - replica.link.lastAvailTime > timers['ping-period'] * 5)
        return 'no recent ping reply';
    if (replica.slavePriority === 0)
        return 'priority 0';
    // Vigil: a node whose last INFO carried no role line is not a candidate: we know neither
    // what it is nor its slave_priority, and a sentinel restarted meanwhile holds the default
    // priority 100 for a replica configured with 0 and would promote it (found by the
    // simulator, seed 7256: test/sim/regressions.ts). A node reporting the master role stays a
    // candidate, as in Sentinel 7.0: when the sentinels' primary was turned into its replica
    // behind their backs, "promoting" it is the only way back (seed 6238).
    if (replica.roleReported === 'unknown')
        return 'role not reported';
    if (now - replica.infoRefresh > infoValidity)
        return 'stale INFO';
    if (replica.masterLinkDownTime > maxMasterDownTime)
        return 'master link down too long';
    return null;
}
/**
 * Sentinel 7.0 `compareSlavesForPromotion`: lower priority first, then the larger replication
 * offset, then the smaller runid (case-insensitive byte order); a replica without a runid sorts
 * after every replica with one.
 */
export function compareReplicasForPromotion(a, b) {
    if (a.slavePriority !== b.slavePriority)
        return a.slavePriority - b.slavePriority;
    if (a.slaveReplOffset !== b.slaveReplOffset)
        return a.slaveReplOffset > b.slaveReplOffset ? -1 : 1;
    if (a.runId === null && b.runId === null)
        return 0;
    if (a.runId === null)
        return 1;
    if (b.runId === null)
        return -1;
    const ra = a.runId.toLowerCase();
    const rb = b.runId.toLowerCase();
    return ra < rb ? -1 : ra > rb ? 1 : 0;
}
/** Candidates in promotion order (best first). */
export function rankReplicas(ctx, master, now) {
    const candidates = [];
    for (const replica of master.replicas.values()) {
        if (replicaRejection(ctx, master, replica, now) === null)
            candidates.push(replica);
    }
    return candidates.sort(compareReplicasForPromotion);
}
/** Sentinel 7.0 `sentinelSelectSlave`: the best candidate, or null. */
export function selectReplica(ctx, master, now) {
    return rankReplicas(ctx, master, now)[0] ?? null;
}
/** Why `loser` sorts after `winner` in compareReplicasForPromotion, in words. */
function outrankedReason(winner, loser) {
    if (winner.slavePriority !== loser.slavePriority) {
        return `outranked: priority ${loser.slavePriority} vs ${winner.slavePriority}`;
    }
    if (winner.slaveReplOffset !== loser.slaveReplOffset) {
        return `outranked: offset ${loser.slaveReplOffset} vs ${winner.slaveReplOffset}`;
    }
    return 'outranked: runid order';
}
/**
 * Every replica of `master` other than `selected`, with the reason it was not promoted: its
 * rejection (replicaRejection) or what made `selected` rank before it. Read-only.
 */
export function explainSelection(ctx, master, selected, now) {
    const out = [];
    for (const replica of master.replicas.values()) {
        if (replica === selected)
            continue;
        const rejection = replicaRejection(ctx, master, replica, now);
        if (rejection !== null)
            out.push({ name: replica.name, reason: rejection });
        else if (selected !== null)
            out.push({ name: replica.name, reason: outrankedReason(selected, replica) });
        else
            out.push({ name: replica.name, reason: 'not selected' });
    }
    return out;
}

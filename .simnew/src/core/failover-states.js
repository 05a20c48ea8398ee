import { SIMULATE_CRASH_AFTER_ELECTION } from './model.js';
import { abortFailover, isDisconnected, setFailoverState } from './failover-helpers.js';
import { getLeader } from './votes.js';
import { replicaRejection, selectReplica } from './ranking.js';
/**
 * wait_start: count the votes (casting ours). Not the leader and not forced: abort with
 * `-failover-abort-not-elected` after min(election-timeout, failover-timeout) from the start.
 */
export function failoverWaitStart(ctx, master, now) {
    const state = ctx.state;
    const leader = getLeader(ctx, master, master.failoverEpoch, now);
    const isLeader = leader !== null && leader.toLowerCase() === state.myid.toLowerCase();
    if (!isLeader && !master.flags.forceFailover) {
        const electionTimeout = Math.min(state.timers['election-timeout'], master.failoverTimeout);
        if (now - master.failoverStartTime > electionTimeout) {
            ctx.event('warning', '-failover-abort-not-elected', master);
            abortFailover(master, now);
        }
        return;
    }
    ctx.event('warning', '+elected-leader', master);
    if (state.simulateFailureFlags & SIMULATE_CRASH_AFTER_ELECTION) {
        ctx.emit({ type: 'crash', reason: 'crash-after-election' });
        return;
    }
    setFailoverState(master, 'select_slave', now);
    ctx.event('warning', '+failover-state-select-slave', master);
}
/**
 * Vigil: an election can finish within one ask round, before the replicas' INFO (polled every
 * second once the master is down) is fresh enough for selection. Sentinel 7.0 would abort with
 * no-good-slave and wait 2 × failover-timeout; instead wait up to 5 × ping-period in
 * select_slave while a connected, otherwise eligible replica is only held back by stale INFO.
 */
function awaitingFreshInfo(ctx, master, now) {
    if (now - master.failoverStateChangeTime > ctx.state.timers['ping-period'] * 5)
        return false;
    for (const replica of master.replicas.values()) {
        if (replicaRejection(ctx, master, replica, now) === 'stale INFO')
            return true;
    }
    return false;
}
/** select_slave: pick the replica to promote, or abort with `-failover-abort-no-good-slave`. */
export function failoverSelectSlave(ctx, master, now) {
    const replica = selectReplica(ctx, master, now);
    if (replica === null) {
        if (awaitingFreshInfo(ctx, master, now))
            return;
        ctx.event('warning', '-failover-abort-no-good-slave', master);
        abortFailover(master, now);
        return;
    }
    ctx.event('warning', '+selected-slave', replica);
    replica.flags.promoted = true;
    master.promoted = replica;
    setFailoverState(master, 'send_slaveof_noone', now);
    ctx.event('notice', '+failover-state-send-slaveof-noone', replica);
}
/**
 * send_slaveof_noone: send `SLAVEOF NO ONE` once the replica's link is up; while it is down,
 * abort with `-failover-abort-slave-timeout` after failover-timeout in this state.
 */
export function failoverSendSlaveOfNoOne(ctx, master, now) {
    const replica = master.promoted;
    if (replica === null)
        return;
    if (isDisconnected(replica)) {
        if (now - master.failoverStateChangeTime > master.failoverTimeout) {
            ctx.event('warning', '-failover-abort-slave-timeout', master);
            abortFailover(master, now);
        }
        return;
    }
    if (!ctx.sendReplicaOf(replica, null, 0, now))
        return;
    ctx.event('notice', '+failover-state-wait-promotion', replica);
    setFailoverState(master, 'wait_promotion', now);
}
/**
 * wait_promotion: progress is made by INFO processing (the replica reports the master role);
 * here only the timeout.
 */
export function failoverWaitPromotion(ctx, master, now) {
    if (now - master.failoverStateChangeTime > master.failoverTimeout) {
        ctx.event('warning', '-failover-abort-slave-timeout', master);
        abortFailover(master, now);
    }
}
/**
 * reconf_slaves: point the other replicas at the promoted one, at most parallel-syncs at a time,
 * then check whether the failover is over. A replica left in reconf_sent for longer than
 * slave-reconf-timeout is counted done (`-slave-reconf-sent-timeout`); a wrong configuration
 * left behind is fixed later by +fix-slave-config.
 *
 * Sentinel 7.0 looks for such replicas only while a parallel-syncs slot is free, so with the
 * default of 1 a single stuck replica holds the others back until failover-timeout. Vigil
 * checks them first, so the slot is freed after slave-reconf-timeout as the option intends.
 */
export function failoverReconfNextSlave(ctx, master, now) {
    const promoted = master.promoted;
    const reconfTimeout = ctx.state.timers['slave-reconf-timeout'];
    let inProgress = 0;
    for (const replica of master.replicas.values()) {
        if (replica.flags.promoted || replica.flags.reconfDone)
            continue;
        if (replica.flags.reconfSent && now - replica.slaveReconfSentTime > reconfTimeout) {
            ctx.event('notice', '-slave-reconf-sent-timeout', replica);
            replica.flags.reconfSent = false;
            replica.flags.reconfDone = true;
            continue;
        }
        if (replica.flags.reconfSent || replica.flags.reconfInprog)
            inProgress++;
    }
    for (const replica of master.replicas.values()) {
        if (inProgress >= master.parallelSyncs || promoted === null)
            break;
        if (replica.flags.promoted || replica.flags.reconfDone)
            continue;
        if (replica.flags.reconfSent || replica.flags.reconfInprog)
            continue;
        if (isDisconnected(replica))
            continue;
        if (ctx.sendReplicaOf(replica, ctx.announcedHost(promoted), promoted.addr.port, now)) {
            replica.flags.reconfSent = true;
            replica.slaveReconfSentTime = now;
            ctx.event('notice', '+slave-reconf-sent', replica);
            inProgress++;
        }
    }
    failoverDetectEnd(ctx, master, now);
}
/**
 * The end of reconf_slaves: every reachable replica is reconfigured (`+failover-end`), or the
 * failover-timeout passed (`+failover-end-for-timeout`, then a best-effort SLAVEOF to the
 * replicas never contacted, `+slave-reconf-sent-be`). Either way → update_config.
 */
export function failoverDetectEnd(ctx, master, now) {
    const promoted = master.promoted;
    // The failover cannot be over while the promoted replica is unreachable.
    if (promoted === null || promoted.flags.sDown)
        return;
    let notReconfigured = 0;
    for (const replica of master.replicas.values()) {
        if (replica.flags.promoted || replica.flags.reconfDone)
            continue;
        if (replica.flags.sDown)
            continue;
        notReconfigured++;
    }
    let timeout = false;
    if (now - master.failoverStateChangeTime > master.failoverTimeout) {
        notReconfigured = 0;
        timeout = true;
        ctx.event('warning', '+failover-end-for-timeout', master);
    }
    if (notReconfigured === 0) {
        ctx.event('warning', '+failover-end', master);
        setFailoverState(master, 'update_config', now);
    }
    if (!timeout)
        return;
    for (const replica of master.replicas.values()) {
        if (replica.flags.promoted || replica.flags.reconfDone || replica.flags.reconfSent)
            continue;
        if (isDisconnected(replica))
            continue;
        if (ctx.sendReplicaOf(replica, ctx.announcedHost(promoted), promoted.addr.port, now)) {
            ctx.event('notice', '+slave-reconf-sent-be', replica);
            replica.flags.reconfSent = true;
        }
    }
}

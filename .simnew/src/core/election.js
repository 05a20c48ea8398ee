import { askMasterStateToOtherSentinels as ask, recordAskReply } from './asking.js';
import { runFailoverStateMachine, startFailoverIfNeeded } from './failover.js';
export { forgetPeerReports, parseAskReply } from './asking.js';
export { ckquorum, findMasterByAddr, getLeader, isMasterDownByAddr, voteLeader, votesNeeded, } from './votes.js';
/**
 * ODOWN (Sentinel 7.0 `sentinelCheckObjectivelyDown`): while we see the master SDOWN, count
 * ourselves plus every peer whose last reply said "down"; at least the quorum ⇒ `+odown`
 * (`%@ #quorum <n>/<q>`), otherwise `-odown` if it was ODOWN.
 */
export function checkObjectivelyDown(ctx, master, now) {
    if (ctx.state.tilt)
        return;
    let count = 0;
    let oDown = false;
    if (master.flags.sDown) {
        count = 1;
        for (const peer of master.sentinels.values()) {
            if (peer.flags.masterDown)
                count++;
        }
        oDown = count >= master.quorum;
    }
    if (oDown && !master.flags.oDown) {
        master.flags.oDown = true;
        master.oDownSince = now;
        ctx.event('warning', '+odown', master, `#quorum ${count}/${master.quorum}`);
    }
    else if (!oDown && master.flags.oDown) {
        master.flags.oDown = false;
        ctx.event('warning', '-odown', master);
    }
}
/** Ask peers `is-master-down-by-addr` (spec §9). */
export function askMasterStateToOtherSentinels(ctx, master, forced, now) {
    ask(ctx, master, forced, now);
}
/**
 * A peer's reply to is-master-down-by-addr: record it (even in TILT, as Sentinel 7.0's reply
 * callback does), then act on it at once rather than at the next tick — ODOWN, starting a
 * failover (and asking the peers for their votes), or counting the votes of an election in
 * progress. These are the steps the next tick would run, on the same state.
 */
export function handleAskReply(ctx, master, peer, reply, now) {
    if (!recordAskReply(ctx, master, peer, reply, now))
        return;
    if (ctx.state.tilt)
        return;
    checkObjectivelyDown(ctx, master, now);
    if (startFailoverIfNeeded(ctx, master, now)) {
        ask(ctx, master, true, now);
    }
    else if (master.flags.failoverInProgress && master.failoverState === 'wait_start') {
        runFailoverStateMachine(ctx, master, now);
    }
}
/**
 * For the brain, on a master's `+sdown` transition: ask the peers now (forced) instead of
 * waiting for the end of the tick or the ask period, so ODOWN can be reached as soon as their
 * replies arrive.
 */
export function onMasterSubjectivelyDown(ctx, master, now) {
    ask(ctx, master, true, now);
}

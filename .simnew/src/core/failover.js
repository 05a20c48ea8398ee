/**
 * The failover of one master (spec §10, §11, §17 FAILOVER): starting it, stepping the state
 * machine, the final switch to the promoted replica, and the user-requested failover.
 * Per-state steps live in failover-states.ts, replica ranking in ranking.ts, the acting part of
 * INFO processing in convergence.ts.
 */
import { nextEpoch } from './epoch.js';
import { epochText, masterEvent, setFailoverStartTime, setFailoverState } from './failover-helpers.js';
import { failoverReconfNextSlave, failoverSelectSlave, failoverSendSlaveOfNoOne, failoverWaitPromotion, failoverWaitStart, } from './failover-states.js';
import { selectReplica as rankAndSelect } from './ranking.js';
import { actOnInfo as actOnInfoImpl } from './convergence.js';
import { forgetPeerReports } from './asking.js';
/**
 * INFO period for the replica being promoted while we wait for it to report the master role:
 * polling it this often lets the failover go on as soon as the promotion happened, instead of
 * up to a second later (Sentinel 7.0 polls replicas every second during a failover).
 */
export const PROMOTION_INFO_PERIOD_MS = 100;
/**
 * The INFO period the runtime should use for `instance` because of a failover in progress, or
 * null when the usual rules apply: PROMOTION_INFO_PERIOD_MS for the replica we sent (or are
 * about to send) `SLAVEOF NO ONE`.
 */
export function failoverInfoPeriod(instance) {
    if (instance.kind !== 'slave' || !instance.flags.promoted)
        return null;
    const master = instance.master;
    if (!master.flags.failoverInProgress || master.promoted !== instance)
        return null;
    if (master.failoverState !== 'send_slaveof_noone' && master.failoverState !== 'wait_promotion')
        return null;
    return PROMOTION_INFO_PERIOD_MS;
}
/** Sentinel 7.0 `sentinelStartFailover`: a new epoch, `+new-epoch`, `+try-failover`, wait_start. */
function startFailover(ctx, master, now) {
    const state = ctx.state;
    setFailoverState(master, 'wait_start', now);
    master.flags.failoverInProgress = true;
    state.currentEpoch = nextEpoch(state.currentEpoch) ?? state.currentEpoch;
    master.failoverEpoch = state.currentEpoch;
    // Not flushed here: the vote we cast for ourselves in wait_start flushes (Sentinel 7.0).
    masterEvent(ctx, 'warning', '+new-epoch', master, epochText(state.currentEpoch));
    ctx.event('warning', '+try-failover', master);
    setFailoverStartTime(master, now + ctx.random(1000));
}
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * A core time (wall-clock ms) as C's ctime() prints it in local time, without the newline:
 * `Wed Nov 25 13:50:12 2026`. Sentinel 7.0 formats the "Next failover delay" time so.
 */
export function ctimeOf(ms) {
    const d = new Date(ms);
    if (Number.isNaN(d.getTime()))
        return String(ms);
    const two = (n) => String(n).padStart(2, '0');
    const day = String(d.getDate()).padStart(2, ' ');
    const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    return `${WEEKDAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day} ${time} ${d.getFullYear()}`;
}
/**
 * Start a failover when the master is ODOWN, none is in progress, and the retry gate allows:
 * 2 × failover-timeout since the last start (ours, or the time we voted for another sentinel).
 * Returns true when started; the caller then asks the peers at once (forced) for their votes.
 */
export function startFailoverIfNeeded(ctx, master, now) {
    if (ctx.state.tilt)
        return false;
    if (!master.flags.oDown || master.flags.failoverInProgress) {
        master.maintenanceHoldLogged = false;
        return false;
    }
    if (master.maintenance) {
        // Vigil's maintenance mode (like `patronictl pause`): monitored and reported, never
        // failed over automatically. Said once per ODOWN.
        if (!master.maintenanceHoldLogged) {
            master.maintenanceHoldLogged = true;
            ctx.emit({
                type: 'log',
                level: 'warning',
                message: `Master ${master.name} is objectively down but in maintenance: no automatic failover (SENTINEL SET ${master.name} vigil-maintenance no to allow it)`,
            });
        }
        return false;
    }
    if (nextEpoch(ctx.state.currentEpoch) === null) {
        // 2^64-1 cannot be incremented (Sentinel 7.0's counter would wrap to 0 and reuse epochs).
        if (!master.failoverDelayLogged) {
            master.failoverDelayLogged = true;
            ctx.emit({
                type: 'log',
                level: 'warning',
                message: 'Cannot start a failover: the current epoch is at its maximum',
            });
        }
        return false;
    }
    // failover_start_time 0 means "never" (fresh, or reset by a switch: failover again ASAP).
    if (master.failoverStartTime !== 0 && now - master.failoverStartTime < master.failoverTimeout * 2) {
        if (!master.failoverDelayLogged) {
            master.failoverDelayLogged = true;
            const notBefore = master.failoverStartTime + master.failoverTimeout * 2;
            ctx.emit({
                type: 'log',
                level: 'warning',
                message: `Next failover delay: I will not start a failover before ${ctimeOf(notBefore)}`,
            });
        }
        return false;
    }
    startFailover(ctx, master, now);
    return true;
}
/** States whose step needs nothing from outside, so the next one may run in the same call. */
const CHAINED = new Set(['select_slave', 'send_slaveof_noone']);
/**
 * Run the state machine for a master with a failover in progress. Sentinel 7.0 runs one state per
 * tick; Vigil goes on at once into a state that waits for nothing (select_slave right after the
 * election, send_slaveof_noone right after the selection), which only saves ticks: every check
 * and event is the same.
 */
export function runFailoverStateMachine(ctx, master, now) {
    if (ctx.state.tilt)
        return;
    for (let steps = 0; steps < 8; steps++) {
        if (!master.flags.failoverInProgress)
            return;
        const before = master.failoverState;
        switch (before) {
            case 'wait_start':
                failoverWaitStart(ctx, master, now);
                break;
            case 'select_slave':
                failoverSelectSlave(ctx, master, now);
                break;
            case 'send_slaveof_noone':
                failoverSendSlaveOfNoOne(ctx, master, now);
                break;
            case 'wait_promotion':
                failoverWaitPromotion(ctx, master, now);
                break;
            case 'reconf_slaves':
                failoverReconfNextSlave(ctx, master, now);
                break;
            default:
                return;
        }
        if (master.failoverState === before || !CHAINED.has(master.failoverState))
            return;
    }
}
/**
 * A master in update_config: announce `+switch-master <name> <oldip> <oldport> <newip> <newport>`
 * and reset it onto the promoted replica's address (keeping its sentinels). The peers'
 * "master is down" reports were about the old address: they are forgotten so the new master
 * cannot reach ODOWN on stale state.
 */
export function switchMasterAfterFailover(ctx, master, now) {
    if (master.failoverState !== 'update_config')
        return;
    const target = master.promoted ?? master;
    const oldHost = ctx.announcedHost(master);
    const oldPort = master.addr.port;
    const newHost = ctx.announcedHost(target);
    const newPort = target.addr.port;
    const { host, ip, port } = target.addr;
    masterEvent(ctx, 'warning', '+switch-master', master, `${master.name} ${oldHost} ${oldPort} ${newHost} ${newPort}`);
    forgetPeerReports(master);
    ctx.resetMasterAndChangeAddress(master, host, ip, port, now);
}
/**
 * SENTINEL FAILOVER <name>: INPROG while one runs, NOGOODSLAVE when no replica qualifies, else
 * start a failover flagged force_failover, which needs neither ODOWN nor votes and ignores the
 * retry gate (Sentinel 7.0).
 */
export function requestFailover(ctx, master, now) {
    if (master.flags.failoverInProgress)
        return 'INPROG';
    if (rankAndSelect(ctx, master, now) === null)
        return 'NOGOODSLAVE';
    ctx.emit({
        type: 'log',
        level: 'warning',
        message: `Executing user requested FAILOVER of '${master.name}'`,
    });
    startFailover(ctx, master, now);
    master.flags.forceFailover = true;
    return 'OK';
}
/** The acting part of INFO processing (spec §7): see convergence.ts. */
export function actOnInfo(ctx, instance, previousRole, now) {
    actOnInfoImpl(ctx, instance, previousRole, now);
}
/** Replica selection (spec §12): see ranking.ts. */
export function selectReplica(ctx, master, now) {
    return rankAndSelect(ctx, master, now);
}

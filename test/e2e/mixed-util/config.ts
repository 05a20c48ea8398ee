/**
 * Settings of the mixed-group e2e tests (Vigil and the reference redis-sentinel 7.0.15 in one
 * group): the sentinel kinds, the master name, down-after, failover-timeout and the SENTINEL
 * DEBUG periods.
 */
import { SHORT_SENTINEL_PERIODS } from '../../helpers/periods.js';

export type Kind = 'vigil' | 'redis-sentinel';

export const MASTER = 'mymaster';
/**
 * Not 1000: with down-after equal to the ping period, both kinds put a just-promoted primary
 * in SDOWN about one time in ten (Sentinel 7.0: the reset on +switch-master keeps the link's
 * last_reconn_time, from a reconnect attempt to the dead primary < 1 s earlier, so the new
 * link is throttled for up to a ping period while act_ping_time restarts at the reset; the
 * PING sent on reconnect is still unanswered when the SDOWN check of that same tick runs).
 * The peers' master_down flags from the old primary's ODOWN are still fresh, so it becomes
 * ODOWN at once and a second, spurious failover follows.
 */
export const DOWN_AFTER_MS = 2000;
/** Long enough that a vote blocks the voter's own failover (2 × this) well past the test's failover. */
export const FAILOVER_TIMEOUT_MS = 5000;
/** SENTINEL DEBUG periods: hellos every 500 ms, so discovery and config propagation are quick. */
export const FAST_PERIODS = SHORT_SENTINEL_PERIODS;

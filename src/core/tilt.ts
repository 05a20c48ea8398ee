/**
 * TILT mode (spec §14): when the timer runs late or the clock jumps backwards, Sentinel stops
 * acting (no SDOWN/ODOWN, no failover, no asking, down=0 to peers) until tilt-period has passed
 * since the last odd gap, because every time-based judgement it would make is suspect.
 */
import type { CoreContext } from './context.js';
import type { SentinelState } from './model.js';

/**
 * Whether the gap since the last timer run is one TILT is for: negative (the clock went back)
 * or longer than tilt-trigger (the process or its machine stalled). The first run has no gap.
 */
export function stalledSince(state: SentinelState, now: number): boolean {
  if (state.previousTickTime === 0) return false;
  const delta = now - state.previousTickTime;
  return delta < 0 || delta > state.timers['tilt-trigger'];
}

/**
 * Run at the start of every timer run. A gap since the previous run that is negative or longer
 * than tilt-trigger enters (or prolongs) TILT with `+tilt #tilt mode entered`; Sentinel 7.0
 * emits it again at every such gap. Otherwise TILT is left once tilt-period has passed since the
 * last trigger (`-tilt #tilt mode exited`). The first run (previousTickTime 0) has no gap.
 */
export function checkTilt(ctx: CoreContext, now: number): void {
  const state = ctx.state;
  const timers = state.timers;
  if (state.previousTickTime !== 0) {
    if (stalledSince(state, now)) {
      state.tilt = true;
      state.tiltStartTime = now;
      ctx.event('warning', '+tilt', null, '#tilt mode entered');
    }
  }
  state.previousTickTime = now;
  if (state.tilt && now - state.tiltStartTime >= timers['tilt-period']) {
    state.tilt = false;
    ctx.event('warning', '-tilt', null, '#tilt mode exited');
  }
}

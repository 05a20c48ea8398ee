/**
 * Whether the gap since the last timer run is one TILT is for: negative (the clock went back)
 * or longer than tilt-trigger (the process or its machine stalled). The first run has no gap.
 */
export function stalledSince(state, now) {
    if (state.previousTickTime === 0)
        return false;
    const delta = now - state.previousTickTime;
    return delta < 0 || delta > state.timers['tilt-trigger'];
}
/**
 * Run at the start of every timer run. A gap since the previous run that is negative or longer
 * than tilt-trigger enters (or prolongs) TILT with `+tilt #tilt mode entered`; Sentinel 7.0
 * emits it again at every such gap. Otherwise TILT is left once tilt-period has passed since the
 * last trigger (`-tilt #tilt mode exited`). The first run (previousTickTime 0) has no gap.
 */
export function checkTilt(ctx, now) {
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

/**
 * Time as the runtime sees it. Everything that reads the time or arms a timer takes a Clock,
 * so tests and the simulator can drive time by hand.
 *
 * `now()` is wall-clock milliseconds on purpose: Sentinel 7.0 reads mstime() for its TILT
 * check, so a jump of the system clock must be visible to the core as a jump.
 */
/** The process clock: Date.now() and Node timers. */
export const realClock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    // Node's clearTimeout ignores anything that is not one of its timers.
    clearTimeout: (handle) => clearTimeout(handle),
};
/**
 * A clock that only moves when told to: `advance(ms)` runs every timer that falls due, in due
 * order (ties in arming order), with `now()` set to each timer's due time while it runs.
 */
export class ManualClock {
    time;
    nextId = 1;
    timers = [];
    constructor(start = 1_000_000) {
        this.time = start;
    }
    now() {
        return this.time;
    }
    setTimeout(fn, ms) {
        const id = this.nextId++;
        this.timers.push({ id, due: this.time + Math.max(0, ms), fn });
        return { timerId: id };
    }
    clearTimeout(handle) {
        if (!('timerId' in handle) || typeof handle.timerId !== 'number')
            return;
        const id = handle.timerId;
        this.timers = this.timers.filter((t) => t.id !== id);
    }
    /** Number of armed timers. */
    pending() {
        return this.timers.length;
    }
    /** Move time forward by `ms`, firing due timers (including ones they arm) on the way. */
    advance(ms) {
        const target = this.time + ms;
        for (;;) {
            let next;
            for (const t of this.timers) {
                if (t.due <= target &&
                    (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))) {
                    next = t;
                }
            }
            if (next === undefined)
                break;
            const fire = next;
            this.timers = this.timers.filter((t) => t !== fire);
            this.time = Math.max(this.time, fire.due);
            fire.fn();
        }
        this.time = target;
    }
    /** Set the time without firing anything (a clock jump, for TILT tests). */
    jump(to) {
        this.time = to;
    }
}

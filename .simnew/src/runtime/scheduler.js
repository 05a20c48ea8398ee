export const MIN_HZ = 10;
export const HZ_SPREAD = 10;
/** Period in ms for one of Sentinel's hz values (integer division, as serverCron's 1000/hz). */
export function periodForHz(hz) {
    return Math.floor(1000 / hz);
}
export class Scheduler {
    clock;
    tickFn;
    random;
    onError;
    handle = null;
    stopped = true;
    currentHz = MIN_HZ;
    constructor(options) {
        this.clock = options.clock;
        this.tickFn = options.tick;
        this.random = options.random ?? Math.random;
        this.onError = options.onError ?? (() => { });
    }
    /** The hz the next run was armed with (10..19). */
    get hz() {
        return this.currentHz;
    }
    get running() {
        return !this.stopped;
    }
    start() {
        if (!this.stopped)
            return;
        this.stopped = false;
        this.arm();
    }
    stop() {
        this.stopped = true;
        if (this.handle !== null) {
            this.clock.clearTimeout(this.handle);
            this.handle = null;
        }
    }
    arm() {
        // Sentinel 7.0: hz = CONFIG_DEFAULT_HZ + rand() % CONFIG_DEFAULT_HZ after each timer run.
        const r = Math.min(Math.max(this.random(), 0), 0.999999);
        this.currentHz = MIN_HZ + Math.floor(r * HZ_SPREAD);
        this.handle = this.clock.setTimeout(() => this.fire(), periodForHz(this.currentHz));
    }
    fire() {
        this.handle = null;
        if (this.stopped)
            return;
        try {
            this.tickFn();
        }
        catch (err) {
            this.onError(err);
        }
        // The tick may have stopped us (shutdown): only re-arm while running.
        if (!this.stopped && this.handle === null)
            this.arm();
    }
}

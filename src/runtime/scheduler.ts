/**
 * The sentinel timer. Sentinel 7.0 runs its timer from serverCron and, after every run, sets
 * `hz = 10 + rand() % 10`, so the next run comes 1000/hz ms later (52..100 ms). The random
 * period keeps sentinels started together from acting in lockstep (and so from splitting
 * votes forever). We re-arm one timeout per tick the same way.
 */
import type { Clock, TimerHandle } from './clock.js';

export const MIN_HZ = 10;
export const HZ_SPREAD = 10;

/** Period in ms for one of Sentinel's hz values (integer division, as serverCron's 1000/hz). */
export function periodForHz(hz: number): number {
  return Math.floor(1000 / hz);
}

export interface SchedulerOptions {
  clock: Clock;
  /** The timer body: feed a `tick` input to the core and execute its actions. */
  tick: () => void;
  /** Uniform [0, 1); injected for deterministic tests. */
  random?: () => number;
  /** A tick that throws is reported here; the timer keeps running. */
  onError?: (err: unknown) => void;
}

export class Scheduler {
  private readonly clock: Clock;
  private readonly tickFn: () => void;
  private readonly random: () => number;
  private readonly onError: (err: unknown) => void;
  private handle: TimerHandle | null = null;
  private stopped = true;
  private currentHz = MIN_HZ;

  constructor(options: SchedulerOptions) {
    this.clock = options.clock;
    this.tickFn = options.tick;
    this.random = options.random ?? Math.random;
    this.onError = options.onError ?? (() => {});
  }

  /** The hz the next run was armed with (10..19). */
  get hz(): number {
    return this.currentHz;
  }

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) {
      this.clock.clearTimeout(this.handle);
      this.handle = null;
    }
  }

  private arm(): void {
    // Sentinel 7.0: hz = CONFIG_DEFAULT_HZ + rand() % CONFIG_DEFAULT_HZ after each timer run.
    const r = Math.min(Math.max(this.random(), 0), 0.999999);
    this.currentHz = MIN_HZ + Math.floor(r * HZ_SPREAD);
    this.handle = this.clock.setTimeout(() => this.fire(), periodForHz(this.currentHz));
  }

  private fire(): void {
    this.handle = null;
    if (this.stopped) return;
    try {
      this.tickFn();
    } catch (err) {
      this.onError(err);
    }
    // The tick may have stopped us (shutdown): only re-arm while running.
    if (!this.stopped && this.handle === null) this.arm();
  }
}

import { ManualClock } from '../../../src/runtime/clock.js';
import { Scheduler, periodForHz } from '../../../src/runtime/scheduler.js';

describe('Scheduler', () => {
  test('ticks at 1000/hz with hz = 10 + rand % 10, re-drawn after every tick', () => {
    const clock = new ManualClock(0);
    const randoms = [0, 0.95, 0.5];
    let i = 0;
    const times: number[] = [];
    const s = new Scheduler({
      clock,
      tick: () => times.push(clock.now()),
      random: () => randoms[i++ % 3] as number,
    });
    s.start();
    clock.advance(100 + 52 + 66);
    // hz 10 → 100 ms, hz 19 → 52 ms, hz 15 → 66 ms.
    expect(times).toEqual([100, 152, 218]);
    s.stop();
  });

  test('period stays within Sentinel’s 52..100 ms with any random value', () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const s = new Scheduler({ clock, tick: () => times.push(clock.now()) });
    s.start();
    clock.advance(10_000);
    s.stop();
    const gaps = times.map((t, k) => t - (k === 0 ? 0 : (times[k - 1] as number)));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(periodForHz(19));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(periodForHz(10));
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  test('stop() cancels the armed timer, also from inside a tick', () => {
    const clock = new ManualClock(0);
    let ticks = 0;
    const s = new Scheduler({
      clock,
      tick: () => {
        ticks++;
        if (ticks === 3) s.stop();
      },
    });
    s.start();
    clock.advance(5000);
    expect(ticks).toBe(3);
    expect(clock.pending()).toBe(0);
    expect(s.running).toBe(false);
  });

  test('a throwing tick is reported and the timer keeps running', () => {
    const clock = new ManualClock(0);
    const errors: unknown[] = [];
    let ticks = 0;
    const s = new Scheduler({
      clock,
      random: () => 0,
      tick: () => {
        ticks++;
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    s.start();
    clock.advance(300);
    s.stop();
    expect(ticks).toBe(3);
    expect(errors).toHaveLength(3);
  });

  test('start() twice arms one timer', () => {
    const clock = new ManualClock(0);
    const s = new Scheduler({ clock, tick: () => {} });
    s.start();
    s.start();
    expect(clock.pending()).toBe(1);
    s.stop();
  });
});

import { checkTilt } from '../../../src/core/tilt.js';
import { FakeContext } from './fake-context.js';
import { makeState } from './model-factory.js';

const T0 = 50_000_000;

function setup() {
  const state = makeState();
  return { state, ctx: new FakeContext(state) };
}

describe('TILT', () => {
  test('the first run has no previous time and never tilts', () => {
    const { state, ctx } = setup();
    checkTilt(ctx, T0);
    expect(state.tilt).toBe(false);
    expect(state.previousTickTime).toBe(T0);
    expect(ctx.actions).toEqual([]);
  });

  test('a gap up to tilt-trigger is fine; beyond it enters TILT', () => {
    const { state, ctx } = setup();
    checkTilt(ctx, T0);
    checkTilt(ctx, T0 + 2000);
    expect(state.tilt).toBe(false);
    checkTilt(ctx, T0 + 4001);
    expect(state.tilt).toBe(true);
    expect(state.tiltStartTime).toBe(T0 + 4001);
    expect(ctx.actions).toEqual([
      {
        type: 'event',
        level: 'warning',
        name: '+tilt',
        payload: '#tilt mode entered',
        subject: null,
        notificationScript: null,
      },
    ]);
    expect(ctx.recorded[0].instance).toBeNull();
  });

  test('a clock going backwards enters TILT', () => {
    const { state, ctx } = setup();
    checkTilt(ctx, T0);
    checkTilt(ctx, T0 - 1);
    expect(state.tilt).toBe(true);
    expect(state.previousTickTime).toBe(T0 - 1);
  });

  test('exits tilt-period after the last trigger; every new trigger restarts the period', () => {
    const { state, ctx } = setup();
    checkTilt(ctx, T0);
    checkTilt(ctx, T0 + 5000); // trigger 1
    let now = T0 + 5000;
    for (; now < T0 + 20_000; now += 100) checkTilt(ctx, now);
    checkTilt(ctx, now + 3000); // trigger 2 at now + 3000
    const second = now + 3000;
    expect(ctx.eventNames()).toEqual(['+tilt', '+tilt']);
    for (now = second + 100; now < second + 30_000; now += 100) checkTilt(ctx, now);
    expect(state.tilt).toBe(true);
    checkTilt(ctx, second + 30_000);
    expect(state.tilt).toBe(false);
    expect(ctx.eventLines()).toEqual([
      '+tilt #tilt mode entered',
      '+tilt #tilt mode entered',
      '-tilt #tilt mode exited',
    ]);
  });

  test('honours SENTINEL DEBUG overrides of tilt-trigger and tilt-period', () => {
    const { state, ctx } = setup();
    state.timers['tilt-trigger'] = 500;
    state.timers['tilt-period'] = 1000;
    checkTilt(ctx, T0);
    checkTilt(ctx, T0 + 501);
    expect(state.tilt).toBe(true);
    checkTilt(ctx, T0 + 900);
    checkTilt(ctx, T0 + 1300);
    checkTilt(ctx, T0 + 1501);
    expect(state.tilt).toBe(false);
    expect(ctx.eventNames()).toEqual(['+tilt', '-tilt']);
  });
});

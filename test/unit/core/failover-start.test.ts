import {
  ctimeOf,
  requestFailover,
  runFailoverStateMachine,
  startFailoverIfNeeded,
} from '../../../src/core/failover.js';
import { FakeContext } from './fake-context.js';

describe('ctimeOf', () => {
  test('prints local time as C ctime() does, day of month padded with a space', () => {
    const at = new Date(2026, 10, 5, 9, 3, 7).getTime(); // local 2026-11-05 09:03:07, a Thursday
    expect(ctimeOf(at)).toBe('Thu Nov  5 09:03:07 2026');
    expect(ctimeOf(new Date(2026, 0, 25, 23, 59, 59).getTime())).toBe('Sun Jan 25 23:59:59 2026');
  });
});
import { makeMaster, makeReplica, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 50_000_000;

function setup() {
  const state = makeState({ currentEpoch: 2n });
  const master = makeMaster(state, { now: T0, quorum: 2, failoverTimeout: 60_000 });
  const ctx = new FakeContext(state);
  return { state, master, ctx };
}

describe('starting a failover', () => {
  test('needs ODOWN and no failover in progress', () => {
    const { master, ctx } = setup();
    expect(startFailoverIfNeeded(ctx, master, T0)).toBe(false);
    master.flags.oDown = true;
    master.flags.failoverInProgress = true;
    expect(startFailoverIfNeeded(ctx, master, T0)).toBe(false);
    expect(ctx.actions).toEqual([]);
  });

  test('starts: new epoch, +new-epoch, +try-failover, wait_start, desynchronised start time', () => {
    const { master, ctx, state } = setup();
    master.flags.oDown = true;
    ctx.randomValues = [421];
    expect(startFailoverIfNeeded(ctx, master, T0)).toBe(true);
    expect(state.currentEpoch).toBe(3n);
    expect(master.failoverEpoch).toBe(3n);
    expect(master.failoverState).toBe('wait_start');
    expect(master.flags.failoverInProgress).toBe(true);
    expect(master.flags.forceFailover).toBe(false);
    expect(master.failoverStartTime).toBe(T0 + 421);
    expect(master.failoverStateChangeTime).toBe(T0);
    expect(ctx.eventLines()).toEqual(['+new-epoch 3', '+try-failover master mymaster 127.0.0.1 6379']);
    // Sentinel 7.0 does not flush at the start; the vote for ourselves will.
    expect(ctx.ofType('flushConfig')).toEqual([]);
  });

  test('the retry gate: not before 2 × failover-timeout since the last start, logged once', () => {
    const { master, ctx } = setup();
    master.flags.oDown = true;
    master.failoverStartTime = T0;
    expect(startFailoverIfNeeded(ctx, master, T0 + 119_999)).toBe(false);
    expect(startFailoverIfNeeded(ctx, master, T0 + 119_999)).toBe(false);
    const logs = ctx.ofType('log');
    expect(logs).toHaveLength(1);
    expect(logs[0].level).toBe('warning');
    expect(logs[0].message).toBe(
      `Next failover delay: I will not start a failover before ${ctimeOf(T0 + 120_000)}`,
    );
    expect(startFailoverIfNeeded(ctx, master, T0 + 120_000)).toBe(true);
  });

  test('a new start time (a vote for another sentinel) re-arms the delay log', () => {
    const { master, ctx, state } = setup();
    master.flags.oDown = true;
    master.failoverStartTime = T0;
    startFailoverIfNeeded(ctx, master, T0 + 10);
    // We vote for someone else in a later epoch: the start time moves.
    state.currentEpoch = 5n;
    master.failoverStartTime = T0 + 1000;
    master.failoverDelayLogged = false;
    startFailoverIfNeeded(ctx, master, T0 + 2000);
    expect(ctx.ofType('log')).toHaveLength(2);
  });

  test('no start in TILT', () => {
    const { master, ctx, state } = setup();
    master.flags.oDown = true;
    state.tilt = true;
    expect(startFailoverIfNeeded(ctx, master, T0)).toBe(false);
  });
});

describe('SENTINEL FAILOVER', () => {
  test('INPROG while a failover runs', () => {
    const { master, ctx } = setup();
    makeReplica(master, { now: T0 });
    master.flags.failoverInProgress = true;
    expect(requestFailover(ctx, master, T0)).toBe('INPROG');
  });

  test('NOGOODSLAVE when no replica qualifies, with nothing changed', () => {
    const { master, ctx, state } = setup();
    makeReplica(master, { now: T0, slavePriority: 0 });
    expect(requestFailover(ctx, master, T0)).toBe('NOGOODSLAVE');
    expect(state.currentEpoch).toBe(2n);
    expect(ctx.actions).toEqual([]);
  });

  test('OK: starts a forced failover without ODOWN, votes, or the retry gate', () => {
    const { master, ctx, state } = setup();
    const replica = makeReplica(master, { now: T0 });
    makeSentinel(master, runId('b'));
    makeSentinel(master, runId('c'));
    master.failoverStartTime = T0 - 10; // a failover just happened: the gate would refuse
    expect(requestFailover(ctx, master, T0)).toBe('OK');
    expect(master.flags.forceFailover).toBe(true);
    expect(master.flags.failoverInProgress).toBe(true);
    expect(state.currentEpoch).toBe(3n);
    expect(ctx.ofType('log')).toEqual([
      { type: 'log', level: 'warning', message: "Executing user requested FAILOVER of 'mymaster'" },
    ]);
    expect(ctx.eventNames()).toEqual(['+new-epoch', '+try-failover']);

    // The next tick: elected by force (our vote is cast, but no majority is needed), the replica
    // selected and sent SLAVEOF NO ONE in the same step.
    ctx.clear();
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(ctx.eventNames()).toEqual([
      '+vote-for-leader',
      '+elected-leader',
      '+failover-state-select-slave',
      '+selected-slave',
      '+failover-state-send-slaveof-noone',
      '+failover-state-wait-promotion',
    ]);
    expect(ctx.replicaOfCalls).toEqual([{ instance: replica, host: null, port: 0 }]);
    expect(master.failoverState).toBe('wait_promotion');
  });
});

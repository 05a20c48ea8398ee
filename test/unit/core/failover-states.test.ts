import { runFailoverStateMachine, startFailoverIfNeeded } from '../../../src/core/failover.js';
import { SIMULATE_CRASH_AFTER_ELECTION } from '../../../src/core/model.js';
import { FakeContext } from './fake-context.js';
import { MY_ID, makeMaster, makeReplica, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 50_000_000;
const B = runId('b');
const C = runId('c');

/** A master ODOWN with two peers (quorum 2) and two replicas; the failover already started. */
function started() {
  const state = makeState({ currentEpoch: 2n });
  const master = makeMaster(state, {
    now: T0,
    quorum: 2,
    failoverTimeout: 60_000,
    flags: { sDown: true, oDown: true },
    sDownSince: T0 - 1000,
  });
  const b = makeSentinel(master, B, { now: T0 });
  const c = makeSentinel(master, C, { now: T0 });
  const r1 = makeReplica(master, { now: T0, port: 6380, slaveReplOffset: 100 });
  const r2 = makeReplica(master, { now: T0, port: 6381, slaveReplOffset: 50 });
  const ctx = new FakeContext(state);
  ctx.randomValues = [0];
  startFailoverIfNeeded(ctx, master, T0);
  ctx.clear();
  return { state, master, b, c, r1, r2, ctx };
}

describe('wait_start', () => {
  test('not yet elected: wait, casting our vote', () => {
    const { master, ctx } = started();
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(master.failoverState).toBe('wait_start');
    expect(master.leader).toBe(MY_ID);
    expect(ctx.eventLines()).toEqual([`+vote-for-leader ${MY_ID} 3`]);
  });

  test('elected with a majority: +elected-leader and on to the promotion in one step', () => {
    const { master, b, r1, ctx } = started();
    b.leader = MY_ID;
    b.leaderEpoch = 3n;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(ctx.eventLines()).toEqual([
      `+vote-for-leader ${MY_ID} 3`,
      '+elected-leader master mymaster 127.0.0.1 6379',
      '+failover-state-select-slave master mymaster 127.0.0.1 6379',
      '+selected-slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
      '+failover-state-send-slaveof-noone slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
      '+failover-state-wait-promotion slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
    ]);
    expect(master.promoted).toBe(r1);
    expect(r1.flags.promoted).toBe(true);
    expect(ctx.replicaOfCalls).toEqual([{ instance: r1, host: null, port: 0 }]);
    expect(master.failoverState).toBe('wait_promotion');
    expect(master.failoverStateChangeTime).toBe(T0 + 100);
  });

  test('not elected within min(election-timeout, failover-timeout): -failover-abort-not-elected', () => {
    const { master, ctx } = started();
    runFailoverStateMachine(ctx, master, T0 + 10_000);
    expect(master.failoverState).toBe('wait_start');
    runFailoverStateMachine(ctx, master, T0 + 10_001);
    expect(ctx.eventNames()).toEqual(['+vote-for-leader', '-failover-abort-not-elected']);
    expect(master.failoverState).toBe('none');
    expect(master.flags.failoverInProgress).toBe(false);
    expect(master.failoverStateChangeTime).toBe(T0 + 10_001);
    // The start time is kept: no new attempt before 2 × failover-timeout.
    expect(master.failoverStartTime).toBe(T0);
    expect(startFailoverIfNeeded(ctx, master, T0 + 20_000)).toBe(false);
  });

  test('a failover-timeout shorter than the election timeout bounds the election', () => {
    const { master, ctx } = started();
    master.failoverTimeout = 3000;
    runFailoverStateMachine(ctx, master, T0 + 3001);
    expect(ctx.eventNames()).toContain('-failover-abort-not-elected');
  });

  test('another sentinel winning: we vote for it and abort later', () => {
    const { master, b, c, ctx } = started();
    b.leader = C;
    b.leaderEpoch = 3n;
    c.leader = C;
    c.leaderEpoch = 3n;
    ctx.randomValues = [500];
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(master.leader).toBe(C);
    expect(master.failoverState).toBe('wait_start');
    // The vote for another sentinel moved our start time (and so the election deadline).
    expect(master.failoverStartTime).toBe(T0 + 600);
    runFailoverStateMachine(ctx, master, T0 + 10_601);
    expect(ctx.eventNames()).toEqual(['+vote-for-leader', '-failover-abort-not-elected']);
  });

  test('SIMULATE-FAILURE crash-after-election crashes right after +elected-leader', () => {
    const { master, b, ctx, state } = started();
    state.simulateFailureFlags = SIMULATE_CRASH_AFTER_ELECTION;
    b.leader = MY_ID;
    b.leaderEpoch = 3n;
    runFailoverStateMachine(ctx, master, T0 + 100);
    const types = ctx.actions.map((a) => (a.type === 'event' ? a.name : a.type));
    expect(types).toEqual(['flushConfig', '+vote-for-leader', '+elected-leader', 'crash']);
    expect(ctx.ofType('crash')).toEqual([{ type: 'crash', reason: 'crash-after-election' }]);
  });
});

describe('select_slave', () => {
  test('no good replica: -failover-abort-no-good-slave', () => {
    const { master, b, r1, r2, ctx } = started();
    r1.flags.sDown = true;
    r2.slavePriority = 0;
    b.leader = MY_ID;
    b.leaderEpoch = 3n;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(ctx.eventNames().slice(-1)).toEqual(['-failover-abort-no-good-slave']);
    expect(master.failoverState).toBe('none');
    expect(master.flags.failoverInProgress).toBe(false);
  });
});

describe('send_slaveof_noone', () => {
  function selected() {
    // Selected at T0 + 100, then the replica's link dropped before SLAVEOF NO ONE could go.
    const s = started();
    s.master.failoverState = 'send_slaveof_noone';
    s.master.failoverStateChangeTime = T0 + 100;
    s.master.promoted = s.r1;
    s.r1.flags.promoted = true;
    s.r1.link.pubsubConnected = false;
    return s;
  }

  test('waits while the replica link is down', () => {
    const { master, ctx } = selected();
    expect(master.failoverState).toBe('send_slaveof_noone');
    runFailoverStateMachine(ctx, master, T0 + 30_000);
    expect(ctx.actions).toEqual([]);
  });

  test('sends SLAVEOF NO ONE once the link is back', () => {
    const { master, r1, ctx } = selected();
    r1.link.pubsubConnected = true;
    runFailoverStateMachine(ctx, master, T0 + 1000);
    expect(ctx.replicaOfCalls).toEqual([{ instance: r1, host: null, port: 0 }]);
    expect(ctx.eventNames()).toEqual(['+failover-state-wait-promotion']);
    expect(master.failoverState).toBe('wait_promotion');
  });

  test('-failover-abort-slave-timeout after failover-timeout in the state; the replica is un-promoted', () => {
    const { master, r1, ctx } = selected();
    runFailoverStateMachine(ctx, master, T0 + 100 + 60_000);
    expect(master.failoverState).toBe('send_slaveof_noone');
    runFailoverStateMachine(ctx, master, T0 + 100 + 60_001);
    expect(ctx.eventLines()).toEqual(['-failover-abort-slave-timeout master mymaster 127.0.0.1 6379']);
    expect(master.failoverState).toBe('none');
    expect(master.promoted).toBeNull();
    expect(r1.flags.promoted).toBe(false);
  });
});

describe('wait_promotion', () => {
  test('only a timeout: -failover-abort-slave-timeout', () => {
    const { master, b, r1, ctx } = started();
    b.leader = MY_ID;
    b.leaderEpoch = 3n;
    runFailoverStateMachine(ctx, master, T0 + 100);
    ctx.clear();
    runFailoverStateMachine(ctx, master, T0 + 100 + 60_000);
    expect(ctx.actions).toEqual([]);
    runFailoverStateMachine(ctx, master, T0 + 100 + 60_001);
    expect(ctx.eventNames()).toEqual(['-failover-abort-slave-timeout']);
    expect(master.flags.failoverInProgress).toBe(false);
    expect(master.flags.forceFailover).toBe(false);
    expect(r1.flags.promoted).toBe(false);
  });
});

describe('the state machine', () => {
  test('does nothing without a failover in progress, or in TILT', () => {
    const { master, b, ctx, state } = started();
    b.leader = MY_ID;
    b.leaderEpoch = 3n;
    state.tilt = true;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(ctx.actions).toEqual([]);
    state.tilt = false;
    master.flags.failoverInProgress = false;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(ctx.actions).toEqual([]);
  });
});

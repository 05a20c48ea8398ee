import { isMasterDownByAddr, voteLeader, ckquorum, findMasterByAddr } from '../../../src/core/election.js';
import { FakeContext } from './fake-context.js';
import { MY_ID, makeMaster, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 5_000_000;
const B = runId('b');
const C = runId('c');

function setup() {
  const state = makeState({ currentEpoch: 3n });
  const master = makeMaster(state, { now: T0 });
  const ctx = new FakeContext(state);
  return { state, master, ctx };
}

describe('voteLeader', () => {
  test('grants the first request of an epoch, persisted and announced', () => {
    const { state, master, ctx } = setup();
    const vote = voteLeader(ctx, master, 4n, B, T0);
    expect(vote).toEqual({ leader: B, leaderEpoch: 4n });
    expect(state.currentEpoch).toBe(4n);
    expect(master.leader).toBe(B);
    expect(master.leaderEpoch).toBe(4n);
    expect(ctx.eventLines()).toEqual(['+new-epoch 4', `+vote-for-leader ${B} 4`]);
    // Each of the two changes is flushed before its event.
    expect(ctx.actions.map((a) => a.type)).toEqual(['flushConfig', 'event', 'flushConfig', 'event']);
  });

  test('only one vote per epoch: a second candidate gets the stored vote', () => {
    const { master, ctx } = setup();
    voteLeader(ctx, master, 4n, B, T0);
    ctx.clear();
    const vote = voteLeader(ctx, master, 4n, C, T0 + 10);
    expect(vote).toEqual({ leader: B, leaderEpoch: 4n });
    expect(master.leader).toBe(B);
    expect(ctx.actions).toEqual([]);
  });

  test('a higher epoch is adopted and gets a new vote', () => {
    const { state, master, ctx } = setup();
    voteLeader(ctx, master, 4n, B, T0);
    ctx.clear();
    const vote = voteLeader(ctx, master, 6n, C, T0 + 10);
    expect(vote).toEqual({ leader: C, leaderEpoch: 6n });
    expect(state.currentEpoch).toBe(6n);
    expect(ctx.eventNames()).toEqual(['+new-epoch', '+vote-for-leader']);
  });

  test('a request for an epoch older than ours is refused without changing anything', () => {
    const { state, master, ctx } = setup();
    state.currentEpoch = 10n;
    const vote = voteLeader(ctx, master, 9n, B, T0);
    expect(vote).toEqual({ leader: null, leaderEpoch: 0n });
    expect(state.currentEpoch).toBe(10n);
    expect(ctx.actions).toEqual([]);
  });

  test('a request equal to the current epoch is granted once', () => {
    const { state, master, ctx } = setup();
    expect(voteLeader(ctx, master, 3n, B, T0)).toEqual({ leader: B, leaderEpoch: 3n });
    expect(state.currentEpoch).toBe(3n);
    expect(ctx.eventNames()).toEqual(['+vote-for-leader']);
  });

  test('voting for another sentinel pushes our own failover start (now + random desync)', () => {
    const { master, ctx } = setup();
    master.failoverDelayLogged = true;
    ctx.randomValues = [737];
    voteLeader(ctx, master, 4n, B, T0);
    expect(master.failoverStartTime).toBe(T0 + 737);
    expect(master.failoverDelayLogged).toBe(false);
  });

  test('voting for ourselves (any case) leaves the failover start time alone', () => {
    const { master, ctx } = setup();
    master.failoverStartTime = 42;
    voteLeader(ctx, master, 4n, MY_ID.toUpperCase(), T0);
    expect(master.failoverStartTime).toBe(42);
  });

  test('epoch and vote events carry the master as subject (for its notification script)', () => {
    const { master, ctx } = setup();
    master.notificationScript = '/bin/notify';
    voteLeader(ctx, master, 4n, B, T0);
    const events = ctx.ofType('event');
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.level).toBe('warning');
      expect(event.subject).toEqual({ kind: 'master', name: 'mymaster', ip: '127.0.0.1', port: 6379 });
      expect(event.notificationScript).toBe('/bin/notify');
    }
  });
});

describe('isMasterDownByAddr', () => {
  test('unknown address: down 0, no vote', () => {
    const { ctx, master } = setup();
    expect(isMasterDownByAddr(ctx, '10.0.0.9', 6379, 9n, B, T0)).toEqual({
      down: 0,
      leader: '*',
      leaderEpoch: 0n,
    });
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6380, 9n, B, T0)).toEqual({
      down: 0,
      leader: '*',
      leaderEpoch: 0n,
    });
    expect(master.leader).toBeNull();
    expect(ctx.actions).toEqual([]);
  });

  test('down is 1 only when we see the master SDOWN', () => {
    const { ctx, master } = setup();
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 0n, '*', T0).down).toBe(0);
    master.flags.sDown = true;
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 0n, '*', T0)).toEqual({
      down: 1,
      leader: '*',
      leaderEpoch: 0n,
    });
  });

  test('runid `*` asks no vote and is answered with `*` and 0 even when we voted', () => {
    const { ctx, master } = setup();
    voteLeader(ctx, master, 4n, B, T0);
    ctx.clear();
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 5n, '*', T0)).toEqual({
      down: 0,
      leader: '*',
      leaderEpoch: 0n,
    });
    expect(ctx.actions).toEqual([]);
  });

  test('a vote request is granted and answered with the vote', () => {
    const { ctx, master, state } = setup();
    master.flags.sDown = true;
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 4n, B, T0)).toEqual({
      down: 1,
      leader: B,
      leaderEpoch: 4n,
    });
    expect(state.currentEpoch).toBe(4n);
    // A competing candidate in the same epoch learns whom we voted for.
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 4n, C, T0)).toEqual({
      down: 1,
      leader: B,
      leaderEpoch: 4n,
    });
  });

  test('the vote does not depend on our own view of the master', () => {
    const { ctx } = setup();
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 4n, B, T0)).toEqual({
      down: 0,
      leader: B,
      leaderEpoch: 4n,
    });
  });

  test('in TILT: down is forced to 0 but the vote is still granted', () => {
    const { ctx, master, state } = setup();
    state.tilt = true;
    master.flags.sDown = true;
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 4n, B, T0)).toEqual({
      down: 0,
      leader: B,
      leaderEpoch: 4n,
    });
    expect(master.leader).toBe(B);
    expect(ctx.eventNames()).toContain('+vote-for-leader');
  });

  test('a cleared vote still reports its epoch', () => {
    const { ctx, master } = setup();
    master.leader = null;
    master.leaderEpoch = 7n;
    expect(isMasterDownByAddr(ctx, '127.0.0.1', 6379, 5n, B, T0)).toEqual({
      down: 0,
      leader: '*',
      leaderEpoch: 7n,
    });
  });

  test('masters are found by IP or by hostname (case-insensitive), on the same port', () => {
    const state = makeState();
    const ctx = new FakeContext(state);
    makeMaster(state, { name: 'a', addr: { host: '127.0.0.1', ip: '127.0.0.1', port: 7000 } });
    const b = makeMaster(state, { name: 'b', addr: { host: 'Redis-B.local', ip: '127.0.0.2', port: 7001 } });
    expect(findMasterByAddr(ctx, '127.0.0.2', 7001)).toBe(b);
    expect(findMasterByAddr(ctx, 'redis-b.LOCAL', 7001)).toBe(b);
    expect(findMasterByAddr(ctx, 'redis-b.local', 7000)).toBeNull();
  });
});

describe('ckquorum', () => {
  test('usable = 1 + peers neither SDOWN nor ODOWN; quorum and majority checks', () => {
    const { ctx, master } = setup();
    master.quorum = 3;
    makeSentinel(master, B);
    makeSentinel(master, C);
    makeSentinel(master, runId('d'), { flags: { sDown: true } });
    makeSentinel(master, runId('e'), { flags: { oDown: true } });
    // voters 5, majority 3, usable 3.
    expect(ckquorum(ctx, master)).toEqual({ usable: 3, quorumReachable: true, majorityReachable: true });
    master.quorum = 4;
    expect(ckquorum(ctx, master)).toEqual({ usable: 3, quorumReachable: false, majorityReachable: true });
    makeSentinel(master, runId('f'), { flags: { sDown: true } });
    // voters 6, majority 4.
    expect(ckquorum(ctx, master)).toEqual({ usable: 3, quorumReachable: false, majorityReachable: false });
  });

  test('alone with quorum 2: one usable sentinel, no quorum, majority of one reached', () => {
    const { ctx, master } = setup();
    expect(ckquorum(ctx, master)).toEqual({ usable: 1, quorumReachable: false, majorityReachable: true });
  });
});

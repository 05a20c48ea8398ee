import {
  askMasterStateToOtherSentinels,
  checkObjectivelyDown,
  forgetPeerReports,
  handleAskReply,
  onMasterSubjectivelyDown,
  parseAskReply,
} from '../../../src/core/election.js';
import { FakeContext } from './fake-context.js';
import { MY_ID, makeMaster, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 5_000_000;
const B = runId('b');
const C = runId('c');
const D = runId('d');

function setup(quorum = 2) {
  const state = makeState({ currentEpoch: 4n });
  const master = makeMaster(state, { now: T0, quorum });
  const b = makeSentinel(master, B, { now: T0 });
  const c = makeSentinel(master, C, { now: T0 });
  const ctx = new FakeContext(state);
  return { state, master, b, c, ctx };
}

describe('ODOWN', () => {
  test('count = 1 + peers reporting down, against the quorum', () => {
    const { master, b, c, ctx } = setup(3);
    master.flags.sDown = true;
    b.flags.masterDown = true;
    checkObjectivelyDown(ctx, master, T0);
    expect(master.flags.oDown).toBe(false);
    c.flags.masterDown = true;
    checkObjectivelyDown(ctx, master, T0 + 100);
    expect(master.flags.oDown).toBe(true);
    expect(master.oDownSince).toBe(T0 + 100);
    expect(ctx.eventLines()).toEqual(['+odown master mymaster 127.0.0.1 6379 #quorum 3/3']);
    checkObjectivelyDown(ctx, master, T0 + 200);
    expect(ctx.recorded).toHaveLength(1);
    expect(master.oDownSince).toBe(T0 + 100);
  });

  test('-odown when the peers stop agreeing or we no longer see it SDOWN', () => {
    const { master, b, ctx } = setup(2);
    master.flags.sDown = true;
    b.flags.masterDown = true;
    checkObjectivelyDown(ctx, master, T0);
    b.flags.masterDown = false;
    checkObjectivelyDown(ctx, master, T0 + 100);
    expect(master.flags.oDown).toBe(false);
    b.flags.masterDown = true;
    checkObjectivelyDown(ctx, master, T0 + 200);
    master.flags.sDown = false;
    checkObjectivelyDown(ctx, master, T0 + 300);
    expect(ctx.eventLines()).toEqual([
      '+odown master mymaster 127.0.0.1 6379 #quorum 2/2',
      '-odown master mymaster 127.0.0.1 6379',
      '+odown master mymaster 127.0.0.1 6379 #quorum 2/2',
      '-odown master mymaster 127.0.0.1 6379',
    ]);
  });

  test('quorum 1: our own SDOWN is enough', () => {
    const { master, ctx } = setup(1);
    master.flags.sDown = true;
    checkObjectivelyDown(ctx, master, T0);
    expect(ctx.eventLines()).toEqual(['+odown master mymaster 127.0.0.1 6379 #quorum 1/1']);
  });
});

describe('asking the peers', () => {
  test('asks every connected peer while SDOWN, with `*` when no failover runs', () => {
    const { master, b, c, ctx } = setup();
    master.flags.sDown = true;
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    expect(ctx.ofType('askMasterDown')).toEqual([
      {
        type: 'askMasterDown',
        linkId: b.link.id,
        command: 'SENTINEL',
        masterName: 'mymaster',
        peerRunId: B,
        args: ['127.0.0.1', '6379', '4', '*'],
      },
      {
        type: 'askMasterDown',
        linkId: c.link.id,
        command: 'SENTINEL',
        masterName: 'mymaster',
        peerRunId: C,
        args: ['127.0.0.1', '6379', '4', '*'],
      },
    ]);
    expect(b.link.pendingCommands).toBe(1);
    expect(c.link.pendingCommands).toBe(1);
  });

  test('asks for a vote (our runid) while a failover of this master is in progress', () => {
    const { master, ctx } = setup();
    master.flags.sDown = true;
    master.failoverState = 'wait_start';
    askMasterStateToOtherSentinels(ctx, master, true, T0);
    expect(ctx.ofType('askMasterDown')[0].args[3]).toBe(MY_ID);
  });

  test('the master address is the hostname with announce-hostnames', () => {
    const { master, ctx, state } = setup();
    master.addr = { host: 'redis-1.example', ip: '127.0.0.1', port: 6379 };
    master.flags.sDown = true;
    state.settings.announceHostnames = true;
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    expect(ctx.ofType('askMasterDown')[0].args.slice(0, 2)).toEqual(['redis-1.example', '6379']);
  });

  test('nobody is asked when the master is not SDOWN, nor a disconnected peer', () => {
    const { master, c, ctx } = setup();
    askMasterStateToOtherSentinels(ctx, master, true, T0);
    expect(ctx.actions).toEqual([]);
    master.flags.sDown = true;
    c.link.cmdConnected = false;
    askMasterStateToOtherSentinels(ctx, master, true, T0);
    expect(ctx.ofType('askMasterDown').map((a) => a.peerRunId)).toEqual([B]);
  });

  test('non-forced asks wait ask-period after the last reply; forced ones do not', () => {
    const { master, b, c, ctx } = setup();
    master.flags.sDown = true;
    b.lastMasterDownReplyTime = T0 - 500;
    c.lastMasterDownReplyTime = T0 - 1001;
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    expect(ctx.ofType('askMasterDown').map((a) => a.peerRunId)).toEqual([C]);
    ctx.clear();
    askMasterStateToOtherSentinels(ctx, master, true, T0);
    expect(ctx.ofType('askMasterDown').map((a) => a.peerRunId)).toEqual([B, C]);
  });

  test('one unanswered question per ask-period: a slow peer is not asked at every tick', () => {
    const { master, b, ctx } = setup();
    master.flags.sDown = true;
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    askMasterStateToOtherSentinels(ctx, master, false, T0 + 100);
    askMasterStateToOtherSentinels(ctx, master, false, T0 + 900);
    expect(ctx.ofType('askMasterDown')).toHaveLength(2);
    askMasterStateToOtherSentinels(ctx, master, false, T0 + 1000);
    expect(ctx.ofType('askMasterDown')).toHaveLength(4);
    expect(b.link.pendingCommands).toBe(2);
  });

  test('opinions and votes older than 5 × ask-period are forgotten, even when not asking', () => {
    const { master, b, c, ctx } = setup();
    for (const peer of [b, c]) {
      peer.flags.masterDown = true;
      peer.leader = D;
      peer.leaderEpoch = 4n;
    }
    b.lastMasterDownReplyTime = T0 - 5000;
    c.lastMasterDownReplyTime = T0 - 5001;
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    expect([b.flags.masterDown, b.leader]).toEqual([true, D]);
    expect([c.flags.masterDown, c.leader, c.leaderEpoch]).toEqual([false, null, 4n]);
  });

  test('onMasterSubjectivelyDown asks at once, and the end-of-tick ask does not repeat it', () => {
    const { master, ctx } = setup();
    master.flags.sDown = true;
    onMasterSubjectivelyDown(ctx, master, T0);
    expect(ctx.ofType('askMasterDown')).toHaveLength(2);
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    expect(ctx.ofType('askMasterDown')).toHaveLength(2);
  });

  test('nothing is asked or forgotten in TILT', () => {
    const { master, b, ctx, state } = setup();
    state.tilt = true;
    master.flags.sDown = true;
    b.flags.masterDown = true;
    askMasterStateToOtherSentinels(ctx, master, true, T0);
    expect(ctx.actions).toEqual([]);
    expect(b.flags.masterDown).toBe(true);
  });
});

describe('ask replies', () => {
  test('parsing accepts numbers, bigints, strings and Buffers, and nothing else', () => {
    expect(parseAskReply([1, '*', 0])).toEqual({ down: true, leader: '*', leaderEpoch: 0n });
    expect(parseAskReply([0n, Buffer.from(B), 9n])).toEqual({ down: false, leader: B, leaderEpoch: 9n });
    expect(parseAskReply([2, '*', 0])).toEqual({ down: false, leader: '*', leaderEpoch: 0n });
    // The links decode integers as text (stringNumbers), so epochs beyond 2^53 stay exact.
    expect(parseAskReply(['1', '*', '0'])).toEqual({ down: true, leader: '*', leaderEpoch: 0n });
    for (const bad of [
      null,
      'OK',
      new Error('ERR'),
      [1, '*'],
      [1, '*', 0, 0],
      [1, 5, 0],
      [1, '*', 1.5],
      [1, null, 0],
    ]) {
      expect(parseAskReply(bad)).toBeNull();
    }
  });

  test('a reply sets the peer opinion and reply time; a malformed one changes nothing', () => {
    const { master, b, ctx } = setup(3);
    master.flags.sDown = true;
    handleAskReply(ctx, master, b, [1, '*', 0], T0);
    expect(b.flags.masterDown).toBe(true);
    expect(b.lastMasterDownReplyTime).toBe(T0);
    handleAskReply(ctx, master, b, 'garbage', T0 + 50);
    expect(b.lastMasterDownReplyTime).toBe(T0);
    handleAskReply(ctx, master, b, [0, '*', 0], T0 + 100);
    expect(b.flags.masterDown).toBe(false);
  });

  test('a vote is recorded, and logged when its epoch changed', () => {
    const { master, b, ctx } = setup(3);
    master.flags.sDown = true;
    handleAskReply(ctx, master, b, [1, C, 5], T0);
    expect([b.leader, b.leaderEpoch]).toEqual([C, 5n]);
    handleAskReply(ctx, master, b, [1, D, 5], T0 + 10);
    expect([b.leader, b.leaderEpoch]).toEqual([D, 5n]);
    handleAskReply(ctx, master, b, [1, '*', 0], T0 + 20);
    expect([b.leader, b.leaderEpoch]).toEqual([D, 5n]);
    expect(ctx.ofType('log')).toEqual([{ type: 'log', level: 'warning', message: `${B} voted for ${C} 5` }]);
  });

  test('a "down" reply arriving when we no longer see the master SDOWN is not kept', () => {
    const { master, b, ctx } = setup(3);
    handleAskReply(ctx, master, b, [1, '*', 0], T0);
    expect(b.flags.masterDown).toBe(false);
    expect(b.lastMasterDownReplyTime).toBe(T0);
  });

  test('replies are acted on at once: ODOWN, failover start and a forced ask for votes', () => {
    const { master, b, ctx, state } = setup(2);
    master.flags.sDown = true;
    handleAskReply(ctx, master, b, [1, '*', 0], T0);
    expect(master.flags.oDown).toBe(true);
    expect(master.flags.failoverInProgress).toBe(true);
    expect(state.currentEpoch).toBe(5n);
    expect(ctx.eventNames()).toEqual(['+odown', '+new-epoch', '+try-failover']);
    const asks = ctx.ofType('askMasterDown');
    expect(asks.map((a) => a.args)).toEqual([
      ['127.0.0.1', '6379', '5', MY_ID],
      ['127.0.0.1', '6379', '5', MY_ID],
    ]);
  });

  test('a vote reply during wait_start completes the election at once', () => {
    const { master, b, c, ctx, state } = setup(2);
    master.flags.sDown = true;
    handleAskReply(ctx, master, b, [1, '*', 0], T0);
    ctx.clear();
    handleAskReply(ctx, master, c, [1, MY_ID, 5], T0 + 5);
    expect(state.currentEpoch).toBe(5n);
    expect(ctx.eventNames()).toEqual([
      '+vote-for-leader',
      '+elected-leader',
      '+failover-state-select-slave',
      // No replica: the selection aborts right away.
      '-failover-abort-no-good-slave',
    ]);
  });

  test('in TILT a reply is recorded but nothing is acted on', () => {
    const { master, b, ctx, state } = setup(1);
    master.flags.sDown = true;
    state.tilt = true;
    handleAskReply(ctx, master, b, [1, C, 3], T0);
    expect(b.flags.masterDown).toBe(true);
    expect(b.leader).toBe(C);
    expect(master.flags.oDown).toBe(false);
    expect(ctx.recorded).toEqual([]);
  });

  test('forgetPeerReports drops opinions and pacing but keeps votes', () => {
    const { master, b, ctx } = setup();
    master.flags.sDown = true;
    askMasterStateToOtherSentinels(ctx, master, false, T0);
    b.flags.masterDown = true;
    b.lastMasterDownReplyTime = T0;
    b.leader = C;
    forgetPeerReports(master);
    expect([b.flags.masterDown, b.lastMasterDownReplyTime, b.leader]).toEqual([false, 0, C]);
    ctx.clear();
    askMasterStateToOtherSentinels(ctx, master, false, T0 + 10);
    expect(ctx.ofType('askMasterDown')).toHaveLength(2);
  });
});

/**
 * A whole failover through the functions the brain calls, in its tick order (spec §11), with the
 * peers' replies fed back as they would arrive: promptness (no tick lost between facts and
 * actions) and no second failover of the freshly promoted master on stale state.
 */
import {
  askMasterStateToOtherSentinels,
  checkObjectivelyDown,
  handleAskReply,
  onMasterSubjectivelyDown,
} from '../../../src/core/election.js';
import {
  actOnInfo,
  runFailoverStateMachine,
  startFailoverIfNeeded,
  switchMasterAfterFailover,
} from '../../../src/core/failover.js';
import { checkTilt } from '../../../src/core/tilt.js';
import type { MasterInstance, ReplicaInstance, SentinelInstance } from '../../../src/core/model.js';
import { FakeContext } from './fake-context.js';
import { MY_ID, makeMaster, makeReplica, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 50_000_000;

function world() {
  const state = makeState({ currentEpoch: 1n });
  const master = makeMaster(state, { now: T0, quorum: 2, downAfterMs: 5000, failoverTimeout: 60_000 });
  const b = makeSentinel(master, runId('b'), { now: T0 });
  const c = makeSentinel(master, runId('c'), { now: T0 });
  // Replicas answered PING and INFO just before the master went down.
  const r1 = makeReplica(master, { now: T0 + 4900, port: 6380, slaveReplOffset: 500 });
  const r2 = makeReplica(master, { now: T0 + 4900, port: 6381, slaveReplOffset: 400 });
  const ctx = new FakeContext(state);
  return { state, master, b, c, r1, r2, ctx };
}

/**
 * The brain's tick for our one master, SDOWN work left to the test. Ticks are taken to run
 * every 100 ms in between, unless a test says otherwise with `gap`.
 */
function tick(ctx: FakeContext, master: MasterInstance, now: number, gap = 100): void {
  ctx.state.previousTickTime = now - gap;
  checkTilt(ctx, now);
  if (!ctx.state.tilt) {
    checkObjectivelyDown(ctx, master, now);
    if (startFailoverIfNeeded(ctx, master, now)) askMasterStateToOtherSentinels(ctx, master, true, now);
    runFailoverStateMachine(ctx, master, now);
    askMasterStateToOtherSentinels(ctx, master, false, now);
  }
  if (master.failoverState === 'update_config') switchMasterAfterFailover(ctx, master, now);
}

/** Answer the pending questions as a peer that sees the master down and grants votes would. */
function peersAnswer(ctx: FakeContext, master: MasterInstance, now: number): void {
  const asks = ctx.ofType('askMasterDown');
  ctx.actions.splice(0, ctx.actions.length, ...ctx.actions.filter((a) => a.type !== 'askMasterDown'));
  for (const ask of asks) {
    const peer = master.sentinels.get(ask.peerRunId) as SentinelInstance;
    const [, , epoch, requester] = ask.args;
    const reply = requester === '*' ? [1, '*', 0] : [1, requester, Number(epoch)];
    handleAskReply(ctx, master, peer, reply, now);
  }
}

function reportsMaster(ctx: FakeContext, replica: ReplicaInstance, now: number): void {
  replica.roleReported = 'master';
  replica.roleReportedTime = now;
  replica.infoRefresh = now;
  actOnInfo(ctx, replica, 'slave', now);
}

function followsPromoted(ctx: FakeContext, replica: ReplicaInstance, now: number): void {
  const promoted = replica.master.promoted as ReplicaInstance;
  replica.slaveMasterHost = promoted.addr.ip;
  replica.slaveMasterPort = promoted.addr.port;
  replica.slaveMasterLinkUp = true;
  replica.infoRefresh = now;
  actOnInfo(ctx, replica, 'slave', now);
}

test('from SDOWN to +switch-master without waiting for ticks where facts suffice', () => {
  const { state, master, r1, r2, ctx } = world();

  // The brain sees +sdown and asks at once.
  master.flags.sDown = true;
  master.sDownSince = T0 + 5000;
  onMasterSubjectivelyDown(ctx, master, T0 + 5000);
  expect(ctx.ofType('askMasterDown')).toHaveLength(2);

  // The replies arrive 2 ms later: ODOWN, failover started, votes asked, the votes come back,
  // elected, replica selected and SLAVEOF NO ONE sent — all before the next tick.
  peersAnswer(ctx, master, T0 + 5002);
  peersAnswer(ctx, master, T0 + 5004);
  expect(ctx.eventNames()).toEqual([
    '+odown',
    '+new-epoch',
    '+try-failover',
    '+vote-for-leader',
    '+elected-leader',
    '+failover-state-select-slave',
    '+selected-slave',
    '+failover-state-send-slaveof-noone',
    '+failover-state-wait-promotion',
  ]);
  expect(state.currentEpoch).toBe(2n);
  expect(master.failoverState).toBe('wait_promotion');
  expect(ctx.replicaOfCalls).toEqual([{ instance: r1, host: null, port: 0 }]);

  // The promoted replica's INFO shows the master role: the other replica is sent SLAVEOF at once.
  ctx.clear();
  reportsMaster(ctx, r1, T0 + 5100);
  expect(master.configEpoch).toBe(2n);
  expect(ctx.replicaOfCalls).toEqual([{ instance: r2, host: '127.0.0.1', port: 6380 }]);

  // The replica follows; the failover ends; the next tick switches.
  followsPromoted(ctx, r2, T0 + 5200);
  expect(master.failoverState).toBe('update_config');
  ctx.clear();
  tick(ctx, master, T0 + 5250);
  expect(ctx.eventLines()).toEqual(['+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380']);
  expect(master.addr.port).toBe(6380);
  expect(master.failoverState).toBe('none');
  expect(MY_ID).toBe(state.myid);
});

test("no second failover of the fresh master on the peers' stale reports", () => {
  const { master, b, c, r1, r2, ctx } = world();
  master.flags.sDown = true;
  master.sDownSince = T0 + 5000;
  onMasterSubjectivelyDown(ctx, master, T0 + 5000);
  peersAnswer(ctx, master, T0 + 5002);
  peersAnswer(ctx, master, T0 + 5004);
  reportsMaster(ctx, r1, T0 + 5100);
  followsPromoted(ctx, r2, T0 + 5200);

  // Questions about the old master are still in flight when the switch happens.
  askMasterStateToOtherSentinels(ctx, master, true, T0 + 5240);
  const inFlight = ctx.ofType('askMasterDown');
  expect(inFlight).toHaveLength(2);
  ctx.clear();
  tick(ctx, master, T0 + 5250);
  expect(ctx.eventNames()).toEqual(['+switch-master']);
  expect([b.flags.masterDown, c.flags.masterDown]).toEqual([false, false]);

  // Their "down" answers (about the old address) arrive after the switch: not kept.
  handleAskReply(ctx, master, b, [1, '*', 0], T0 + 5260);
  handleAskReply(ctx, master, c, [1, '*', 0], T0 + 5261);
  expect([b.flags.masterDown, c.flags.masterDown]).toEqual([false, false]);

  // Even if we alone now judge the new master down, there is no ODOWN (quorum 2) and no failover
  // until the peers confirm it about the new address.
  master.flags.sDown = true;
  master.sDownSince = T0 + 5300;
  onMasterSubjectivelyDown(ctx, master, T0 + 5300);
  for (let now = T0 + 5300; now <= T0 + 5800; now += 100) tick(ctx, master, now);
  expect(master.flags.oDown).toBe(false);
  expect(master.flags.failoverInProgress).toBe(false);
  expect(ctx.eventNames()).not.toContain('+odown');
  // The questions now name the new address.
  expect(ctx.ofType('askMasterDown')[0].args.slice(0, 2)).toEqual(['127.0.0.1', '6380']);
});

test('TILT stops acting on replies and ticks', () => {
  const { state, master, b, ctx } = world();
  master.flags.sDown = true;
  // A 3 s gap between ticks: TILT.
  tick(ctx, master, T0 + 3000, 3000);
  expect(state.tilt).toBe(true);
  handleAskReply(ctx, master, b, [1, '*', 0], T0 + 3010);
  tick(ctx, master, T0 + 3100);
  expect(master.flags.oDown).toBe(false);
  expect(ctx.eventNames()).toEqual(['+tilt']);
});

import { actOnInfo, runFailoverStateMachine, switchMasterAfterFailover } from '../../../src/core/failover.js';
import type { MasterInstance, ReplicaInstance } from '../../../src/core/model.js';
import { FakeContext } from './fake-context.js';
import { makeMaster, makeReplica, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 50_000_000;
const TIMEOUT = 60_000;

/**
 * A failover in reconf_slaves since T0: 127.0.0.1:6380 promoted, replicas on 6381..6383 still
 * pointing at the old master.
 */
function reconfiguring(parallelSyncs = 1) {
  const state = makeState({ currentEpoch: 3n });
  const master = makeMaster(state, {
    now: T0,
    failoverTimeout: TIMEOUT,
    parallelSyncs,
    flags: { sDown: true, oDown: true, failoverInProgress: true },
    failoverEpoch: 3n,
    failoverState: 'reconf_slaves',
    failoverStateChangeTime: T0,
  });
  const promoted = makeReplica(master, {
    now: T0,
    port: 6380,
    flags: { promoted: true },
    roleReported: 'master',
  });
  master.promoted = promoted;
  const others = [6381, 6382, 6383].map((port) => makeReplica(master, { now: T0, port }));
  const ctx = new FakeContext(state);
  return { state, master, promoted, others, ctx };
}

/** INFO from a replica now replicating from the promoted one. */
function reportsPromoted(ctx: FakeContext, replica: ReplicaInstance, linkUp: boolean, now: number): void {
  const promoted = replica.master.promoted as ReplicaInstance;
  replica.slaveMasterHost = promoted.addr.ip;
  replica.slaveMasterPort = promoted.addr.port;
  replica.slaveMasterLinkUp = linkUp;
  replica.infoRefresh = now;
  actOnInfo(ctx, replica, 'slave', now);
}

function sentTo(ctx: FakeContext): number[] {
  return ctx.replicaOfCalls.map((c) => c.instance.addr.port);
}

describe('reconf_slaves pacing', () => {
  test('parallel-syncs 1: one replica at a time, each SLAVEOF pointing at the promoted replica', () => {
    const { master, others, ctx } = reconfiguring(1);
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(ctx.replicaOfCalls).toEqual([{ instance: others[0], host: '127.0.0.1', port: 6380 }]);
    expect(others[0].flags.reconfSent).toBe(true);
    expect(others[0].slaveReconfSentTime).toBe(T0 + 100);
    expect(ctx.eventLines()).toEqual([
      '+slave-reconf-sent slave 127.0.0.1:6381 127.0.0.1 6381 @ mymaster 127.0.0.1 6379',
    ]);
    runFailoverStateMachine(ctx, master, T0 + 200);
    expect(sentTo(ctx)).toEqual([6381]);

    // reconf_sent → reconf_inprog (points at the promoted replica) → reconf_done (link up):
    // the freed slot goes to the next replica at once.
    reportsPromoted(ctx, others[0], false, T0 + 300);
    expect(others[0].flags.reconfInprog).toBe(true);
    expect(sentTo(ctx)).toEqual([6381]);
    reportsPromoted(ctx, others[0], true, T0 + 400);
    expect(others[0].flags.reconfDone).toBe(true);
    expect(sentTo(ctx)).toEqual([6381, 6382]);
    expect(ctx.eventNames()).toEqual([
      '+slave-reconf-sent',
      '+slave-reconf-inprog',
      '+slave-reconf-done',
      '+slave-reconf-sent',
    ]);
  });

  test('parallel-syncs 2: two at a time; the failover ends when every replica is done', () => {
    const { master, others, ctx } = reconfiguring(2);
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(sentTo(ctx)).toEqual([6381, 6382]);
    reportsPromoted(ctx, others[0], true, T0 + 200);
    expect(sentTo(ctx)).toEqual([6381, 6382, 6383]);
    reportsPromoted(ctx, others[1], true, T0 + 300);
    expect(master.failoverState).toBe('reconf_slaves');
    reportsPromoted(ctx, others[2], true, T0 + 400);
    expect(master.failoverState).toBe('update_config');
    expect(ctx.eventLines().slice(-1)).toEqual(['+failover-end master mymaster 127.0.0.1 6379']);
  });

  test('disconnected replicas are skipped; SDOWN ones do not hold the end back', () => {
    const { master, others, ctx } = reconfiguring(3);
    others[0].link.cmdConnected = false;
    others[0].flags.sDown = true;
    others[1].link.pubsubConnected = false;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(sentTo(ctx)).toEqual([6383]);
    reportsPromoted(ctx, others[2], true, T0 + 200);
    // 6382 is connected-ish and not down: still pending.
    expect(master.failoverState).toBe('reconf_slaves');
    others[1].flags.sDown = true;
    runFailoverStateMachine(ctx, master, T0 + 300);
    expect(master.failoverState).toBe('update_config');
  });

  test('a replica stuck in reconf_sent for slave-reconf-timeout is counted done', () => {
    const { master, others, ctx } = reconfiguring(1);
    runFailoverStateMachine(ctx, master, T0 + 100);
    runFailoverStateMachine(ctx, master, T0 + 100 + 10_000);
    expect(sentTo(ctx)).toEqual([6381]);
    runFailoverStateMachine(ctx, master, T0 + 100 + 10_001);
    expect(others[0].flags.reconfSent).toBe(false);
    expect(others[0].flags.reconfDone).toBe(true);
    // The slot is freed at once (Sentinel 7.0 would wait for failover-timeout here).
    expect(ctx.eventNames()).toEqual([
      '+slave-reconf-sent',
      '-slave-reconf-sent-timeout',
      '+slave-reconf-sent',
    ]);
    expect(sentTo(ctx)).toEqual([6381, 6382]);
  });

  test('no end while the promoted replica is SDOWN', () => {
    const { master, promoted, others, ctx } = reconfiguring(3);
    for (const r of others) r.flags.reconfDone = true;
    promoted.flags.sDown = true;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(master.failoverState).toBe('reconf_slaves');
    promoted.flags.sDown = false;
    runFailoverStateMachine(ctx, master, T0 + 200);
    expect(master.failoverState).toBe('update_config');
  });

  test('failover-timeout: +failover-end-for-timeout, +failover-end, best-effort SLAVEOF to the rest', () => {
    const { master, others, ctx } = reconfiguring(1);
    runFailoverStateMachine(ctx, master, T0 + 100); // 6381 sent
    reportsPromoted(ctx, others[0], false, T0 + 200); // in progress, never done
    others[2].link.cmdConnected = false;
    ctx.clear();
    runFailoverStateMachine(ctx, master, T0 + TIMEOUT + 1);
    expect(ctx.eventLines()).toEqual([
      '+failover-end-for-timeout master mymaster 127.0.0.1 6379',
      '+failover-end master mymaster 127.0.0.1 6379',
      // Sentinel 7.0 skips only promoted, done and sent replicas here: in-progress ones get it too.
      '+slave-reconf-sent-be slave 127.0.0.1:6381 127.0.0.1 6381 @ mymaster 127.0.0.1 6379',
      '+slave-reconf-sent-be slave 127.0.0.1:6382 127.0.0.1 6382 @ mymaster 127.0.0.1 6379',
    ]);
    expect(sentTo(ctx)).toEqual([6381, 6382]);
    expect(others[1].flags.reconfSent).toBe(true);
    expect(master.failoverState).toBe('update_config');
  });
});

describe('update_config: the switch to the promoted replica', () => {
  function ended(): { master: MasterInstance; ctx: FakeContext } {
    const { master, others, ctx } = reconfiguring(3);
    for (const r of others) r.flags.reconfDone = true;
    runFailoverStateMachine(ctx, master, T0 + 100);
    expect(master.failoverState).toBe('update_config');
    ctx.clear();
    return { master, ctx };
  }

  test('+switch-master with old and new addresses, then reset-and-change-address', () => {
    const { master, ctx } = ended();
    master.notificationScript = '/bin/notify';
    switchMasterAfterFailover(ctx, master, T0 + 200);
    const events = ctx.ofType('event');
    expect(events).toEqual([
      {
        type: 'event',
        level: 'warning',
        name: '+switch-master',
        payload: 'mymaster 127.0.0.1 6379 127.0.0.1 6380',
        subject: { kind: 'master', name: 'mymaster', ip: '127.0.0.1', port: 6379 },
        notificationScript: '/bin/notify',
      },
    ]);
    expect(ctx.addressChanges.map(({ host, ip, port, now }) => ({ host, ip, port, now }))).toEqual([
      { host: '127.0.0.1', ip: '127.0.0.1', port: 6380, now: T0 + 200 },
    ]);
    expect(master.addr.port).toBe(6380);
    expect([...master.replicas.keys()]).toEqual([
      '127.0.0.1:6381',
      '127.0.0.1:6382',
      '127.0.0.1:6383',
      '127.0.0.1:6379',
    ]);
  });

  test('addresses shown as hostnames with announce-hostnames; the reset gets the hostname', () => {
    const { master, ctx } = ended();
    ctx.state.settings.announceHostnames = true;
    master.addr = { host: 'old.example', ip: '127.0.0.1', port: 6379 };
    const promoted = master.promoted as ReplicaInstance;
    promoted.addr = { host: 'new.example', ip: '127.0.0.9', port: 6380 };
    switchMasterAfterFailover(ctx, master, T0 + 200);
    expect(ctx.eventLines()).toEqual(['+switch-master mymaster old.example 6379 new.example 6380']);
    expect(ctx.addressChanges[0]).toMatchObject({ host: 'new.example', ip: '127.0.0.9', port: 6380 });
  });

  test('only masters in update_config are switched', () => {
    const { master, ctx } = reconfiguring(1);
    switchMasterAfterFailover(ctx, master, T0);
    expect(ctx.actions).toEqual([]);
  });

  test('the peers\' stale "down" reports are forgotten with the switch', () => {
    const { master, ctx } = ended();
    const peer = makeSentinel(master, runId('b'), {
      flags: { masterDown: true },
      lastMasterDownReplyTime: T0,
    });
    switchMasterAfterFailover(ctx, master, T0 + 200);
    expect(peer.flags.masterDown).toBe(false);
    expect(peer.lastMasterDownReplyTime).toBe(0);
  });
});

import { actOnInfo, failoverInfoPeriod, PROMOTION_INFO_PERIOD_MS } from '../../../src/core/failover.js';
import { SIMULATE_CRASH_AFTER_PROMOTION } from '../../../src/core/model.js';
import { FakeContext } from './fake-context.js';
import { makeMaster, makeReplica, makeState } from './model-factory.js';

const T0 = 50_000_000;

/** A failover waiting for 127.0.0.1:6380 to report the master role; 6381 still a replica. */
function waitingPromotion() {
  const state = makeState({ currentEpoch: 4n });
  const master = makeMaster(state, {
    now: T0,
    failoverTimeout: 60_000,
    configEpoch: 1n,
    flags: { sDown: true, oDown: true, failoverInProgress: true },
    failoverEpoch: 4n,
    failoverState: 'wait_promotion',
    failoverStateChangeTime: T0,
  });
  const promoted = makeReplica(master, { now: T0, port: 6380, flags: { promoted: true } });
  master.promoted = promoted;
  const other = makeReplica(master, { now: T0, port: 6381 });
  const ctx = new FakeContext(state);
  return { state, master, promoted, other, ctx };
}

describe('promotion detected from INFO', () => {
  test('config epoch, reconf_slaves, flush, events, script, forced hello, then the other replicas at once', () => {
    const { master, promoted, other, ctx } = waitingPromotion();
    master.clientReconfigScript = '/bin/reconf';
    promoted.roleReported = 'master';
    actOnInfo(ctx, promoted, 'slave', T0 + 150);
    expect(master.configEpoch).toBe(4n);
    expect(master.failoverState).toBe('reconf_slaves');
    expect(master.failoverStateChangeTime).toBe(T0 + 150);
    const sequence = ctx.actions.map((a) => (a.type === 'event' ? a.name : a.type));
    expect(sequence).toEqual([
      'flushConfig',
      '+promoted-slave',
      '+failover-state-reconf-slaves',
      'runScript',
      'replicaOf',
      '+slave-reconf-sent',
    ]);
    expect(ctx.eventLines().slice(0, 2)).toEqual([
      '+promoted-slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
      '+failover-state-reconf-slaves master mymaster 127.0.0.1 6379',
    ]);
    expect(ctx.ofType('runScript')).toEqual([
      {
        type: 'runScript',
        argv: ['/bin/reconf', 'mymaster', 'leader', 'start', '127.0.0.1', '6379', '127.0.0.1', '6380'],
      },
    ]);
    expect(ctx.forcedHellos).toEqual([master]);
    expect(ctx.replicaOfCalls).toEqual([{ instance: other, host: '127.0.0.1', port: 6380 }]);
  });

  test('no client-reconfig-script: no script run', () => {
    const { promoted, ctx } = waitingPromotion();
    promoted.roleReported = 'master';
    actOnInfo(ctx, promoted, 'slave', T0 + 150);
    expect(ctx.ofType('runScript')).toEqual([]);
  });

  test('SIMULATE-FAILURE crash-after-promotion crashes after the flush and +promoted-slave', () => {
    const { promoted, ctx, state } = waitingPromotion();
    state.simulateFailureFlags = SIMULATE_CRASH_AFTER_PROMOTION;
    promoted.roleReported = 'master';
    actOnInfo(ctx, promoted, 'slave', T0 + 150);
    const sequence = ctx.actions.map((a) => (a.type === 'event' ? a.name : a.type));
    expect(sequence).toEqual(['flushConfig', '+promoted-slave', 'crash']);
    expect(ctx.ofType('crash')[0].reason).toBe('crash-after-promotion');
  });

  test('nothing while the replica still reports the replica role, or in TILT', () => {
    const { master, promoted, ctx, state } = waitingPromotion();
    actOnInfo(ctx, promoted, 'slave', T0 + 100);
    promoted.roleReported = 'master';
    state.tilt = true;
    actOnInfo(ctx, promoted, 'slave', T0 + 200);
    expect(ctx.actions).toEqual([]);
    expect(master.failoverState).toBe('wait_promotion');
  });

  test('the promoted replica is polled fast only while its promotion is awaited', () => {
    const { master, promoted, other } = waitingPromotion();
    expect(failoverInfoPeriod(promoted)).toBe(PROMOTION_INFO_PERIOD_MS);
    expect(PROMOTION_INFO_PERIOD_MS).toBeLessThanOrEqual(250);
    expect(failoverInfoPeriod(other)).toBeNull();
    expect(failoverInfoPeriod(master)).toBeNull();
    master.failoverState = 'send_slaveof_noone';
    expect(failoverInfoPeriod(promoted)).toBe(PROMOTION_INFO_PERIOD_MS);
    master.failoverState = 'reconf_slaves';
    expect(failoverInfoPeriod(promoted)).toBeNull();
  });
});

/** A healthy master whose replica 6380 reports the master role since T0. */
function rogueMaster() {
  const state = makeState();
  const master = makeMaster(state, { now: T0 });
  const replica = makeReplica(master, { now: T0, port: 6380, roleReported: 'master', roleReportedTime: T0 });
  return { state, master, replica, ctx: new FakeContext(state) };
}

describe('+convert-to-slave', () => {
  test('after 4 × publish-period of stable role, SLAVEOF our master', () => {
    const { master, replica, ctx } = rogueMaster();
    master.infoRefresh = T0 + 8000;
    actOnInfo(ctx, replica, 'master', T0 + 8000);
    expect(ctx.actions).toEqual([]);
    actOnInfo(ctx, replica, 'master', T0 + 8001);
    expect(ctx.replicaOfCalls).toEqual([{ instance: replica, host: '127.0.0.1', port: 6379 }]);
    expect(ctx.eventLines()).toEqual([
      '+convert-to-slave slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
    ]);
  });

  test('not while the master does not look sane', () => {
    const cases: Array<(m: ReturnType<typeof rogueMaster>['master']) => void> = [
      (m) => (m.flags.sDown = true),
      (m) => (m.flags.oDown = true),
      (m) => (m.roleReported = 'slave'),
      (m) => (m.infoRefresh = T0 + 9000 - 20_000),
    ];
    for (const spoil of cases) {
      const { master, replica, ctx } = rogueMaster();
      master.infoRefresh = T0 + 9000;
      spoil(master);
      actOnInfo(ctx, replica, 'master', T0 + 9000);
      expect(ctx.actions).toEqual([]);
    }
  });

  test('not within 4 × publish-period of the replica going down', () => {
    const { master, replica, ctx } = rogueMaster();
    replica.sDownSince = T0 + 5000;
    master.infoRefresh = T0 + 13_000;
    actOnInfo(ctx, replica, 'master', T0 + 13_000);
    expect(ctx.actions).toEqual([]);
    master.infoRefresh = T0 + 13_001;
    actOnInfo(ctx, replica, 'master', T0 + 13_001);
    expect(ctx.eventNames()).toEqual(['+convert-to-slave']);
  });

  test('not for the replica being promoted (e.g. failover in another state)', () => {
    const { master, replica, ctx } = rogueMaster();
    replica.flags.promoted = true;
    master.infoRefresh = T0 + 9000;
    actOnInfo(ctx, replica, 'master', T0 + 9000);
    expect(ctx.actions).toEqual([]);
  });

  test('the SLAVEOF target is the hostname with announce-hostnames', () => {
    const { master, replica, ctx, state } = rogueMaster();
    state.settings.announceHostnames = true;
    master.addr = { host: 'primary.example', ip: '127.0.0.1', port: 6379 };
    master.infoRefresh = T0 + 9000;
    actOnInfo(ctx, replica, 'master', T0 + 9000);
    expect(ctx.replicaOfCalls[0]).toMatchObject({ host: 'primary.example', port: 6379 });
  });
});

describe('+fix-slave-config', () => {
  /** Replica 6380 replicating from 127.0.0.1:7000 since T0 (failover-timeout 60 s). */
  function misconfigured() {
    const state = makeState();
    const master = makeMaster(state, { now: T0, failoverTimeout: 60_000 });
    const replica = makeReplica(master, {
      now: T0,
      port: 6380,
      slaveMasterHost: '127.0.0.1',
      slaveMasterPort: 7000,
      slaveConfChangeTime: T0,
    });
    return { master, replica, ctx: new FakeContext(state) };
  }

  test('after failover-timeout since its last configuration change', () => {
    const { master, replica, ctx } = misconfigured();
    master.infoRefresh = T0 + 60_000;
    actOnInfo(ctx, replica, 'slave', T0 + 60_000);
    expect(ctx.actions).toEqual([]);
    master.infoRefresh = T0 + 60_001;
    actOnInfo(ctx, replica, 'slave', T0 + 60_001);
    expect(ctx.replicaOfCalls).toEqual([{ instance: replica, host: '127.0.0.1', port: 6379 }]);
    expect(ctx.eventLines()).toEqual([
      '+fix-slave-config slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
    ]);
  });

  test('a different host on the same port is misconfigured too; the right address is not', () => {
    const { master, replica, ctx } = misconfigured();
    master.infoRefresh = T0 + 70_000;
    replica.slaveMasterPort = 6379;
    replica.slaveMasterHost = '127.0.0.2';
    actOnInfo(ctx, replica, 'slave', T0 + 70_000);
    expect(ctx.eventNames()).toEqual(['+fix-slave-config']);
    ctx.clear();
    replica.slaveMasterHost = '127.0.0.1';
    actOnInfo(ctx, replica, 'slave', T0 + 70_000);
    expect(ctx.actions).toEqual([]);
  });

  test('the master hostname matches too (announce-hostnames setups)', () => {
    const { master, replica, ctx } = misconfigured();
    master.addr = { host: 'Primary.example', ip: '127.0.0.1', port: 6379 };
    master.infoRefresh = T0 + 70_000;
    replica.slaveMasterPort = 6379;
    replica.slaveMasterHost = 'primary.example';
    actOnInfo(ctx, replica, 'slave', T0 + 70_000);
    expect(ctx.actions).toEqual([]);
  });

  test('not while the master is not sane, nor within failover-timeout of the replica being down', () => {
    const { master, replica, ctx } = misconfigured();
    master.infoRefresh = T0 + 70_000;
    master.flags.sDown = true;
    actOnInfo(ctx, replica, 'slave', T0 + 70_000);
    master.flags.sDown = false;
    replica.sDownSince = T0 + 20_000;
    actOnInfo(ctx, replica, 'slave', T0 + 70_000);
    expect(ctx.actions).toEqual([]);
  });
});

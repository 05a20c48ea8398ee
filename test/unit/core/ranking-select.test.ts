import {
  compareReplicasForPromotion,
  rankReplicas,
  replicaRejection,
  selectReplica,
} from '../../../src/core/ranking.js';
import type { ReplicaInstance } from '../../../src/core/model.js';
import { FakeContext } from './fake-context.js';
import { makeMaster, makeReplica, makeState } from './model-factory.js';

const T0 = 50_000_000;

function setup(masterSDown = false) {
  const state = makeState();
  const master = makeMaster(state, { now: T0, downAfterMs: 5000 });
  if (masterSDown) {
    master.flags.sDown = true;
    master.sDownSince = T0 - 20_000;
  }
  return { state, master, ctx: new FakeContext(state) };
}

describe('replica filters', () => {
  test('a healthy replica is a candidate', () => {
    const { master, ctx } = setup();
    const r = makeReplica(master, { now: T0 });
    expect(replicaRejection(ctx, master, r, T0)).toBeNull();
    expect(selectReplica(ctx, master, T0)).toBe(r);
  });

  test('SDOWN or ODOWN replicas are excluded', () => {
    const { master, ctx } = setup();
    expect(
      replicaRejection(ctx, master, makeReplica(master, { now: T0, port: 1, flags: { sDown: true } }), T0),
    ).toBe('down');
    expect(
      replicaRejection(ctx, master, makeReplica(master, { now: T0, port: 2, flags: { oDown: true } }), T0),
    ).toBe('down');
    expect(selectReplica(ctx, master, T0)).toBeNull();
  });

  test('a replica missing either connection is excluded', () => {
    const { master, ctx } = setup();
    const a = makeReplica(master, { now: T0, port: 1, link: { cmdConnected: false } });
    const b = makeReplica(master, { now: T0, port: 2, link: { pubsubConnected: false } });
    expect(replicaRejection(ctx, master, a, T0)).toBe('disconnected');
    expect(replicaRejection(ctx, master, b, T0)).toBe('disconnected');
  });

  test('the last acceptable ping reply must be within 5 × ping-period', () => {
    const { master, ctx } = setup();
    const r = makeReplica(master, { now: T0 });
    r.link.lastAvailTime = T0 - 5000;
    expect(replicaRejection(ctx, master, r, T0)).toBeNull();
    r.link.lastAvailTime = T0 - 5001;
    expect(replicaRejection(ctx, master, r, T0)).toBe('no recent ping reply');
  });

  test('priority 0 is never promoted', () => {
    const { master, ctx } = setup();
    const r = makeReplica(master, { now: T0, slavePriority: 0 });
    expect(replicaRejection(ctx, master, r, T0)).toBe('priority 0');
  });

  test('INFO freshness: 3 × info-period normally, 5 × ping-period while the master is SDOWN', () => {
    const healthy = setup(false);
    const r = makeReplica(healthy.master, { now: T0, infoRefresh: T0 - 30_000 });
    expect(replicaRejection(healthy.ctx, healthy.master, r, T0)).toBeNull();
    r.infoRefresh = T0 - 30_001;
    expect(replicaRejection(healthy.ctx, healthy.master, r, T0)).toBe('stale INFO');

    const down = setup(true);
    const s = makeReplica(down.master, { now: T0, infoRefresh: T0 - 5000 });
    expect(replicaRejection(down.ctx, down.master, s, T0)).toBeNull();
    s.infoRefresh = T0 - 5001;
    expect(replicaRejection(down.ctx, down.master, s, T0)).toBe('stale INFO');
  });

  test('a replica whose last INFO had no role line is not a candidate (sim seed 7256); one reporting master is (seed 6238)', () => {
    const { master, ctx } = setup();
    const r = makeReplica(master, { now: T0, roleReported: 'unknown' });
    expect(replicaRejection(ctx, master, r, T0)).toBe('role not reported');
    r.roleReported = 'master';
    expect(replicaRejection(ctx, master, r, T0)).toBeNull();
    r.roleReported = 'slave';
    expect(replicaRejection(ctx, master, r, T0)).toBeNull();
  });

  test('never-refreshed INFO excludes the replica', () => {
    const { master, ctx } = setup();
    const r = makeReplica(master, { now: T0, infoRefresh: 0 });
    expect(replicaRejection(ctx, master, r, T0)).toBe('stale INFO');
  });

  test('master link down time: at most 10 × down-after, plus the master SDOWN time', () => {
    const healthy = setup(false);
    const r = makeReplica(healthy.master, { now: T0, masterLinkDownTime: 50_000 });
    expect(replicaRejection(healthy.ctx, healthy.master, r, T0)).toBeNull();
    r.masterLinkDownTime = 50_001;
    expect(replicaRejection(healthy.ctx, healthy.master, r, T0)).toBe('master link down too long');

    // SDOWN for 20 s: 20 000 + 50 000 allowed.
    const down = setup(true);
    const s = makeReplica(down.master, { now: T0, masterLinkDownTime: 70_000 });
    expect(replicaRejection(down.ctx, down.master, s, T0)).toBeNull();
    s.masterLinkDownTime = 70_001;
    expect(replicaRejection(down.ctx, down.master, s, T0)).toBe('master link down too long');
  });

  test('replica-announced 0 does not matter', () => {
    const { master, ctx } = setup();
    const r = makeReplica(master, { now: T0, replicaAnnounced: false });
    expect(selectReplica(ctx, master, T0)).toBe(r);
  });
});

describe('promotion order', () => {
  function ranked(
    specs: Array<{ port: number; slavePriority?: number; slaveReplOffset?: number; runId?: string | null }>,
  ) {
    const { master, ctx } = setup();
    for (const spec of specs) makeReplica(master, { now: T0, ...spec });
    return rankReplicas(ctx, master, T0).map((r) => r.addr.port);
  }

  test('lower priority first', () => {
    expect(
      ranked([
        { port: 1, slavePriority: 100 },
        { port: 2, slavePriority: 10 },
        { port: 3, slavePriority: 50 },
      ]),
    ).toEqual([2, 3, 1]);
  });

  test('same priority: larger replication offset first', () => {
    expect(
      ranked([
        { port: 1, slaveReplOffset: 100 },
        { port: 2, slaveReplOffset: 300 },
        { port: 3, slaveReplOffset: 200, slavePriority: 1 },
      ]),
    ).toEqual([3, 2, 1]);
  });

  test('same priority and offset: smaller runid first, case-insensitively, missing runid last', () => {
    expect(
      ranked([
        { port: 1, runId: null },
        { port: 2, runId: 'bbbb' },
        { port: 3, runId: 'AAAC' },
        { port: 4, runId: 'aaab' },
      ]),
    ).toEqual([4, 3, 2, 1]);
  });

  test('comparison is byte order on lower-cased runids (not locale order)', () => {
    const a = { slavePriority: 1, slaveReplOffset: 0, runId: 'Z_' } as ReplicaInstance;
    const b = { slavePriority: 1, slaveReplOffset: 0, runId: 'za' } as ReplicaInstance;
    // 'z_' < 'za' because '_' (0x5f) < 'a' (0x61).
    expect(compareReplicasForPromotion(a, b)).toBeLessThan(0);
    const n1 = { slavePriority: 1, slaveReplOffset: 0, runId: null } as ReplicaInstance;
    expect(compareReplicasForPromotion(n1, { ...n1 })).toBe(0);
  });

  test('filters apply before ordering', () => {
    const { master, ctx } = setup();
    makeReplica(master, { now: T0, port: 1, slavePriority: 1, flags: { sDown: true } });
    makeReplica(master, { now: T0, port: 2, slavePriority: 0 });
    const best = makeReplica(master, { now: T0, port: 3, slavePriority: 90 });
    makeReplica(master, { now: T0, port: 4, slavePriority: 95 });
    expect(selectReplica(ctx, master, T0)).toBe(best);
  });
});

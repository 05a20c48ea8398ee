import { describe, expect, test } from '@jest/globals';
import { PARTITION_COST, diagnose, exitCodeFor, type Finding } from '../../../src/cli/inspect/rules.js';
import type { Snapshot } from '../../../src/cli/inspect/snapshot.js';
import { dataNode, healthy, node, replicaEntry, sentinelEntry, viewOf } from './fixtures.js';

const ids = (s: Snapshot): string[] => diagnose(s).map((f) => f.id);
const find = (s: Snapshot, id: string): Finding => {
  const f = diagnose(s).find((x) => x.id === id);
  if (!f) throw new Error(`no ${id} in ${ids(s).join(', ')}`);
  return f;
};

describe('doctor rules on handcrafted snapshots', () => {
  test('a healthy production layout has no finding and exits 0', () => {
    const s = healthy();
    expect(diagnose(s)).toEqual([]);
    expect(exitCodeFor(diagnose(s))).toBe(0);
  });

  test('every finding has the documented shape', () => {
    const s = healthy({ sentinels: 2, replicas: 0 });
    for (const f of diagnose(s)) {
      expect(Object.keys(f).sort()).toEqual(['fix', 'id', 'master', 'meaning', 'severity', 'title']);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.fix.length).toBeGreaterThan(0);
    }
  });

  test('one sentinel is an error', () => {
    const f = find(healthy({ sentinels: 1 }), 'single-sentinel');
    expect(f.severity).toBe('error');
  });

  test('two sentinels are an error, explained as worse than one', () => {
    const f = find(healthy({ sentinels: 2 }), 'two-sentinels');
    expect(f.severity).toBe('error');
    expect(f.title).toContain('worse than one');
    expect(f.meaning).toContain('majority of 2 is 2');
    expect(f.fix).toContain('third');
  });

  test('an even number of sentinels is a warning; three and five are fine', () => {
    expect(find(healthy({ sentinels: 4, replicas: 3 }), 'even-sentinels').severity).toBe('warning');
    expect(ids(healthy({ sentinels: 5, replicas: 4 }))).toEqual([]);
  });

  test('quorum below the majority warns; above the sentinel count is an error', () => {
    const low = find(healthy({ quorum: 1 }), 'quorum-below-majority');
    expect(low.severity).toBe('warning');
    expect(low.fix).toContain('quorum 2');
    expect(find(healthy({ quorum: 4 }), 'quorum-unreachable').severity).toBe('error');
  });

  test('all sentinels on one machine with the primary: errors, warnings on loopback', () => {
    const s = healthy({ sentinelHost: () => '10.0.0.1' });
    // Same host, different ports.
    s.sentinels.forEach((r, i) => (r.address = `10.0.0.1:${26379 + i}`));
    const found = diagnose(s);
    expect(found.find((f) => f.id === 'sentinels-one-machine')?.severity).toBe('error');
    expect(found.find((f) => f.id === 'primary-with-sentinel-majority')?.severity).toBe('error');

    const lo = healthy({ sentinelHost: () => '127.0.0.1', nodeHost: () => '127.0.0.1' });
    lo.sentinels.forEach((r, i) => (r.address = `127.0.0.1:${26379 + i}`));
    lo.dataNodes.forEach((d, i) => (d.address = `127.0.0.1:${6379 + i}`));
    const loFound = diagnose(lo).filter(
      (f) => f.id.startsWith('sentinels-one') || f.id.startsWith('primary-with'),
    );
    expect(loFound.map((f) => f.severity)).toEqual(['warning', 'warning']);
  });

  test('the primary machine holding a majority of the sentinels is an error', () => {
    const s = healthy({ sentinelHost: (i) => (i < 2 ? '10.0.0.1' : '10.0.0.9') });
    s.sentinels[1]!.address = '10.0.0.1:26380';
    const found = diagnose(s);
    expect(found.find((f) => f.id === 'primary-with-sentinel-majority')?.severity).toBe('error');
    expect(found.some((f) => f.id === 'sentinels-one-machine')).toBe(false);
  });

  test('no replica is an error, one replica a warning', () => {
    expect(find(healthy({ replicas: 0 }), 'no-replica').severity).toBe('error');
    expect(find(healthy({ replicas: 1 }), 'one-replica').severity).toBe('warning');
  });

  test('sentinels naming different primaries is an error; a config epoch gap a warning', () => {
    const s = healthy();
    viewOf(s, 2).master.ip = '10.0.0.7';
    const f = find(s, 'primary-disagreement');
    expect(f.severity).toBe('error');
    expect(f.title).toContain('10.0.0.7:6379');

    const e = healthy();
    viewOf(e, 1).master['config-epoch'] = '2';
    expect(find(e, 'config-epoch-disagreement').severity).toBe('warning');
  });

  test('a failing CKQUORUM is an error', () => {
    const s = healthy();
    viewOf(s, 0).ckquorum = { ok: false, message: 'NOQUORUM 1 usable Sentinels. Not enough available' };
    const f = find(s, 'ckquorum-failed');
    expect(f.severity).toBe('error');
    expect(f.meaning).toContain('NOQUORUM');
  });

  test('TILT is a warning', () => {
    const s = healthy();
    s.sentinels[1]!.tilt = true;
    expect(find(s, 'tilt').title).toContain('10.0.0.2:26379');
  });

  test('a dead sentinel still counted suggests the rolling SENTINEL RESET; two of three dead is an error', () => {
    const s = healthy();
    const dead = s.sentinels[2]!;
    Object.assign(dead, { reachable: false, error: 'connect ECONNREFUSED', masters: {} });
    for (const i of [0, 1]) {
      const peer = viewOf(s, i).sentinels.find((p) => p.ip === '10.0.0.3');
      if (peer) peer.flags = 'sentinel,s_down,disconnected';
    }
    const f = find(s, 'dead-sentinels');
    expect(f.severity).toBe('warning');
    expect(f.title).toContain('10.0.0.3:26379');
    expect(f.fix).toContain('SENTINEL RESET');
    expect(ids(s)).not.toContain('failover-impossible');

    Object.assign(s.sentinels[1]!, { reachable: false, masters: {} });
    const peer = viewOf(s, 0).sentinels.find((p) => p.ip === '10.0.0.2');
    if (peer) peer.flags = 'sentinel,s_down';
    expect(find(s, 'failover-impossible').severity).toBe('error');
  });

  test('a dead replica is a warning; one reachable here but down for the sentinels is an announce problem', () => {
    const s = healthy();
    for (const i of [0, 1, 2]) viewOf(s, i).replicas[1]!.flags = 'slave,s_down,disconnected';
    Object.assign(node(s, '10.0.0.3:6379'), { reachable: false });
    expect(find(s, 'dead-replicas').fix).toContain('SENTINEL RESET');

    const a = healthy();
    for (const i of [0, 1, 2]) viewOf(a, i).replicas[1]!.flags = 'slave,s_down,disconnected';
    const f = find(a, 'announce-unreachable');
    expect(f.title).toContain('replica 10.0.0.3:6379');
    expect(f.fix).toContain('replica-announce-ip');
  });

  test('a sentinel answering here but down for its peers is an announce problem', () => {
    const s = healthy();
    for (const i of [0, 1]) {
      const peer = viewOf(s, i).sentinels.find((p) => p.ip === '10.0.0.3');
      if (peer) peer.flags = 'sentinel,s_down';
    }
    expect(find(s, 'announce-unreachable').title).toContain(
      'sentinel 10.0.0.3:26379 (down for 2 of 2 peers)',
    );
  });

  test('persistence off everywhere warns; failing or old saves are flagged', () => {
    const s = healthy();
    for (const d of s.dataNodes) d.config.save = '';
    expect(find(s, 'persistence-off').severity).toBe('warning');
    // AOF on one node is enough.
    s.dataNodes[1]!.info.aof_enabled = '1';
    expect(ids(s)).not.toContain('persistence-off');

    const f = healthy();
    f.dataNodes[0]!.info.rdb_last_bgsave_status = 'err';
    expect(find(f, 'rdb-save-failing').severity).toBe('error');

    const o = healthy();
    o.dataNodes[0]!.info.rdb_last_save_time = String(
      Number(o.dataNodes[0]!.info.server_time_usec) / 1e6 - 7200,
    );
    expect(find(o, 'rdb-save-old').title).toContain('120 min');

    const aof = healthy();
    aof.dataNodes[2]!.info.aof_last_write_status = 'err';
    expect(find(aof, 'aof-failing').severity).toBe('error');
  });

  test('no min-replicas-to-write warns with the measured partition cost and both fixes', () => {
    const s = healthy();
    s.dataNodes[0]!.config['min-replicas-to-write'] = '0';
    const f = find(s, 'min-replicas-off');
    expect(f.severity).toBe('warning');
    expect(f.meaning).toContain(`${PARTITION_COST.writesLost.toLocaleString('en-US')} of`);
    expect(f.meaning).toContain('docs/reliability.md');
    expect(f.fix).toContain('min-replicas-to-write 1');
    expect(f.fix).toContain('vigil fence-on-minority yes');
  });

  test('a primary refusing CONFIG gives an "unknown" info, not a crash', () => {
    const s = healthy();
    for (const k of Object.keys(s.dataNodes[0]!.config)) s.dataNodes[0]!.config[k] = null;
    const f = find(s, 'min-replicas-unknown');
    expect(f.severity).toBe('info');
    expect(exitCodeFor(diagnose(s))).toBe(0);
  });

  test('replica lag and a replication link down warn', () => {
    const s = healthy();
    s.dataNodes[0]!.info.slave1 = 'ip=10.0.0.3,port=6379,state=online,offset=10,lag=12';
    expect(find(s, 'replica-lag').title).toContain('10.0.0.3:6379 online lag 12 s');

    const d = healthy();
    d.dataNodes[1]!.info.master_link_status = 'down';
    expect(find(d, 'replica-link-down').title).toContain('10.0.0.2:6379');
  });

  test('every replica at replica-priority 0 is an error; one promotable replica is enough', () => {
    const s = healthy();
    for (const d of s.dataNodes.slice(1)) d.info.slave_priority = '0';
    expect(find(s, 'no-promotable-replica').severity).toBe('error');
    s.dataNodes[2]!.info.slave_priority = '100';
    expect(ids(s)).not.toContain('no-promotable-replica');
  });

  test('replica-priority falls back to the sentinels when a replica does not answer', () => {
    const s = healthy({ replicas: 1 });
    s.dataNodes[1]!.reachable = false;
    for (const i of [0, 1, 2])
      viewOf(s, i).replicas[0] = replicaEntry('10.0.0.2', 6379, { 'slave-priority': '0' });
    expect(ids(s)).toContain('no-promotable-replica');
  });

  test('read-heavy and write-heavy workloads get the advice; a quiet one nothing', () => {
    const r = healthy();
    r.dataNodes[0]!.commandCalls = { get: 9000, set: 500, ping: 100000 };
    const read = find(r, 'read-heavy');
    expect(read.severity).toBe('info');
    expect(read.fix).toContain('replicas');

    const w = healthy();
    w.dataNodes[0]!.commandCalls = { get: 400, set: 600, incr: 600 };
    // Replicas replay the primary's writes: those do not count twice.
    w.dataNodes[1]!.commandCalls = { set: 100000 };
    const write = find(w, 'write-heavy');
    expect(write.fix).toContain('shard');
    expect(write.title).toContain('75%');

    const q = healthy();
    q.dataNodes[0]!.commandCalls = { get: 10, set: 10 };
    expect(ids(q)).toEqual([]);
  });

  test('ODOWN is an error; a failover in progress is info', () => {
    const s = healthy();
    viewOf(s, 0).master.flags = 'master,s_down,o_down,failover_in_progress';
    const found = ids(s);
    expect(found).toContain('primary-odown');
    expect(found).toContain('failover-in-progress');
  });

  test('a primary the doctor cannot ask is a warning and skips its checks', () => {
    const s = healthy();
    Object.assign(s.dataNodes[0]!, { reachable: false, error: 'NOAUTH Authentication required.' });
    const f = find(s, 'primary-unreachable-here');
    expect(f.title).toContain('NOAUTH');
    expect(ids(s)).not.toContain('min-replicas-off');
  });

  test('no sentinel answering, or no master monitored, is an error', () => {
    const s: Snapshot = {
      takenAt: '',
      sentinels: [
        { address: '10.0.0.1:26379', source: 'seed', reachable: false, error: 'ETIMEDOUT', masters: {} },
      ],
      dataNodes: [],
    };
    expect(find(s, 'no-sentinel').title).toContain('ETIMEDOUT');
    expect(exitCodeFor(diagnose(s))).toBe(2);

    const empty = healthy();
    for (const r of empty.sentinels) r.masters = {};
    expect(ids(empty)).toEqual(['no-master']);
  });

  test('exit codes: 0 info only, 1 warnings, 2 errors', () => {
    const f = (severity: Finding['severity']): Finding => ({
      id: 'x',
      severity,
      title: '',
      meaning: '',
      fix: '',
    });
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([f('info')])).toBe(0);
    expect(exitCodeFor([f('info'), f('warning')])).toBe(1);
    expect(exitCodeFor([f('warning'), f('error')])).toBe(2);
  });

  test('sentinels listed only by peers (never asked) and seen down by all count as dead', () => {
    const s = healthy();
    for (const i of [0, 1, 2])
      viewOf(s, i).sentinels.push(sentinelEntry('10.0.0.9', 26379, { flags: 'sentinel,s_down' }));
    const f = find(s, 'dead-sentinels');
    expect(f.title).toContain('10.0.0.9:26379');
    // 4 counted: the even-number rule sees the phantom too.
    expect(ids(s)).toContain('even-sentinels');
  });

  test('a data node helper builds what the rules read', () => {
    expect(dataNode('10.1.1.1', 'slave').info.master_link_status).toBe('up');
  });

  test('a master in maintenance is an info finding, named with the Vigils that say so', () => {
    const s = healthy();
    expect(ids(s)).not.toContain('maintenance');
    s.sentinels[0]!.maintenance = ['mymaster'];
    s.sentinels[1]!.maintenance = [];
    const f = find(s, 'maintenance');
    expect(f.severity).toBe('info');
    expect(f.title).toBe(`master in maintenance: no automatic failover (${s.sentinels[0]!.address})`);
    expect(f.fix).toContain('vigil-maintenance no');
    expect(exitCodeFor(diagnose(s))).toBe(0);
  });
});

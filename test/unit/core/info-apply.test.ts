import type { Brain } from '../../../src/core/brain.js';
import type { MasterInstance } from '../../../src/core/model.js';
import { events, fixture, linkUp, master, newBrain, ofType, tick } from './brain-helpers.js';

function connectedMaster(): { b: Brain; m: MasterInstance } {
  const b = newBrain();
  const m = master(b);
  tick(b, 10);
  linkUp(b, m, 10);
  b.takeActions();
  return { b, m };
}

function info(b: Brain, linkId: string, text: string | null, now: number): ReturnType<Brain['takeActions']> {
  b.handle({ type: 'infoReply', linkId, text }, now);
  return b.takeActions();
}

const R1 = 'slave0:ip=127.0.0.1,port=6380,state=online,offset=10,lag=0';
const R2 = 'slave1:ip=127.0.0.1,port=6381,state=online,offset=10,lag=0';

describe('replica discovery from master INFO', () => {
  test('+slave and a flush per new replica, once', () => {
    const { b, m } = connectedMaster();
    const actions = info(b, m.link.id, `role:master\r\n${R1}\r\n${R2}\r\n`, 100);
    expect(events(actions)).toEqual([
      '+slave slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379',
      '+slave slave 127.0.0.1:6381 127.0.0.1 6381 @ m 127.0.0.1 6379',
    ]);
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    expect([...m.replicas.keys()]).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
    const r = m.replicas.get('127.0.0.1:6380')!;
    expect(r.downAfterMs).toBe(m.downAfterMs);
    expect(r.slavePriority).toBe(100);
    // Known replicas: nothing new.
    const again = info(b, m.link.id, `role:master\r\n${R2}\r\n${R1}\r\n`, 200);
    expect(events(again)).toEqual([]);
    expect(ofType(again, 'flushConfig')).toHaveLength(0);
  });

  test('duplicate lines for one replica (Valkey dual-channel sync) create it once', () => {
    const { b, m } = connectedMaster();
    const text =
      'role:master\r\n' +
      'slave0:ip=127.0.0.1,port=6380,state=wait_bgsave,offset=0,lag=0,type=main-channel\r\n' +
      'slave1:ip=127.0.0.1,port=6380,state=online,offset=0,lag=0,type=replica\r\n';
    expect(events(info(b, m.link.id, text, 100))).toHaveLength(1);
    expect(m.replicas.size).toBe(1);
  });

  test('IPv6 replicas get a bracketed key', () => {
    const { b, m } = connectedMaster();
    info(b, m.link.id, 'role:master\r\nslave0:ip=::1,port=6380,state=online,offset=0,lag=0\r\n', 100);
    expect([...m.replicas.keys()]).toEqual(['[::1]:6380']);
  });

  test('a replica reported by hostname is skipped unless resolve-hostnames', () => {
    const { b, m } = connectedMaster();
    info(
      b,
      m.link.id,
      'role:master\r\nslave0:ip=replica.local,port=6380,state=online,offset=0,lag=0\r\n',
      100,
    );
    expect(m.replicas.size).toBe(0);
    b.state.settings.resolveHostnames = true;
    info(
      b,
      m.link.id,
      'role:master\r\nslave0:ip=replica.local,port=6380,state=online,offset=0,lag=0\r\n',
      200,
    );
    expect(m.replicas.get('replica.local:6380')?.addr).toEqual({ host: 'replica.local', ip: '', port: 6380 });
  });

  test('recorded master INFO discovers its replica', async () => {
    const { b, m } = connectedMaster();
    const actions = info(b, m.link.id, await fixture('redis-7.0-master.txt'), 100);
    expect(events(actions)).toEqual(['+slave slave 127.0.0.1:49371 127.0.0.1 49371 @ m 127.0.0.1 6379']);
    expect(m.runId).toBe('dc22119948737ee6812f459f29ff9ff86d000e95');
    expect(m.infoRefresh).toBe(100);
    expect(m.info).toContain('redis_version:7.0.15');
  });
});

describe('instance fields from INFO', () => {
  test('replica fields, conf change time, and the role-change events', async () => {
    const { b, m } = connectedMaster();
    info(b, m.link.id, `role:master\r\n${R1}\r\n`, 100);
    const r = m.replicas.get('127.0.0.1:6380')!;
    linkUp(b, r, 100);
    b.takeActions();
    const actions = info(b, r.link.id, await fixture('redis-7.0-replica.txt'), 200);
    expect(events(actions)).toEqual([]);
    expect(r).toMatchObject({
      runId: 'f0a61a7e879a0f709179fa6cbddf5e65eac51998',
      slaveMasterHost: '127.0.0.1',
      slaveMasterPort: 35645,
      slaveMasterLinkUp: true,
      slavePriority: 42,
      slaveReplOffset: 50,
      replicaAnnounced: true,
      slaveConfChangeTime: 200,
      masterLinkDownTime: 0,
      infoRefresh: 200,
    });
    // The replica now claims to be a master: -role-change (not what we think it is), verbose.
    const promoted = info(b, r.link.id, 'role:master\r\n', 300);
    const ev = ofType(promoted, 'event');
    expect(ev.map((e) => [e.level, e.name, e.payload])).toContainEqual([
      'verbose',
      '-role-change',
      'slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379 new reported role is master',
    ]);
    expect(r.roleReported).toBe('master');
    expect(r.roleReportedTime).toBe(300);
    // Master reporting master again after a slave report: +role-change.
    info(b, m.link.id, 'role:slave\r\nmaster_host:127.0.0.1\r\n', 400);
    const back = info(b, m.link.id, 'role:master\r\n', 500);
    expect(events(back)).toContain('+role-change master m 127.0.0.1 6379 new reported role is master');
  });

  test('run_id change: +reboot, and the reboot window when master-reboot-down-after-period is set', () => {
    const { b, m } = connectedMaster();
    const id1 = '1'.repeat(40);
    const id2 = '2'.repeat(40);
    info(b, m.link.id, `run_id:${id1}\r\nrole:master\r\n`, 100);
    expect(events(info(b, m.link.id, `run_id:${id2}\r\nrole:master\r\n`, 200))).toEqual([
      '+reboot master m 127.0.0.1 6379',
    ]);
    expect(m.flags.masterReboot).toBe(false);
    b.applyConfigDirective(['master-reboot-down-after-period', 'm', '5000'], 0);
    info(b, m.link.id, `run_id:${id1}\r\nrole:master\r\n`, 300);
    expect(m.flags.masterReboot).toBe(true);
    expect(m.rebootSince).toBe(300);
    expect(m.runId).toBe(id1);
  });

  test('an error reply or garbage changes nothing but the cache and refresh time', () => {
    const { b, m } = connectedMaster();
    info(b, m.link.id, 'role:master\r\n', 100);
    const before = m.link.pendingCommands;
    expect(info(b, m.link.id, null, 200)).toEqual([]);
    expect(m.infoRefresh).toBe(100);
    expect(m.link.pendingCommands).toBe(Math.max(0, before - 1));
    for (const garbage of ['', 'role', 'slave0:garbage', 'run_id:x', '\u0000\r\n\u0001']) {
      expect(events(info(b, m.link.id, garbage, 300))).toEqual([]);
    }
    // Garbage reports no role: "no role known" since then (#9 §2.4, as Sentinel 7.0).
    expect(m.roleReported).toBe('unknown');
    expect(m.roleReportedTime).toBe(300);
    expect(m.runId).toBeNull();
    expect(m.replicas.size).toBe(0);
  });
});

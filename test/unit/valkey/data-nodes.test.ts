/**
 * Monitoring Valkey 8+ and Memurai data nodes (spec valkey-memurai.md §1.4, §1.5, §4 and
 * checklist item 5): the real Brain fed with recorded INFO texts and the error replies those
 * servers send, then read back through the SENTINEL reply handlers.
 */
import type { Brain } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import type { MasterInstance, ReplicaInstance } from '../../../src/core/model.js';
import { parseInfo, parseReplicaLine } from '../../../src/core/info.js';
import { fieldsOf, itemsOf, parseFrame } from '../../helpers/respParser.js';
import {
  commandContext,
  connectedMaster,
  events,
  fixture,
  info,
  linkUp,
  ofType,
  sentinelBytes,
  tick,
} from './helpers.js';

const VALKEY_PRIMARY_RUNID = '5e1b7c3a9d2f4e6b8a0c1d3f5b7a9c2e4d6f8b01';
const VALKEY_REPLICA_RUNID = '7a2c4e6f8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f72';

/** SENTINEL REPLICAS m as a client would parse it (RESP2 flat arrays). */
async function replicasReply(b: Brain, now: number): Promise<Record<string, string>[]> {
  const bytes = await sentinelBytes(
    commandContext(b, () => now),
    ['replicas', 'm'],
  );
  const frame = parseFrame(Buffer.from(bytes));
  if (frame === undefined) throw new Error('incomplete reply');
  return itemsOf(frame.value).map(fieldsOf);
}

function replica(m: MasterInstance, name: string): ReplicaInstance {
  const r = m.replicas.get(name);
  if (r === undefined) throw new Error(`no replica ${name}; have ${[...m.replicas.keys()].join(', ')}`);
  return r;
}

describe('slaveN lines of Valkey 8 primaries', () => {
  test('extra fields, type=replica and type=main-channel are replicas; type=rdb-channel is not', () => {
    expect(
      parseReplicaLine('slave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0,type=replica'),
    ).toEqual({
      ip: '127.0.0.1',
      port: 6380,
    });
    expect(
      parseReplicaLine('slave0:ip=127.0.0.1,port=6380,state=wait_bgsave,offset=0,lag=0,type=main-channel'),
    ).toEqual({ ip: '127.0.0.1', port: 6380 });
    expect(
      parseReplicaLine('slave1:ip=127.0.0.2,port=6380,state=send_bulk,offset=0,lag=0,type=rdb-channel'),
    ).toBeNull();
    // Fields a future version may add, anywhere in the line, are ignored.
    expect(
      parseReplicaLine('slave3:zone=eu-1,ip=::1,port=7000,state=online,offset=9,lag=0,type=replica,x=y'),
    ).toEqual({
      ip: '::1',
      port: 7000,
    });
  });

  test('the dual-channel "ghost" line never becomes a replica, even from another IP', async () => {
    const { b, m } = connectedMaster();
    const text = await fixture('valkey-8.0-primary-dual-channel.txt');
    const parsed = parseInfo(text, true);
    expect(parsed.replicas).toEqual([
      { ip: '127.0.0.1', port: 6380 },
      { ip: '127.0.0.1', port: 6381 },
    ]);

    const actions = info(b, m, text, 100);
    expect(events(actions)).toEqual([
      '+slave slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379',
      '+slave slave 127.0.0.1:6381 127.0.0.1 6381 @ m 127.0.0.1 6379',
    ]);
    expect([...m.replicas.keys()]).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
    expect(m.runId).toBe(VALKEY_PRIMARY_RUNID);

    // The sync ends: the same two replicas, now both type=replica. Nothing new is learnt.
    const after = info(b, m, await fixture('valkey-8.0-primary.txt'), 1200);
    expect(events(after)).toEqual([]);
    expect(ofType(after, 'flushConfig')).toEqual([]);

    const listed = await replicasReply(b, 1300);
    expect(listed.map((r) => r.name)).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
  });

  test('a steady Valkey 8 primary: replicas discovered, run id read, INFO cached as sent', async () => {
    const { b, m } = connectedMaster();
    const text = await fixture('valkey-8.0-primary.txt');
    const actions = info(b, m, text, 100);
    expect(events(actions)).toHaveLength(2);
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    expect(m.runId).toBe(VALKEY_PRIMARY_RUNID);
    expect(m.roleReported).toBe('master');
    expect(m.info).toBe(text);
    // The identity lines (redis_version:7.2.4, server_name, valkey_version, server_mode) change nothing.
    expect(events(info(b, m, text, 1200))).toEqual([]);
  });
});

describe('INFO of Valkey 8 replicas', () => {
  async function discovered(): Promise<{ b: Brain; m: MasterInstance }> {
    const { b, m } = connectedMaster();
    info(b, m, await fixture('valkey-8.0-primary.txt'), 100);
    return { b, m };
  }

  test('an in-sync replica: role, master address, link, priority, offset, announced', async () => {
    const { b, m } = await discovered();
    const r = replica(m, '127.0.0.1:6380');
    linkUp(b, r, 200);
    b.takeActions();
    info(b, r, await fixture('valkey-8.0-replica.txt'), 300);
    expect(r.runId).toBe(VALKEY_REPLICA_RUNID);
    expect(r.roleReported).toBe('slave');
    expect(r.slaveMasterHost).toBe('127.0.0.1');
    expect(r.slaveMasterPort).toBe(6379);
    expect(r.slaveMasterLinkUp).toBe(true);
    expect(r.slavePriority).toBe(50);
    expect(r.slaveReplOffset).toBe(5203);
    expect(r.replicaAnnounced).toBe(true);
    expect(r.masterLinkDownTime).toBe(0);

    const shown = (await replicasReply(b, 400)).find((x) => x.name === '127.0.0.1:6380');
    expect(shown).toMatchObject({
      'master-link-status': 'ok',
      'master-host': '127.0.0.1',
      'master-port': '6379',
      'slave-priority': '50',
      'slave-repl-offset': '5203',
      'replica-announced': '1',
      flags: 'slave',
    });
  });

  test('a replica still in its dual-channel full sync: link down since 4 s, not announced', async () => {
    const { b, m } = await discovered();
    const r = replica(m, '127.0.0.1:6381');
    linkUp(b, r, 200);
    b.takeActions();
    info(b, r, await fixture('valkey-8.0-replica-dual-channel-sync.txt'), 300);
    expect(r.slaveMasterLinkUp).toBe(false);
    expect(r.masterLinkDownTime).toBe(4000);
    expect(r.replicaAnnounced).toBe(false);
    expect(r.slaveReplOffset).toBe(0);
    // Sentinel 7.0 leaves a replica with replica_announced:0 out of SENTINEL REPLICAS.
    expect((await replicasReply(b, 400)).map((x) => x.name)).toEqual(['127.0.0.1:6380']);
    // Once the sync is over and the replica announces itself again, it is listed, link ok.
    info(b, r, await fixture('valkey-8.0-replica.txt'), 1500);
    const shown = (await replicasReply(b, 1600)).find((x) => x.name === '127.0.0.1:6381');
    expect(shown).toMatchObject({ 'master-link-status': 'ok', 'replica-announced': '1' });
  });

  test('Valkey 9 master_failover_state is read by nobody: no event, no action', async () => {
    const { b, m } = await discovered();
    const r = replica(m, '127.0.0.1:6380');
    linkUp(b, r, 200);
    b.takeActions();
    const base = await fixture('valkey-8.0-replica.txt');
    info(b, r, base, 300);
    const stuck = base.replace('master_failover_state:no-failover', 'master_failover_state:waiting-for-sync');
    expect(stuck).not.toBe(base);
    const actions = info(b, r, stuck, 1400);
    expect(events(actions)).toEqual([]);
    expect(ofType(actions, 'replicaOf')).toEqual([]);
  });
});

describe('Memurai data nodes (Redis 7 shaped INFO, Windows values)', () => {
  test('the primary discovers its replica; the replica reports its state', async () => {
    const { b, m } = connectedMaster();
    const primary = await fixture('memurai-4.1-primary.txt');
    expect(events(info(b, m, primary, 100))).toEqual([
      '+slave slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379',
    ]);
    expect(m.runId).toBe(VALKEY_PRIMARY_RUNID);
    const r = replica(m, '127.0.0.1:6380');
    linkUp(b, r, 200);
    b.takeActions();
    info(b, r, await fixture('memurai-4.1-replica.txt'), 300);
    expect(r).toMatchObject({
      roleReported: 'slave',
      slaveMasterHost: '127.0.0.1',
      slaveMasterPort: 6379,
      slaveMasterLinkUp: true,
      slavePriority: 10,
      slaveReplOffset: 9876,
      replicaAnnounced: true,
    });
  });
});

describe('error replies of data nodes are matched by prefix', () => {
  /**
   * Ticks every 100 ms from `from` to `to`; every PING the Brain sends to the master is
   * answered 5 ms later with `reply`. Returns all actions.
   */
  function run(b: Brain, m: MasterInstance, from: number, to: number, reply: string): Action[] {
    const all: Action[] = [];
    // The PING sent when the link came up (connectedMaster) gets the same answer.
    if (m.link.actPingTime !== 0) b.handle({ type: 'pingReply', linkId: m.link.id, reply }, from - 50);
    for (let t = from; t <= to; t += 100) {
      const actions = tick(b, t);
      all.push(...actions);
      for (const p of ofType(actions, 'ping')) {
        if (p.linkId !== m.link.id) continue;
        b.handle({ type: 'pingReply', linkId: m.link.id, reply }, t + 5);
        all.push(...b.takeActions());
      }
    }
    return all;
  }

  function downAfter1s(): { b: Brain; m: MasterInstance } {
    const { b, m } = connectedMaster();
    expect(b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0)).toBeNull();
    return { b, m };
  }

  test.each([
    'LOADING Valkey is loading the dataset in memory',
    "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
    "MASTERDOWN Link with primary is down and replica-serve-stale-data is set to 'no'.",
    'LOADING Memurai is loading the dataset in memory',
  ])('"%s" keeps the instance available', (reply) => {
    const { b, m } = downAfter1s();
    const actions = run(b, m, 100, 6000, reply);
    expect(ofType(actions, 'ping').length).toBeGreaterThan(3);
    expect(events(actions).filter((e) => e.startsWith('+sdown'))).toEqual([]);
    expect(m.flags.sDown).toBe(false);
  });

  test('a Valkey BUSY reply is not availability; once SDOWN, one SCRIPT KILL is sent', () => {
    const { b, m } = downAfter1s();
    const reply = 'BUSY Valkey is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
    const actions = run(b, m, 100, 6000, reply);
    expect(events(actions)).toContain('+sdown master m 127.0.0.1 6379');
    expect(ofType(actions, 'scriptKill')).toEqual([
      { type: 'scriptKill', linkId: m.link.id, command: 'SCRIPT' },
    ]);
  });

  test('an error reply to INFO (e.g. NOPERM) is ignored', () => {
    const { b, m } = connectedMaster();
    b.handle({ type: 'infoReply', linkId: m.link.id, text: null }, 100);
    expect(events(b.takeActions())).toEqual([]);
    expect(m.roleReported).toBe('master');
    expect(m.replicas.size).toBe(0);
  });
});

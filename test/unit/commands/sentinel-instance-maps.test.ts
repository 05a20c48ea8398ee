import { describe, expect, test } from '@jest/globals';
import { NOW, addReplica, field, flat, keys, makeContext, sentinel, text } from './fixtures.js';
import { flagsString } from '../../../src/commands/sentinel/instance-reply.js';
import type { Reply } from '../../../src/resp/reply.js';

const COMMON = [
  'name',
  'ip',
  'port',
  'runid',
  'flags',
  'link-pending-commands',
  'link-refcount',
  'last-ping-sent',
  'last-ok-ping-reply',
  'last-ping-reply',
  'down-after-milliseconds',
];
const MASTER_KEYS = [
  ...COMMON,
  'info-refresh',
  'role-reported',
  'role-reported-time',
  'config-epoch',
  'num-slaves',
  'num-other-sentinels',
  'quorum',
  'failover-timeout',
  'parallel-syncs',
];
const REPLICA_KEYS = [
  ...COMMON,
  'info-refresh',
  'role-reported',
  'role-reported-time',
  'master-link-down-time',
  'master-link-status',
  'master-host',
  'master-port',
  'slave-priority',
  'slave-repl-offset',
  'replica-announced',
];
const SENTINEL_KEYS = [...COMMON, 'last-hello-message', 'voted-leader', 'voted-leader-epoch'];

function items(reply: Reply): Reply[] {
  if (reply.t !== 'array') throw new Error(`expected array, got ${reply.t}`);
  return [...reply.v];
}

function master(ctx: ReturnType<typeof makeContext>) {
  return ctx.core.state.masters.get('mym')!;
}

describe('SENTINEL MASTER / MASTERS', () => {
  test('master map has 7.0.15 field order and values, every value a bulk string', async () => {
    const ctx = makeContext();
    const reply = await sentinel(ctx, 'master', 'mym');
    expect(flat(reply)).toEqual([
      'name', 'mym',
      'ip', '127.0.0.1',
      'port', '6379',
      'runid', 'a'.repeat(40),
      'flags', 'master',
      'link-pending-commands', '0',
      'link-refcount', '1',
      'last-ping-sent', '0',
      'last-ok-ping-reply', '300',
      'last-ping-reply', '300',
      'down-after-milliseconds', '5000',
      'info-refresh', '1500',
      'role-reported', 'master',
      'role-reported-time', '40000',
      'config-epoch', '3',
      'num-slaves', '2',
      'num-other-sentinels', '2',
      'quorum', '2',
      'failover-timeout', '180000',
      'parallel-syncs', '1',
    ]); // prettier-ignore
    if (reply.t !== 'map') throw new Error('map');
    for (const [k, v] of reply.v) {
      expect(k.t).toBe('bulk');
      expect(v.t).toBe('bulk');
    }
  });

  test('optional fields: failover-state, s-down-time, o-down-time, scripts in place', async () => {
    const ctx = makeContext();
    const m = master(ctx);
    m.failoverState = 'wait_start';
    m.flags = { ...m.flags, sDown: true, oDown: true, failoverInProgress: true, forceFailover: true };
    m.sDownSince = NOW - 1182;
    m.oDownSince = NOW - 74;
    m.link.actPingTime = NOW - 6186;
    m.notificationScript = '/bin/notify.sh';
    m.clientReconfigScript = '/bin/reconf.sh';
    const reply = await sentinel(ctx, 'master', 'mym');
    expect(keys(reply)).toEqual([
      ...COMMON.slice(0, 7),
      'failover-state',
      'last-ping-sent',
      'last-ok-ping-reply',
      'last-ping-reply',
      's-down-time',
      'o-down-time',
      ...MASTER_KEYS.slice(10),
      'notification-script',
      'client-reconfig-script',
    ]);
    expect(field(reply, 'failover-state')).toBe('wait_start');
    expect(field(reply, 'flags')).toBe('s_down,o_down,master,failover_in_progress,force_failover');
    expect(field(reply, 's-down-time')).toBe('1182');
    expect(field(reply, 'o-down-time')).toBe('74');
    expect(field(reply, 'last-ping-sent')).toBe('6186');
    expect(field(reply, 'notification-script')).toBe('/bin/notify.sh');
    expect(field(reply, 'client-reconfig-script')).toBe('/bin/reconf.sh');
  });

  test('only the client-reconfig-script when the notification script is unset', async () => {
    const ctx = makeContext();
    master(ctx).clientReconfigScript = '/bin/reconf.sh';
    expect(keys(await sentinel(ctx, 'master', 'mym')).slice(-2)).toEqual([
      'parallel-syncs',
      'client-reconfig-script',
    ]);
  });

  test('info-refresh is 0 when never refreshed; runid "" when unknown', async () => {
    const ctx = makeContext();
    master(ctx).infoRefresh = 0;
    master(ctx).runId = null;
    const reply = await sentinel(ctx, 'master', 'mym');
    expect(field(reply, 'info-refresh')).toBe('0');
    expect(field(reply, 'runid')).toBe('');
  });

  test('ip shows the hostname as given when announce-hostnames is on', async () => {
    const ctx = makeContext();
    master(ctx).addr = { host: 'redis-a.local', ip: '10.0.0.5', port: 6379 };
    expect(field(await sentinel(ctx, 'master', 'mym'), 'ip')).toBe('10.0.0.5');
    ctx.core.state.settings.announceHostnames = true;
    expect(field(await sentinel(ctx, 'master', 'mym'), 'ip')).toBe('redis-a.local');
  });

  test('unknown master', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'master', 'nope')).toEqual({
      t: 'error',
      v: 'ERR No such master with that name',
    });
  });

  test('MASTERS lists every master in model order; PRIMARIES/PRIMARY alias the same replies', async () => {
    const ctx = makeContext();
    const other = { ...master(ctx), name: 'other', replicas: new Map(), sentinels: new Map() };
    ctx.core.state.masters.set('other', other);
    const reply = await sentinel(ctx, 'masters');
    expect(items(reply).map((m) => field(m, 'name'))).toEqual(['mym', 'other']);
    expect(field(items(reply)[1]!, 'num-slaves')).toBe('0');
    expect(await sentinel(ctx, 'primaries')).toEqual(reply);
    expect(await sentinel(ctx, 'PRIMARY', 'mym')).toEqual(await sentinel(ctx, 'master', 'mym'));
  });

  test('MASTERS with no masters is an empty array', async () => {
    const ctx = makeContext();
    ctx.core.state.masters.clear();
    expect(await sentinel(ctx, 'masters')).toEqual({ t: 'array', v: [] });
  });
});

describe('flags', () => {
  test('every flag in Sentinel order, master_reboot never printed', () => {
    const ctx = makeContext();
    const m = master(ctx);
    m.flags = {
      sDown: true,
      oDown: true,
      masterDown: true,
      failoverInProgress: true,
      promoted: true,
      reconfSent: true,
      reconfInprog: true,
      reconfDone: true,
      forceFailover: true,
      scriptKillSent: true,
      masterReboot: true,
    };
    m.link.cmdConnected = false;
    expect(flagsString(m)).toBe(
      's_down,o_down,master,disconnected,master_down,failover_in_progress,promoted,reconf_sent,' +
        'reconf_inprog,reconf_done,force_failover,script_kill_sent',
    );
  });

  test('disconnected: cmd link down, or pub/sub down for masters and replicas only', () => {
    const ctx = makeContext();
    const m = master(ctx);
    const r = [...m.replicas.values()][0]!;
    const s = [...m.sentinels.values()][0]!;
    m.link.pubsubConnected = false;
    expect(flagsString(m)).toBe('master,disconnected');
    r.link.pubsubConnected = false;
    expect(flagsString(r)).toBe('slave,disconnected');
    expect(s.link.pubsubConnected).toBe(false);
    expect(flagsString(s)).toBe('sentinel');
    s.link.cmdConnected = false;
    expect(flagsString(s)).toBe('sentinel,disconnected');
  });

  test('replica promoted during failover', () => {
    const ctx = makeContext();
    const r = [...master(ctx).replicas.values()][0]!;
    r.flags.promoted = true;
    expect(flagsString(r)).toBe('slave,promoted');
  });
});

describe('SENTINEL REPLICAS / SLAVES', () => {
  test('replica map field order and values', async () => {
    const ctx = makeContext();
    const reply = await sentinel(ctx, 'replicas', 'mym');
    const list = items(reply);
    expect(list).toHaveLength(2);
    expect(flat(list[0]!)).toEqual([
      'name', '127.0.0.1:6380',
      'ip', '127.0.0.1',
      'port', '6380',
      'runid', 'b'.repeat(40),
      'flags', 'slave',
      'link-pending-commands', '0',
      'link-refcount', '1',
      'last-ping-sent', '0',
      'last-ok-ping-reply', '300',
      'last-ping-reply', '300',
      'down-after-milliseconds', '5000',
      'info-refresh', '2000',
      'role-reported', 'slave',
      'role-reported-time', '30000',
      'master-link-down-time', '0',
      'master-link-status', 'ok',
      'master-host', '127.0.0.1',
      'master-port', '6379',
      'slave-priority', '100',
      'slave-repl-offset', '281',
      'replica-announced', '1',
    ]); // prettier-ignore
    expect(keys(list[1]!)).toEqual(REPLICA_KEYS);
  });

  test('unknown master host shows "?", link err, link-down time raw', async () => {
    const ctx = makeContext();
    const r = [...master(ctx).replicas.values()][0]!;
    r.slaveMasterHost = null;
    r.slaveMasterLinkUp = false;
    r.masterLinkDownTime = 12345;
    const first = items(await sentinel(ctx, 'replicas', 'mym'))[0]!;
    expect(field(first, 'master-host')).toBe('?');
    expect(field(first, 'master-link-status')).toBe('err');
    expect(field(first, 'master-link-down-time')).toBe('12345');
  });

  test('replicas with replica-announced 0 are hidden but still counted in num-slaves', async () => {
    const ctx = makeContext();
    addReplica(master(ctx), '127.0.0.1', 6382, { replicaAnnounced: false });
    const list = items(await sentinel(ctx, 'replicas', 'mym'));
    expect(list.map((r) => field(r, 'name'))).toEqual(['127.0.0.1:6380', '127.0.0.1:6381']);
    expect(field(await sentinel(ctx, 'master', 'mym'), 'num-slaves')).toBe('3');
  });

  test('SLAVES answers like REPLICAS; unknown master is an error', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'slaves', 'mym')).toEqual(await sentinel(ctx, 'replicas', 'mym'));
    expect(text(await sentinel(ctx, 'slaves', 'x'))).toBe('ERR No such master with that name');
    expect(text(await sentinel(ctx, 'replicas', 'x'))).toBe('ERR No such master with that name');
  });
});

describe('SENTINEL SENTINELS', () => {
  test('sentinel map field order and values', async () => {
    const ctx = makeContext();
    const s = [...master(ctx).sentinels.values()][1]!;
    s.leader = 'f'.repeat(40);
    s.leaderEpoch = 7n;
    s.link.refcount = 2;
    s.flags.masterDown = true;
    const list = items(await sentinel(ctx, 'sentinels', 'mym'));
    expect(keys(list[0]!)).toEqual(SENTINEL_KEYS);
    expect(flat(list[0]!)).toEqual([
      'name', '1'.repeat(40),
      'ip', '127.0.0.1',
      'port', '26380',
      'runid', '1'.repeat(40),
      'flags', 'sentinel',
      'link-pending-commands', '0',
      'link-refcount', '1',
      'last-ping-sent', '0',
      'last-ok-ping-reply', '300',
      'last-ping-reply', '300',
      'down-after-milliseconds', '5000',
      'last-hello-message', '800',
      'voted-leader', '?',
      'voted-leader-epoch', '0',
    ]); // prettier-ignore
    expect(field(list[1]!, 'voted-leader')).toBe('f'.repeat(40));
    expect(field(list[1]!, 'voted-leader-epoch')).toBe('7');
    expect(field(list[1]!, 'link-refcount')).toBe('2');
    expect(field(list[1]!, 'flags')).toBe('sentinel,master_down');
  });

  test('unknown master', async () => {
    const ctx = makeContext();
    expect(text(await sentinel(ctx, 'sentinels', 'x'))).toBe('ERR No such master with that name');
  });

  test('sdown peer shows s-down-time', async () => {
    const ctx = makeContext();
    const s = [...master(ctx).sentinels.values()][0]!;
    s.flags.sDown = true;
    s.sDownSince = NOW - 42;
    const first = items(await sentinel(ctx, 'sentinels', 'mym'))[0]!;
    expect(field(first, 'flags')).toBe('s_down,sentinel');
    expect(keys(first).indexOf('s-down-time')).toBe(keys(first).indexOf('last-ping-reply') + 1);
    expect(field(first, 's-down-time')).toBe('42');
  });
});

import { describe, expect, test } from '@jest/globals';
import { NOW, makeContext, sentinel, text } from './fixtures.js';
import { NIL, NIL_ARRAY, array, bulk, int, type Reply } from '../../../src/resp/reply.js';

/** `SENTINEL HELP` as printed by a real redis-sentinel 7.0.15 (redis-cli, one line each). */
const REAL_HELP = [
  'SENTINEL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CKQUORUM <master-name>',
  '    Check if the current Sentinel configuration is able to reach the quorum',
  '    needed to failover a master and the majority needed to authorize the',
  '    failover.',
  'CONFIG SET <param> <value>',
  '    Set a global Sentinel configuration parameter.',
  'CONFIG GET <param>',
  '    Get global Sentinel configuration parameter.',
  'DEBUG [<param> <value> ...]',
  '    Show a list of configurable time parameters and their values (milliseconds).',
  '    Or update current configurable parameters values (one or more).',
  'GET-MASTER-ADDR-BY-NAME <master-name>',
  '    Return the ip and port number of the master with that name.',
  'FAILOVER <master-name>',
  '    Manually failover a master node without asking for agreement from other',
  '    Sentinels',
  'FLUSHCONFIG',
  '    Force Sentinel to rewrite its configuration on disk, including the current',
  '    Sentinel state.',
  'INFO-CACHE <master-name>',
  '    Return last cached INFO output from masters and all its replicas.',
  'IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid>',
  "    Check if the master specified by ip:port is down from current Sentinel's",
  '    point of view.',
  'MASTER <master-name>',
  '    Show the state and info of the specified master.',
  'MASTERS',
  '    Show a list of monitored masters and their state.',
  'MONITOR <name> <ip> <port> <quorum>',
  '    Start monitoring a new master with the specified name, ip, port and quorum.',
  'MYID',
  '    Return the ID of the Sentinel instance.',
  'PENDING-SCRIPTS',
  '    Get pending scripts information.',
  'REMOVE <master-name>',
  "    Remove master from Sentinel's monitor list.",
  'REPLICAS <master-name>',
  '    Show a list of replicas for this master and their state.',
  'RESET <pattern>',
  '    Reset masters for specific master name matching this pattern.',
  'SENTINELS <master-name>',
  '    Show a list of Sentinel instances for this master and their state.',
  'SET <master-name> <option> <value> [<option> <value> ...]',
  '    Set configuration parameters for certain masters.',
  'SIMULATE-FAILURE [CRASH-AFTER-ELECTION] [CRASH-AFTER-PROMOTION] [HELP]',
  '    Simulate a Sentinel crash.',
  'HELP',
  '    Prints this help.',
];

function items(reply: Reply): Reply[] {
  if (reply.t !== 'array') throw new Error(`expected array, got ${reply.t}`);
  return [...reply.v];
}

describe('SENTINEL GET-MASTER-ADDR-BY-NAME', () => {
  test('address with the port as a bulk string', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'get-master-addr-by-name', 'mym')).toEqual(
      array([bulk('127.0.0.1'), bulk('6379')]),
    );
  });

  test('unknown name is a null array, not an error', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'get-master-addr-by-name', 'nope')).toEqual(NIL_ARRAY);
    expect(await sentinel(ctx, 'get-primary-addr-by-name', 'nope')).toEqual(NIL_ARRAY);
  });

  test('promoted replica once the failover reaches reconf_slaves / update_config', async () => {
    const ctx = makeContext();
    const m = ctx.core.state.masters.get('mym')!;
    const promoted = m.replicas.get('127.0.0.1:6381')!;
    m.flags.failoverInProgress = true;
    m.promoted = promoted;
    for (const state of ['wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion'] as const) {
      m.failoverState = state;
      expect(await sentinel(ctx, 'get-master-addr-by-name', 'mym')).toEqual(
        array([bulk('127.0.0.1'), bulk('6379')]),
      );
    }
    for (const state of ['reconf_slaves', 'update_config'] as const) {
      m.failoverState = state;
      expect(await sentinel(ctx, 'get-master-addr-by-name', 'mym')).toEqual(
        array([bulk('127.0.0.1'), bulk('6381')]),
      );
      expect(await sentinel(ctx, 'GET-PRIMARY-ADDR-BY-NAME', 'mym')).toEqual(
        array([bulk('127.0.0.1'), bulk('6381')]),
      );
    }
  });

  test('hostname when announce-hostnames', async () => {
    const ctx = makeContext();
    ctx.core.state.masters.get('mym')!.addr = { host: 'db.example', ip: '10.1.1.1', port: 7000 };
    ctx.core.state.settings.announceHostnames = true;
    expect(await sentinel(ctx, 'get-master-addr-by-name', 'mym')).toEqual(
      array([bulk('db.example'), bulk('7000')]),
    );
  });
});

describe('SENTINEL MYID / CKQUORUM', () => {
  test('MYID is the 40-char id as a bulk string', async () => {
    expect(await sentinel(makeContext(), 'myid')).toEqual(bulk('f'.repeat(40)));
  });

  test('CKQUORUM OK', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'ckquorum', 'mym')).toEqual({
      t: 'simple',
      v: 'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
    });
    expect(ctx.core.callsTo('ckquorum')).toEqual([['mym']]);
  });

  test('CKQUORUM NOQUORUM texts', async () => {
    const ctx = makeContext();
    ctx.core.ckquorumResult = { usable: 1, quorumReachable: false, majorityReachable: true };
    expect(await sentinel(ctx, 'ckquorum', 'mym')).toEqual({
      t: 'error',
      v: 'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master',
    });
    ctx.core.ckquorumResult = { usable: 2, quorumReachable: true, majorityReachable: false };
    expect(text(await sentinel(ctx, 'ckquorum', 'mym'))).toBe(
      'NOQUORUM 2 usable Sentinels. Not enough available Sentinels to reach the majority and authorize a failover',
    );
    ctx.core.ckquorumResult = { usable: 1, quorumReachable: false, majorityReachable: false };
    expect(text(await sentinel(ctx, 'ckquorum', 'mym'))).toBe(
      'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this ' +
        'master. Not enough available Sentinels to reach the majority and authorize a failover',
    );
  });

  test('CKQUORUM unknown master', async () => {
    expect(text(await sentinel(makeContext(), 'ckquorum', 'nope'))).toBe('ERR No such master with that name');
  });
});

describe('SENTINEL INFO-CACHE', () => {
  test('name then [ms-since, INFO] for the master and each replica; unknown skipped, duplicates once', async () => {
    const ctx = makeContext();
    const m = ctx.core.state.masters.get('mym')!;
    const r2 = m.replicas.get('127.0.0.1:6381')!;
    r2.info = null;
    r2.infoRefresh = 0;
    const reply = await sentinel(ctx, 'info-cache', 'mym', 'nope', 'mym');
    expect(reply).toEqual(
      array([
        bulk('mym'),
        array([
          array([int(1500), bulk(m.info!)]),
          array([int(2000), bulk(m.replicas.get('127.0.0.1:6380')!.info!)]),
          array([int(0), NIL]),
        ]),
      ]),
    );
  });

  test('only unknown names: empty array', async () => {
    expect(await sentinel(makeContext(), 'info-cache', 'nope')).toEqual(array([]));
  });
});

describe('SENTINEL PENDING-SCRIPTS', () => {
  test('running and scheduled jobs, numbers as bulk strings', async () => {
    const ctx = makeContext();
    ctx.jobs = [
      {
        argv: ['/bin/n.sh', '+sdown', 'master mym 127.0.0.1 6379'],
        running: true,
        pid: 4242,
        time: NOW - 3141,
        retryNum: 1,
      },
      { argv: ['/bin/n.sh', '+odown'], running: false, pid: 0, time: NOW + 2500, retryNum: 2 },
      { argv: ['/bin/n.sh', '+x'], running: false, pid: 0, time: 0, retryNum: 0 },
      { argv: ['/bin/n.sh', '+late'], running: false, pid: 0, time: NOW - 10, retryNum: 0 },
    ];
    const list = items(await sentinel(ctx, 'pending-scripts'));
    expect(list).toHaveLength(4);
    const first = list[0]!;
    if (first.t !== 'map') throw new Error('map');
    expect(first.v.map(([k]) => text(k))).toEqual(['argv', 'flags', 'pid', 'run-time', 'retry-num']);
    expect(first.v[0]![1]).toEqual(
      array([bulk('/bin/n.sh'), bulk('+sdown'), bulk('master mym 127.0.0.1 6379')]),
    );
    expect(first.v.slice(1).map(([k, v]) => [text(k), v])).toEqual([
      ['flags', bulk('running')],
      ['pid', bulk('4242')],
      ['run-time', bulk('3141')],
      ['retry-num', bulk('1')],
    ]);
    const second = list[1]!;
    if (second.t !== 'map') throw new Error('map');
    expect(second.v.slice(1).map(([k, v]) => [text(k), text(v)])).toEqual([
      ['flags', 'scheduled'],
      ['pid', '0'],
      ['run-delay', '2500'],
      ['retry-num', '2'],
    ]);
    const delay = (r: Reply) => (r.t === 'map' ? text(r.v[3]![1]) : '');
    expect(delay(list[2]!)).toBe('0');
    expect(delay(list[3]!)).toBe('0');
  });

  test('no jobs: empty array', async () => {
    expect(await sentinel(makeContext(), 'pending-scripts')).toEqual(array([]));
  });
});

describe('SENTINEL HELP', () => {
  test('exactly the 7.0.15 lines, as status replies', async () => {
    const reply = await sentinel(makeContext(), 'help');
    expect(items(reply).map((r) => r.t)).toEqual(REAL_HELP.map(() => 'simple'));
    expect(items(reply).map(text)).toEqual(REAL_HELP);
  });
});

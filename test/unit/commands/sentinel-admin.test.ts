import { describe, expect, test } from '@jest/globals';
import { NOW, makeContext, sentinel } from './fixtures.js';
import { OK, array, bulk, error, int } from '../../../src/resp/reply.js';

const NOT_INT = error('ERR value is not an integer or out of range');
const SAVE_FAILED = error('ERR Failed to save config file. Check server logs.');

describe('SENTINEL IS-MASTER-DOWN-BY-ADDR', () => {
  test('reply [int, bulk, int] from the core, committed before replying', async () => {
    const ctx = makeContext();
    ctx.core.vote = { down: 1, leader: '1'.repeat(40), leaderEpoch: 4n };
    const reply = await sentinel(ctx, 'is-master-down-by-addr', '127.0.0.1', '6379', '4', '1'.repeat(40));
    expect(reply).toEqual(array([int(1), bulk('1'.repeat(40)), int(4n)]));
    expect(ctx.core.callsTo('isMasterDownByAddr')).toEqual([['127.0.0.1', 6379, 4n, '1'.repeat(40), NOW]]);
    expect(ctx.commits).toBe(1);
  });

  test('"*" leader, and the Valkey alias', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'is-primary-down-by-addr', '127.0.0.1', '6379', '0', '*')).toEqual(
      array([int(0), bulk('*'), int(0n)]),
    );
  });

  test('port and epoch must be Redis integers', async () => {
    const ctx = makeContext();
    for (const bad of ['x', '027301', ' 1', '+1', '-0', '1.0', '', '99999999999999999999']) {
      expect(await sentinel(ctx, 'is-master-down-by-addr', '127.0.0.1', bad, '0', '*')).toEqual(NOT_INT);
      expect(await sentinel(ctx, 'is-master-down-by-addr', '127.0.0.1', '6379', bad, '*')).toEqual(NOT_INT);
    }
    expect(ctx.core.callsTo('isMasterDownByAddr')).toEqual([]);
    expect(ctx.commits).toBe(0);
  });

  test('out-of-range but integer ports reach the core (no such master there)', async () => {
    const ctx = makeContext();
    await sentinel(ctx, 'is-master-down-by-addr', '127.0.0.1', '-27301', '0', '*');
    expect(ctx.core.callsTo('isMasterDownByAddr')).toEqual([['127.0.0.1', -27301, 0n, '*', NOW]]);
  });

  test('a negative epoch is refused before the core sees it (7.0 would adopt it as 2^64-1)', async () => {
    const ctx = makeContext();
    const reply = await sentinel(ctx, 'is-master-down-by-addr', '127.0.0.1', '6379', '-1', '*');
    expect(reply).toEqual(error('ERR epoch must not be negative'));
    expect(ctx.core.callsTo('isMasterDownByAddr')).toEqual([]);
  });
});

describe('SENTINEL MONITOR', () => {
  test('numeric address accepted, created through the core, flushed', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'monitor', 'new', '127.0.0.1', '7000', '2')).toEqual(OK);
    expect(ctx.core.callsTo('monitor')).toEqual([
      ['new', { host: '127.0.0.1', ip: '127.0.0.1', port: 7000 }, 2, NOW],
    ]);
    expect(ctx.commits).toBe(1);
  });

  test('legacy IPv4 forms and IPv6 are normalised like glibc; host kept as given', async () => {
    const ctx = makeContext();
    const cases: [string, string][] = [
      ['1.2.3', '1.2.0.3'],
      ['0x7f.1', '127.0.0.1'],
      ['010.1.1.1', '8.1.1.1'],
      ['4294967295', '255.255.255.255'],
      ['1.2.65535', '1.2.255.255'],
      ['0:0::1', '::1'],
      ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
      ['FE80:0:0:0:0:0:0:1', 'fe80::1'],
      ['fe80::1%lo', 'fe80::1'],
    ];
    for (const [given] of cases) {
      expect(await sentinel(ctx, 'monitor', `m-${given}`, given, '6379', '1')).toEqual(OK);
    }
    expect(ctx.core.callsTo('monitor').map((c) => c[1])).toEqual(
      cases.map(([host, ip]) => ({ host, ip, port: 6379 })),
    );
  });

  test('validation order and texts', async () => {
    const ctx = makeContext();
    const m = (...a: string[]) => sentinel(ctx, 'monitor', ...a);
    expect(await m('x', '127.0.0.1', 'abc', 'abc')).toEqual(error('ERR Invalid quorum'));
    expect(await m('x', '127.0.0.1', '6379', '02')).toEqual(error('ERR Invalid quorum'));
    expect(await m('x', '127.0.0.1', 'abc', '2')).toEqual(error('ERR Invalid port'));
    expect(await m('x', '127.0.0.1', '05', '2')).toEqual(error('ERR Invalid port'));
    expect(await m('x', '127.0.0.1', '99999999999999999999', '0')).toEqual(error('ERR Invalid port'));
    expect(await m('x', '127.0.0.1', '6379', '0')).toEqual(error('ERR Quorum must be 1 or greater.'));
    expect(await m('x', '127.0.0.1', '-1', '0')).toEqual(error('ERR Quorum must be 1 or greater.'));
    expect(await m('x', 'bad host', '70000', '2')).toEqual(
      error('ERR Invalid IP address or hostname specified'),
    );
    expect(await m('x', 'localhost', '6379', '2')).toEqual(
      error('ERR Invalid IP address or hostname specified'),
    );
    for (const bad of ['1.2.3.4 ', '256.1.1.1', '1.2.3.4.5', '', '09.1.1.1', '[::1]', '1::2::3']) {
      expect(await m('x', bad, '6379', '2')).toEqual(error('ERR Invalid IP address or hostname specified'));
    }
    expect(await m('x', '127.0.0.1', '70000', '2')).toEqual(error('ERR Invalid port number.'));
    expect(await m('x', '127.0.0.1', '-1', '2')).toEqual(error('ERR Invalid port number.'));
    expect(ctx.core.callsTo('monitor')).toEqual([]);
    // Port 0 is accepted by 7.0.15 (it marks an address never connected to).
    expect(await m('z', '127.0.0.1', '0', '2')).toEqual(OK);
  });

  test('core errors (duplicate name) pass through', async () => {
    const ctx = makeContext();
    ctx.core.monitorResult = 'ERR Duplicate master name.';
    expect(await sentinel(ctx, 'monitor', 'mym', '1.2.3.4', '6379', '2')).toEqual(
      error('ERR Duplicate master name.'),
    );
  });

  test('save failure', async () => {
    const ctx = makeContext();
    ctx.commitResult = false;
    expect(await sentinel(ctx, 'monitor', 'new', '127.0.0.1', '7000', '2')).toEqual(SAVE_FAILED);
  });

  test('resolve-hostnames: names go through DNS, unresolvable ones are refused', async () => {
    const ctx = makeContext();
    ctx.core.state.settings.resolveHostnames = true;
    expect(await sentinel(ctx, 'monitor', 'byname', 'localhost', '7000', '2')).toEqual(OK);
    const [call] = ctx.core.callsTo('monitor');
    const a = call![1] as { host: string; ip: string; port: number };
    expect(a.host).toBe('localhost');
    expect(['127.0.0.1', '::1']).toContain(a.ip);
    expect(await sentinel(ctx, 'monitor', 'nope', 'no-such-host.invalid', '7000', '2')).toEqual(
      error('ERR Invalid IP address or hostname specified'),
    );
  });
});

describe('SENTINEL REMOVE / RESET / FAILOVER / FLUSHCONFIG', () => {
  test('REMOVE', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'remove', 'mym')).toEqual(OK);
    expect(ctx.core.callsTo('remove')).toEqual([['mym', NOW]]);
    ctx.core.removeResult = false;
    expect(await sentinel(ctx, 'remove', 'nope')).toEqual(error('ERR No such master with that name'));
    ctx.core.removeResult = true;
    ctx.commitResult = false;
    expect(await sentinel(ctx, 'remove', 'mym')).toEqual(SAVE_FAILED);
  });

  test('RESET returns the count from the core', async () => {
    const ctx = makeContext();
    ctx.core.resetResult = 2;
    expect(await sentinel(ctx, 'reset', 'm*')).toEqual(int(2));
    expect(ctx.core.callsTo('reset')).toEqual([['m*', NOW]]);
    expect(ctx.commits).toBe(1);
  });

  test('FAILOVER replies', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'failover', 'mym')).toEqual(OK);
    ctx.core.failoverResult = 'INPROG';
    expect(await sentinel(ctx, 'failover', 'mym')).toEqual(error('INPROG Failover already in progress'));
    ctx.core.failoverResult = 'NOGOODSLAVE';
    expect(await sentinel(ctx, 'failover', 'mym')).toEqual(
      error('NOGOODSLAVE No suitable replica to promote'),
    );
    ctx.core.failoverResult = 'NOMASTER';
    expect(await sentinel(ctx, 'failover', 'nope')).toEqual(error('ERR No such master with that name'));
    expect(ctx.core.callsTo('requestFailover')).toHaveLength(4);
    expect(ctx.commits).toBe(4);
  });

  test('FLUSHCONFIG', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'flushconfig')).toEqual(OK);
    expect(ctx.core.callsTo('flushConfig')).toEqual([[]]);
    ctx.commitResult = false;
    expect(await sentinel(ctx, 'flushconfig')).toEqual(SAVE_FAILED);
  });
});

describe('SENTINEL SIMULATE-FAILURE', () => {
  const HELP = array([bulk('crash-after-election'), bulk('crash-after-promotion')]);
  test('flags reset then set, case-insensitive', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'simulate-failure', 'CRASH-AFTER-ELECTION', 'crash-after-promotion')).toEqual(
      OK,
    );
    expect(ctx.core.state.simulateFailureFlags).toBe(3);
    expect(await sentinel(ctx, 'simulate-failure', 'crash-after-promotion')).toEqual(OK);
    expect(ctx.core.state.simulateFailureFlags).toBe(2);
  });

  test('HELP answers at once, keeping what came before it', async () => {
    const ctx = makeContext();
    ctx.core.state.simulateFailureFlags = 3;
    expect(await sentinel(ctx, 'simulate-failure', 'help', 'crash-after-election')).toEqual(HELP);
    expect(ctx.core.state.simulateFailureFlags).toBe(0);
    expect(await sentinel(ctx, 'simulate-failure', 'crash-after-election', 'HELP')).toEqual(HELP);
    expect(ctx.core.state.simulateFailureFlags).toBe(1);
  });

  test('unknown word is an error; earlier flags stay set (7.0.15)', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'simulate-failure', 'foo')).toEqual(
      error('ERR Unknown failure simulation specified'),
    );
    expect(ctx.core.state.simulateFailureFlags).toBe(0);
    expect(await sentinel(ctx, 'simulate-failure', 'crash-after-election', 'foo')).toEqual(
      error('ERR Unknown failure simulation specified'),
    );
    expect(ctx.core.state.simulateFailureFlags).toBe(1);
  });
});

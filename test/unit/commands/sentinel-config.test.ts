import { describe, expect, test } from '@jest/globals';
import { NOW, flat, makeContext, sentinel } from './fixtures.js';
import { OK, error } from '../../../src/resp/reply.js';

const USAGE = error('ERR Only SENTINEL CONFIG GET <option> / SET <option> <value> are supported.');

describe('SENTINEL CONFIG GET', () => {
  test('all six in 7.0.15 order with defaults', async () => {
    const ctx = makeContext();
    expect(flat(await sentinel(ctx, 'config', 'get', '*'))).toEqual([
      'resolve-hostnames', 'no',
      'announce-hostnames', 'no',
      'announce-ip', '',
      'announce-port', '0',
      'sentinel-user', '',
      'sentinel-pass', '',
    ]); // prettier-ignore
  });

  test('set values, case-insensitive glob, no match is an empty map', async () => {
    const ctx = makeContext();
    Object.assign(ctx.core.state.settings, {
      resolveHostnames: true,
      announceHostnames: true,
      announceIp: '10.0.0.1',
      announcePort: 26000,
      sentinelUser: 'sent',
      sentinelPass: 'secret',
    });
    expect(flat(await sentinel(ctx, 'config', 'GET', 'ANNOUNCE*'))).toEqual([
      'announce-hostnames', 'yes',
      'announce-ip', '10.0.0.1',
      'announce-port', '26000',
    ]); // prettier-ignore
    expect(flat(await sentinel(ctx, 'config', 'get', '*port'))).toEqual(['announce-port', '26000']);
    expect(flat(await sentinel(ctx, 'config', 'get', 'sentinel-[pq]ass'))).toEqual([
      'sentinel-pass',
      'secret',
    ]);
    expect(flat(await sentinel(ctx, 'config', 'get', 'resolve-hostnames'))).toEqual([
      'resolve-hostnames',
      'yes',
    ]);
    expect(await sentinel(ctx, 'config', 'get', 'nomatch')).toEqual({ t: 'map', v: [] });
  });
});

describe('SENTINEL CONFIG SET', () => {
  test('one parameter through the core, then flush', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'config', 'Set', 'announce-port', '26000')).toEqual(OK);
    expect(ctx.core.callsTo('configSet')).toEqual([['announce-port', '26000', NOW]]);
    expect(ctx.commits).toBe(1);
  });

  test('core error texts pass through', async () => {
    const ctx = makeContext();
    ctx.core.configSetResult = "ERR Invalid value 'x' to SENTINEL CONFIG SET 'announce-port'";
    expect(await sentinel(ctx, 'config', 'set', 'announce-port', 'x')).toEqual(
      error("ERR Invalid value 'x' to SENTINEL CONFIG SET 'announce-port'"),
    );
    ctx.core.configSetResult = "Invalid argument 'foo' to SENTINEL CONFIG SET";
    expect(await sentinel(ctx, 'config', 'set', 'foo', 'b')).toEqual(
      error("ERR Invalid argument 'foo' to SENTINEL CONFIG SET"),
    );
  });

  test('save failure', async () => {
    const ctx = makeContext();
    ctx.commitResult = false;
    expect(await sentinel(ctx, 'config', 'set', 'announce-ip', '')).toEqual(
      error('ERR Failed to save config file. Check server logs.'),
    );
  });

  test('any other shape is the usage error (7.0: one pattern, one pair)', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'config', 'get')).toEqual(USAGE);
    expect(await sentinel(ctx, 'config', 'get', 'a', 'b')).toEqual(USAGE);
    expect(await sentinel(ctx, 'config', 'set', 'a')).toEqual(USAGE);
    expect(await sentinel(ctx, 'config', 'set', 'a', 'b', 'c', 'd')).toEqual(USAGE);
    expect(await sentinel(ctx, 'config', 'foo', 'a')).toEqual(USAGE);
    expect(ctx.core.callsTo('configSet')).toEqual([]);
  });
});

describe('SENTINEL DEBUG', () => {
  test('no arguments: the 13 timers, upper-case, in order, values as bulk strings', async () => {
    const ctx = makeContext();
    ctx.core.state.timers['ping-period'] = 250;
    const reply = await sentinel(ctx, 'debug');
    expect(flat(reply)).toEqual([
      'INFO-PERIOD', '10000',
      'PING-PERIOD', '250',
      'ASK-PERIOD', '1000',
      'PUBLISH-PERIOD', '2000',
      'DEFAULT-DOWN-AFTER', '30000',
      'DEFAULT-FAILOVER-TIMEOUT', '180000',
      'TILT-TRIGGER', '2000',
      'TILT-PERIOD', '30000',
      'SLAVE-RECONF-TIMEOUT', '10000',
      'MIN-LINK-RECONNECT-PERIOD', '15000',
      'ELECTION-TIMEOUT', '10000',
      'SCRIPT-MAX-RUNTIME', '60000',
      'SCRIPT-RETRY-DELAY', '30000',
    ]); // prettier-ignore
    if (reply.t !== 'map') throw new Error('map');
    expect(reply.v.every(([, v]) => v.t === 'bulk')).toBe(true);
  });

  test('pairs set timers (names case-insensitive), no flush', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'debug', 'INFO-PERIOD', '500', 'tilt-trigger', '9223372036854775807')).toEqual(
      OK,
    );
    expect(ctx.core.callsTo('setTimer')).toEqual([
      ['info-period', 500],
      ['tilt-trigger', Number('9223372036854775807')],
    ]);
    expect(ctx.core.callsTo('flushConfig')).toEqual([]);
  });

  test('unknown option or missing value', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'debug', 'foo')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL DEBUG 'foo'"),
    );
    expect(await sentinel(ctx, 'debug', 'foo', '1')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL DEBUG 'foo'"),
    );
    expect(await sentinel(ctx, 'debug', 'info-period')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL DEBUG 'info-period'"),
    );
    expect(await sentinel(ctx, 'debug', 'info-period', '10000', 'ping-period')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL DEBUG 'ping-period'"),
    );
  });

  test('invalid values (Redis integer rules, > 0), echoed as typed; earlier pairs stay', async () => {
    const ctx = makeContext();
    for (const bad of ['0', '-5', 'x', '+5', '05', ' 5', '1.5', '', '0x10', '99999999999999999999']) {
      expect(await sentinel(ctx, 'debug', 'Info-Period', bad)).toEqual(
        error(`ERR Invalid argument '${bad}' for SENTINEL DEBUG 'Info-Period'`),
      );
    }
    expect(ctx.core.callsTo('setTimer')).toEqual([]);
    expect(await sentinel(ctx, 'debug', 'info-period', '12345', 'ping-period', 'x')).toEqual(
      error("ERR Invalid argument 'x' for SENTINEL DEBUG 'ping-period'"),
    );
    expect(ctx.core.callsTo('setTimer')).toEqual([['info-period', 12345]]);
  });
});

import { describe, expect, test } from '@jest/globals';
import { parseInspectArgs } from '../../../src/cli/inspect/args.js';
import {
  commandCalls,
  formatAddress,
  isLoopback,
  pairsToFields,
  parseAddress,
  parseInfo,
  replicaLines,
} from '../../../src/cli/inspect/parse.js';
import { renderFindings, renderStatus } from '../../../src/cli/inspect/render.js';
import { diagnose } from '../../../src/cli/inspect/rules.js';
import { statusOf } from '../../../src/cli/inspect/status-model.js';
import { makeStyle, wantsColour } from '../../../src/cli/inspect/style.js';
import { healthy, viewOf } from './fixtures.js';

const ANSI = /\x1b\[/; // eslint-disable-line no-control-regex

describe('parsing helpers', () => {
  test('addresses', () => {
    expect(parseAddress('10.0.0.1:26380')).toEqual({ host: '10.0.0.1', port: 26380 });
    expect(parseAddress('sentinel-a')).toEqual({ host: 'sentinel-a', port: 26379 });
    expect(parseAddress('[::1]:5000')).toEqual({ host: '::1', port: 5000 });
    expect(parseAddress('::1')).toEqual({ host: '::1', port: 26379 });
    expect(() => parseAddress('host:99999')).toThrow(/host:port/);
    expect(formatAddress({ host: '::1', port: 5 })).toBe('[::1]:5');
    expect(isLoopback('127.0.0.2') && isLoopback('localhost') && isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });

  test('INFO, replica lines, command stats and flat pairs', () => {
    const info = parseInfo(
      '# Replication\r\nrole:master\r\nslave0:ip=10.0.0.2,port=6379,state=online,offset=42,lag=1\r\n' +
        '# Commandstats\r\ncmdstat_get:calls=7,usec=1,usec_per_call=0.1,rejected_calls=0,failed_calls=0\r\n',
    );
    expect(info.role).toBe('master');
    expect(replicaLines(info)).toEqual([{ address: '10.0.0.2:6379', state: 'online', offset: 42, lag: 1 }]);
    expect(commandCalls(info)).toEqual({ get: 7 });
    expect(pairsToFields(['a', '1', 'b', '2'])).toEqual({ a: '1', b: '2' });
  });

  test('command line', () => {
    const a = parseInspectArgs(
      ['--sentinel', '10.0.0.1:1,10.0.0.2:2', '-s', 'h', '--name', 'm', '--json'],
      true,
    );
    expect(a.seeds).toEqual([
      { host: '10.0.0.1', port: 1 },
      { host: '10.0.0.2', port: 2 },
      { host: 'h', port: 26379 },
    ]);
    expect(a.name).toBe('m');
    expect(a.json).toBe(true);
    expect(parseInspectArgs([], true).seeds).toEqual([{ host: '127.0.0.1', port: 26379 }]);
    expect(() => parseInspectArgs(['--watch'], false)).toThrow(/vigil status/);
    expect(() => parseInspectArgs(['--bogus'], true)).toThrow();
    expect(() => parseInspectArgs(['--timeout', '0'], true)).toThrow(/positive/);
    const auth = parseInspectArgs(['--password', 'p', '--user', 'u'], false, {
      VIGIL_SENTINEL_PASSWORD: 'sp',
    });
    expect(auth.dataAuth).toEqual({ username: 'u', password: 'p' });
    expect(auth.sentinelAuth).toEqual({ password: 'sp' });
    expect(parseInspectArgs([], false, {}).dataAuth).toBeUndefined();
  });
});

describe('status view', () => {
  test('the model has the primary, replicas with lag and link, sentinels with their view, epochs', () => {
    const s = healthy();
    s.dataNodes[0]!.info.master_repl_offset = '1500';
    const status = statusOf(s);
    const m = status.masters[0]!;
    expect(m.name).toBe('mymaster');
    expect(m.primary).toEqual({ address: '10.0.0.1:6379', reachable: true, role: 'master' });
    expect(m.configEpochs).toEqual([3]);
    expect(m.quorum).toBe(2);
    expect(m.voters).toBe(3);
    expect(m.replicas.map((r) => [r.address, r.link, r.lagSeconds, r.bytesBehind, r.priority])).toEqual([
      ['10.0.0.2:6379', 'up', 0, 500, 100],
      ['10.0.0.3:6379', 'up', 0, 500, 100],
    ]);
    expect(m.sentinels.map((x) => [x.address, x.primary, x.configEpoch, x.knownSentinels])).toEqual([
      ['10.0.0.1:26379', '10.0.0.1:6379', 3, 3],
      ['10.0.0.2:26379', '10.0.0.1:6379', 3, 3],
      ['10.0.0.3:26379', '10.0.0.1:6379', 3, 3],
    ]);
    expect(m.odown).toBe(false);
  });

  test('ODOWN, failover state and a disputed primary show', () => {
    const s = healthy();
    viewOf(s, 0).master.flags = 'master,s_down,o_down,failover_in_progress';
    viewOf(s, 0).master['failover-state'] = 'wait_promotion';
    viewOf(s, 2).master.ip = '10.0.0.7';
    const m = statusOf(s).masters[0]!;
    expect(m.odown).toBe(true);
    expect(m.failoverState).toBe('wait_promotion');
    expect(m.disputedPrimaries).toEqual(['10.0.0.7:6379']);
    const text = renderStatus(statusOf(s), makeStyle(false));
    expect(text).toContain('ODOWN');
    expect(text).toContain('failover in progress (wait_promotion)');
    expect(text).toContain('other primaries named: 10.0.0.7:6379');
  });

  test('plain text has no escape codes; colour only on a TTY without NO_COLOR', () => {
    const s = healthy();
    const plain = renderStatus(statusOf(s), makeStyle(false));
    expect(plain).not.toMatch(ANSI);
    expect(plain).toContain('mymaster  primary 10.0.0.1:6379  config-epoch 3');
    expect(plain).toMatch(/10\.0\.0\.2:6379 +link up {2}lag 0 s/);
    expect(renderStatus(statusOf(s), makeStyle(true))).toMatch(ANSI);
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
  });

  test('findings render with severity, meaning, fix and a summary', () => {
    const text = renderFindings(diagnose(healthy({ sentinels: 2 })), makeStyle(false));
    expect(text).toContain('ERROR   two sentinels: worse than one');
    expect(text).toContain('fix: add a third sentinel');
    expect(text.trimEnd().split('\n').pop()).toBe('1 error, 0 warnings, 0 info');
    expect(renderFindings([], makeStyle(false))).toBe('healthy: 0 errors, 0 warnings, 0 info\n');
  });

  test('maintenance: unknown without INFO vigil, off, then on (text and data)', () => {
    const s = healthy();
    const st = makeStyle(false);
    expect(statusOf(s).masters[0]?.maintenance).toBeNull();
    expect(statusOf(s).masters[0]?.sentinels.every((x) => x.maintenance === null)).toBe(true);
    expect(renderStatus(statusOf(s), st)).not.toContain('maintenance');
    s.sentinels[0]!.maintenance = [];
    expect(statusOf(s).masters[0]?.maintenance).toBe(false);
    s.sentinels[1]!.maintenance = ['other', 'mymaster'];
    const status = statusOf(s);
    expect(status.masters[0]?.maintenance).toBe(true);
    expect(status.masters[0]?.sentinels.map((x) => x.maintenance)).toEqual([false, true, null]);
    expect(renderStatus(status, st)).toContain('  maintenance: on (no automatic failover)');
  });
});

/**
 * Metrics (src/runtime/metrics.ts): counters fed by event actions and config saves, gauges
 * read from the state at scrape time under redis_exporter's names, link round trips; and the
 * HTTP side's bearer check and readiness reasons.
 */
import type { EventAction } from '../../../src/log.js';
import { instanceEvent, plainEvent } from '../../../src/core/events.js';
import { VigilMetrics } from '../../../src/runtime/metrics.js';
import { bearerMatches } from '../../../src/runtime/http.js';
import { notReadyReasons, masterView } from '../../../src/runtime/http-views.js';
import type { SentinelState } from '../../../src/core/model.js';
import { makeMaster, makeReplica, makeSentinel, makeState } from '../core/model-factory.js';
import { setVigilOption, vigilOptionPairs, renderVigilOptions } from '../../../src/core/vigil-options.js';

const T0 = 1_800_000_000_000;

function setup() {
  const state = makeState();
  const master = makeMaster(state, { now: T0, quorum: 1 });
  const metrics = new VigilMetrics({
    state: () => state,
    ckquorum: () => ({ usable: 1, quorumReachable: true, majorityReachable: true }),
    redisVersion: '7.0.15',
    tcpPort: 26379,
    clientCount: () => 3,
    subscriberCount: () => 1,
    runningScripts: () => 0,
    scriptQueueLength: () => 0,
    now: () => T0,
  });
  return { state, master, metrics };
}

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

function ev(a: ReturnType<typeof instanceEvent>): EventAction {
  return a as EventAction;
}

describe('VigilMetrics', () => {
  test('redis_exporter gauges come from the state at scrape time', async () => {
    const { state, master, metrics } = setup();
    makeReplica(master, { now: T0, port: 6380 });
    makeReplica(master, { now: T0, port: 6381, flags: { sDown: true } });
    makeSentinel(master, 'a'.repeat(40));
    let text = await metrics.text();
    expect(text).toContain(
      'redis_sentinel_master_status{master_name="mymaster",master_address="127.0.0.1:6379",master_status="ok"} 1',
    );
    expect(text).toContain('redis_sentinel_masters 1');
    expect(text).toContain(
      'redis_sentinel_master_slaves{master_name="mymaster",master_address="127.0.0.1:6379"} 2',
    );
    expect(text).toContain(
      'redis_sentinel_master_ok_slaves{master_name="mymaster",master_address="127.0.0.1:6379"} 1',
    );
    expect(text).toContain(
      'redis_sentinel_master_sentinels{master_name="mymaster",master_address="127.0.0.1:6379"} 2',
    );
    expect(text).toContain(
      'redis_sentinel_master_setting_ckquorum{master_name="mymaster",master_address="127.0.0.1:6379"} 1',
    );
    expect(
      line(text, 'redis_sentinel_master_ckquorum_status{master_name="mymaster",message="OK 1 usable'),
    ).toMatch(/ 1$/);
    expect(text).toContain('redis_connected_clients 3');
    expect(text).toContain('vigil_pubsub_subscribers 1');
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);

    master.flags.sDown = true;
    master.flags.oDown = true;
    state.tilt = true;
    text = await metrics.text();
    expect(text).toContain(
      'redis_sentinel_master_status{master_name="mymaster",master_address="127.0.0.1:6379",master_status="odown"} 0',
    );
    // The previous label set is gone, not left at 1.
    expect(text).not.toContain('master_status="ok"');
    expect(text).toContain('redis_sentinel_tilt 1');
  });

  test('failover, election, vote, down, tilt and fence counters follow the events', async () => {
    const { state, master, metrics } = setup();
    const s = state.settings;
    const replica = makeReplica(master, { now: T0 });
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+sdown', master)), T0);
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+sdown', replica)), T0);
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+odown', master, '#quorum 1/1')), T0);
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0);
    metrics.onEvent(ev(plainEvent(s, 'warning', '+vote-for-leader', master, `${state.myid} 1`)), T0);
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+elected-leader', master)), T0 + 10);
    metrics.onEvent(
      ev(plainEvent(s, 'warning', '+switch-master', master, 'mymaster 127.0.0.1 6379 127.0.0.1 6380')),
      T0 + 3000,
    );
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0 + 10_000);
    metrics.onEvent(ev(instanceEvent(s, 'warning', '-failover-abort-not-elected', master)), T0 + 20_000);
    metrics.onEvent(ev(plainEvent(s, 'warning', '+vote-for-leader', master, `${'d'.repeat(40)} 3`)), T0);
    metrics.onEvent(ev(instanceEvent(s, 'warning', '-odown', master)), T0);
    metrics.onEvent(
      {
        type: 'event',
        level: 'warning',
        name: '+tilt',
        payload: '#tilt mode entered',
        subject: null,
        notificationScript: null,
      },
      T0,
    );
    metrics.onEvent(ev(instanceEvent(s, 'warning', '+fence', replica, '#stale-primary proven')), T0);
    metrics.onConfigSave(true);
    metrics.onConfigSave(false);
    const text = await metrics.text();
    expect(text).toContain('vigil_failovers_started_total{master_name="mymaster"} 2');
    expect(text).toContain('vigil_failovers_succeeded_total{master_name="mymaster"} 1');
    expect(text).toContain('vigil_failovers_aborted_total{master_name="mymaster",reason="not-elected"} 1');
    expect(text).toContain('vigil_failover_duration_seconds_bucket{le="5",master_name="mymaster"} 1');
    expect(text).toContain('vigil_failover_duration_seconds_bucket{le="2",master_name="mymaster"} 0');
    expect(text).toContain('vigil_elections_won_total{master_name="mymaster"} 1');
    expect(text).toContain('vigil_elections_lost_total{master_name="mymaster"} 1');
    expect(text).toContain('vigil_votes_granted_total{master_name="mymaster",candidate="self"} 1');
    expect(text).toContain('vigil_votes_granted_total{master_name="mymaster",candidate="peer"} 1');
    expect(text).toContain(
      'vigil_sdown_transitions_total{master_name="mymaster",kind="master",transition="enter"} 1',
    );
    expect(text).toContain(
      'vigil_sdown_transitions_total{master_name="mymaster",kind="slave",transition="enter"} 1',
    );
    expect(text).toContain('vigil_odown_transitions_total{master_name="mymaster",transition="leave"} 1');
    expect(text).toContain('vigil_tilt_entered_total 1');
    expect(text).toContain(
      'vigil_fence_actions_total{master_name="mymaster",action="raise",reason="stale-primary"} 1',
    );
    expect(text).toContain('vigil_config_saves_total{result="ok"} 1');
    expect(text).toContain('vigil_config_saves_total{result="failed"} 1');
    expect(text).toContain('vigil_events_total{event="+try-failover"} 2');
  });

  test('PING round trips are observed per instance', async () => {
    const { master, metrics } = setup();
    const replica = makeReplica(master, { now: T0 });
    metrics.observeRtt(master.link.id, 0.0004);
    metrics.observeRtt(replica.link.id, 0.02);
    metrics.observeRtt('no-such-link', 0.02);
    const text = await metrics.text();
    expect(text).toContain(
      'vigil_link_rtt_seconds_count{master_name="mymaster",kind="master",instance="127.0.0.1:6379"} 1',
    );
    expect(text).toContain(
      'vigil_link_rtt_seconds_bucket{le="0.025",master_name="mymaster",kind="slave",instance="127.0.0.1:6380"} 1',
    );
  });
});

describe('HTTP helpers', () => {
  test('bearer token: exact match only', () => {
    expect(bearerMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('Bearer s3cre', 's3cret')).toBe(false);
    expect(bearerMatches('Bearer s3cret2', 's3cret')).toBe(false);
    expect(bearerMatches('Basic s3cret', 's3cret')).toBe(false);
    expect(bearerMatches(undefined, 's3cret')).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });

  test('readiness reasons: tilt, links, down masters, config', () => {
    const state: SentinelState = makeState();
    const master = makeMaster(state, { now: T0 });
    expect(notReadyReasons(state, true, true)).toEqual([]);
    master.link.pubsubConnected = false;
    master.flags.sDown = true;
    state.tilt = true;
    expect(notReadyReasons(state, false, false)).toEqual([
      'tilt',
      'master mymaster: link down',
      'master mymaster: sdown',
      'config: the last save failed',
      'config: directory not writable',
    ]);
  });

  test('master view: replicas with role, offset and lag', () => {
    const state = makeState();
    const master = makeMaster(state, { now: T0, info: 'role:master\r\nmaster_repl_offset:1000\r\n' });
    makeReplica(master, { now: T0, slaveReplOffset: 900 });
    const view = JSON.parse(JSON.stringify(masterView(state, master, T0))) as Record<string, unknown>;
    expect(view).toMatchObject({
      name: 'mymaster',
      status: 'ok',
      primary: { address: '127.0.0.1:6379', role: 'master', offset: 1000 },
      replicas: [{ name: '127.0.0.1:6380', role: 'slave', offset: 900, lag: 100, masterLinkStatus: 'ok' }],
      failover: { inProgress: false, state: 'none' },
    });
  });
});

describe('vigil options', () => {
  test('http-port, http-bind, http-token, history-max: validation, INFO redaction, rewrite', () => {
    const state = makeState();
    const s = state.settings;
    expect(setVigilOption(s, 'http-port', '65536')).not.toBeNull();
    expect(setVigilOption(s, 'http-port', '-1')).not.toBeNull();
    expect(setVigilOption(s, 'http-port', '9100')).toBeNull();
    expect(setVigilOption(s, 'http-bind', '')).not.toBeNull();
    expect(setVigilOption(s, 'http-bind', '0.0.0.0')).toBeNull();
    expect(setVigilOption(s, 'http-token', 'a\nb')).not.toBeNull();
    expect(setVigilOption(s, 'http-token', 'tok en')).toBeNull();
    expect(setVigilOption(s, 'history-max', '0')).not.toBeNull();
    expect(setVigilOption(s, 'history-max', '50')).toBeNull();
    expect(Object.fromEntries(vigilOptionPairs(s))['vigil-http-token']).toBe('tok en');
    expect(Object.fromEntries(vigilOptionPairs(s, true))['vigil-http-token']).toBe('******');
    expect(renderVigilOptions(state)).toEqual([
      ['vigil', 'http-port', '9100'],
      ['vigil', 'http-bind', '0.0.0.0'],
      ['vigil', 'http-token', 'tok en'],
      ['vigil', 'history-max', '50'],
    ]);
    expect(setVigilOption(s, 'http-token', '')).toBeNull();
    expect(Object.fromEntries(vigilOptionPairs(s, true))['vigil-http-token']).toBe('');
  });
});

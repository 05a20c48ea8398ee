import type { FailoverRun } from '../../../src/bench/failover.js';
import { renderTable } from '../../../src/bench/format.js';
import { buildSections, headerLines, type BenchMeta, type BenchResults } from '../../../src/bench/report.js';
import type { ThroughputResult } from '../../../src/bench/throughput.js';

const meta: BenchMeta = {
  date: '2026-01-01T00:00:00.000Z',
  node: 'v20.0.0',
  vigilVersion: '0.1.0',
  redisSentinelVersion: '7.0.15',
  redisBenchmarkVersion: '7.0.15',
  cpus: 2,
  cpuModel: 'Test CPU',
  quick: false,
  requests: 20000,
  pipelinedRequests: 100000,
  pipeline: 16,
  clients: 50,
  masters: 100,
  mastersPerServer: 10,
  windowMs: 10000,
  runs: 3,
  extraWindowMs: 10000,
  loadAvgStart: 0.5,
  loadAvgEnd: 1.25,
  durationMs: 200_400,
};

function load(rps: number, p50: number, p99: number) {
  return {
    requests: 1,
    clients: 50,
    pipeline: 1,
    row: { test: 'PING', rps, avgMs: p50, minMs: 0, p50Ms: p50, p95Ms: p99, p99Ms: p99, maxMs: p99 },
    timedOut: false,
    error: null,
    wallMs: 1,
  };
}

function throughput(kind: 'vigil' | 'redis-sentinel', rps: number): ThroughputResult {
  return {
    kind,
    commands: [
      {
        command: 'PING',
        replyBytes: 7,
        replyError: null,
        loads: { '1': load(rps, 1, 2), '16': load(rps * 4, 3, 9) },
      },
    ],
    rssIdleKb: kind === 'vigil' ? 65536 : 12288,
    rssAfterLoadKb: null,
    error: null,
  };
}

function failoverRun(
  kind: 'vigil' | 'redis-sentinel',
  run: number,
  switchAllMs: number | null,
  extra = 0,
): FailoverRun {
  return {
    kind,
    run,
    sdownMs: 900 + run,
    odownMs: 1000 + run,
    switchAllMs,
    promotedMs: 1500,
    switchCounts: [1, 1, 1 + extra],
    extraFailovers: extra,
    promoted: '127.0.0.1:1',
    events: [],
    error: switchAllMs === null ? 'within 30000 ms: +switch-master seen on 2/3 sentinels' : null,
  };
}

describe('buildSections', () => {
  it('has one section per benchmark that ran', () => {
    expect(buildSections({ meta, throughput: {}, manyMasters: {}, failover: {} })).toEqual([]);
    const results: BenchResults = {
      meta,
      throughput: {
        vigil: throughput('vigil', 10000),
        'redis-sentinel': throughput('redis-sentinel', 40000),
      },
      manyMasters: {},
      failover: {},
    };
    expect(buildSections(results).map((s) => s.title.split(':')[0])).toEqual([
      'Throughput and latency',
      'Memory (VmRSS) and CPU (utime+stime)',
    ]);
  });

  it('puts throughput, p50 and p99 of both pipeline depths side by side, and RSS in MB', () => {
    const results: BenchResults = {
      meta,
      throughput: {
        vigil: throughput('vigil', 10000),
        'redis-sentinel': throughput('redis-sentinel', 40000),
      },
      manyMasters: {},
      failover: {},
    };
    const [load, memory] = buildSections(results);
    const labels = load!.rows.map((r) => r.label);
    expect(labels).toEqual([
      'PING -P 1 throughput',
      'PING -P 1 p50',
      'PING -P 1 p99',
      'PING -P 16 throughput',
      'PING -P 16 p50',
      'PING -P 16 p99',
      'PING reply size',
    ]);
    expect(load!.rows[3]).toMatchObject({ vigil: 40000, sentinel: 160000, better: 'higher' });
    expect(memory!.rows[0]).toMatchObject({
      label: 'RSS idle, 1 master, after discovery',
      vigil: 64,
      sentinel: 12,
    });
    expect(memory!.rows[1]).toMatchObject({ vigil: null, sentinel: null });
  });

  it('summarizes failover runs as median and max, counts extra failovers and failed runs, and lists errors', () => {
    const results: BenchResults = {
      meta,
      throughput: {},
      manyMasters: {},
      failover: {
        vigil: [
          failoverRun('vigil', 1, 2000),
          failoverRun('vigil', 2, 4000, 1),
          failoverRun('vigil', 3, 3000),
        ],
        'redis-sentinel': [failoverRun('redis-sentinel', 1, 3000), failoverRun('redis-sentinel', 2, null)],
      },
    };
    const [section] = buildSections(results);
    const byLabel = new Map(section!.rows.map((r) => [r.label, r]));
    expect(byLabel.get('kill -9 to +switch-master on all 3, median')).toMatchObject({
      vigil: 3000,
      sentinel: 3000,
    });
    expect(byLabel.get('kill -9 to +switch-master on all 3, max')).toMatchObject({
      vigil: 4000,
      sentinel: 3000,
    });
    expect(byLabel.get('kill -9 to first +odown, median')).toMatchObject({ vigil: 1002, sentinel: 1001.5 });
    expect(byLabel.get('kill -9 to first +sdown, max')).toMatchObject({ vigil: 903, sentinel: 902 });
    expect(byLabel.get('extra failovers (total)')).toMatchObject({ vigil: 1, sentinel: 0 });
    expect(byLabel.get('failed runs')).toMatchObject({ vigil: 0, sentinel: 1 });
    expect(section!.notes).toContain(
      '! redis-sentinel run 2: within 30000 ms: +switch-master seen on 2/3 sentinels',
    );
  });

  it('renders to a table naming both kinds, with the header lines', () => {
    const results: BenchResults = {
      meta,
      throughput: {},
      manyMasters: {
        vigil: {
          kind: 'vigil',
          masters: 100,
          servers: 10,
          rssKb: 81920,
          cpuMsPerSec: 48,
          windowMs: 10000,
          readyMs: 1,
          error: null,
        },
        'redis-sentinel': {
          kind: 'redis-sentinel',
          masters: 100,
          servers: 10,
          rssKb: 14336,
          cpuMsPerSec: 8,
          windowMs: 10000,
          readyMs: 1,
          error: null,
        },
      },
      failover: {},
    };
    const text = renderTable(buildSections(results));
    expect(text).toContain('RSS steady, 100 masters (MB)');
    expect(text).toMatch(/CPU time, 100 masters \(ms\/s\)\s+48\.0\s+8\.0\s+6\.00x\s+6\.0x worse/);
    expect(text).toContain('100 masters = 10 names on each of 10 real redis-servers; CPU over 10 s');
    expect(headerLines(meta)[0]).toBe('Vigil 0.1.0 vs redis-sentinel 7.0.15 (redis-benchmark 7.0.15)');
    expect(headerLines(meta)[2]).toBe('load average 0.50 at start, 1.25 at end; run took 200 s');
  });
});

/**
 * The pure parts of the partition harness and benchmark (no root needed): reading sentinel
 * events back from either kind's log, and the benchmark's partition section (medians, spread,
 * ratios against redis-sentinel, a variant that is not available).
 */
import { renderTable } from '../../src/bench/format.js';
import { parseSentinelEvents, type PartitionRun, type PartitionVariant } from '../../src/bench/partition.js';
import { partitionSection, type BenchMeta, type BenchResults } from '../../src/bench/report.js';

describe('parseSentinelEvents', () => {
  test("reads Vigil's JSON lines and redis-sentinel's text lines, and nothing else", () => {
    const vigil = [
      '{"level":"info","time":1796693010720,"pid":1,"msg":"Vigil started, Sentinel mode, port 26379"}',
      '{"level":"warn","time":1796693010725,"pid":1,"event":"+monitor","payload":"master mymaster 198.51.100.1 6379 quorum 2","msg":"+monitor ..."}',
      '{"level":"warn","time":1796693011000,"pid":1,"event":"+switch-master","payload":"mymaster 198.51.100.1 6379 198.51.100.3 6379","msg":"..."}',
      '{"level":"warn","time":17966930',
    ].join('\n');
    expect(parseSentinelEvents(vigil)).toEqual([
      { at: 1796693010725, event: '+monitor', payload: 'master mymaster 198.51.100.1 6379 quorum 2' },
      { at: 1796693011000, event: '+switch-master', payload: 'mymaster 198.51.100.1 6379 198.51.100.3 6379' },
    ]);

    const sentinel = [
      '31430:X 08 Dec 2026 01:28:02.630 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      '31430:X 08 Dec 2026 01:28:11.105 # +sdown slave 198.51.100.3:6379 198.51.100.3 6379 @ mymaster 198.51.100.1 6379',
      '31430:X 08 Dec 2026 01:28:20.399 # +switch-master mymaster 198.51.100.1 6379 198.51.100.3 6379',
      '31430:X 08 Dec 2026 01:28:20.404 * Sentinel new configuration saved on disk',
    ].join('\n');
    expect(parseSentinelEvents(sentinel)).toEqual([
      {
        at: new Date(2026, 11, 8, 1, 28, 11, 105).getTime(),
        event: '+sdown',
        payload: 'slave 198.51.100.3:6379 198.51.100.3 6379 @ mymaster 198.51.100.1 6379',
      },
      {
        at: new Date(2026, 11, 8, 1, 28, 20, 399).getTime(),
        event: '+switch-master',
        payload: 'mymaster 198.51.100.1 6379 198.51.100.3 6379',
      },
    ]);
  });
});

const meta = { runs: 3 } as BenchMeta;
const settings = {
  warmupMs: 5000,
  cutMs: 10_000,
  afterMs: 3000,
  convergeTimeoutMs: 60_000,
  downAfterMs: 1000,
  failoverTimeoutMs: 10_000,
  failoverDetector: false,
};

function run(variant: PartitionVariant, n: number, lost: number, acked: number): PartitionRun {
  return {
    variant,
    run: n,
    acked,
    lost,
    lostByWriter: { near: { acked: acked / 2, lost }, far: { acked: acked / 2, lost: 0 } },
    lostAfterHeal: 0,
    failovers: 1,
    failoverMs: 3000 + n,
    convergeMs: 11_000 + n,
    isolatedFailedOver: false,
    error: null,
    unavailable: null,
  };
}

function results(runs: BenchResults['partition']): BenchResults {
  return { meta, throughput: {}, manyMasters: {}, failover: {}, partition: runs };
}

describe('partitionSection', () => {
  test('medians, min and max of lost writes against redis-sentinel; fence-on-minority not available', () => {
    const unavailable: PartitionRun = {
      ...run('vigil-fenced', 1, 0, 0),
      acked: null,
      lost: null,
      unavailable: "Vigil refuses 'vigil fence-on-minority yes' (Bad directive or wrong number of arguments)",
    };
    const section = partitionSection(
      results({
        settings,
        skipped: null,
        runs: {
          'redis-sentinel': [
            run('redis-sentinel', 1, 1000, 6000),
            run('redis-sentinel', 2, 1200, 6000),
            run('redis-sentinel', 3, 900, 6000),
          ],
          vigil: [run('vigil', 1, 500, 6000), run('vigil', 2, 400, 6000), run('vigil', 3, 600, 6000)],
          'vigil-fenced': [unavailable],
        },
      }),
    )!;
    const text = renderTable([section]);
    expect(text).toMatch(/acknowledged writes lost, median\s+500\s+1,000\s+0\.50x\s+2\.0x better/);
    expect(text).toMatch(/acknowledged writes lost, min\s+400\s+900/);
    expect(text).toMatch(/acknowledged writes lost, max\s+600\s+1,200/);
    expect(text).not.toContain('[fence-on-minority]');
    expect(section.notes).toContain(
      'redis-sentinel: lost/acknowledged per run 1000/6000, 1200/6000, 900/6000',
    );
    expect(
      section.notes!.some((n) => n.startsWith('Vigil fence-on-minority: not available: Vigil refuses')),
    ).toBe(true);
  });

  test('a fenced variant that ran gets its own rows against redis-sentinel', () => {
    const section = partitionSection(
      results({
        settings,
        skipped: null,
        runs: {
          'redis-sentinel': [run('redis-sentinel', 1, 2000, 6000)],
          vigil: [run('vigil', 1, 1000, 6000)],
          'vigil-fenced': [run('vigil-fenced', 1, 100, 6000)],
        },
      }),
    )!;
    expect(renderTable([section])).toMatch(
      /acknowledged writes lost, median \[fence-on-minority\]\s+100\s+2,000\s+0\.05x\s+20x better/,
    );
  });

  test('skipped when partitions cannot run here', () => {
    const section = partitionSection(
      results({ settings, skipped: 'needs root (network namespaces)', runs: {} }),
    )!;
    expect(section.rows).toEqual([]);
    expect(section.notes).toEqual(['skipped: needs root (network namespaces)']);
  });
});

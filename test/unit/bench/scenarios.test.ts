import { benchmarkArgs } from '../../../src/bench/benchmark.js';
import { extraFailovers } from '../../../src/bench/failover.js';
import { manyMasterLines } from '../../../src/bench/memory.js';

describe('benchmarkArgs', () => {
  it('bounds the run by requests and asks for CSV, on loopback', () => {
    expect(
      benchmarkArgs(26379, ['SENTINEL', 'REPLICAS', 'mymaster'], {
        requests: 1000,
        clients: 50,
        pipeline: 16,
        timeoutMs: 1,
      }),
    ).toEqual([
      '-h',
      '127.0.0.1',
      '-p',
      '26379',
      '-n',
      '1000',
      '-c',
      '50',
      '-P',
      '16',
      '--csv',
      'SENTINEL',
      'REPLICAS',
      'mymaster',
    ]);
  });
});

describe('manyMasterLines', () => {
  it('spreads names over the ports, namesPerServer on each', () => {
    const lines = manyMasterLines([7001, 7002], 4, 2);
    expect(lines).toEqual([
      'sentinel monitor m000 127.0.0.1 7001 2',
      'sentinel monitor m001 127.0.0.1 7001 2',
      'sentinel monitor m002 127.0.0.1 7002 2',
      'sentinel monitor m003 127.0.0.1 7002 2',
    ]);
  });

  it('gives 100 distinct names for 10 ports x 10 names, and wraps when there are too few ports', () => {
    const ports = Array.from({ length: 10 }, (_, i) => 7000 + i);
    const lines = manyMasterLines(ports, 100, 10);
    expect(new Set(lines.map((l) => l.split(' ')[2])).size).toBe(100);
    expect(lines.filter((l) => l.endsWith(' 7009 2'))).toHaveLength(10);
    expect(manyMasterLines([7001], 3, 1).every((l) => l.includes(' 7001 '))).toBe(true);
  });
});

describe('extraFailovers', () => {
  it('is the most +switch-master messages one sentinel sent, less one', () => {
    expect(extraFailovers([1, 1, 1])).toBe(0);
    expect(extraFailovers([1, 2, 1])).toBe(1);
    expect(extraFailovers([3, 2, 2])).toBe(2);
  });

  it('is 0 when nothing switched', () => {
    expect(extraFailovers([])).toBe(0);
    expect(extraFailovers([0, 0, 0])).toBe(0);
  });
});

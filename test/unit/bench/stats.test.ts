import {
  cpuMsPerSecond,
  maxOf,
  mean,
  median,
  minOf,
  percentile,
  summarize,
} from '../../../src/bench/stats.js';

describe('percentile', () => {
  it('interpolates between the two nearest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 25)).toBe(20);
    expect(percentile([0, 100], 99)).toBeCloseTo(99);
  });

  it('does not depend on input order and does not sort the input in place', () => {
    const input = [5, 1, 4, 2, 3];
    expect(percentile(input, 50)).toBe(3);
    expect(input).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives min and max at 0 and 100, clamping out-of-range p', () => {
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
    expect(percentile([3, 1, 2], -5)).toBe(1);
    expect(percentile([3, 1, 2], 250)).toBe(3);
  });

  it('is null for an empty sample or a non-finite p, and ignores NaN and Infinity', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([1], NaN)).toBeNull();
    expect(percentile([NaN, Infinity, 7], 50)).toBe(7);
  });

  it('returns the single value of a one-element sample at any p', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });
});

describe('median, min, max, mean', () => {
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('min, max and mean skip non-finite values', () => {
    expect(maxOf([1, NaN, 9, 3])).toBe(9);
    expect(minOf([4, Infinity, 2])).toBe(2);
    expect(mean([1, 2, 3, NaN])).toBe(2);
    expect(maxOf([])).toBeNull();
    expect(minOf([NaN])).toBeNull();
    expect(mean([])).toBeNull();
  });
});

describe('summarize', () => {
  it('gives median and max of the runs that produced a value', () => {
    expect(summarize([1200, null, 900, 3000])).toEqual({ median: 1200, max: 3000, count: 3 });
  });

  it('is all null when no run produced a value', () => {
    expect(summarize([null, null])).toEqual({ median: null, max: null, count: 0 });
  });
});

describe('cpuMsPerSecond', () => {
  it('turns clock ticks over a wall-clock window into CPU ms per second', () => {
    // 50 ticks at 100 Hz = 500 ms of CPU over 10 s → 50 ms/s.
    expect(cpuMsPerSecond(1000, 1050, 100, 10_000)).toBeCloseTo(50);
    expect(cpuMsPerSecond(0, 0, 100, 5000)).toBe(0);
  });

  it('is null for an empty window, a bad tick rate or a counter that went backwards', () => {
    expect(cpuMsPerSecond(0, 10, 100, 0)).toBeNull();
    expect(cpuMsPerSecond(0, 10, 0, 1000)).toBeNull();
    expect(cpuMsPerSecond(10, 5, 100, 1000)).toBeNull();
  });
});

import { parseOptions, SCENARIOS } from '../../../src/bench/options.js';

describe('parseOptions', () => {
  it('defaults to every benchmark, 3 failover runs and a 10 s window', () => {
    const o = parseOptions([]);
    expect(o.quick).toBe(false);
    expect(o.runs).toBe(3);
    expect([...o.only]).toEqual([...SCENARIOS]);
    expect(o.windowMs).toBe(10_000);
    expect(o.extraWindowMs).toBe(10_000);
    expect(o.clients).toBe(50);
    expect(o.pipeline).toBe(16);
    expect(o.masters).toBe(100);
    expect(o.json).toBeNull();
  });

  it('--quick shrinks requests, runs and windows, and explicit options still win', () => {
    const quick = parseOptions(['--quick']);
    expect(quick.runs).toBe(1);
    expect(quick.requests).toBeLessThan(parseOptions([]).requests);
    expect(quick.windowMs).toBe(3000);
    expect(parseOptions(['--quick', '--runs', '4', '--window', '2.5']).runs).toBe(4);
    expect(parseOptions(['--quick', '--window', '2.5']).windowMs).toBe(2500);
  });

  it('reads --json, --only and --keep', () => {
    const o = parseOptions(['--json', 'out.json', '--only', 'failover, memory', '--keep']);
    expect(o.json).toBe('out.json');
    expect([...o.only].sort()).toEqual(['failover', 'memory']);
    expect(o.keep).toBe(true);
  });

  it('rejects bad numbers, unknown benchmarks and unknown options with a readable message', () => {
    expect(() => parseOptions(['--runs', '0'])).toThrow('--runs wants a positive integer');
    expect(() => parseOptions(['--requests', 'lots'])).toThrow('--requests');
    expect(() => parseOptions(['--window=-1'])).toThrow('--window wants a positive number');
    expect(() => parseOptions(['--only', 'speed'])).toThrow("unknown benchmark 'speed'");
    expect(() => parseOptions(['--fast'])).toThrow();
  });
});

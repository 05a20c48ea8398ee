import { parseBenchmarkCsv, splitCsvLine } from '../../../src/bench/csv.js';

// Captured from redis-benchmark 7.0.15 against redis-sentinel 7.0.15 (`--csv`).
const HEADER =
  '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"';

describe('splitCsvLine', () => {
  it('splits quoted fields', () => {
    expect(splitCsvLine('"PING","20833.33","1.829"')).toEqual(['PING', '20833.33', '1.829']);
  });

  it('keeps commas and doubled quotes inside quoted fields', () => {
    expect(splitCsvLine('"a,b","say ""hi""",3')).toEqual(['a,b', 'say "hi"', '3']);
  });

  it('accepts unquoted fields and empty fields', () => {
    expect(splitCsvLine('x,,"y"')).toEqual(['x', '', 'y']);
  });

  it('rejects an unterminated quote or junk after a closing quote', () => {
    expect(splitCsvLine('"abc')).toBeNull();
    expect(splitCsvLine('"abc"x,"d"')).toBeNull();
  });
});

describe('parseBenchmarkCsv', () => {
  it('reads a redis-benchmark 7.0 result row by the header names', () => {
    const text = `${HEADER}\n"PING","20833.33","1.829","0.088","0.639","6.103","8.847","8.991"\n`;
    expect(parseBenchmarkCsv(text)).toEqual([
      {
        test: 'PING',
        rps: 20833.33,
        avgMs: 1.829,
        minMs: 0.088,
        p50Ms: 0.639,
        p95Ms: 6.103,
        p99Ms: 8.847,
        maxMs: 8.991,
      },
    ]);
  });

  it('keeps the spaces of a multi-word command name', () => {
    const text = `${HEADER}\r\n"SENTINEL GET-MASTER-ADDR-BY-NAME m","124999.99","4.039","0.984","3.367","7.719","7.823","7.879"\r\n`;
    const [row] = parseBenchmarkCsv(text);
    expect(row?.test).toBe('SENTINEL GET-MASTER-ADDR-BY-NAME m');
    expect(row?.rps).toBe(124999.99);
    expect(row?.p99Ms).toBe(7.823);
  });

  it('follows the header when columns are reordered or missing', () => {
    const text = '"test","p99_latency_ms","rps"\n"INFO","7.007","17543.86"\n';
    const [row] = parseBenchmarkCsv(text);
    expect(row).toMatchObject({ test: 'INFO', rps: 17543.86, p99Ms: 7.007, p50Ms: null, avgMs: null });
  });

  it('skips warnings and progress text mixed into the stream, and rows before any header', () => {
    const text = [
      '"PING","1","2","3","4","5","6","7"',
      'WARNING: Could not fetch server CONFIG',
      HEADER,
      'PING: rps=0.0 (overall: 0.0) avg_msec=-nan (overall: -nan)',
      '"PING","100.00","1.000","0.100","0.900","1.500","2.000","3.000"',
    ].join('\n');
    const rows = parseBenchmarkCsv(text);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.rps).toBe(100);
  });

  it('reads several result rows in order and gives null for non-numeric cells', () => {
    const text = `${HEADER}\n"A","1","","","","","",""\n"B","nan","1","1","1","1","1","1"\n`;
    const rows = parseBenchmarkCsv(text);
    expect(rows.map((r) => r.test)).toEqual(['A', 'B']);
    expect(rows[0]?.avgMs).toBeNull();
    expect(rows[1]?.rps).toBeNull();
  });

  it('returns nothing for empty output', () => {
    expect(parseBenchmarkCsv('')).toEqual([]);
    expect(parseBenchmarkCsv(`${HEADER}\n`)).toEqual([]);
  });
});

import {
  formatNumber,
  formatRatio,
  ratio,
  renderTable,
  verdict,
  type MetricRow,
} from '../../../src/bench/format.js';

describe('formatNumber', () => {
  it('groups thousands and fixes the decimals', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(35971.22, 0)).toBe('35,971');
    expect(formatNumber(0.7914, 3)).toBe('0.791');
    expect(formatNumber(2, 2)).toBe('2.00');
  });

  it('shows a dash for missing or non-finite values', () => {
    expect(formatNumber(null, 1)).toBe('-');
    expect(formatNumber(NaN, 1)).toBe('-');
    expect(formatNumber(Infinity, 0)).toBe('-');
  });
});

describe('ratio and formatRatio', () => {
  it('is Vigil divided by redis-sentinel', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(formatRatio(50, 200)).toBe('0.25x');
  });

  it('keeps about three significant digits', () => {
    expect(formatRatio(1, 3)).toBe('0.33x');
    expect(formatRatio(123, 10)).toBe('12.3x');
    expect(formatRatio(1404, 10)).toBe('140x');
    expect(formatRatio(10, 10)).toBe('1.00x');
  });

  it('is n/a when a side is missing or redis-sentinel measured 0 (and 1.00x when both are 0)', () => {
    expect(formatRatio(null, 5)).toBe('n/a');
    expect(formatRatio(5, null)).toBe('n/a');
    expect(formatRatio(5, 0)).toBe('n/a');
    expect(formatRatio(0, 0)).toBe('1.00x');
    expect(formatRatio(NaN, 1)).toBe('n/a');
  });
});

describe('verdict', () => {
  it('reads the ratio in the direction that is good for the metric', () => {
    expect(verdict(100, 200, 'higher')).toBe('2.0x worse');
    expect(verdict(300, 100, 'higher')).toBe('3.0x better');
    expect(verdict(2, 1, 'lower')).toBe('2.0x worse');
    expect(verdict(500, 1000, 'lower')).toBe('2.0x better');
  });

  it('calls differences under 5% the same, and rounds big factors to whole numbers', () => {
    expect(verdict(103, 100, 'higher')).toBe('same');
    expect(verdict(97, 100, 'lower')).toBe('same');
    expect(verdict(2400, 100, 'lower')).toBe('24x worse');
  });

  it('handles zero, missing values and metrics with no better side', () => {
    expect(verdict(0, 100, 'higher')).toBe('worse');
    expect(verdict(0, 100, 'lower')).toBe('better');
    expect(verdict(null, 100, 'lower')).toBe('');
    expect(verdict(615, 615, 'none')).toBe('same');
    expect(verdict(2635, 2663, 'none')).toBe('');
  });
});

describe('renderTable', () => {
  const rows: MetricRow[] = [
    {
      label: 'PING -P 1 throughput',
      unit: 'req/s',
      vigil: 19011,
      sentinel: 35971.22,
      better: 'higher',
      decimals: 0,
    },
    { label: 'PING -P 1 p99', unit: 'ms', vigil: 8.479, sentinel: 2.119, better: 'lower', decimals: 3 },
  ];

  it('prints a header, one block per section and aligned columns', () => {
    const text = renderTable([
      { title: 'Throughput', rows },
      {
        title: 'Memory',
        rows: [
          { label: 'extra failovers', unit: '', vigil: 0, sentinel: null, better: 'lower', decimals: 0 },
        ],
        notes: ['! something failed'],
      },
    ]);
    expect(text.split('\n')).toEqual([
      'metric                           Vigil  redis-sentinel  ratio  Vigil is',
      '------------------------------  ------  --------------  -----  ----------',
      '',
      'Throughput',
      '  PING -P 1 throughput (req/s)  19,011          35,971  0.53x  1.9x worse',
      '  PING -P 1 p99 (ms)             8.479           2.119  4.00x  4.0x worse',
      '',
      'Memory',
      '  extra failovers                    0               -    n/a',
      '  ! something failed',
    ]);
  });

  it('prints just the header for no sections', () => {
    expect(renderTable([]).split('\n')).toHaveLength(2);
  });
});

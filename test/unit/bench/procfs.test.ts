import { parseCpuTicks, parseVmRssKb, readCpuTicks, readRssKb } from '../../../src/bench/procfs.js';

describe('parseVmRssKb', () => {
  it('reads VmRSS in kB from /proc/<pid>/status text', () => {
    const status = 'Name:\tredis-sentinel\nVmPeak:\t  52000 kB\nVmRSS:\t   12288 kB\nRssAnon:\t 4000 kB\n';
    expect(parseVmRssKb(status)).toBe(12288);
  });

  it('is null when the line is missing (kernel threads, zombies)', () => {
    expect(parseVmRssKb('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });
});

describe('parseCpuTicks', () => {
  // Fields: pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const stat = (comm: string, utime: number, stime: number): string =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1500 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 100 1000 200`;

  it('adds utime and stime', () => {
    expect(parseCpuTicks(stat('node', 120, 30))).toBe(150);
  });

  it('counts fields after the last parenthesis, so odd command names do not shift them', () => {
    expect(parseCpuTicks(stat('my (odd) name) x', 7, 5))).toBe(12);
  });

  it('is null for text that is not a stat line', () => {
    expect(parseCpuTicks('garbage')).toBeNull();
    expect(parseCpuTicks('1 (x) S 1')).toBeNull();
  });
});

describe('reading /proc', () => {
  it('reads this process and gives null for a pid that does not exist', () => {
    expect(readRssKb(process.pid)).toBeGreaterThan(0);
    expect(readCpuTicks(process.pid)).toBeGreaterThanOrEqual(0);
    expect(readRssKb(2 ** 30)).toBeNull();
    expect(readCpuTicks(2 ** 30)).toBeNull();
  });
});

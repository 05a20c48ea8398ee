import { atoi, ipLiteral, strtoull, yesNo } from '../../../src/core/parse.js';
import { globMatch } from '../../../src/lib/glob.js';
import { parseStrictInt } from '../../../src/lib/integer.js';

test('atoi behaves like glibc', () => {
  expect(atoi('42')).toBe(42);
  expect(atoi('  -7xyz')).toBe(-7);
  expect(atoi('+5')).toBe(5);
  expect(atoi('abc')).toBe(0);
  expect(atoi('')).toBe(0);
  expect(atoi('99999999999')).toBe(1215752191); // truncated to int
  expect(atoi('99999999999999999999999')).toBe(-1); // saturated to LONG_MAX, then truncated
});

test('strtoull', () => {
  expect(strtoull('18')).toBe(18);
  expect(strtoull('7abc')).toBe(7);
  expect(strtoull('x')).toBe(0);
  expect(strtoull('-1')).toBe(2 ** 64); // 2^64 - 1 as a double
  // Checked against glibc: an overflow gives ULLONG_MAX whatever the sign; in range, a minus wraps.
  expect(strtoull('-99999999999999999999999')).toBe(2 ** 64);
  expect(strtoull('-18446744073709551615')).toBe(1);
  expect(strtoull('00000000000000000000000000042')).toBe(42);
});

test('a megabyte of digits saturates like a short overflow', () => {
  const digits = '9'.repeat(1024 * 1024);
  expect(strtoull(digits)).toBe(2 ** 64);
  expect(atoi(digits)).toBe(-1);
  expect(atoi(`-${digits}`)).toBe(0); // LONG_MIN truncated to int, as glibc
  expect(atoi(`${'0'.repeat(1024 * 1024)}7`)).toBe(7);
});

test('strict integers (string2ll)', () => {
  expect(parseStrictInt('0')).toBe(0);
  expect(parseStrictInt('-12')).toBe(-12);
  for (const bad of ['', '01', '+1', ' 1', '1 ', '1.0', '-0', '99999999999999999999', 'x']) {
    expect(parseStrictInt(bad)).toBeNull();
  }
});

test('yes/no', () => {
  expect([yesNo('YES'), yesNo('no'), yesNo('y')]).toEqual([true, false, null]);
});

test('IP literals', () => {
  expect(ipLiteral('127.0.0.1')).toBe('127.0.0.1');
  expect(ipLiteral('0:0:0:0:0:0:0:1')).toBe('::1');
  expect(ipLiteral('FE80::1')).toBe('fe80::1');
  expect(ipLiteral('localhost')).toBeNull();
  expect(ipLiteral('')).toBeNull();
});

test('Redis glob', () => {
  expect(globMatch('*', '')).toBe(true);
  expect(globMatch('m*', 'mymaster')).toBe(true);
  expect(globMatch('M*', 'mymaster')).toBe(false);
  expect(globMatch('my?aster', 'mymaster')).toBe(true);
  expect(globMatch('[a-m]ymaster', 'mymaster')).toBe(true);
  expect(globMatch('[^m]ymaster', 'mymaster')).toBe(false);
  expect(globMatch('[z-a]*', 'mymaster')).toBe(true);
  expect(globMatch('\\*', '*')).toBe(true);
  expect(globMatch('\\*', 'a')).toBe(false);
  expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
  expect(globMatch('a*b*c', 'axxbyy')).toBe(false);
  expect(globMatch('*'.repeat(50) + 'x', 'a'.repeat(40))).toBe(false);
});

import { describe, expect, test } from '@jest/globals';
import {
  SENTINEL_SUBCOMMAND_FLAGS,
  sentinelAliasSubcommands,
  sentinelCommandSpec,
  sentinelSubcommands,
} from '../../../src/commands/sentinel/index.js';
import { unknownSubcommandError } from '../../../src/server/dispatch.js';
import { encodeReply } from '../../../src/resp/encoder.js';
import { parseLongLong } from '../../../src/lib/integer.js';
import { globMatch as stringMatch } from '../../../src/lib/glob.js';
import {
  formatIPv6,
  parseIPv4Numeric,
  parseIPv6Words,
  resolveNumeric,
} from '../../../src/commands/sentinel/address.js';

describe('SENTINEL command table', () => {
  test('the 21 subcommands with 7.0.15 arities', () => {
    const arities = Object.fromEntries(sentinelSubcommands.map((s) => [s.name, s.arity]));
    expect(arities).toEqual({
      ckquorum: 3,
      config: -3,
      debug: -2,
      failover: 3,
      flushconfig: 2,
      'get-master-addr-by-name': 3,
      help: 2,
      'info-cache': -3,
      'is-master-down-by-addr': 6,
      master: 3,
      masters: 2,
      monitor: 6,
      myid: 2,
      'pending-scripts': 2,
      remove: 3,
      replicas: 3,
      reset: 3,
      sentinels: 3,
      set: -5,
      'simulate-failure': -3,
      slaves: 3,
    });
    expect(sentinelCommandSpec.name).toBe('sentinel');
    expect(sentinelCommandSpec.arity).toBe(-2);
    expect(sentinelCommandSpec.subcommands).toHaveLength(21);
    expect(SENTINEL_SUBCOMMAND_FLAGS['help']).toEqual(['loading', 'stale']);
    expect(SENTINEL_SUBCOMMAND_FLAGS['masters']).toEqual(['admin']);
  });

  test('Valkey aliases share arity and handler with the old names and stay out of the table', () => {
    const byName = new Map(sentinelSubcommands.map((s) => [s.name, s]));
    const pairs: [string, string][] = [
      ['primaries', 'masters'],
      ['primary', 'master'],
      ['get-primary-addr-by-name', 'get-master-addr-by-name'],
      ['is-primary-down-by-addr', 'is-master-down-by-addr'],
    ];
    expect(sentinelAliasSubcommands.map((a) => a.name)).toEqual(pairs.map(([a]) => a));
    for (const [alias, old] of pairs) {
      const a = sentinelAliasSubcommands.find((s) => s.name === alias)!;
      expect(a.arity).toBe(byName.get(old)!.arity);
      expect(a.handler).toBe(byName.get(old)!.handler);
      expect(byName.has(alias)).toBe(false);
    }
  });

  test('unknown subcommand text, as the dispatcher sends it: echoed as typed, cut to 128, no newlines on the wire', () => {
    const wire = (sub: string, container = 'sentinel'): string =>
      encodeReply(unknownSubcommandError(container, sub), 2).toString();
    expect(wire('FOO')).toBe("-ERR unknown subcommand 'FOO'. Try SENTINEL HELP.\r\n");
    expect(wire('x'.repeat(200))).toBe(
      `-ERR unknown subcommand '${'x'.repeat(128)}'. Try SENTINEL HELP.\r\n`,
    );
    expect(wire('a\r\nb')).toBe("-ERR unknown subcommand 'a  b'. Try SENTINEL HELP.\r\n");
    expect(wire('x', 'client')).toBe("-ERR unknown subcommand 'x'. Try CLIENT HELP.\r\n");
  });
});

describe('parseLongLong (Redis string2ll)', () => {
  test('accepts', () => {
    expect(parseLongLong('0')).toBe(0n);
    expect(parseLongLong('-1')).toBe(-1n);
    expect(parseLongLong('9223372036854775807')).toBe(9223372036854775807n);
    expect(parseLongLong('-9223372036854775808')).toBe(-9223372036854775808n);
  });
  test('rejects', () => {
    for (const s of [
      '',
      '-',
      '+1',
      '01',
      '-0',
      ' 1',
      '1 ',
      '1.0',
      '1e3',
      '0x1',
      '9223372036854775808',
      '-9223372036854775809',
    ]) {
      expect(parseLongLong(s)).toBeNull();
    }
  });
});

describe('stringMatch (Redis glob)', () => {
  test.each([
    ['*', 'anything', true],
    ['x*', 'mym', false],
    ['my*', 'mym', true],
    ['?y?', 'mym', true],
    ['m[xy]m', 'mym', true],
    ['m[^y]m', 'mym', false],
    ['m[a-z]m', 'mym', true],
    ['m[z-a]m', 'mym', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['m[\\]]m', 'm]m', true],
    ['**x', 'abcx', true],
    ['mym', 'MYM', false],
    ['', '', true],
    ['a', '', false],
  ])('%s vs %s → %s', (pattern, str, expected) => {
    expect(stringMatch(pattern, str)).toBe(expected);
  });
  test('nocase', () => {
    expect(stringMatch('ANNOUNCE*', 'announce-ip', true)).toBe(true);
    expect(stringMatch('ANNOUNCE*', 'announce-ip')).toBe(false);
  });
});

describe('numeric address resolution (glibc AI_NUMERICHOST)', () => {
  test('IPv4 inet_aton forms', () => {
    expect(parseIPv4Numeric('127.0.0.1')).toBe('127.0.0.1');
    expect(parseIPv4Numeric('127.1')).toBe('127.0.0.1');
    expect(parseIPv4Numeric('0X7F.0.0.1')).toBe('127.0.0.1');
    expect(parseIPv4Numeric('0')).toBe('0.0.0.0');
    expect(parseIPv4Numeric('0.0xffffff')).toBe('0.255.255.255');
    for (const bad of ['0.0x1000000', '1.256.1.1', '08', '0x', '1..1', '.1', '1.', '4294967296', '-1']) {
      expect(parseIPv4Numeric(bad)).toBeNull();
    }
  });
  test('IPv6 parse and inet_ntop formatting', () => {
    expect(formatIPv6(parseIPv6Words('::')!)).toBe('::');
    expect(formatIPv6(parseIPv6Words('1::')!)).toBe('1::');
    expect(formatIPv6(parseIPv6Words('1:0:0:2:0:0:0:3')!)).toBe('1:0:0:2::3');
    expect(formatIPv6(parseIPv6Words('1:0:2:0:3:0:4:0')!)).toBe('1:0:2:0:3:0:4:0');
    expect(formatIPv6(parseIPv6Words('1:0:0:2:0:0:3:4')!)).toBe('1::2:0:0:3:4');
    expect(formatIPv6(parseIPv6Words('::1.2.3.4')!)).toBe('::1.2.3.4');
    expect(formatIPv6(parseIPv6Words('::ffff:0102:0304')!)).toBe('::ffff:1.2.3.4');
    expect(formatIPv6(parseIPv6Words('2001:DB8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    for (const bad of [
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      ':1::',
      '12345::',
      '::1.2.3',
      '::01.2.3.4',
      'g::',
    ]) {
      expect(parseIPv6Words(bad)).toBeNull();
    }
  });
  test('scope ids: numeric or an existing interface', () => {
    expect(resolveNumeric('fe80::1%1')).toBe('fe80::1');
    expect(resolveNumeric('fe80::1%no-such-if0')).toBeNull();
    expect(resolveNumeric('localhost')).toBeNull();
  });
});

import {
  formatLegacy,
  formatLine,
  formatLogfmt,
  legacyTime,
  levelChar,
  logfmtKey,
  logfmtValue,
  oneLine,
  parseLogFormat,
} from '../../../src/log/format.js';
import { parseLogfmt } from './logfmt.js';

const T = Date.UTC(2026, 11, 8, 1, 23, 45, 678);

/** The record pino writes for `+sdown` (src/log.ts eventRecord). */
const SDOWN = {
  level: 'warn',
  time: T,
  pid: 12345,
  event: '+sdown',
  payload: 'master mymaster 127.0.0.1 6379',
  master: 'mymaster',
  instance: { kind: 'master', name: 'mymaster', ip: '127.0.0.1', port: 6379 },
  msg: '+sdown master mymaster 127.0.0.1 6379',
};

describe('legacy (Redis) lines', () => {
  test('an event is exactly the line redis-sentinel writes', () => {
    expect(formatLegacy(SDOWN, { utc: true })).toBe(
      '12345:X 08 Dec 2026 01:23:45.678 # +sdown master mymaster 127.0.0.1 6379',
    );
  });

  test.each([
    ['debug', '.'],
    ['verbose', '-'],
    ['info', '*'],
    ['warn', '#'],
    ['error', '#'],
    ['fatal', '#'],
    ['trace', '.'],
    [20, '.'],
    [25, '-'],
    [30, '*'],
    [40, '#'],
  ])('level %p is %p', (level, char) => {
    expect(levelChar(level)).toBe(char);
    expect(formatLegacy({ level, time: T, pid: 1, msg: 'x' }, { utc: true })).toBe(
      `1:X 08 Dec 2026 01:23:45.678 ${char} x`,
    );
  });

  test('time: zero-padded day and fields, English month, milliseconds; local unless utc', () => {
    expect(legacyTime(Date.UTC(2027, 0, 3, 4, 5, 6, 7), { utc: true })).toBe('03 Jan 2027 04:05:06.007');
    expect(legacyTime(Date.UTC(2026, 5, 30, 23, 59, 59, 999), { utc: true })).toBe(
      '30 Jun 2026 23:59:59.999',
    );
    const local = new Date(2026, 1, 9, 7, 8, 9, 10).getTime();
    expect(legacyTime(local)).toBe('09 Feb 2026 07:08:09.010');
  });

  test('fields not in the text follow it as key=value; the event fields and err.stack do not', () => {
    const line = formatLegacy(
      {
        level: 'debug',
        time: T,
        pid: 7,
        linkId: 'abc',
        error: 'Connection refused',
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' },
        msg: 'link connection closed',
      },
      { utc: true },
    );
    expect(line).toBe(
      '7:X 08 Dec 2026 01:23:45.678 . link connection closed linkId=abc error="Connection refused" err.type=Error err.message=boom',
    );
  });

  test('one record stays one line: control characters are escaped', () => {
    const line = formatLegacy(
      { level: 'info', time: T, pid: 1, msg: 'a\nb\r\tc\u0007d\u2028' },
      { utc: true },
    );
    expect(line).toBe('1:X 08 Dec 2026 01:23:45.678 * a\\nb\\r\\tc\\u0007d\\u2028');
    expect(oneLine('plain é ✓')).toBe('plain é ✓');
  });
});

describe('logfmt', () => {
  test('an event: time, level, pid, the fields flattened, msg last', () => {
    const line = formatLogfmt(SDOWN);
    expect(line).toBe(
      'time=2026-12-08T01:23:45.678Z level=warn pid=12345 event=+sdown payload="master mymaster 127.0.0.1 6379" ' +
        'master=mymaster instance.kind=master instance.name=mymaster instance.ip=127.0.0.1 instance.port=6379 ' +
        'msg="+sdown master mymaster 127.0.0.1 6379"',
    );
    expect(parseLogfmt(line)).toMatchObject({
      time: '2026-12-08T01:23:45.678Z',
      level: 'warn',
      pid: '12345',
      event: '+sdown',
      payload: SDOWN.payload,
      'instance.port': '6379',
      msg: SDOWN.msg,
    });
  });

  test('quoting: bare when safe, else quoted with \\ " and controls escaped', () => {
    expect(logfmtValue('abc')).toBe('abc');
    expect(logfmtValue('+odown')).toBe('+odown');
    expect(logfmtValue('')).toBe('""');
    expect(logfmtValue('a b')).toBe('"a b"');
    expect(logfmtValue('a=b')).toBe('"a=b"');
    expect(logfmtValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(logfmtValue('C:\\dir')).toBe('"C:\\\\dir"');
    expect(logfmtValue('l1\nl2')).toBe('"l1\\nl2"');
    expect(logfmtValue('\u0000\u001b')).toBe('"\\u0000\\u001b"');
    expect(logfmtValue('#quorum')).toBe('#quorum');
    expect(logfmtKey('a b=c"')).toBe('a_b_c_');
  });

  test('hostile values round-trip through a strict parser', () => {
    const nasty = [
      'x" injected=1',
      'back\\slash\\"',
      'multi\nline\r\nend',
      'tab\there',
      '=',
      '"',
      ' lead',
      'uni é ✓ \u2028',
    ];
    for (const value of nasty) {
      const line = formatLogfmt({ level: 'info', time: T, pid: 1, value, msg: value });
      expect(line).not.toMatch(/[\n\r]/);
      expect(parseLogfmt(line)).toEqual({
        time: '2026-12-08T01:23:45.678Z',
        level: 'info',
        pid: '1',
        value,
        msg: value,
      });
    }
  });

  test('numbers, booleans, null, arrays and empty objects', () => {
    const line = formatLogfmt({
      level: 'debug',
      time: T,
      pid: 1,
      n: 3,
      ok: true,
      none: null,
      argv: ['/bin/notify', '+sdown', 'master m'],
      empty: {},
    });
    expect(parseLogfmt(line)).toMatchObject({
      n: '3',
      ok: 'true',
      none: 'null',
      argv: JSON.stringify(['/bin/notify', '+sdown', 'master m']),
      empty: '{}',
      msg: '',
    });
  });
});

describe('formatLine', () => {
  const json = `${JSON.stringify(SDOWN)}\n`;

  test('json passes the line through unchanged', () => {
    expect(formatLine('json', json)).toBe(json);
  });

  test('legacy and logfmt end with one newline', () => {
    expect(formatLine('legacy', json, { utc: true })).toBe(
      '12345:X 08 Dec 2026 01:23:45.678 # +sdown master mymaster 127.0.0.1 6379\n',
    );
    expect(formatLine('logfmt', json)).toMatch(/^time=\S+ level=warn pid=12345 .* msg="[^"]+"\n$/);
  });

  test('a line that is not a JSON object passes through', () => {
    expect(formatLine('legacy', 'not json\n')).toBe('not json\n');
    expect(formatLine('logfmt', '[1]\n')).toBe('[1]\n');
  });
});

test('parseLogFormat takes the four values, any case', () => {
  expect(['auto', 'LEGACY', 'Json', 'logfmt'].map(parseLogFormat)).toEqual([
    'auto',
    'legacy',
    'json',
    'logfmt',
  ]);
  expect(parseLogFormat('pretty')).toBeNull();
  expect(parseLogFormat('')).toBeNull();
});

import { encodeCommand, encodeReply, formatDouble } from '../../../src/resp/encoder.js';
import {
  array,
  bool,
  bulk,
  bulkArray,
  double,
  error,
  int,
  map,
  NIL,
  NIL_ARRAY,
  OK,
  push,
  set,
  simple,
  verbatim,
  type Reply,
} from '../../../src/resp/reply.js';

const enc = (r: Reply, p: 2 | 3): string => encodeReply(r, p).toString('latin1');

describe('encodeReply: every Reply type in RESP2 and RESP3', () => {
  const table: [string, Reply, string, string][] = [
    ['simple', OK, '+OK\r\n', '+OK\r\n'],
    ['simple with newline', simple('a\r\nb'), '+a  b\r\n', '+a  b\r\n'],
    ['error', error('ERR bad'), '-ERR bad\r\n', '-ERR bad\r\n'],
    ['error with leading dash', error('-NOPROTO x'), '-NOPROTO x\r\n', '-NOPROTO x\r\n'],
    ['error with newline', error('ERR a\nb'), '-ERR a b\r\n', '-ERR a b\r\n'],
    ['int', int(-42), ':-42\r\n', ':-42\r\n'],
    ['bigint', int(9007199254740993n), ':9007199254740993\r\n', ':9007199254740993\r\n'],
    ['bulk', bulk('héllo'), '$6\r\nh\xc3\xa9llo\r\n', '$6\r\nh\xc3\xa9llo\r\n'],
    ['bulk buffer', bulk(Buffer.from([0, 13, 10])), '$3\r\n\x00\r\n\r\n', '$3\r\n\x00\r\n\r\n'],
    ['empty bulk', bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
    ['null', NIL, '$-1\r\n', '_\r\n'],
    ['nullArray', NIL_ARRAY, '*-1\r\n', '_\r\n'],
    ['array', array([int(1), bulk('a')]), '*2\r\n:1\r\n$1\r\na\r\n', '*2\r\n:1\r\n$1\r\na\r\n'],
    ['empty array', array([]), '*0\r\n', '*0\r\n'],
    ['map', map([['k', int(1)]]), '*2\r\n$1\r\nk\r\n:1\r\n', '%1\r\n$1\r\nk\r\n:1\r\n'],
    ['verbatim', verbatim('x\r\ny'), '$4\r\nx\r\ny\r\n', '=8\r\ntxt:x\r\ny\r\n'],
    ['push', push([bulk('message')]), '*1\r\n$7\r\nmessage\r\n', '>1\r\n$7\r\nmessage\r\n'],
    ['bool true', bool(true), ':1\r\n', '#t\r\n'],
    ['bool false', bool(false), ':0\r\n', '#f\r\n'],
    ['set', set([simple('fast')]), '*1\r\n+fast\r\n', '~1\r\n+fast\r\n'],
    ['double', double(5.619), '$18\r\n5.6189999999999998\r\n', ',5.6189999999999998\r\n'],
    [
      'nested map in array',
      array([map([['a', bulkArray(['x'])]])]),
      '*1\r\n*2\r\n$1\r\na\r\n*1\r\n$1\r\nx\r\n',
      '*1\r\n%1\r\n$1\r\na\r\n*1\r\n$1\r\nx\r\n',
    ],
  ];
  it.each(table)('%s', (_name, reply, resp2, resp3) => {
    expect(enc(reply, 2)).toBe(resp2);
    expect(enc(reply, 3)).toBe(resp3);
  });
});

describe('formatDouble (%.17g)', () => {
  it.each([
    [6.827, '6.827'],
    [5.619, '5.6189999999999998'],
    [1, '1'],
    [100, '100'],
    [0, '0'],
    [-2.5, '-2.5'],
    [1e20, '1e+20'],
    [0.00001, '1.0000000000000001e-05'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ])('%p -> %s', (v, s) => {
    expect(formatDouble(v)).toBe(s);
  });
});

describe('encodeCommand', () => {
  it('builds a multibulk request', () => {
    expect(encodeCommand(['PING', 'é']).toString('latin1')).toBe('*2\r\n$4\r\nPING\r\n$2\r\n\xc3\xa9\r\n');
  });
});

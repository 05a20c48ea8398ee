import { parseReplies, PlainError, ReplyParser, toPlain } from '../../../src/resp/reply-parser.js';
import { encodeReply } from '../../../src/resp/encoder.js';
import {
  array,
  bool,
  bulk,
  double,
  int,
  map,
  NIL,
  push,
  set,
  simple,
  verbatim,
} from '../../../src/resp/reply.js';

describe('ReplyParser', () => {
  it('parses every RESP3 type', () => {
    const wire =
      '+OK\r\n-ERR x\r\n:5\r\n$3\r\nabc\r\n$-1\r\n*-1\r\n_\r\n,1.5\r\n,inf\r\n#t\r\n(12345678901234567890\r\n' +
      '=8\r\ntxt:a\r\nb\r\n!3\r\nERR\r\n*1\r\n:1\r\n~1\r\n+a\r\n>2\r\n$1\r\nm\r\n:1\r\n%1\r\n$1\r\nk\r\n$1\r\nv\r\n' +
      '|1\r\n+ttl\r\n:3\r\n+val\r\n';
    const vs = parseReplies(Buffer.from(wire));
    expect(vs.map((v) => v.type)).toEqual([
      'simple',
      'error',
      'int',
      'bulk',
      'nullBulk',
      'nullArray',
      'null',
      'double',
      'double',
      'bool',
      'bigNumber',
      'verbatim',
      'blobError',
      'array',
      'set',
      'push',
      'map',
      'attribute',
    ]);
    expect(vs.map(toPlain)).toEqual([
      'OK',
      new PlainError('ERR x'),
      5,
      'abc',
      null,
      null,
      null,
      1.5,
      Infinity,
      true,
      12345678901234567890n,
      'a\r\nb',
      new PlainError('ERR'),
      [1],
      ['a'],
      ['m', 1],
      { k: 'v' },
      'val',
    ]);
  });

  it('waits for complete values across chunks', () => {
    const p = new ReplyParser();
    const wire = Buffer.from('*2\r\n$5\r\nhello\r\n:1\r\n+PONG\r\n');
    const got = [];
    for (const byte of wire) {
      p.push(Buffer.from([byte]));
      got.push(...p.drain());
    }
    expect(got.map(toPlain)).toEqual([['hello', 1], 'PONG']);
  });

  it('round-trips the encoder in both protocols', () => {
    const reply = array([
      simple('s'),
      int(1),
      bulk('b'),
      NIL,
      map([['k', set([bool(true)])]]),
      verbatim('v'),
      push([double(2)]),
    ]);
    expect(toPlain(parseReplies(encodeReply(reply, 3))[0])).toEqual([
      's',
      1,
      'b',
      null,
      { k: [true] },
      'v',
      [2],
    ]);
    expect(toPlain(parseReplies(encodeReply(reply, 2))[0])).toEqual([
      's',
      1,
      'b',
      null,
      ['k', [1]],
      'v',
      ['2'],
    ]);
  });

  it('rejects garbage', () => {
    expect(() => parseReplies(Buffer.from('?x\r\n'))).toThrow();
    expect(() => parseReplies(Buffer.from('$3\r\nab'))).toThrow('incomplete');
  });
});

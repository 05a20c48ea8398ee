import { parseStrictInt } from '../../../src/lib/integer.js';
import { RequestDecoder, splitInlineArgs, type DecodeResult } from '../../../src/resp/decoder.js';

/** Feed `input` (in the given chunks) and collect every result until the decoder wants more. */
function decodeAll(chunks: (string | Buffer)[], authenticated = true): DecodeResult[] {
  const d = new RequestDecoder();
  const out: DecodeResult[] = [];
  for (const c of chunks) {
    d.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
    for (let r = d.next(authenticated); r !== null; r = d.next(authenticated)) out.push(r);
  }
  return out;
}

const args = (rs: DecodeResult[]): (string[] | string)[] =>
  rs.map((r) => (r.type === 'request' ? r.request.args : r.message));

describe('RequestDecoder: multibulk', () => {
  it('parses one command', () => {
    expect(args(decodeAll(['*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n']))).toEqual([['PING', 'hi']]);
  });

  it('parses pipelined commands in order', () => {
    const wire = '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\nROLE\r\n';
    expect(args(decodeAll([wire]))).toEqual([['PING'], ['ECHO', 'a'], ['ROLE']]);
  });

  it('parses a request split byte by byte', () => {
    const wire = '*3\r\n$8\r\nSENTINEL\r\n$6\r\nMASTER\r\n$5\r\nmy\r\nm\r\nPING "a b"\r\n';
    const chunks = [...wire].map((c) => c);
    expect(args(decodeAll(chunks))).toEqual([
      ['SENTINEL', 'MASTER', 'my\r\nm'],
      ['PING', 'a b'],
    ]);
  });

  it('reports the bytes each request took', () => {
    const rs = decodeAll(['*1\r\n$4\r\nPING\r\nPING\r\n']);
    expect(rs.map((r) => (r.type === 'request' ? r.request.size : -1))).toEqual([14, 6]);
  });

  it('skips empty and negative multibulk counts like Redis', () => {
    expect(args(decodeAll(['*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n']))).toEqual([['PING']]);
  });

  it('does not check the two bytes after a bulk payload (Redis skips them)', () => {
    expect(args(decodeAll(['*1\r\n$4\r\nPINGxx']))).toEqual([['PING']]);
  });

  it('accepts an empty bulk', () => {
    expect(args(decodeAll(['*1\r\n$0\r\n\r\n']))).toEqual([['']]);
  });

  it('keeps binary-safe UTF-8 payloads', () => {
    expect(args(decodeAll([Buffer.from('*1\r\n$4\r\ncafé\r\n'.replace('$4', '$5'), 'utf8')]))).toEqual([
      ['café'],
    ]);
  });

  it('handles a large bulk arriving in many chunks', () => {
    const payload = 'x'.repeat(300_000);
    const wire = Buffer.from(`*2\r\n$4\r\nECHO\r\n$${payload.length}\r\n${payload}\r\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < wire.length; i += 1000) chunks.push(wire.subarray(i, i + 1000));
    const rs = decodeAll(chunks);
    expect(rs).toHaveLength(1);
    expect(rs[0].type === 'request' && rs[0].request.args[1].length).toBe(300_000);
  });
});

describe('RequestDecoder: protocol errors (Redis 7.0 texts)', () => {
  const table: [string, string, boolean, string][] = [
    ['multibulk count not a number', '*a\r\n', true, 'ERR Protocol error: invalid multibulk length'],
    ['multibulk count over INT_MAX', '*2147483648\r\n', true, 'ERR Protocol error: invalid multibulk length'],
    ['LF without CR in count', '*1\n$4\r\nPING\r\n', true, 'ERR Protocol error: invalid multibulk length'],
    ['leading zero count', '*01\r\n', true, 'ERR Protocol error: invalid multibulk length'],
    ['bulk over proto-max-bulk-len', '*1\r\n$536870913\r\n', true, 'ERR Protocol error: invalid bulk length'],
    ['negative bulk', '*1\r\n$-5\r\n', true, 'ERR Protocol error: invalid bulk length'],
    ['bulk LF without CR', '*1\r\n$4\nPING\r\n', true, 'ERR Protocol error: invalid bulk length'],
    ['not a bulk', '*1\r\n+x\r\n', true, "ERR Protocol error: expected '$', got '+'"],
    ['unbalanced double quote', 'PING "a\r\n', true, 'ERR Protocol error: unbalanced quotes in request'],
    ['closing quote glued', 'PING "a"b\r\n', true, 'ERR Protocol error: unbalanced quotes in request'],
    ['unbalanced single quote', "PING 'a\r\n", true, 'ERR Protocol error: unbalanced quotes in request'],
    ['unauth multibulk > 10', '*11\r\n', false, 'ERR Protocol error: unauthenticated multibulk length'],
    ['unauth bulk > 16384', '*1\r\n$16385\r\n', false, 'ERR Protocol error: unauthenticated bulk length'],
  ];
  it.each(table)('%s', (_n, wire, auth, message) => {
    expect(decodeAll([wire], auth)).toEqual([{ type: 'error', message }]);
  });

  it('allows the unauthenticated maximums exactly', () => {
    expect(decodeAll(['*10\r\n$16384\r\n'], false)).toEqual([]);
  });

  it('allows 2147483647 arguments when authenticated (waits for them)', () => {
    expect(decodeAll(['*2147483647\r\n'])).toEqual([]);
  });

  it('rejects an inline request over 64 KB without newline', () => {
    expect(args(decodeAll(['PING ' + 'a'.repeat(64 * 1024)]))).toEqual([
      'ERR Protocol error: too big inline request',
    ]);
    expect(decodeAll(['PING ' + 'a'.repeat(64 * 1024 - 10)])).toEqual([]);
  });

  it('waits on an inline request with a NUL byte before its newline, as strchr() in Redis does', () => {
    expect(decodeAll(['PI\0NG\r\nPING\r\n'])).toEqual([]);
    expect(args(decodeAll(['\0PING\r\n' + 'a'.repeat(64 * 1024)]))).toEqual([
      'ERR Protocol error: too big inline request',
    ]);
    // A NUL after the newline belongs to the next request.
    expect(args(decodeAll(['PING\r\n\0']))).toEqual([['PING']]);
  });

  it('rejects oversized count strings', () => {
    expect(args(decodeAll(['*' + '1'.repeat(64 * 1024 + 10)]))).toEqual([
      'ERR Protocol error: too big mbulk count string',
    ]);
    expect(args(decodeAll(['*1\r\n$' + '1'.repeat(64 * 1024 + 10)]))).toEqual([
      'ERR Protocol error: too big bulk count string',
    ]);
  });

  it('returns commands before the error, then stops', () => {
    const d = new RequestDecoder();
    d.push(Buffer.from('PING\r\n*x\r\nPING\r\n'));
    expect(d.next()).toMatchObject({ type: 'request' });
    expect(d.next()).toMatchObject({ type: 'error' });
    expect(d.next()).toBeNull();
  });

  it('applies the unauthenticated limit per command (AUTH earlier lifts it)', () => {
    const d = new RequestDecoder();
    d.push(Buffer.from('AUTH pw\r\n*11\r\n'));
    expect(d.next(false)).toMatchObject({ type: 'request' });
    expect(d.next(true)).toBeNull();
  });
});

describe('inline commands', () => {
  const split = (s: string): string[] | null =>
    splitInlineArgs(Buffer.from(s, 'latin1'))?.map((b) => b.toString('latin1')) ?? null;

  it.each([
    ['PING', ['PING']],
    ['  ping   a\tb ', ['ping', 'a', 'b']],
    ['"PING" "" ', ['PING', '']],
    ['"a b" \'c d\'', ['a b', 'c d']],
    ['"\\x41\\n\\t\\r\\b\\a\\q"', ['A\n\t\r\b\x07q']],
    ['"\\xZZ"', ['xZZ']],
    ["'a\\'b'", ["a'b"]],
    ["'a\\nb'", ['a\\nb']],
    ['x"a b"y', null],
    ['a"b c"', ['ab c']],
    ['""', ['']],
    ['', []],
  ])('%j', (line, expected) => {
    expect(split(line)).toEqual(expected);
  });

  it('decodes inline requests with CRLF or LF and skips blank lines', () => {
    expect(args(decodeAll(['\r\n\r\nPING\n  \r\nROLE\r\n']))).toEqual([['PING'], ['ROLE']]);
  });
});

describe('parseStrictInt (string2ll)', () => {
  it.each([
    ['0', 0],
    ['-1', -1],
    ['123', 123],
    ['01', null],
    ['+1', null],
    [' 1', null],
    ['-0', null],
    ['', null],
    ['9223372036854775808', null],
    ['1a', null],
  ])('%j', (s, n) => {
    expect(parseStrictInt(s)).toBe(n);
  });
});

import { createRequire } from 'node:module';
import { MAX_REPLY_BYTES, installParserGuard } from '../../../src/runtime/parser-guard.js';

interface Parser {
  execute(buffer: Buffer): void;
}
type ParserCtor = new (options: {
  returnReply: (reply: unknown) => void;
  returnError: (err: Error) => void;
  returnFatalError: (err: Error) => void;
}) => Parser;

const require = createRequire(import.meta.url);

function parser(): { p: Parser; replies: unknown[]; fatal: string[] } {
  const Ctor = installParserGuard() as unknown as ParserCtor;
  const replies: unknown[] = [];
  const fatal: string[] = [];
  const p = new Ctor({
    returnReply: (r) => replies.push(r),
    returnError: (e) => replies.push(e.message),
    returnFatalError: (e) => fatal.push(e.message),
  });
  return { p, replies, fatal };
}

describe("the guard around ioredis's reply parser", () => {
  test('guards the very redis-parser module ioredis loads, once', () => {
    const ioredisParser = require(require.resolve('redis-parser', { paths: [require.resolve('ioredis')] }));
    expect(installParserGuard()).toBe(ioredisParser);
    const execute = (ioredisParser as { prototype: { execute: unknown } }).prototype.execute;
    installParserGuard();
    expect((ioredisParser as { prototype: { execute: unknown } }).prototype.execute).toBe(execute);
  });

  test('an absurd array length is a fatal protocol error, not an exception', () => {
    const { p, replies, fatal } = parser();
    expect(() => p.execute(Buffer.from('*99999999999\r\n'))).not.toThrow();
    expect(fatal).toEqual([
      expect.stringMatching(/^Protocol error: unparsable reply \(.*Invalid array length/),
    ]);
    // The parser was reset: the next reply parses.
    p.execute(Buffer.from('+OK\r\n'));
    expect(replies).toEqual(['OK']);
  });

  test('a bulk announced beyond the limit fails at once; one within it waits for its bytes', () => {
    const { p, replies, fatal } = parser();
    p.execute(Buffer.from(`$${MAX_REPLY_BYTES + 1}\r\nabc`));
    expect(fatal).toEqual([`Protocol error: reply larger than ${MAX_REPLY_BYTES} bytes`]);
    p.execute(Buffer.from('$3\r\nab'));
    p.execute(Buffer.from('c\r\n'));
    expect(replies).toEqual(['abc']);
  });

  test('ordinary replies pass through untouched', () => {
    const { p, replies, fatal } = parser();
    p.execute(Buffer.from('+PONG\r\n:42\r\n*2\r\n$1\r\na\r\n$-1\r\n-ERR no\r\n'));
    expect(replies).toEqual(['PONG', 42, ['a', null], 'ERR no']);
    expect(fatal).toEqual([]);
  });
});

/**
 * Fuzzing the client request decoder (src/resp/decoder.ts) and the inline splitter: any byte
 * stream, cut anywhere, gives requests or one `ERR Protocol error: ...` and then nothing.
 */
import {
  PROTO_LIMITS,
  RequestDecoder,
  splitInlineArgs,
  type DecodeResult,
} from '../../../src/resp/decoder.js';
import { chunks, ensure, fuzz, mutate, replaying, Rng, same } from './prng.js';

/** Everything the decoder yields for `parts`; pushes after an error must yield nothing. */
function decode(parts: Buffer[], authenticated: boolean): DecodeResult[] {
  const d = new RequestDecoder();
  const out: DecodeResult[] = [];
  let pushed = 0;
  for (const part of parts) {
    d.push(part);
    pushed += part.length;
    for (let r = d.next(authenticated); r !== null; r = d.next(authenticated)) {
      out.push(r);
      // Every request takes at least one byte: more results than bytes is a decoder stuck in place.
      ensure(out.length <= pushed + 1, `${out.length} results from ${pushed} bytes`);
    }
  }
  if (out.some((r) => r.type === 'error')) {
    d.push(Buffer.from('*1\r\n$4\r\nPING\r\nPING\r\n'));
    ensure(d.next(authenticated) === null, 'a result after the protocol error');
  }
  return out;
}

/** Redis 7.0's protocol error texts, the only errors a client may see. */
const PROTOCOL_ERROR = new RegExp(
  '^ERR Protocol error: (invalid multibulk length|invalid bulk length|too big inline request|' +
    "too big mbulk count string|too big bulk count string|expected '\\$', got '[\\s\\S]'|" +
    'unbalanced quotes in request|unauthenticated multibulk length|unauthenticated bulk length)$',
);

function checkShape(results: DecodeResult[], total: number): void {
  let consumed = 0;
  results.forEach((r, i) => {
    if (r.type === 'error') {
      ensure(PROTOCOL_ERROR.test(r.message), () => `unexpected error text ${JSON.stringify(r.message)}`);
      ensure(i === results.length - 1, `result ${i} after the error ${r.message}`);
    } else {
      ensure(r.type === 'request', () => `unknown result type ${JSON.stringify(r)}`);
      const { args, size } = r.request;
      ensure(args.length > 0, 'a request without arguments');
      ensure(
        args.every((a) => typeof a === 'string'),
        () => `non-string argument in ${JSON.stringify(args)}`,
      );
      ensure(Number.isInteger(size) && size > 0, `bad request size ${size}`);
      consumed += size;
    }
  });
  ensure(consumed <= total, `requests took ${consumed} bytes of ${total}`);
}

/** A random argument: text with CR/LF/NUL/quotes/UTF-8 in it, sometimes long. */
function randomArg(rng: Rng, long = true): string {
  if (rng.chance(0.05)) return '';
  const alphabet = rng.pick(['abcXYZ019', ' \r\n\0"\'\\$*-:', 'éü✓😀ab', 'abcdefghijklmnopqrstuvwxyz']);
  const text = rng.text(1 + rng.int(24), alphabet);
  return long && rng.chance(0.01) ? text.repeat(100 + rng.int(500)) : text;
}

function multibulk(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

/** A plausible pipeline: multibulk and inline commands, empty counts, blank lines. */
function validStream(rng: Rng): Buffer {
  const parts: Buffer[] = [];
  const n = 1 + rng.int(6);
  for (let i = 0; i < n; i++) {
    const kind = rng.int(10);
    if (kind < 6) parts.push(multibulk(Array.from({ length: 1 + rng.int(5) }, () => randomArg(rng))));
    else if (kind < 8)
      parts.push(Buffer.from(`${rng.pick(['PING', 'SET "a b" \'c\'', 'echo "\\x41\\n"'])}\r\n`));
    else parts.push(Buffer.from(rng.pick(['*0\r\n', '*-1\r\n', '\r\n', '\n', '   \r\n'])));
  }
  return Buffer.concat(parts);
}

function streamInput(rng: Rng): { bytes: Buffer; authenticated: boolean } {
  const mode = rng.int(3);
  let bytes: Buffer;
  if (mode === 0) bytes = rng.bytes(rng.int(200));
  else if (mode === 1) bytes = mutate(rng, validStream(rng), [validStream(rng), validStream(rng)]);
  else bytes = validStream(rng);
  // The inline size limit makes the outcome depend on how much is buffered; stay under it.
  return { bytes: bytes.subarray(0, PROTO_LIMITS.inlineMax - 1), authenticated: rng.chance(0.8) };
}

describe('RequestDecoder fuzzing', () => {
  test('any byte stream in random chunks: requests, then at most one protocol error, never a throw', () => {
    let errors = 0;
    let requests = 0;
    fuzz('decoder-shape', 1500, streamInput, ({ bytes, authenticated }, rng) => {
      const results = decode(chunks(rng, bytes), authenticated);
      checkShape(results, bytes.length);
      errors += results.filter((r) => r.type === 'error').length;
      requests += results.filter((r) => r.type === 'request').length;
    });
    if (!replaying) {
      expect(errors).toBeGreaterThan(200);
      expect(requests).toBeGreaterThan(1500);
    }
  });

  test('chunking invariance: one push and many random pushes give the same results', () => {
    fuzz('decoder-chunking', 1000, streamInput, ({ bytes, authenticated }, rng) => {
      const whole = decode([bytes], authenticated);
      same(decode(chunks(rng, bytes), authenticated), whole);
      same(decode(chunks(rng, bytes, 3), authenticated), whole);
    });
  });

  test('valid multibulk pipelines round-trip: same args, exact sizes, nothing left buffered', () => {
    fuzz(
      'decoder-roundtrip',
      700,
      (rng) =>
        Array.from({ length: 1 + rng.int(5) }, () =>
          Array.from({ length: 1 + rng.int(6) }, () => randomArg(rng)),
        ),
      (commands, rng) => {
        const wires = commands.map(multibulk);
        const d = new RequestDecoder();
        const out: DecodeResult[] = [];
        for (const c of chunks(rng, Buffer.concat(wires), 512)) {
          d.push(c);
          for (let r = d.next(); r !== null; r = d.next()) out.push(r);
        }
        same(
          out,
          commands.map((args, i) => ({ type: 'request', request: { args, size: wires[i].length } })),
        );
        ensure(d.buffered === 0, `${d.buffered} bytes left buffered`);
      },
    );
  });

  test('unauthenticated limits: requests within them pass, the first one beyond fails', () => {
    fuzz(
      'decoder-unauth',
      500,
      (rng) =>
        Array.from({ length: 1 + rng.int(4) }, () =>
          Array.from({ length: 1 + rng.int(rng.chance(0.2) ? 14 : 4) }, () =>
            rng.chance(0.05) ? 'x'.repeat(16380 + rng.int(10)) : randomArg(rng, false),
          ),
        ),
      (commands, rng) => {
        const got = decode(chunks(rng, Buffer.concat(commands.map(multibulk)), 4096), false);
        const expected: unknown[] = [];
        for (const args of commands) {
          if (args.length > PROTO_LIMITS.unauthMultibulk) {
            expected.push('ERR Protocol error: unauthenticated multibulk length');
            break;
          }
          if (args.some((a) => Buffer.byteLength(a) > PROTO_LIMITS.unauthBulk)) {
            expected.push('ERR Protocol error: unauthenticated bulk length');
            break;
          }
          expected.push(args);
        }
        same(
          got.map((r) => (r.type === 'error' ? r.message : r.request.args)),
          expected,
        );
      },
    );
  });

  test('huge counts, lengths and unterminated lines end in a protocol error, not a throw or a wait', () => {
    fuzz(
      'decoder-huge',
      30,
      (rng) => {
        const prefix = rng.pick(['', '*', '*1\r\n$', '*2\r\n$1\r\na\r\n$']);
        const filler = rng.pick(['9', 'x', ' ', '-', '\0']);
        // A newline ends an inline line whatever its length once it is buffered, as in Redis.
        const tail = rng.pick(prefix === '' ? ['', '\0\n'] : ['', '\n', '\0\n']);
        return { prefix, filler, tail, length: PROTO_LIMITS.inlineMax + 1 + rng.int(5000) };
      },
      ({ prefix, filler, tail, length }, rng) => {
        const bytes = Buffer.concat([Buffer.from(prefix), Buffer.alloc(length, filler), Buffer.from(tail)]);
        const results = decode(chunks(rng, bytes, 16384), true);
        checkShape(results, bytes.length);
        expect(results.at(-1)?.type).toBe('error');
      },
    );
  });

  test('huge declared sizes are refused or awaited without allocating them', () => {
    const lines = [
      '*2147483648\r\n',
      '*9223372036854775808\r\n',
      '*1\r\n$536870913\r\n',
      '*1\r\n$-1\r\n',
      '*1\r\n$9223372036854775807\r\n',
    ];
    for (const line of lines) {
      const results = decode([Buffer.from(line)], true);
      expect(results).toHaveLength(1);
      expect(results[0].type).toBe('error');
    }
    const d = new RequestDecoder();
    d.push(Buffer.from('*2147483647\r\n$536870912\r\nabc'));
    expect(d.next()).toBeNull();
    expect(d.buffered).toBeLessThan(100);
  });
});

/** `\xHH` for every byte: any byte string as one double-quoted inline argument. */
const hexQuoted = (b: Buffer): string =>
  `"${[...b].map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('')}"`;

describe('splitInlineArgs fuzzing', () => {
  test('any line: null or an array of Buffers, never a throw', () => {
    let nulls = 0;
    const samples = ['SET "a b" \'c\'', "echo \"\\x41\\n\" 'it\\'s'", 'a\tb  c'].map((s) => Buffer.from(s));
    fuzz(
      'inline-shape',
      4000,
      (rng) => (rng.chance(0.5) ? rng.bytes(rng.int(80)) : mutate(rng, rng.pick(samples), samples)),
      (line) => {
        const args = splitInlineArgs(line);
        if (args === null) nulls++;
        else ensure(Array.isArray(args) && args.every((a) => Buffer.isBuffer(a)), 'not an array of Buffers');
      },
    );
    if (!replaying) expect(nulls).toBeGreaterThan(100);
  });

  test('plain words and hex-quoted arbitrary bytes split back exactly', () => {
    fuzz(
      'inline-roundtrip',
      2000,
      (rng) =>
        Array.from({ length: rng.int(6) }, () =>
          rng.chance(0.5)
            ? Buffer.from(rng.text(1 + rng.int(10), 'abcXYZ019-_.:$*é'))
            : rng.bytes(rng.int(12)),
        ),
      (args, rng) => {
        const words = args.map((a) =>
          a.length > 0 && /^[\w.:$*é-]+$/.test(a.toString('utf8')) ? a.toString('utf8') : hexQuoted(a),
        );
        const line = words.map((w) => `${w}${rng.pick([' ', '\t', '  ', ' \t '])}`).join('');
        same(splitInlineArgs(Buffer.from(` ${line}`, 'utf8')), args);
      },
    );
  });
});

/**
 * Fuzzing the RESP2/RESP3 reply parser (src/resp/reply-parser.ts): garbage from a broken server
 * gives well-formed values or a RespSyntaxError (the one error its callers, bench/probe.ts and
 * the tests, expect), never another exception, whatever the chunking.
 */
import { encodeReply } from '../../../src/resp/encoder.js';
import type { Reply } from '../../../src/resp/reply.js';
import {
  parseReplies,
  PlainError,
  ReplyParser,
  RespSyntaxError,
  toPlain,
  type Plain,
  type RespValue,
} from '../../../src/resp/reply-parser.js';
import { chunks, cuts, ensure, fuzz, mutate, replaying, Rng, same, show } from './prng.js';

/** Checks a parsed value against the RespValue type, recursively (throws when it differs). */
function wellFormed(v: RespValue): void {
  const str = (x: unknown): boolean => typeof x === 'string';
  const all = (xs: unknown): boolean => {
    if (!Array.isArray(xs)) return false;
    for (const x of xs) wellFormed(x as RespValue);
    return true;
  };
  const pairs = (xs: unknown): boolean =>
    Array.isArray(xs) && xs.every((p) => Array.isArray(p) && p.length === 2 && all(p));
  let ok: boolean;
  switch (v?.type) {
    case 'simple':
    case 'error':
    case 'blobError':
      ok = str(v.value);
      break;
    case 'verbatim':
      ok = str(v.value) && str(v.format);
      break;
    case 'int':
      ok = typeof v.value === 'bigint' || Number.isSafeInteger(v.value);
      break;
    case 'bulk':
      ok = Buffer.isBuffer(v.value);
      break;
    case 'double':
      ok = typeof v.value === 'number';
      break;
    case 'bool':
      ok = typeof v.value === 'boolean';
      break;
    case 'bigNumber':
      ok = typeof v.value === 'bigint';
      break;
    case 'nullBulk':
    case 'nullArray':
    case 'null':
      ok = true;
      break;
    case 'array':
    case 'set':
    case 'push':
      ok = all(v.value);
      break;
    case 'map':
      ok = pairs(v.value);
      break;
    case 'attribute':
      ok = pairs(v.value) && all([v.of]);
      break;
    default:
      ok = false;
  }
  ensure(ok, () => `malformed value ${show(v)}`);
}

/** Parse incrementally; values until the first error, and whether one was thrown. */
function parse(parts: Buffer[]): { values: RespValue[]; failed: boolean } {
  const p = new ReplyParser();
  const values: RespValue[] = [];
  try {
    for (const part of parts) {
      p.push(part);
      for (let v = p.next(); v !== null; v = p.next()) values.push(v);
    }
  } catch (err) {
    ensure(err instanceof RespSyntaxError, `threw ${String(err)} instead of a RespSyntaxError`);
    return { values, failed: true };
  }
  return { values, failed: false };
}

/** A random Reply tree (strings that the encoder frames safely), and its RESP3 plain form. */
function randomReply(rng: Rng, depth = 0): [Reply, Plain] {
  const word = (): string => rng.text(rng.int(12), 'abc XYZ019é✓😀:-');
  const kind = rng.int(depth > 3 ? 8 : 12);
  switch (kind) {
    case 0: {
      const v = word();
      return [{ t: 'simple', v }, v];
    }
    case 1: {
      const v = `ERR ${word()}`;
      return [{ t: 'error', v }, new PlainError(v)];
    }
    case 2: {
      const v = rng.chance(0.3)
        ? BigInt.asIntN(64, BigInt(rng.u32()) * 2n ** 32n + BigInt(rng.u32()))
        : rng.int(2e9) - 1e9;
      const n = Number(v);
      return [{ t: 'int', v }, Number.isSafeInteger(n) ? n : BigInt(v)];
    }
    case 3: {
      const v = rng.chance(0.5) ? word() : rng.text(rng.int(30), '\r\n\0$*abc');
      return [{ t: 'bulk', v }, v];
    }
    case 4:
      return [{ t: 'null' }, null];
    case 5: {
      const v = rng.chance(0.5);
      return [{ t: 'bool', v }, v];
    }
    case 6: {
      const v = rng.pick([0, -0, 1.5, -2.25e-7, 1e300, Infinity, -Infinity, NaN, rng.u32() / 7]);
      return [{ t: 'double', v }, v];
    }
    case 7: {
      const v = `${word()}\r\n${word()}`;
      return [{ t: 'verbatim', v }, v];
    }
    default: {
      const items = Array.from({ length: rng.int(4) }, () => randomReply(rng, depth + 1));
      if (kind === 8) return [{ t: 'array', v: items.map((i) => i[0]) }, items.map((i) => i[1])];
      if (kind === 9) return [{ t: 'set', v: items.map((i) => i[0]) }, items.map((i) => i[1])];
      if (kind === 10) return [{ t: 'push', v: items.map((i) => i[0]) }, items.map((i) => i[1])];
      const entries = items.map(([r, p], i): [string, Reply, Plain] => [`k${i}${word()}`, r, p]);
      return [
        { t: 'map', v: entries.map(([k, r]) => [{ t: 'bulk', v: k }, r] as const) },
        Object.fromEntries(entries.map(([k, , p]) => [k, p])),
      ];
    }
  }
}

const encodedSamples = (rng: Rng): Buffer[] =>
  Array.from({ length: 3 }, () => encodeReply(randomReply(rng)[0], rng.chance(0.5) ? 3 : 2));

describe('ReplyParser fuzzing', () => {
  test('garbage and mutated replies: well-formed values or a RespSyntaxError, nothing else', () => {
    let failures = 0;
    let values = 0;
    fuzz(
      'reply-shape',
      1500,
      (rng) => {
        const samples = encodedSamples(rng);
        return rng.chance(0.3) ? rng.bytes(rng.int(100)) : mutate(rng, Buffer.concat(samples), samples);
      },
      (bytes, rng) => {
        const r = parse(chunks(rng, bytes));
        for (const v of r.values) {
          wellFormed(v);
          toPlain(v);
        }
        if (r.failed) failures++;
        values += r.values.length;
      },
    );
    if (!replaying) {
      expect(failures).toBeGreaterThan(300);
      expect(values).toBeGreaterThan(600);
    }
  });

  test('chunking invariance: the same values and the same failure in one push or many', () => {
    fuzz(
      'reply-chunking',
      1000,
      (rng) => {
        const samples = encodedSamples(rng);
        return rng.chance(0.5) ? Buffer.concat(samples) : mutate(rng, Buffer.concat(samples), samples);
      },
      (bytes, rng) => same(parse(chunks(rng, bytes, 8)), parse([bytes])),
    );
  });

  test('encoded random replies round-trip (RESP3), and RESP2 encodings parse whole', () => {
    fuzz(
      'reply-roundtrip',
      1500,
      (rng) => Array.from({ length: 1 + rng.int(3) }, () => randomReply(rng)),
      (replies) => {
        const wire3 = Buffer.concat(replies.map(([r]) => encodeReply(r, 3)));
        same(
          parseReplies(wire3).map(toPlain),
          replies.map(([, p]) => p),
        );
        const wire2 = Buffer.concat(replies.map(([r]) => encodeReply(r, 2)));
        ensure(parseReplies(wire2).length === replies.length, 'RESP2 reply count differs');
      },
    );
  });

  test('deep nesting, bad counts and huge lengths: RespSyntaxError or a wait, never a RangeError', () => {
    fuzz(
      'reply-deep',
      80,
      (rng) => {
        const opener = rng.pick([
          '*1\r\n',
          '~1\r\n',
          '>1\r\n',
          '%1\r\n+k\r\n',
          '|0\r\n',
          '|1\r\n+a\r\n+b\r\n',
        ]);
        const count = rng.pick(['abc', '1.5', '-2', 'Infinity', '', '99999999999', '1e3', '0x2', ' 2']);
        const tail = rng.pick([':1\r\n', `*${count}\r\n`, `%${count}\r\n`, `$${count}\r\nab\r\n`, '']);
        return opener.repeat(rng.chance(0.5) ? 1 + rng.int(20) : 400 + rng.int(1500)) + tail;
      },
      (text, rng) => {
        const r = parse(cuts(rng, Buffer.from(text), 3));
        for (const v of r.values) wellFormed(v);
      },
    );
    expect(() => parseReplies(Buffer.from('*1\r\n'.repeat(5000) + ':1\r\n'))).toThrow(RespSyntaxError);
    expect(() => parseReplies(Buffer.from('%1.5\r\n+a\r\n+b\r\n+c\r\n'))).toThrow(RespSyntaxError);
    expect(toPlain(parseReplies(Buffer.from('*1\r\n'.repeat(200) + ':1\r\n'))[0])).toBeDefined();
  });
});

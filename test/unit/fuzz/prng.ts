/**
 * Deterministic fuzzing support: a seeded PRNG (mulberry32), generators and mutators for byte
 * strings, and a runner that names the seed and the failing input in the assertion message.
 *
 * Every case gets its own seed derived from the base seed and its index, so a failure is
 * replayed alone with `FUZZ_REPLAY=<seed>`; `FUZZ_SEED=<n>` moves every suite to other inputs
 * and `FUZZ_SCALE=<k>` runs k times as many cases (for a longer hunt than the default ~10 s).
 */

import { isDeepStrictEqual } from 'node:util';

const BASE_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_1234) >>> 0;
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);
const REPLAY = process.env.FUZZ_REPLAY === undefined ? null : Number(process.env.FUZZ_REPLAY) >>> 0;

/** True when replaying one seed: suites skip their "the generator covered X" checks. */
export const replaying = REPLAY !== null;

/** mulberry32: 32-bit state, good enough spread for fuzzing, trivially reproducible. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 2^32). */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }

  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** Text of `n` characters (code points) drawn from `alphabet`. */
  text(n: number, alphabet: string): string {
    const chars = Array.from(alphabet);
    let out = '';
    for (let i = 0; i < n; i++) out += chars[this.int(chars.length)];
    return out;
  }
}

/** Bytes that matter to line and RESP parsers, and numbers at the edges of every limit. */
export const TOKENS = [
  ...['\r\n', '\n', '\r', '\0', ' ', '\t', '"', "'", '\\', '\\x', '\\xzz'],
  ...'$ * : , = - + # % ~ > | ( _ !'.split(' '),
  ...'0 -1 -0 +5 05 1.5 1e3 0x10 nan inf 2147483647 2147483648 4294967296 536870912 536870913'.split(' '),
  ...'65535 65536 9223372036854775807 9223372036854775808 -9223372036854775809'.split(' '),
  ...'18446744073709551615 18446744073709551616 99999999999999999999999999999'.split(' '),
  ...['\u00ff', '\u00e9', '\u2713', '\ud83d\ude00'],
];

/** Apply one to four random edits (flips, cuts, inserts, duplicated ranges, splices). */
export function mutate(rng: Rng, input: Buffer, others: readonly Buffer[] = []): Buffer {
  let buf = input;
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(buf.length + 1);
    switch (rng.int(9)) {
      case 0: // bit flip
        if (buf.length > 0) {
          buf = Buffer.from(buf);
          const i = rng.int(buf.length);
          buf[i] ^= 1 << rng.int(8);
        }
        break;
      case 1: // truncation
        buf = buf.subarray(0, at);
        break;
      case 2: // delete a range
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + rng.int(16))]);
        break;
      case 3: // insert a special token
      case 4:
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(rng.pick(TOKENS), 'utf8'), buf.subarray(at)]);
        break;
      case 5: // duplicate a range
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(rng.int(at + 1), at), buf.subarray(at)]);
        break;
      case 6: // splice with another sample
        if (others.length > 0) {
          const other = rng.pick(others);
          buf = Buffer.concat([buf.subarray(0, at), other.subarray(rng.int(other.length + 1))]);
        }
        break;
      case 7: // random bytes
        buf = Buffer.concat([buf.subarray(0, at), rng.bytes(1 + rng.int(8)), buf.subarray(at)]);
        break;
      default: // a long run (very long lines, huge digit strings)
        buf = Buffer.concat([
          buf.subarray(0, at),
          Buffer.alloc(1 + rng.int(3000), rng.pick(['x', '9', ' ', '"', '\0', '-'])),
          buf.subarray(at),
        ]);
    }
  }
  return buf;
}

/** Text mutation: mutate the UTF-8 bytes, decode again (what a link layer would hand over). */
export function mutateText(rng: Rng, text: string, others: readonly string[] = []): string {
  const pool = others.map((o) => Buffer.from(o, 'utf8'));
  return mutate(rng, Buffer.from(text, 'utf8'), pool).toString('utf8');
}

/** Random cut points: `buf` as chunks of 1 to `max` bytes (sometimes byte by byte). */
export function chunks(rng: Rng, buf: Buffer, max = 64): Buffer[] {
  const out: Buffer[] = [];
  const limit = rng.chance(0.1) ? 1 : 1 + rng.int(max);
  for (let i = 0; i < buf.length;) {
    const n = 1 + rng.int(limit);
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}

/**
 * Cheap assertions for hot loops (jest's expect costs too much per call over thousands of
 * cases); the runner adds the seed and the input to the message, built lazily when costly.
 */
export function ensure(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new Error(typeof message === 'string' ? message : message());
}

/** Deep equality through node:util, with jest's diff only when it fails. */
export function same(actual: unknown, expected: unknown): void {
  if (isDeepStrictEqual(actual, expected)) return;
  try {
    expect(actual).toEqual(expected);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    throw new Error(text.length > 4000 ? `${text.slice(0, 4000)}... (diff cut)` : text);
  }
  throw new Error('values differ (isDeepStrictEqual) though jest finds them equal');
}

/** `buf` cut at up to `n` random places (for parsers that re-read their whole buffer). */
export function cuts(rng: Rng, buf: Buffer, n: number): Buffer[] {
  const at = Array.from({ length: n }, () => rng.int(buf.length + 1)).sort((a, b) => a - b);
  return [0, ...at].map((from, i) => buf.subarray(from, i < at.length ? at[i] : buf.length));
}

/** A readable, bounded rendering of a fuzz input for failure messages. */
export function show(input: unknown): string {
  const text = Buffer.isBuffer(input)
    ? `Buffer(${input.length}) latin1 ${JSON.stringify(input.toString('latin1'))}`
    : JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  const shown = text ?? String(input);
  return shown.length > 3000 ? `${shown.slice(0, 3000)}... (${shown.length} chars)` : shown;
}

/**
 * Run `check` on `iterations` generated inputs. A failure rethrows with the suite name, the
 * case seed (replay with FUZZ_REPLAY) and the input. Returns how many cases ran.
 */
export function fuzz<T>(
  name: string,
  iterations: number,
  generate: (rng: Rng) => T,
  check: (input: T, rng: Rng) => void,
): number {
  const seeds =
    REPLAY !== null
      ? [REPLAY]
      : Array.from(
          { length: Math.round(iterations * SCALE) },
          (_, i) => (BASE_SEED ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0,
        );
  for (const seed of seeds) {
    const rng = new Rng(seed);
    const input = generate(rng);
    try {
      check(input, rng);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(
        `[fuzz ${name}] failed for seed ${seed} (replay: FUZZ_REPLAY=${seed})\ninput: ${show(input)}\n${why}`,
      );
    }
  }
  return seeds.length;
}

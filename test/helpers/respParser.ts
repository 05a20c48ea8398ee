/**
 * A minimal RESP2 / RESP3 reply parser for tests. It keeps every wire type distinct (a RESP2
 * `$-1` is not a RESP3 `_`, a `+OK` is not a `$2 OK`) because the tests compare Vigil with
 * redis-sentinel type for type. Written independently of src/resp so that a bug there cannot
 * hide itself in the tests.
 */

export type RespValue =
  | { kind: 'simple'; value: string } // +
  | { kind: 'error'; value: string } // -
  | { kind: 'blobError'; value: string } // !
  | { kind: 'integer'; value: number | bigint } // :
  | { kind: 'bulk'; value: string } // $
  | { kind: 'nullBulk' } // $-1
  | { kind: 'nullArray' } // *-1
  | { kind: 'null' } // _
  | { kind: 'double'; value: string } // , kept as text: the exact digits matter
  | { kind: 'boolean'; value: boolean } // #
  | { kind: 'bigNumber'; value: string } // (
  | { kind: 'verbatim'; format: string; value: string } // =
  | { kind: 'array'; items: RespValue[] } // *
  | { kind: 'set'; items: RespValue[] } // ~
  | { kind: 'push'; items: RespValue[] } // >
  | { kind: 'map'; entries: [RespValue, RespValue][] } // %
  | { kind: 'attributed'; attributes: [RespValue, RespValue][]; value: RespValue }; // |

export class RespParseError extends Error {
  override readonly name = 'RespParseError';
}

export interface ParsedFrame {
  value: RespValue;
  /** Offset just past the frame. */
  end: number;
}

const CRLF = Buffer.from('\r\n');

/**
 * Parses one complete frame starting at `offset`. Returns undefined when the buffer does not
 * yet hold the whole frame; throws RespParseError on bytes that are not RESP.
 */
export function parseFrame(buf: Buffer, offset = 0): ParsedFrame | undefined {
  if (offset >= buf.length) return undefined;
  const lineEnd = buf.indexOf(CRLF, offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buf[offset] as number);
  const line = buf.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;

  switch (type) {
    case '+':
      return { value: { kind: 'simple', value: line }, end: next };
    case '-':
      return { value: { kind: 'error', value: line }, end: next };
    case ':':
      return { value: { kind: 'integer', value: toInteger(line) }, end: next };
    case '_':
      if (line !== '') throw new RespParseError(`bad null frame "_${line}"`);
      return { value: { kind: 'null' }, end: next };
    case ',':
      return { value: { kind: 'double', value: line }, end: next };
    case '(':
      return { value: { kind: 'bigNumber', value: line }, end: next };
    case '#':
      if (line !== 't' && line !== 'f') throw new RespParseError(`bad boolean "#${line}"`);
      return { value: { kind: 'boolean', value: line === 't' }, end: next };
    case '$':
    case '!':
    case '=': {
      const len = toLength(line, type);
      if (len < 0) {
        if (type !== '$') throw new RespParseError(`negative length for "${type}"`);
        return { value: { kind: 'nullBulk' }, end: next };
      }
      if (buf.length < next + len + 2) return undefined;
      if (buf[next + len] !== 13 || buf[next + len + 1] !== 10) {
        throw new RespParseError(`"${type}${len}" payload not followed by CRLF`);
      }
      const text = buf.toString('utf8', next, next + len);
      const end = next + len + 2;
      if (type === '$') return { value: { kind: 'bulk', value: text }, end };
      if (type === '!') return { value: { kind: 'blobError', value: text }, end };
      if (text.length < 4 || text[3] !== ':') throw new RespParseError(`bad verbatim string "${text}"`);
      return { value: { kind: 'verbatim', format: text.slice(0, 3), value: text.slice(4) }, end };
    }
    case '*':
    case '~':
    case '>': {
      const count = toLength(line, type);
      if (count < 0) {
        if (type !== '*') throw new RespParseError(`negative count for "${type}"`);
        return { value: { kind: 'nullArray' }, end: next };
      }
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseFrame(buf, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.end;
      }
      const kind = type === '*' ? 'array' : type === '~' ? 'set' : 'push';
      return { value: { kind, items }, end: at };
    }
    case '%':
    case '|': {
      const count = toLength(line, type);
      if (count < 0) throw new RespParseError(`negative count for "${type}"`);
      const entries: [RespValue, RespValue][] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const key = parseFrame(buf, at);
        if (!key) return undefined;
        const val = parseFrame(buf, key.end);
        if (!val) return undefined;
        entries.push([key.value, val.value]);
        at = val.end;
      }
      if (type === '%') return { value: { kind: 'map', entries }, end: at };
      // RESP3: an attribute frame decorates the frame that follows it.
      const decorated = parseFrame(buf, at);
      if (!decorated) return undefined;
      return {
        value: { kind: 'attributed', attributes: entries, value: decorated.value },
        end: decorated.end,
      };
    }
    default:
      throw new RespParseError(
        `unknown RESP type byte 0x${(buf[offset] as number).toString(16)} in ${JSON.stringify(line.slice(0, 80))}`,
      );
  }
}

function toInteger(text: string): number | bigint {
  if (!/^-?\d+$/.test(text)) throw new RespParseError(`bad integer "${text}"`);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function toLength(text: string, type: string): number {
  if (!/^-?\d+$/.test(text)) throw new RespParseError(`bad length "${type}${text}"`);
  return Number(text);
}

/** Encodes a command as a RESP array of bulk strings, as every client library does. */
export function encodeCommand(args: readonly (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

/** The text of a string-like frame (simple, bulk, verbatim, error, double, big number). */
export function textOf(value: RespValue): string {
  switch (value.kind) {
    case 'simple':
    case 'error':
    case 'blobError':
    case 'bulk':
    case 'verbatim':
    case 'double':
    case 'bigNumber':
      return value.value;
    case 'integer':
      return String(value.value);
    default:
      throw new Error(`expected a string-like reply, got ${describe(value)}`);
  }
}

/** The elements of an aggregate frame (array, set, push). */
export function itemsOf(value: RespValue): RespValue[] {
  if (value.kind === 'array' || value.kind === 'set' || value.kind === 'push') return value.items;
  throw new Error(`expected an array-like reply, got ${describe(value)}`);
}

/**
 * Field/value pairs of an instance description: a RESP3 map, or the RESP2 flat array of
 * key, value, key, value that Sentinel sends for the same reply.
 */
export function fieldsOf(value: RespValue): Record<string, string> {
  const out: Record<string, string> = {};
  // Non-string values (HELLO's `modules` array) become JSON text.
  const text = (v: RespValue): string => {
    try {
      return textOf(v);
    } catch {
      return JSON.stringify(plain(v));
    }
  };
  if (value.kind === 'map') {
    for (const [k, v] of value.entries) out[textOf(k)] = text(v);
    return out;
  }
  const items = itemsOf(value);
  if (items.length % 2 !== 0) throw new Error(`expected key/value pairs, got ${items.length} items`);
  for (let i = 0; i < items.length; i += 2)
    out[textOf(items[i] as RespValue)] = text(items[i + 1] as RespValue);
  return out;
}

/** JavaScript values for quick assertions; errors become `{ error: text }`. */
export function plain(value: RespValue): unknown {
  switch (value.kind) {
    case 'simple':
    case 'bulk':
    case 'verbatim':
    case 'double':
    case 'bigNumber':
      return value.value;
    case 'error':
    case 'blobError':
      return { error: value.value };
    case 'integer':
    case 'boolean':
      return value.value;
    case 'nullBulk':
    case 'nullArray':
    case 'null':
      return null;
    case 'array':
    case 'set':
    case 'push':
      return value.items.map(plain);
    case 'map':
      return Object.fromEntries(value.entries.map(([k, v]) => [String(plain(k)), plain(v)]));
    case 'attributed':
      return plain(value.value);
  }
}

/** A short human description of a frame: its kind and a preview of its content. */
export function describe(value: RespValue): string {
  const preview = JSON.stringify(plain(value), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return `${value.kind} ${preview && preview.length > 200 ? `${preview.slice(0, 200)}...` : preview}`;
}

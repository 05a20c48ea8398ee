/**
 * Client-side parser for server replies, RESP2 and RESP3, for tests and tools that read raw
 * bytes from a sentinel (ours or the real one) and want to see exactly which types came back.
 */
/** Thrown for bytes that are not valid RESP (a broken server). */
export class RespSyntaxError extends Error {
}
const CRLF = Buffer.from('\r\n');
function toInt(s) {
    const n = Number(s);
    if (!/^[-+]?\d+$/.test(s))
        throw new RespSyntaxError(`bad integer '${s}'`);
    return Number.isSafeInteger(n) ? n : BigInt(s);
}
function toDouble(s) {
    if (s === 'inf' || s === '+inf')
        return Infinity;
    if (s === '-inf')
        return -Infinity;
    if (s === 'nan' || s === '-nan')
        return NaN;
    const n = Number(s);
    if (Number.isNaN(n))
        throw new RespSyntaxError(`bad double '${s}'`);
    return n;
}
/**
 * Deeper nesting is refused: parsing recurses once per level, and a few thousand levels (a few
 * KB of `*1\r\n`) would overflow the stack with a RangeError instead of a RespSyntaxError.
 */
const MAX_DEPTH = 512;
/** An aggregate's element count: a non-negative integer, as blob lengths are checked. */
function toCount(s) {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0)
        throw new RespSyntaxError(`bad length '${s}'`);
    return n;
}
/** Parse one value starting at `pos`; null if the buffer ends before it does. */
function parseAt(buf, pos, depth = 0) {
    if (pos >= buf.length)
        return null;
    if (depth > MAX_DEPTH)
        throw new RespSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`);
    const nl = buf.indexOf(CRLF, pos);
    if (nl === -1)
        return null;
    const type = String.fromCharCode(buf[pos]);
    const line = buf.toString('utf8', pos + 1, nl);
    const after = nl + 2;
    const blob = () => {
        const len = Number(line);
        if (!Number.isInteger(len) || len < 0)
            throw new RespSyntaxError(`bad length '${line}'`);
        if (buf.length < after + len + 2)
            return null;
        return { data: buf.subarray(after, after + len), end: after + len + 2 };
    };
    const aggregate = (count) => {
        const items = [];
        let p = after;
        for (let i = 0; i < count; i++) {
            const r = parseAt(buf, p, depth + 1);
            if (r === null)
                return null;
            items.push(r.value);
            p = r.end;
        }
        return { items, end: p };
    };
    const pairs = (items) => {
        const out = [];
        for (let i = 0; i < items.length; i += 2)
            out.push([items[i], items[i + 1]]);
        return out;
    };
    switch (type) {
        case '+':
            return { value: { type: 'simple', value: line }, end: after };
        case '-':
            return { value: { type: 'error', value: line }, end: after };
        case ':':
            return { value: { type: 'int', value: toInt(line) }, end: after };
        case ',':
            return { value: { type: 'double', value: toDouble(line) }, end: after };
        case '#':
            if (line !== 't' && line !== 'f')
                throw new RespSyntaxError(`bad boolean '${line}'`);
            return { value: { type: 'bool', value: line === 't' }, end: after };
        case '(':
            if (!/^[-+]?\d+$/.test(line))
                throw new RespSyntaxError(`bad big number '${line}'`);
            return { value: { type: 'bigNumber', value: BigInt(line) }, end: after };
        case '_':
            return { value: { type: 'null' }, end: after };
        case '$': {
            if (line === '-1')
                return { value: { type: 'nullBulk' }, end: after };
            const b = blob();
            return b && { value: { type: 'bulk', value: Buffer.from(b.data) }, end: b.end };
        }
        case '!': {
            const b = blob();
            return b && { value: { type: 'blobError', value: b.data.toString('utf8') }, end: b.end };
        }
        case '=': {
            const b = blob();
            if (b === null)
                return null;
            const text = b.data.toString('utf8');
            return { value: { type: 'verbatim', format: text.slice(0, 3), value: text.slice(4) }, end: b.end };
        }
        case '*':
        case '~':
        case '>': {
            if (type === '*' && line === '-1')
                return { value: { type: 'nullArray' }, end: after };
            const a = aggregate(toCount(line));
            if (a === null)
                return null;
            const kind = type === '*' ? 'array' : type === '~' ? 'set' : 'push';
            return { value: { type: kind, value: a.items }, end: a.end };
        }
        case '%':
        case '|': {
            const a = aggregate(toCount(line) * 2);
            if (a === null)
                return null;
            if (type === '%')
                return { value: { type: 'map', value: pairs(a.items) }, end: a.end };
            const of = parseAt(buf, a.end, depth + 1);
            if (of === null)
                return null;
            return { value: { type: 'attribute', value: pairs(a.items), of: of.value }, end: of.end };
        }
        default:
            throw new RespSyntaxError(`unknown RESP type byte '${type}'`);
    }
}
/** Incremental reply parser: push bytes, take complete values. */
export class ReplyParser {
    buf = Buffer.alloc(0);
    push(chunk) {
        this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    }
    /** Next complete value, or null when more bytes are needed. */
    next() {
        const r = parseAt(this.buf, 0);
        if (r === null)
            return null;
        this.buf = this.buf.subarray(r.end);
        return r.value;
    }
    /** All complete values currently buffered. */
    drain() {
        const out = [];
        for (let v = this.next(); v !== null; v = this.next())
            out.push(v);
        return out;
    }
    get pending() {
        return this.buf.length;
    }
}
/** Parse a buffer holding whole replies (throws if the last one is incomplete). */
export function parseReplies(buf) {
    const p = new ReplyParser();
    p.push(buf);
    const out = p.drain();
    if (p.pending > 0)
        throw new RespSyntaxError('incomplete reply');
    return out;
}
/** An error reply in plain form. */
export class PlainError {
    message;
    constructor(message) {
        this.message = message;
    }
}
/**
 * A JS view for assertions: strings for simple/bulk/verbatim, numbers, arrays (arrays, sets,
 * pushes), objects for maps (keys stringified), null for every null, PlainError for errors.
 */
export function toPlain(v) {
    switch (v.type) {
        case 'simple':
        case 'verbatim':
            return v.value;
        case 'bulk':
            return v.value.toString('utf8');
        case 'error':
        case 'blobError':
            return new PlainError(v.value);
        case 'int':
        case 'double':
        case 'bool':
        case 'bigNumber':
            return v.value;
        case 'null':
        case 'nullBulk':
        case 'nullArray':
            return null;
        case 'array':
        case 'set':
        case 'push':
            return v.value.map(toPlain);
        case 'map': {
            const o = {};
            for (const [k, val] of v.value)
                o[String(toPlain(k))] = toPlain(val);
            return o;
        }
        case 'attribute':
            return toPlain(v.of);
    }
}

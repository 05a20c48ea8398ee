/**
 * Streaming parser for client requests, with Redis 7.0's limits and protocol error texts.
 *
 * Bytes are pushed as they arrive; `next()` returns one complete command at a time, so the
 * caller executes it before parsing the following one. That matters because the limits for
 * unauthenticated clients depend on the auth state at the moment each command is parsed, as
 * in Redis (an `AUTH` earlier in the same packet lifts them for the rest).
 *
 * Two request forms, chosen by the first byte of each command:
 *   - multibulk `*<n>\r\n$<len>\r\n<bytes>\r\n...` (what client libraries send);
 *   - inline `PING "a b"\r\n` (what a human types in telnet), split like Redis's
 *     `sdssplitargs` with double and single quotes.
 */
import { splitInlineArgs } from './inline.js';
import { parseStrictInt } from '../lib/integer.js';
export { ReplyParser } from './reply-parser.js';
export { splitInlineArgs } from './inline.js';
/** Redis 7.0 limits (server.h / config.c defaults). */
export const PROTO_LIMITS = {
    /** PROTO_INLINE_MAX_SIZE: an inline line or a `*`/`$` count line without `\r` beyond this fails. */
    inlineMax: 64 * 1024,
    /** proto-max-bulk-len default (512 MB). */
    maxBulkLen: 512 * 1024 * 1024,
    /** Multibulk counts above INT_MAX are invalid. */
    maxMultibulk: 2147483647,
    /** Redis 7.0: clients that still need AUTH may send at most 10 arguments ... */
    unauthMultibulk: 10,
    /** ... of at most 16 KB each. */
    unauthBulk: 16384,
};
const CR = 13;
const LF = 10;
export class RequestDecoder {
    buf = Buffer.alloc(0);
    start = 0;
    end = 0;
    /** Remaining arguments of the multibulk being read; 0 when between commands. */
    multibulkLeft = 0;
    /** Length of the bulk being read; -1 when its `$<len>` line is still expected. */
    bulkLen = -1;
    args = [];
    commandStart = 0;
    failed = false;
    /** Bytes received and not yet consumed by a complete command. */
    get buffered() {
        return this.end - this.start;
    }
    push(chunk) {
        if (chunk.length === 0)
            return;
        if (this.end + chunk.length > this.buf.length) {
            const live = this.end - this.start;
            const need = live + chunk.length;
            if (need <= this.buf.length && this.start > 0) {
                this.buf.copy(this.buf, 0, this.start, this.end);
            }
            else {
                const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2, 4096));
                this.buf.copy(next, 0, this.start, this.end);
                this.buf = next;
            }
            this.commandStart -= this.start;
            this.start = 0;
            this.end = live;
        }
        chunk.copy(this.buf, this.end);
        this.end += chunk.length;
    }
    /**
     * The next complete request, a protocol error, or null when more bytes are needed.
     * `authenticated` selects the unauthenticated limits. After an error the decoder stays
     * failed (the connection is closing).
     */
    next(authenticated = true) {
        if (this.failed)
            return null;
        for (;;) {
            if (this.multibulkLeft === 0 && this.bulkLen === -1 && this.args.length === 0) {
                if (this.start >= this.end)
                    return null;
                this.commandStart = this.start;
                if (this.buf[this.start] === 0x2a /* '*' */) {
                    const r = this.readMultibulkHeader(authenticated);
                    if (r === 'wait')
                        return null;
                    if (typeof r === 'object')
                        return r;
                    if (r === 'empty')
                        continue;
                }
                else {
                    const r = this.readInline();
                    if (r === 'wait')
                        return null;
                    if (r === 'empty')
                        continue;
                    return r;
                }
            }
            const r = this.readBulks(authenticated);
            if (r === null)
                return null;
            return r;
        }
    }
    fail(message) {
        this.failed = true;
        return { type: 'error', message: `ERR Protocol error: ${message}` };
    }
    indexOf(byte, from) {
        const i = this.buf.subarray(from, this.end).indexOf(byte);
        return i === -1 ? -1 : from + i;
    }
    /** Inline command: one line, quotes handled like Redis's sdssplitargs. */
    readInline() {
        let nl = this.indexOf(LF, this.start);
        // Redis 7.0 finds the end of an inline request with strchr() on its NUL-terminated query
        // buffer, so a NUL byte before the newline hides it: the request stays incomplete until
        // it outgrows PROTO_INLINE_MAX_SIZE and fails as too big.
        if (nl !== -1) {
            const nul = this.indexOf(0, this.start);
            if (nul !== -1 && nul < nl)
                nl = -1;
        }
        if (nl === -1) {
            if (this.end - this.start > PROTO_LIMITS.inlineMax)
                return this.fail('too big inline request');
            return 'wait';
        }
        let lineEnd = nl;
        if (lineEnd > this.start && this.buf[lineEnd - 1] === CR)
            lineEnd--;
        const line = this.buf.subarray(this.start, lineEnd);
        const size = nl + 1 - this.start;
        this.start = nl + 1;
        const args = splitInlineArgs(line);
        if (args === null)
            return this.fail('unbalanced quotes in request');
        if (args.length === 0)
            return 'empty';
        return { type: 'request', request: { args: args.map((a) => a.toString('utf8')), size } };
    }
    /** `*<count>\r\n`; returns 'empty' for counts <= 0 (Redis skips them silently). */
    readMultibulkHeader(authenticated) {
        const cr = this.indexOf(CR, this.start);
        if (cr === -1) {
            if (this.end - this.start > PROTO_LIMITS.inlineMax)
                return this.fail('too big mbulk count string');
            return 'wait';
        }
        // Redis only needs the byte after '\r' to be present; it does not check that it is '\n'.
        if (cr + 2 > this.end)
            return 'wait';
        const n = parseStrictInt(this.buf.toString('latin1', this.start + 1, cr));
        if (n === null || n > PROTO_LIMITS.maxMultibulk)
            return this.fail('invalid multibulk length');
        if (n > PROTO_LIMITS.unauthMultibulk && !authenticated)
            return this.fail('unauthenticated multibulk length');
        this.start = cr + 2;
        if (n <= 0)
            return 'empty';
        this.multibulkLeft = n;
        this.bulkLen = -1;
        this.args = [];
        return 'ok';
    }
    readBulks(authenticated) {
        while (this.multibulkLeft > 0) {
            if (this.bulkLen === -1) {
                const cr = this.indexOf(CR, this.start);
                if (cr === -1) {
                    if (this.end - this.start > PROTO_LIMITS.inlineMax)
                        return this.fail('too big bulk count string');
                    return null;
                }
                if (cr + 2 > this.end)
                    return null;
                if (this.buf[this.start] !== 0x24 /* '$' */) {
                    return this.fail(`expected '$', got '${String.fromCharCode(this.buf[this.start])}'`);
                }
                const n = parseStrictInt(this.buf.toString('latin1', this.start + 1, cr));
                if (n === null || n < 0 || n > PROTO_LIMITS.maxBulkLen)
                    return this.fail('invalid bulk length');
                if (n > PROTO_LIMITS.unauthBulk && !authenticated)
                    return this.fail('unauthenticated bulk length');
                this.start = cr + 2;
                this.bulkLen = n;
            }
            // The two bytes after the payload are skipped unchecked, as Redis does.
            if (this.end - this.start < this.bulkLen + 2)
                return null;
            this.args.push(this.buf.toString('utf8', this.start, this.start + this.bulkLen));
            this.start += this.bulkLen + 2;
            this.bulkLen = -1;
            this.multibulkLeft--;
        }
        const args = this.args;
        this.args = [];
        const size = this.start - this.commandStart;
        return { type: 'request', request: { args, size } };
    }
}

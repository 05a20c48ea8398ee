/**
 * A guard around the RESP reply parser ioredis uses (redis-parser 3), so that a data node or
 * a peer that sends garbage cannot take the sentinel down.
 *
 * redis-parser runs inside the socket's 'data' handler and trusts the lengths it reads: an
 * array header like `*99999999999` makes it call `new Array(length)`, which throws a RangeError
 * out of the event handler, and an uncaught exception ends the process (found by
 * test/integration/vigil-hostile-peers). A bulk header announcing terabytes makes it buffer
 * whatever follows without bound. hiredis, which Sentinel links use, answers both with a
 * protocol error that closes only that link; so does this guard:
 *   - an exception from `execute()` becomes the parser's own fatal error path
 *     (`returnFatalError`, which ioredis turns into flushing the link's commands and closing
 *     it), after the parser's state is reset;
 *   - a reply that grows past MAX_REPLY_BYTES is treated the same way. Nothing a sentinel
 *     reads (INFO, PING, hello, role change replies) comes near it.
 * The link then goes down like any broken connection and the core reconnects it on its own
 * schedule.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
/** The largest reply a link accepts (hiredis has no such limit; Vigil's links never need it). */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;
const GUARDED = Symbol.for('vigil.redis-parser.guarded');
/** The redis-parser module instance ioredis loads (resolved from ioredis's own location). */
function ioredisParserClass() {
    const require = createRequire(import.meta.url);
    const ioredisDir = path.dirname(require.resolve('ioredis/package.json'));
    return require(require.resolve('redis-parser', { paths: [ioredisDir] }));
}
function fail(parser, reason) {
    parser.reset();
    parser.returnFatalError(new Error(`Protocol error: ${reason}`));
}
/** Install the guard once per process; later calls do nothing. Returns the guarded class. */
export function installParserGuard(parserClass = ioredisParserClass()) {
    const proto = parserClass.prototype;
    if (proto[GUARDED])
        return parserClass;
    const execute = proto.execute;
    proto.execute = function guardedExecute(buffer) {
        try {
            execute.call(this, buffer);
        }
        catch (err) {
            fail(this, `unparsable reply (${err instanceof Error ? err.message : String(err)})`);
            return;
        }
        // A bulk announced larger than the limit fails at once; otherwise what is held for an
        // incomplete reply (a big bulk's chunks, or the unparsed rest of the buffer) is bounded.
        const held = this.bigStrSize > 0 ? this.totalChunkSize : this.buffer === null ? 0 : this.buffer.length - this.offset;
        if (this.bigStrSize > MAX_REPLY_BYTES || held > MAX_REPLY_BYTES) {
            fail(this, `reply larger than ${MAX_REPLY_BYTES} bytes`);
        }
    };
    proto[GUARDED] = true;
    return parserClass;
}

/**
 * One command sent on a raw connection, to learn the size of its reply in bytes and whether it
 * is an error: redis-benchmark counts error replies as successes, so each benchmarked command is
 * checked once first, and the reply size shows both kinds answer with the same amount of data.
 */
import { connect } from 'node:net';
import { ReplyParser } from '../resp/reply-parser.js';
function encodeCommand(args) {
    const parts = [`*${args.length}\r\n`];
    for (const arg of args)
        parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
    return Buffer.from(parts.join(''));
}
export function probeReply(port, args, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        const parser = new ReplyParser();
        let received = 0;
        const timer = setTimeout(() => finish(new Error(`no reply to ${args.join(' ')} within ${timeoutMs} ms`)), timeoutMs);
        function finish(result) {
            clearTimeout(timer);
            socket.destroy();
            if (result instanceof Error)
                reject(result);
            else
                resolve(result);
        }
        socket.on('error', (err) => finish(err));
        socket.on('connect', () => socket.write(encodeCommand(args)));
        socket.on('data', (chunk) => {
            received += chunk.length;
            parser.push(chunk);
            let value;
            try {
                value = parser.next();
            }
            catch (err) {
                finish(err instanceof Error ? err : new Error(String(err)));
                return;
            }
            if (value === null)
                return;
            const error = value.type === 'error' || value.type === 'blobError' ? String(value.value) : null;
            finish({ bytes: received - parser.pending, error });
        });
    });
}

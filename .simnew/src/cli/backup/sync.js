/**
 * Taking a snapshot over the replication protocol, as a replica's first full sync does, but
 * keeping only the RDB payload: AUTH if asked, `REPLCONF capa eof` (so that a source set to
 * diskless sync may stream it), `REPLCONF rdb-only 1` (the source drops us after the snapshot
 * instead of feeding us its write stream; older servers refuse it, which is harmless), `SYNC`.
 *
 * The reply is a bulk with one of two headers, after any number of `\n` keepalives sent while
 * the source prepares it:
 *   `$<length>\r\n` then exactly that many bytes (disk-based sync), or
 *   `$EOF:<40-byte mark>\r\n` then the payload, then the same 40 bytes (diskless sync).
 * Every payload byte is written to `fd` and fed to the verifier as it arrives.
 */
import { writeSync } from 'node:fs';
import { encodeCommand } from '../../resp/encoder.js';
import { AuthError, BackupError, RespConnection, isNoAuth, seconds } from './conn.js';
import { RdbVerifier, RdbVerifyError } from './rdb.js';
const MARK_LENGTH = 40;
/** Longest header line accepted (`$EOF:` + mark, or a length). */
const MAX_HEADER = 128;
/** Connects, authenticates and asks for a snapshot; resolves once the payload is complete. */
export async function takeSnapshot(options) {
    const conn = await RespConnection.connect(options);
    try {
        const t = options.replyTimeoutMs;
        if (options.credentials.password !== undefined) {
            await conn.auth(options.credentials.user, options.credentials.password, t, '--password');
        }
        for (const args of [
            ['REPLCONF', 'capa', 'eof'],
            ['REPLCONF', 'rdb-only', '1'],
        ]) {
            const reply = await conn.request(args, t, args.join(' '));
            if (isNoAuth(reply)) {
                throw new AuthError(`${conn.peer} requires a password (NOAUTH): give --password`);
            }
            if (reply.type === 'error' && /^NOPERM/i.test(reply.value)) {
                throw new AuthError(`${conn.peer} refused ${args.join(' ')}: ${reply.value}`);
            }
            if (reply.type === 'error')
                options.step(`${conn.peer} refused ${args.join(' ')} (ignored): ${reply.value}`);
        }
        options.step(`requesting a snapshot from ${conn.peer} (SYNC)`);
        const socket = conn.detach();
        return await receive(socket, conn.peer, options);
    }
    finally {
        conn.close();
    }
}
/** Reads the SYNC reply off the socket. */
function receive(socket, peer, options) {
    return new Promise((resolve, reject) => {
        const verifier = new RdbVerifier();
        let header = Buffer.alloc(0);
        /** Set once the header is read. */
        let expected;
        let mark;
        /** Diskless: the last bytes, held back in case they are (part of) the end mark. */
        let held = Buffer.alloc(0);
        let written = 0;
        let settled = false;
        let stall;
        const finish = (err, result) => {
            if (settled)
                return;
            settled = true;
            if (stall)
                clearTimeout(stall);
            socket.off('data', onData);
            socket.off('error', onError);
            socket.off('close', onClose);
            // A late error from a destroyed socket must not become an uncaught exception.
            socket.on('error', () => undefined);
            socket.destroy();
            if (err)
                reject(err);
            else
                resolve(result);
        };
        const armStall = () => {
            if (stall)
                clearTimeout(stall);
            stall = setTimeout(() => {
                const where = expected === undefined && mark === undefined
                    ? 'before the snapshot began'
                    : `after ${written} bytes`;
                finish(new BackupError(`${peer} sent nothing for ${seconds(options.stallTimeoutMs)} ${where} (stalled)`));
            }, options.stallTimeoutMs);
        };
        const emit = (data) => {
            if (data.length === 0)
                return;
            let off = 0;
            while (off < data.length) {
                off += writeSync(options.fd, data, off, data.length - off);
            }
            verifier.update(data);
            written += data.length;
        };
        const onHeader = (line) => {
            if (line.startsWith('-')) {
                const text = line.slice(1);
                let hint = '';
                if (/^NOMASTERLINK/i.test(text))
                    hint = ' (the replica is not in sync with its primary yet)';
                else if (/^LOADING/i.test(text))
                    hint = ' (the node is loading its data set)';
                else if (/^NOAUTH/i.test(text))
                    hint = ': give --password';
                throw new BackupError(`${peer} refused SYNC: ${text}${hint}`);
            }
            if (line.startsWith('$EOF:')) {
                const m = line.slice(5);
                if (m.length !== MARK_LENGTH)
                    throw new BackupError(`${peer} sent a bad end mark in '${line.slice(0, 60)}'`);
                mark = Buffer.from(m, 'latin1');
                options.step(`receiving a diskless snapshot from ${peer}`);
                return;
            }
            if (line.startsWith('$') && /^[0-9]+$/.test(line.slice(1))) {
                expected = Number(line.slice(1));
                options.step(`receiving ${expected} bytes from ${peer}`);
                return;
            }
            throw new BackupError(`${peer} answered SYNC with '${line.slice(0, 60)}', not a snapshot`);
        };
        /** Handles payload bytes; returns true once the payload is complete. */
        const onPayload = (chunk) => {
            if (expected !== undefined) {
                const take = Math.min(chunk.length, expected - written);
                emit(chunk.subarray(0, take));
                return written === expected;
            }
            // Diskless: the end mark may straddle chunks, so look in the held-back bytes too.
            const joined = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
            const at = joined.indexOf(mark);
            if (at !== -1) {
                emit(joined.subarray(0, at));
                return true;
            }
            const keep = Math.min(joined.length, MARK_LENGTH - 1);
            emit(joined.subarray(0, joined.length - keep));
            held = Buffer.from(joined.subarray(joined.length - keep));
            return false;
        };
        const onData = (chunk) => {
            armStall();
            try {
                let rest = chunk;
                if (expected === undefined && mark === undefined) {
                    header = Buffer.concat([header, rest]);
                    // Keepalives: bare newlines before the header.
                    let start = 0;
                    while (start < header.length && header[start] === 0x0a)
                        start++;
                    header = header.subarray(start);
                    const eol = header.indexOf('\r\n');
                    if (eol === -1) {
                        if (header.length > MAX_HEADER) {
                            throw new BackupError(`${peer} answered SYNC with something that is not a snapshot`);
                        }
                        return;
                    }
                    onHeader(header.toString('latin1', 0, eol));
                    rest = header.subarray(eol + 2);
                    header = Buffer.alloc(0);
                }
                if (onPayload(rest)) {
                    finish(undefined, { bytes: written, mode: mark ? 'diskless' : 'disk', verifier });
                }
            }
            catch (e) {
                const err = e;
                if (err instanceof BackupError)
                    finish(err);
                else if (err instanceof RdbVerifyError)
                    finish(new BackupError(`the snapshot from ${peer} is bad: ${err.message}`));
                else
                    finish(new BackupError(`writing ${options.fileLabel} failed: ${err.message}`));
            }
        };
        const onError = (err) => {
            finish(new BackupError(`${peer}: ${err.code ?? ''} ${err.message}`.trim()));
        };
        const onClose = () => {
            if (expected === undefined && mark === undefined) {
                finish(new BackupError(`${peer} closed the connection before sending a snapshot`));
            }
            else if (expected !== undefined) {
                finish(new BackupError(`${peer} closed the connection after ${written} of ${expected} bytes (truncated stream)`));
            }
            else {
                finish(new BackupError(`${peer} closed the connection after ${written} bytes without the end mark (truncated stream)`));
            }
        };
        socket.on('data', onData);
        socket.on('error', onError);
        socket.on('close', onClose);
        armStall();
        socket.write(encodeCommand(['SYNC']));
    });
}

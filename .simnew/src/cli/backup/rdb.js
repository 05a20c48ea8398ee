/**
 * Checks of an RDB snapshot that need no knowledge of its records: the signature and format
 * number at the start, the end-of-file opcode, and the CRC-64 trailer that covers every byte
 * before it. Fed in chunks as the bytes arrive, so a snapshot is verified while it is written
 * and never held in memory.
 *
 * Layout relied on: 9 header bytes (`REDIS` and four ASCII digits, or `VALKEY` and three),
 * the records, one 0xFF byte (end of file), then, from format 5 on, the CRC-64/Jones of
 * everything before it as 8 little-endian bytes (all zero when the server runs with
 * `rdbchecksum no`).
 */
import { createReadStream } from 'node:fs';
import { Crc64 } from './crc64.js';
/** Format numbers accepted per signature: what Redis up to 7.4/8.x and Valkey 7.2-9 write. */
export const ACCEPTED_FORMATS = {
    REDIS: { min: 1, max: 12, digits: 4 },
    VALKEY: { min: 80, max: 80, digits: 3 },
};
/** Formats from this number on end with a checksum. */
const FIRST_FORMAT_WITH_CHECKSUM = 5;
const HEADER_LENGTH = 9;
const EOF_OPCODE = 0xff;
const TRAILER_LENGTH = 8;
export class RdbVerifyError extends Error {
    name = 'RdbVerifyError';
}
function hex(value) {
    return value.toString(16).padStart(16, '0');
}
function printable(bytes) {
    return JSON.stringify(bytes.toString('latin1'));
}
/** Parse the 9 header bytes; throws RdbVerifyError unless they name an accepted format. */
export function parseHeader(header) {
    if (header.length < HEADER_LENGTH) {
        throw new RdbVerifyError(`not an RDB file: ${header.length} bytes, shorter than the header`);
    }
    for (const [signature, accepted] of Object.entries(ACCEPTED_FORMATS)) {
        if (header.toString('latin1', 0, signature.length) !== signature)
            continue;
        const digits = header.toString('latin1', signature.length, signature.length + accepted.digits);
        if (!/^[0-9]+$/.test(digits) || digits.length !== accepted.digits) {
            throw new RdbVerifyError(`bad RDB header ${printable(header.subarray(0, HEADER_LENGTH))}`);
        }
        const format = Number(digits);
        if (format < accepted.min || format > accepted.max) {
            throw new RdbVerifyError(`unsupported RDB format ${signature} ${format} (accepted: ${accepted.min}..${accepted.max})`);
        }
        return { signature, format };
    }
    throw new RdbVerifyError(`not an RDB file: it starts with ${printable(header.subarray(0, HEADER_LENGTH))}, not REDIS or VALKEY`);
}
/**
 * Incremental verifier: `update()` with every chunk in order, then `finish()`, which returns
 * what was checked or throws RdbVerifyError saying what is wrong. The header is checked as
 * soon as its 9 bytes are in, so a stream that is not an RDB at all fails early.
 */
export class RdbVerifier {
    crc = new Crc64();
    header = Buffer.alloc(0);
    parsed;
    /** The last bytes seen, not yet fed to the CRC: they may be the trailer. */
    tail = Buffer.alloc(0);
    bytes = 0;
    update(chunk) {
        if (chunk.length === 0)
            return;
        this.bytes += chunk.length;
        if (this.parsed === undefined) {
            this.header = Buffer.concat([this.header, chunk.subarray(0, HEADER_LENGTH - this.header.length)]);
            if (this.header.length === HEADER_LENGTH)
                this.parsed = parseHeader(this.header);
        }
        // Keep the last 9 bytes out of the CRC (the EOF opcode and the trailer); feed the rest.
        const joined = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
        const keep = Math.min(joined.length, TRAILER_LENGTH + 1);
        this.crc.update(joined.subarray(0, joined.length - keep));
        this.tail = Buffer.from(joined.subarray(joined.length - keep));
    }
    finish() {
        if (this.parsed === undefined) {
            throw new RdbVerifyError(this.bytes === 0
                ? 'empty snapshot (0 bytes)'
                : `truncated: ${this.bytes} bytes, shorter than the header`);
        }
        const { signature, format } = this.parsed;
        if (format < FIRST_FORMAT_WITH_CHECKSUM) {
            if (this.tail[this.tail.length - 1] !== EOF_OPCODE) {
                throw new RdbVerifyError(`truncated: the last byte is not the end-of-file marker (${this.bytes} bytes)`);
            }
            return { signature, format, checksum: 'none', bytes: this.bytes };
        }
        if (this.bytes < HEADER_LENGTH + 1 + TRAILER_LENGTH) {
            throw new RdbVerifyError(`truncated: ${this.bytes} bytes, too short for an RDB file`);
        }
        const eof = this.tail[0];
        const trailer = this.tail.subarray(1);
        const stored = trailer.readBigUInt64LE(0);
        // The CRC covers everything before the trailer, the EOF opcode included.
        const actual = this.crc.clone().update(this.tail.subarray(0, 1)).value;
        if (stored === 0n) {
            if (eof !== EOF_OPCODE) {
                throw new RdbVerifyError(`truncated: no end-of-file marker before the (zero) checksum (${this.bytes} bytes)`);
            }
            return { signature, format, checksum: 'disabled', bytes: this.bytes };
        }
        if (stored !== actual) {
            throw new RdbVerifyError(`bad checksum: the file says ${hex(stored)}, its bytes give ${hex(actual)} ` +
                `(${this.bytes} bytes; truncated or corrupted)`);
        }
        if (eof !== EOF_OPCODE) {
            // Only reachable through a CRC collision, but cheap to state.
            throw new RdbVerifyError('no end-of-file marker before the checksum');
        }
        return { signature, format, checksum: 'ok', crc: hex(stored), bytes: this.bytes };
    }
}
/** Verify a whole buffer. */
export function verifyRdbBuffer(data) {
    const v = new RdbVerifier();
    v.update(data);
    return v.finish();
}
/** Verify a file on disk, streamed. */
export async function verifyRdbFile(path) {
    const v = new RdbVerifier();
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
        v.update(chunk);
    }
    return v.finish();
}

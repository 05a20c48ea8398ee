/**
 * CRC-64/Jones as RDB files use it: polynomial 0xAD93D23594C935A9, bits processed least
 * significant first (input and output reflected), initial value 0, no final XOR. Its check
 * value (the CRC of the ASCII bytes "123456789") is 0xE9C6D914C4B8D9CA.
 *
 * The 64-bit register is kept as two unsigned 32-bit halves so that the inner loop stays in
 * plain number arithmetic (a BigInt per byte would be about a hundred times slower). Eight
 * bytes are folded in per step with eight derived tables ("slicing by 8"), each table split
 * into its high and low halves; the tail goes byte by byte through the first table.
 */
/** The polynomial with its bit order reversed, split in halves: 0x95AC9329_AC4BC9B5. */
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;
/** Table k (k = 0..7) at [k * 256 + i]: the CRC of byte i followed by k zero bytes. */
const TABLE_HI = new Uint32Array(8 * 256);
const TABLE_LO = new Uint32Array(8 * 256);
for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let bit = 0; bit < 8; bit++) {
        const carry = lo & 1;
        // Shift the 64-bit value right by one.
        lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
        hi = hi >>> 1;
        if (carry) {
            hi = (hi ^ POLY_HI) >>> 0;
            lo = (lo ^ POLY_LO) >>> 0;
        }
    }
    TABLE_HI[i] = hi;
    TABLE_LO[i] = lo;
}
for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
        // One more zero byte after table k-1's entry: shift right by 8 and fold its low byte.
        const hi = TABLE_HI[(k - 1) * 256 + i];
        const lo = TABLE_LO[(k - 1) * 256 + i];
        const index = lo & 0xff;
        TABLE_LO[k * 256 + i] = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ TABLE_LO[index]) >>> 0;
        TABLE_HI[k * 256 + i] = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
    }
}
/** An incremental CRC-64/Jones: feed it chunks in order, read `value` at any point. */
export class Crc64 {
    hi = 0;
    lo = 0;
    update(data) {
        let hi = this.hi;
        let lo = this.lo;
        const whole = data.length - (data.length % 8);
        let i = 0;
        for (; i < whole; i += 8) {
            // XOR the next 8 bytes (little-endian) into the register, then replace the register
            // by the sum of each of its bytes pushed through the table for its distance to the end.
            lo = (lo ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
            hi = (hi ^ (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24))) >>> 0;
            const t7 = 7 * 256 + (lo & 0xff);
            const t6 = 6 * 256 + ((lo >>> 8) & 0xff);
            const t5 = 5 * 256 + ((lo >>> 16) & 0xff);
            const t4 = 4 * 256 + (lo >>> 24);
            const t3 = 3 * 256 + (hi & 0xff);
            const t2 = 2 * 256 + ((hi >>> 8) & 0xff);
            const t1 = 256 + ((hi >>> 16) & 0xff);
            const t0 = hi >>> 24;
            lo =
                (TABLE_LO[t7] ^
                    TABLE_LO[t6] ^
                    TABLE_LO[t5] ^
                    TABLE_LO[t4] ^
                    TABLE_LO[t3] ^
                    TABLE_LO[t2] ^
                    TABLE_LO[t1] ^
                    TABLE_LO[t0]) >>>
                    0;
            hi =
                (TABLE_HI[t7] ^
                    TABLE_HI[t6] ^
                    TABLE_HI[t5] ^
                    TABLE_HI[t4] ^
                    TABLE_HI[t3] ^
                    TABLE_HI[t2] ^
                    TABLE_HI[t1] ^
                    TABLE_HI[t0]) >>>
                    0;
        }
        for (; i < data.length; i++) {
            const index = (lo ^ data[i]) & 0xff;
            // Shift right by 8, then fold in the table entry for the byte that fell off.
            lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ TABLE_LO[index]) >>> 0;
            hi = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
        }
        this.hi = hi;
        this.lo = lo;
        return this;
    }
    /** An independent copy of the running state. */
    clone() {
        const copy = new Crc64();
        copy.hi = this.hi;
        copy.lo = this.lo;
        return copy;
    }
    get value() {
        return (BigInt(this.hi) << 32n) | BigInt(this.lo);
    }
}
/** The CRC-64/Jones of one buffer. */
export function crc64(data) {
    return new Crc64().update(data).value;
}

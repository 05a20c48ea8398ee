/**
 * The backup verifier: CRC-64/Jones against its published check value and against a plain
 * bit-by-bit reference written here, and the RDB checks against a snapshot saved by
 * redis-server 7.0.15 (`SET foo bar`, `SAVE`), with bytes flipped, cut off, zeroed checksums
 * and foreign headers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Crc64, crc64 } from '../../../src/cli/backup/crc64.js';
import { RdbVerifier, RdbVerifyError, verifyRdbBuffer, verifyRdbFile } from '../../../src/cli/backup/rdb.js';
import { REAL_RDB } from './rdb-fixture.js';

/** The textbook definition, one bit at a time, in BigInt: slow but obviously right. */
function referenceCrc64(data: Uint8Array): bigint {
  const reflectedPoly = 0x95ac9329ac4bc9b5n;
  let crc = 0n;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1n ? (crc >> 1n) ^ reflectedPoly : crc >> 1n;
    }
  }
  return crc;
}

/** Reflecting 0xAD93D23594C935A9 bit by bit gives the constant the reference uses. */
function reflect64(v: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 64n; i++) if ((v >> i) & 1n) out |= 1n << (63n - i);
  return out;
}

function expectVerifyError(data: Buffer, pattern: RegExp): void {
  let caught: unknown;
  try {
    verifyRdbBuffer(data);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(RdbVerifyError);
  expect((caught as Error).message).toMatch(pattern);
}

/** A synthetic RDB: header, body, EOF opcode and a correct (or given) trailer. */
function makeRdb(header: string, body: Buffer, trailer?: bigint): Buffer {
  const withoutTrailer = Buffer.concat([Buffer.from(header, 'latin1'), body, Buffer.from([0xff])]);
  const t = Buffer.alloc(8);
  t.writeBigUInt64LE(trailer ?? crc64(withoutTrailer));
  return Buffer.concat([withoutTrailer, t]);
}

describe('CRC-64/Jones', () => {
  test('the check value of "123456789" is 0xe9c6d914c4b8d9ca', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  test('the reference uses the reflected Jones polynomial', () => {
    expect(reflect64(0xad93d23594c935a9n)).toBe(0x95ac9329ac4bc9b5n);
    expect(referenceCrc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  test('of nothing is 0', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });

  test('matches the bit-by-bit reference on random data of every length up to 70', () => {
    const data = randomBytes(70);
    for (let n = 0; n <= data.length; n++) {
      expect(crc64(data.subarray(0, n))).toBe(referenceCrc64(data.subarray(0, n)));
    }
    const big = randomBytes(5003);
    expect(crc64(big)).toBe(referenceCrc64(big));
  });

  test('fed in uneven chunks gives the same value as in one piece', () => {
    const data = randomBytes(100_003);
    const whole = crc64(data);
    const c = new Crc64();
    let off = 0;
    for (const size of [1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 4096, 1]) {
      c.update(data.subarray(off, off + size));
      off += size;
    }
    c.update(data.subarray(off));
    expect(c.value).toBe(whole);
  });

  test('clone() forks the running state', () => {
    const c = new Crc64().update(Buffer.from('1234'));
    const fork = c.clone().update(Buffer.from('56789'));
    expect(fork.value).toBe(0xe9c6d914c4b8d9can);
    expect(c.value).toBe(crc64(Buffer.from('1234')));
  });
});

describe('RDB verifier', () => {
  test('the trailer of a real redis-server 7.0.15 dump is its CRC-64', () => {
    const stored = REAL_RDB.readBigUInt64LE(REAL_RDB.length - 8);
    expect(crc64(REAL_RDB.subarray(0, REAL_RDB.length - 8))).toBe(stored);
    expect(verifyRdbBuffer(REAL_RDB)).toEqual({
      signature: 'REDIS',
      format: 10,
      checksum: 'ok',
      crc: stored.toString(16).padStart(16, '0'),
      bytes: 103,
    });
  });

  test('gives the same answer fed one byte at a time', () => {
    const v = new RdbVerifier();
    for (const b of REAL_RDB) v.update(Buffer.from([b]));
    expect(v.finish().checksum).toBe('ok');
  });

  test('a flipped bit anywhere is caught', () => {
    for (let i = 0; i < REAL_RDB.length; i++) {
      const bad = Buffer.from(REAL_RDB);
      bad[i] ^= 0x10;
      expect(() => verifyRdbBuffer(bad)).toThrow(RdbVerifyError);
    }
  });

  test('a flipped byte in the body is reported as a bad checksum', () => {
    const bad = Buffer.from(REAL_RDB);
    bad[60] ^= 0xff;
    expectVerifyError(bad, /^bad checksum: the file says 8a25ed848337748b, its bytes give [0-9a-f]{16}/);
  });

  test('every truncation is caught', () => {
    for (let n = 0; n < REAL_RDB.length; n++) {
      expect(() => verifyRdbBuffer(REAL_RDB.subarray(0, n))).toThrow(RdbVerifyError);
    }
    expectVerifyError(Buffer.alloc(0), /^empty snapshot/);
    expectVerifyError(REAL_RDB.subarray(0, 5), /^truncated: 5 bytes, shorter than the header/);
    expectVerifyError(REAL_RDB.subarray(0, 80), /^bad checksum/);
  });

  test('a zero checksum (rdbchecksum no) is accepted as disabled, but a missing EOF is not', () => {
    const body = REAL_RDB.subarray(9, REAL_RDB.length - 9);
    const zeroed = makeRdb('REDIS0010', body, 0n);
    expect(verifyRdbBuffer(zeroed)).toMatchObject({ checksum: 'disabled', format: 10 });
    const cut = Buffer.concat([zeroed.subarray(0, 50), Buffer.alloc(8)]);
    expectVerifyError(cut, /no end-of-file marker/);
  });

  test('headers: REDIS 1..12 and VALKEY 080 pass, others are refused', () => {
    const body = Buffer.from([0xfe, 0x00, 0xfb, 0x00, 0x00]);
    for (const v of ['0005', '0009', '0010', '0011', '0012']) {
      expect(verifyRdbBuffer(makeRdb(`REDIS${v}`, body)).format).toBe(Number(v));
    }
    expect(verifyRdbBuffer(makeRdb('VALKEY080', body))).toMatchObject({ signature: 'VALKEY', format: 80 });
    expectVerifyError(makeRdb('REDIS0013', body), /unsupported RDB format REDIS 13/);
    expectVerifyError(makeRdb('REDIS0000', body), /unsupported RDB format REDIS 0/);
    expectVerifyError(makeRdb('VALKEY081', body), /unsupported RDB format VALKEY 81/);
    expectVerifyError(makeRdb('REDIS00x0', body), /bad RDB header "REDIS00x0"/);
    expectVerifyError(makeRdb('HELLOWRLD', body), /not an RDB file: it starts with "HELLOWRLD"/);
  });

  test('formats before 5 have no checksum: only the EOF opcode is checked', () => {
    const old = Buffer.concat([Buffer.from('REDIS0004'), Buffer.from([0xfe, 0x00, 0xff])]);
    expect(verifyRdbBuffer(old)).toMatchObject({ checksum: 'none', format: 4 });
    expectVerifyError(old.subarray(0, old.length - 1), /not the end-of-file marker/);
  });

  test('verifyRdbFile streams a file from disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rdb-'));
    try {
      const good = path.join(dir, 'good.rdb');
      fs.writeFileSync(good, REAL_RDB);
      await expect(verifyRdbFile(good)).resolves.toMatchObject({ checksum: 'ok', bytes: 103 });
      const bad = path.join(dir, 'bad.rdb');
      const flipped = Buffer.from(REAL_RDB);
      flipped[70] ^= 1;
      fs.writeFileSync(bad, flipped);
      await expect(verifyRdbFile(bad)).rejects.toThrow(/bad checksum/);
      const short = path.join(dir, 'short.rdb');
      fs.writeFileSync(short, REAL_RDB.subarray(0, 90));
      await expect(verifyRdbFile(short)).rejects.toThrow(RdbVerifyError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

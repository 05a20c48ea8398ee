/**
 * `vigil backup` end to end, as the installed command runs it (`bin/vigil backup ...`, built
 * dist/): a primary with data, a replica and a Vigil; the backup comes from the replica,
 * verifies, and loads into a fresh redis-server; --keep; the diskless (EOF mark) transfer;
 * a deployment without replicas falls back to the primary; a password-protected node. The
 * failures run against real processes where they can (a closed port, an unknown name, a
 * wrong or missing password) and against a scripted fake node where a real one cannot be
 * made to fail on demand (a truncated stream, a stall, a corrupted snapshot, NOMASTERLINK).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  REPO_ROOT,
  makeTempDir,
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { getFreePort } from '../helpers/ports.js';
import { RespClient, callOnce, fieldsOf, itemsOf, okOnce, textOf } from '../helpers/resp.js';
import { waitFor, withDeadline } from '../helpers/waitFor.js';
import { replicationOf } from '../helpers/replication.js';
import { verifyRdbFile } from '../../src/cli/backup/rdb.js';
import { ReplyParser } from '../../src/resp/reply-parser.js';
import { REAL_RDB } from '../unit/cli/rdb-fixture.js';

const VIGIL = path.join(REPO_ROOT, 'bin', 'vigil');
const KEYS = 500;
const PASSWORD = 's3cret-data-pw';
const FILE_PATTERN = /^mymaster-\d{8}T\d{6}Z(-\d+)?\.rdb$/;

let primary: RedisServerHandle;
let replica: RedisServerHandle;
let solo: RedisServerHandle;
let locked: RedisServerHandle;
let vigil: ManagedProcess;
let sentinel: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/vigil backup <args>` to completion. */
async function backup(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, [VIGIL, 'backup', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await withDeadline(
    new Promise<number | null>((done) => child.once('close', (c) => done(c))),
    30_000,
    `vigil backup ${args.join(' ')} to exit`,
  ).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  return { code, stdout, stderr };
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}

/** The files in `dir`, temp files included. */
function filesIn(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

beforeAll(async () => {
  primary = await startRedisServer({ config: ['repl-diskless-sync-delay 0'] });
  // Disk-based by default here; the diskless test switches it on.
  replica = await startRedisServer({
    replicaOf: { port: primary.port },
    config: ['repl-diskless-sync no', 'repl-diskless-sync-delay 0'],
  });
  solo = await startRedisServer({ config: ['repl-diskless-sync-delay 0'] });
  locked = await startRedisServer({ config: [`requirepass ${PASSWORD}`, 'repl-diskless-sync-delay 0'] });

  const client = await RespClient.connect(primary.port);
  const mset: string[] = ['MSET'];
  for (let i = 0; i < KEYS; i++) mset.push(`key:${i}`, `value-${i}`);
  await client.send(...mset);
  await client.send('HSET', 'profile', 'name', 'vigil', 'kind', 'sentinel');
  await client.send('RPUSH', 'queue', 'a', 'b', 'c');
  await client.close();
  await okOnce(solo.port, 'SET', 'solo-key', 'solo-value');

  vigil = await startVigil({
    monitors: [
      { name: 'mymaster', port: primary.port, quorum: 1 },
      { name: 'solo', port: solo.port, quorum: 1 },
      { name: 'locked', port: locked.port, quorum: 1 },
    ],
    extraConfig: [`sentinel auth-pass locked ${PASSWORD}`],
  });
  sentinel = `127.0.0.1:${vigil.port}`;

  await waitFor(async () => (await replicationOf(replica.port))?.linkUp, {
    timeoutMs: 20_000,
    description: 'the replica to be in sync',
  });
  await waitFor(async () => textOf(await callOnce(replica.port, 'DBSIZE')) === String(KEYS + 2), {
    description: 'the replica to have every key',
  });
  await waitFor(
    async () => {
      const replicas = itemsOf(await callOnce(vigil.port, 'SENTINEL', 'REPLICAS', 'mymaster')).map(fieldsOf);
      return replicas.some((r) => r.port === String(replica.port) && r['master-link-status'] === 'ok');
    },
    { timeoutMs: 20_000, description: 'Vigil to list the replica with its link ok' },
  );
}, 90_000);

afterAll(async () => {
  await stopAll();
});

describe('vigil backup against a primary, a replica and a Vigil', () => {
  let firstBackup: string;

  test('takes the snapshot from the replica, verified, with one step per line', async () => {
    const out = makeTempDir('backup-out');
    const run = await backup(['--sentinel', sentinel, '--name', 'mymaster', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`source: replica 127.0.0.1:${replica.port}`);
    expect(run.stderr).toMatch(/receiving \d+ bytes from /);
    expect(run.stderr).toMatch(/verified \d+ bytes: REDIS format 10, CRC-64 [0-9a-f]{16} ok/);
    const files = filesIn(out);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(FILE_PATTERN);
    firstBackup = path.join(out, files[0]);
    const size = fs.statSync(firstBackup).size;
    expect(lastLine(run.stderr)).toMatch(
      new RegExp(
        `^vigil backup: done: ${firstBackup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, ${size} bytes .*, ` +
          `from replica 127\\.0\\.0\\.1:${replica.port}, in [0-9.]+ s$`,
      ),
    );
    expect(fs.statSync(firstBackup).mode & 0o777).toBe(0o600);
    await expect(verifyRdbFile(firstBackup)).resolves.toMatchObject({ checksum: 'ok', format: 10 });
  });

  test('the backup loads into a fresh redis-server with every key', async () => {
    const restoreDir = makeTempDir('backup-restore');
    fs.copyFileSync(firstBackup, path.join(restoreDir, 'restored.rdb'));
    const restored = await startRedisServer({ config: [`dir ${restoreDir}`, 'dbfilename restored.rdb'] });
    try {
      expect(textOf(await callOnce(restored.port, 'DBSIZE'))).toBe(String(KEYS + 2));
      expect(textOf(await callOnce(restored.port, 'GET', 'key:42'))).toBe('value-42');
      expect(textOf(await callOnce(restored.port, 'HGET', 'profile', 'kind'))).toBe('sentinel');
      expect(textOf(await callOnce(restored.port, 'LLEN', 'queue'))).toBe('3');
    } finally {
      await restored.stop();
    }
  });

  test('a dump.rdb written by SAVE on redis-server verifies (checksum computed the same way)', async () => {
    await okOnce(primary.port, 'SAVE');
    await expect(verifyRdbFile(path.join(primary.dir, 'dump.rdb'))).resolves.toMatchObject({
      signature: 'REDIS',
      format: 10,
      checksum: 'ok',
    });
  });

  test('--keep 2 after three runs leaves the newest two; --json prints a summary', async () => {
    const out = makeTempDir('backup-keep');
    // Not this master's backups: never touched.
    fs.writeFileSync(path.join(out, 'other-20200101T000000Z.rdb'), 'x');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'x');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await backup([
        '--sentinel',
        sentinel,
        '--name',
        'mymaster',
        '--out',
        out,
        '--keep',
        '2',
        '--json',
      ]);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as {
        ok: boolean;
        path: string;
        removed: string[];
        source: object;
      };
      expect(summary).toMatchObject({
        ok: true,
        source: { role: 'replica', host: '127.0.0.1', port: replica.port },
        transfer: 'disk',
        rdb: { signature: 'REDIS', format: 10, checksum: 'ok' },
        sentinel,
      });
      made.push(path.basename(summary.path));
      expect(summary.removed).toEqual(i < 2 ? [] : [made[0]]);
    }
    expect(new Set(made).size).toBe(3);
    expect(filesIn(out)).toEqual([...made.slice(1), 'notes.txt', 'other-20200101T000000Z.rdb'].sort());
  });

  test('diskless sync on the source: the EOF-mark form', async () => {
    await okOnce(replica.port, 'CONFIG', 'SET', 'repl-diskless-sync', 'yes');
    try {
      const out = makeTempDir('backup-diskless');
      const run = await backup(['--sentinel', sentinel, '--name', 'mymaster', '--out', out, '--json']);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`receiving a diskless snapshot from 127.0.0.1:${replica.port}`);
      const summary = JSON.parse(run.stdout) as { path: string; transfer: string };
      expect(summary.transfer).toBe('diskless');
      await expect(verifyRdbFile(summary.path)).resolves.toMatchObject({ checksum: 'ok' });
      expect(filesIn(out)).toEqual([path.basename(summary.path)]);
    } finally {
      await okOnce(replica.port, 'CONFIG', 'SET', 'repl-diskless-sync', 'no');
    }
  });

  test('no replica: the primary', async () => {
    const out = makeTempDir('backup-solo');
    const run = await backup(['--sentinel', sentinel, '--name', 'solo', '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`'solo' has no replicas: using the primary 127.0.0.1:${solo.port}`);
    const summary = JSON.parse(run.stdout) as { path: string; source: object };
    expect(summary.source).toEqual({ role: 'primary', host: '127.0.0.1', port: solo.port });
    expect(path.basename(summary.path)).toMatch(/^solo-\d{8}T\d{6}Z\.rdb$/);
    await expect(verifyRdbFile(summary.path)).resolves.toMatchObject({ checksum: 'ok' });
  });

  test('several sentinels: a dead one is reported and the next one is asked', async () => {
    const dead = await getFreePort();
    const out = makeTempDir('backup-two');
    const run = await backup([
      '--sentinel',
      `127.0.0.1:${dead}`,
      '--sentinel',
      sentinel,
      '--name',
      'mymaster',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`connection refused by 127.0.0.1:${dead}`);
    expect(filesIn(out)).toHaveLength(1);
  });
});

describe('vigil backup failures', () => {
  test('a sentinel port where nothing listens', async () => {
    const dead = await getFreePort();
    const out = makeTempDir('backup-fail');
    const run = await backup(['--sentinel', `127.0.0.1:${dead}`, '--name', 'mymaster', '--out', out]);
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toMatch(
      new RegExp(
        `FAILED after [0-9.]+ s: connection refused by 127\\.0\\.0\\.1:${dead} \\(nothing listens there\\)$`,
      ),
    );
    expect(filesIn(out)).toEqual([]);
  });

  test('an unknown master name', async () => {
    const out = makeTempDir('backup-fail');
    const run = await backup(['--sentinel', sentinel, '--name', 'nosuch', '--out', out, '--json']);
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toContain(`sentinel ${sentinel} monitors no master named 'nosuch'`);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: `sentinel ${sentinel} monitors no master named 'nosuch'`,
    });
    expect(filesIn(out)).toEqual([]);
  });

  test('a wrong password, a missing one, then the right one (never printed)', async () => {
    const out = makeTempDir('backup-auth');
    const wrong = await backup([
      '--sentinel',
      sentinel,
      '--name',
      'locked',
      '--out',
      out,
      '--password',
      'not-the-password',
    ]);
    expect(wrong.code).toBe(1);
    expect(lastLine(wrong.stderr)).toContain(
      `authentication to 127.0.0.1:${locked.port} failed: wrong user or password (--password)`,
    );
    expect(wrong.stderr).not.toContain('not-the-password');

    const missing = await backup(['--sentinel', sentinel, '--name', 'locked', '--out', out]);
    expect(missing.code).toBe(1);
    expect(lastLine(missing.stderr)).toContain(`127.0.0.1:${locked.port} requires a password (NOAUTH)`);
    expect(filesIn(out)).toEqual([]);

    // From the environment, as a systemd unit would pass it.
    const right = await backup(['--sentinel', sentinel, '--name', 'locked', '--out', out], {
      VIGIL_BACKUP_PASSWORD: PASSWORD,
    });
    expect(right.code).toBe(0);
    expect(right.stderr).not.toContain(PASSWORD);
    expect(filesIn(out)).toHaveLength(1);
  });

  test('bad arguments exit 2 with the usage', async () => {
    const run = await backup(['--name', 'mymaster']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing --sentinel, --out');
    expect(run.stderr).toContain('Usage:');
  });
});

type SyncBehaviour = (socket: net.Socket) => void;

/**
 * A scripted node that is its own sentinel: it names itself as the primary of `fake`, lists
 * `replicas` (healthy, with their offsets), accepts AUTH and REPLCONF, and answers SYNC as
 * `onSync` says.
 */
async function fakeNode(
  onSync: SyncBehaviour,
  replicas: { port: number; offset: number }[] = [],
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const parser = new ReplyParser();
    socket.on('data', (chunk: Buffer) => {
      parser.push(chunk);
      for (const cmd of parser.drain()) {
        if (cmd.type !== 'array') continue;
        const args = cmd.value.map((a) => (a.type === 'bulk' ? a.value.toString() : ''));
        const verb = args.join(' ').toUpperCase();
        if (verb.startsWith('SENTINEL GET-MASTER-ADDR-BY-NAME')) {
          const port = String(address.port);
          socket.write(`*2\r\n$9\r\n127.0.0.1\r\n$${port.length}\r\n${port}\r\n`);
        } else if (verb.startsWith('SENTINEL REPLICAS')) {
          const entry = (r: { port: number; offset: number }): string[] => [
            ...['ip', '127.0.0.1', 'port', String(r.port), 'flags', 'slave'],
            ...['master-link-status', 'ok', 'slave-repl-offset', String(r.offset)],
          ];
          const bulk = (x: string): string => `$${Buffer.byteLength(x)}\r\n${x}\r\n`;
          socket.write(
            `*${replicas.length}\r\n` +
              replicas.map((r) => `*${entry(r).length}\r\n${entry(r).map(bulk).join('')}`).join(''),
          );
        } else if (verb === 'SYNC') {
          onSync(socket);
        } else {
          socket.write('+OK\r\n');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('vigil backup against a scripted node', () => {
  async function withFake(onSync: SyncBehaviour, extra: string[] = []): Promise<{ run: Run; out: string }> {
    const fake = await fakeNode(onSync);
    try {
      const out = makeTempDir('backup-fake');
      const run = await backup([
        '--sentinel',
        `127.0.0.1:${fake.port}`,
        '--name',
        'fake',
        '--out',
        out,
        '--sentinel-password',
        'sentinel-secret',
        ...extra,
      ]);
      expect(run.stderr).not.toContain('sentinel-secret');
      return { run, out };
    } finally {
      await fake.close();
    }
  }

  test('keepalives, then a complete snapshot: accepted', async () => {
    const { run, out } = await withFake((s) => {
      s.write('\n\n\n');
      s.write(`$${REAL_RDB.length}\r\n`);
      s.write(REAL_RDB.subarray(0, 50));
      // What a primary sends after the payload (its replication stream) is not part of it.
      s.write(Buffer.concat([REAL_RDB.subarray(50), Buffer.from('*1\r\n$4\r\nPING\r\n')]));
    });
    expect(run.code).toBe(0);
    const files = filesIn(out);
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(out, files[0]))).toEqual(REAL_RDB);
  });

  test('diskless form with the end mark: accepted', async () => {
    const mark = 'a'.repeat(20) + 'b'.repeat(20);
    const { run, out } = await withFake((s) => {
      s.write(`\n$EOF:${mark}\r\n`);
      s.write(Buffer.concat([REAL_RDB, Buffer.from(mark)]));
    });
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(out, filesIn(out)[0]))).toEqual(REAL_RDB);
  });

  test('a stream cut short: truncated, nothing left behind', async () => {
    const { run, out } = await withFake((s) => {
      s.write(`$${REAL_RDB.length}\r\n`);
      s.end(REAL_RDB.subarray(0, 60));
    });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toContain(
      `closed the connection after 60 of ${REAL_RDB.length} bytes (truncated stream)`,
    );
    expect(filesIn(out)).toEqual([]);
  });

  test('a diskless stream cut before its end mark: truncated', async () => {
    const { run, out } = await withFake((s) => {
      s.write(`$EOF:${'c'.repeat(40)}\r\n`);
      s.end(REAL_RDB);
    });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toContain('without the end mark (truncated stream)');
    expect(filesIn(out)).toEqual([]);
  });

  test('a stall: given up after --stall-timeout', async () => {
    const { run, out } = await withFake(
      (s) => {
        s.write(`$${REAL_RDB.length}\r\n`);
        s.write(REAL_RDB.subarray(0, 30));
      },
      ['--stall-timeout', '0.5'],
    );
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toContain('sent nothing for 0.5 s after 30 bytes (stalled)');
    expect(filesIn(out)).toEqual([]);
  });

  test('a corrupted snapshot: bad checksum, nothing published', async () => {
    const { run, out } = await withFake((s) => {
      const bad = Buffer.from(REAL_RDB);
      bad[70] ^= 0x01;
      s.write(`$${bad.length}\r\n`);
      s.write(bad);
    });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toMatch(/the snapshot from 127\.0\.0\.1:\d+ is bad: bad checksum/);
    expect(filesIn(out)).toEqual([]);
  });

  test('a payload that is not an RDB: refused at its header', async () => {
    const junk = Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n');
    const { run, out } = await withFake((s) => {
      s.write(`$${junk.length}\r\n`);
      s.write(junk);
    });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toMatch(
      /the snapshot from 127\.0\.0\.1:\d+ is bad: not an RDB file: it starts with "HTTP\/1\.1/,
    );
    expect(filesIn(out)).toEqual([]);
  });

  test('a replica not ready: its error is shown', async () => {
    const { run } = await withFake((s) => {
      s.write("-NOMASTERLINK Can't SYNC while not connected with my master\r\n");
    });
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toContain('refused SYNC: NOMASTERLINK');
    expect(lastLine(run.stderr)).toContain('not in sync with its primary yet');
  });

  test('the best replica cannot SYNC: the next one is used, never the primary', async () => {
    const notReady = await fakeNode((s) =>
      s.write("-NOMASTERLINK Can't SYNC while not connected with my master\r\n"),
    );
    const good = await fakeNode((s) =>
      s.write(Buffer.concat([Buffer.from(`$${REAL_RDB.length}\r\n`), REAL_RDB])),
    );
    const primarySyncs: number[] = [];
    const sentinelAndPrimary = await fakeNode(
      (s) => {
        primarySyncs.push(1);
        s.destroy();
      },
      [
        { port: good.port, offset: 100 },
        { port: notReady.port, offset: 200 },
      ],
    );
    try {
      const out = makeTempDir('backup-next');
      const run = await backup([
        '--sentinel',
        `127.0.0.1:${sentinelAndPrimary.port}`,
        '--name',
        'fake',
        '--out',
        out,
      ]);
      expect(run.code).toBe(0);
      const sources = [...run.stderr.matchAll(/source: replica 127\.0\.0\.1:(\d+)/g)].map((m) =>
        Number(m[1]),
      );
      expect(sources).toEqual([notReady.port, good.port]);
      expect(run.stderr).toContain('NOMASTERLINK');
      expect(run.stderr).toContain('trying the next replica');
      expect(primarySyncs).toEqual([]);
      expect(filesIn(out)).toHaveLength(1);
    } finally {
      await Promise.all([notReady.close(), good.close(), sentinelAndPrimary.close()]);
    }
  });

  test('SIGTERM during the transfer: the temp file is removed, exit 143', async () => {
    let syncing = false;
    const fake = await fakeNode((s) => {
      syncing = true;
      s.write(`$${REAL_RDB.length}\r\n`);
      s.write(REAL_RDB.subarray(0, 40));
    });
    const out = makeTempDir('backup-sigterm');
    const child = spawn(
      process.execPath,
      [VIGIL, 'backup', '--sentinel', `127.0.0.1:${fake.port}`, '--name', 'fake', '--out', out],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((done) => child.once('close', (c) => done(c)));
    try {
      await waitFor(
        () => syncing && filesIn(out).some((f) => f.startsWith('.tmp-')) && stderr.includes('receiving'),
        {
          description: 'the transfer to have started',
        },
      );
      child.kill('SIGTERM');
      expect(await withDeadline(exited, 10_000, 'vigil backup to exit on SIGTERM')).toBe(143);
      expect(stderr).toContain('interrupted by SIGTERM: nothing written');
      expect(filesIn(out)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await fake.close();
    }
  });
});

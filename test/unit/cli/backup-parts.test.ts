/**
 * The pieces of `vigil backup` that need no server: argument parsing (and that it never
 * echoes a password), addresses, which replicas count as healthy and their order, the file
 * names, the no-clobber publish and `--keep` pruning.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BACKUP_USAGE, parseBackupArgs } from '../../../src/cli/backup.js';
import { USAGE } from '../../../src/cli/main.js';
import {
  backupPattern,
  badNameReason,
  listBackups,
  prune,
  publish,
  timestamp,
} from '../../../src/cli/backup/files.js';
import { parseEndpoint, rankReplicas, unhealthyReason } from '../../../src/cli/backup/sentinel.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-backup-unit-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const BASE = ['--sentinel', '127.0.0.1:26379', '--name', 'mymaster', '--out', '/tmp/x'];

describe('parseBackupArgs', () => {
  test('defaults', () => {
    expect(parseBackupArgs(BASE, {})).toEqual({
      sentinels: ['127.0.0.1:26379'],
      name: 'mymaster',
      out: '/tmp/x',
      keep: undefined,
      data: { user: undefined, password: undefined },
      sentinel: { user: undefined, password: undefined },
      connectTimeoutMs: 5000,
      stallTimeoutMs: 30000,
      json: false,
    });
  });

  test('several sentinels, keep, credentials, timeouts, json', () => {
    const o = parseBackupArgs(
      [
        ...BASE,
        '--sentinel',
        'h2',
        '--keep',
        '3',
        '--user',
        'u',
        '--password',
        'p',
        '--sentinel-user',
        'su',
        '--sentinel-password',
        'sp',
        '--connect-timeout',
        '0.5',
        '--stall-timeout',
        '10',
        '--json',
      ],
      {},
    );
    expect(o).toMatchObject({
      sentinels: ['127.0.0.1:26379', 'h2'],
      keep: 3,
      data: { user: 'u', password: 'p' },
      sentinel: { user: 'su', password: 'sp' },
      connectTimeoutMs: 500,
      stallTimeoutMs: 10000,
      json: true,
    });
  });

  test('passwords from the environment when the options are absent', () => {
    const o = parseBackupArgs(BASE, {
      VIGIL_BACKUP_PASSWORD: 'envp',
      VIGIL_BACKUP_SENTINEL_PASSWORD: 'envsp',
    });
    expect(o?.data.password).toBe('envp');
    expect(o?.sentinel.password).toBe('envsp');
    const given = parseBackupArgs([...BASE, '--password', 'opt'], { VIGIL_BACKUP_PASSWORD: 'envp' });
    expect(given?.data.password).toBe('opt');
  });

  test('--help returns null', () => {
    expect(parseBackupArgs(['--help'], {})).toBeNull();
    expect(parseBackupArgs(['-h'], {})).toBeNull();
  });

  test.each([
    [[], /missing --sentinel, --name, --out/],
    [[...BASE, '--keep', '0'], /--keep must be a whole number of at least 1/],
    [[...BASE, '--keep', '2x'], /--keep must be/],
    [[...BASE, '--stall-timeout=-1'], /--stall-timeout must be a positive number/],
    [[...BASE, '--connect-timeout', '0'], /--connect-timeout must be a positive number/],
    [[...BASE, '--sentinel', 'h:99999'], /--sentinel: bad address 'h:99999'/],
    [['--sentinel', 'h', '--name', 'a/b', '--out', 'd'], /cannot be used in a file name/],
    [[...BASE, '--user', 'u'], /--user needs --password/],
    [[...BASE, '--sentinel-user', 'u'], /--sentinel-user needs --sentinel-password/],
    [[...BASE, '--bogus'], /bogus/],
    [[...BASE, 'extra'], /extra/],
  ])('refuses %j', (argv, pattern) => {
    expect(() => parseBackupArgs(argv as string[], {})).toThrow(pattern);
  });

  test('an option error does not repeat a password given on the command line', () => {
    let message = '';
    try {
      parseBackupArgs([...BASE, '--password', 's3cret-value', '--nope'], {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/nope/);
    expect(message).not.toContain('s3cret-value');
  });
});

test('usage texts fit in 80 columns', () => {
  for (const line of [...BACKUP_USAGE.split('\n'), ...USAGE.split('\n')]) {
    expect(line.length).toBeLessThanOrEqual(80);
  }
  expect(USAGE).toContain('vigil backup --sentinel <host:port> --name <master> --out <dir>');
});

describe('parseEndpoint', () => {
  test.each([
    ['127.0.0.1:26380', { host: '127.0.0.1', port: 26380 }],
    ['sentinel-a', { host: 'sentinel-a', port: 26379 }],
    ['[::1]:5000', { host: '::1', port: 5000 }],
    ['[::1]', { host: '::1', port: 26379 }],
    ['::1', { host: '::1', port: 26379 }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text, 26379)).toEqual(expected);
  });

  test.each([':26379', 'h:0', 'h:x', 'h:65536'])('refuses %s', (text) => {
    expect(() => parseEndpoint(text, 26379)).toThrow(/bad address/);
  });
});

describe('replica choice', () => {
  const replica = (over: Record<string, string>): Record<string, string> => ({
    name: '127.0.0.1:7001',
    ip: '127.0.0.1',
    port: '7001',
    flags: 'slave',
    'master-link-status': 'ok',
    'slave-repl-offset': '100',
    ...over,
  });

  test('unhealthy: down, disconnected, link not ok', () => {
    expect(unhealthyReason(replica({}))).toBeUndefined();
    expect(unhealthyReason(replica({ flags: 'slave,s_down' }))).toBe('flagged s_down');
    expect(unhealthyReason(replica({ flags: 'slave,s_down,o_down' }))).toBe('flagged s_down');
    expect(unhealthyReason(replica({ flags: 'slave,disconnected' }))).toBe('flagged disconnected');
    expect(unhealthyReason(replica({ 'master-link-status': 'err' }))).toBe('master-link-status err');
  });

  test('healthy replicas, the largest offset first', () => {
    const ranked = rankReplicas([
      replica({ port: '7001', 'slave-repl-offset': '100' }),
      replica({ port: '7002', 'slave-repl-offset': '300' }),
      replica({ port: '7003', 'slave-repl-offset': '999', flags: 'slave,s_down' }),
      replica({ port: '7004', 'slave-repl-offset': '200' }),
      replica({ port: '7005', 'slave-repl-offset': '500', 'master-link-status': 'err' }),
    ]);
    expect(ranked.map((r) => r.port)).toEqual([7002, 7004, 7001]);
    expect(ranked[0]).toEqual({ role: 'replica', host: '127.0.0.1', port: 7002, offset: 300 });
  });
});

describe('backup files', () => {
  test('timestamp is compact UTC to the second', () => {
    expect(timestamp(new Date(Date.UTC(2026, 11, 8, 1, 34, 55, 789)))).toBe('20261208T013455Z');
  });

  test('names that cannot be a file name prefix', () => {
    expect(badNameReason('mymaster')).toBeUndefined();
    expect(badNameReason('my.master-1')).toBeUndefined();
    expect(badNameReason('')).toBeDefined();
    expect(badNameReason('..')).toBeDefined();
    expect(badNameReason('a/b')).toBeDefined();
  });

  test("the pattern only matches this name's backups", () => {
    const p = backupPattern('my.m');
    expect(p.test('my.m-20261208T013455Z.rdb')).toBe(true);
    expect(p.test('my.m-20261208T013455Z-2.rdb')).toBe(true);
    expect(p.test('myXm-20261208T013455Z.rdb')).toBe(false);
    expect(p.test('my.m-other-20261208T013455Z.rdb')).toBe(false);
    expect(p.test('my.m-20261208T013455Z.rdb.gz')).toBe(false);
    expect(p.test('.tmp-0123456789abcdef')).toBe(false);
  });

  test('publish never replaces a file and numbers same-second backups; prune keeps the newest', () => {
    const dir = tempDir();
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    const published: string[] = [];
    for (let i = 0; i < 3; i++) {
      const tmp = path.join(dir, `.tmp-${i}`);
      fs.writeFileSync(tmp, `backup ${i}`);
      published.push(path.basename(publish(tmp, dir, 'm', when)));
      expect(fs.existsSync(tmp)).toBe(false);
    }
    expect(published).toEqual([
      'm-20260102T030405Z.rdb',
      'm-20260102T030405Z-2.rdb',
      'm-20260102T030405Z-3.rdb',
    ]);
    expect(fs.readFileSync(path.join(dir, 'm-20260102T030405Z.rdb'), 'utf8')).toBe('backup 0');
    // Older backups, another master's, and an unrelated file.
    for (const f of [
      'm-20250101T000000Z.rdb',
      'm-20251231T235959Z.rdb',
      'mm-20200101T000000Z.rdb',
      'notes.txt',
    ]) {
      fs.writeFileSync(path.join(dir, f), '');
    }
    expect(listBackups(dir, 'm').map((b) => b.file)).toEqual([
      'm-20260102T030405Z-3.rdb',
      'm-20260102T030405Z-2.rdb',
      'm-20260102T030405Z.rdb',
      'm-20251231T235959Z.rdb',
      'm-20250101T000000Z.rdb',
    ]);
    expect(prune(dir, 'm', 2)).toEqual([
      'm-20260102T030405Z.rdb',
      'm-20251231T235959Z.rdb',
      'm-20250101T000000Z.rdb',
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'm-20260102T030405Z-2.rdb',
      'm-20260102T030405Z-3.rdb',
      'mm-20200101T000000Z.rdb',
      'notes.txt',
    ]);
  });
});

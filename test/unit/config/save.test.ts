import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LogLevel } from '../../../src/core/actions.js';
import { flushSentinelConfig } from '../../../src/config/flush.js';
import { nodeSaveFs, removeStaleTempFiles, saveConfigFile, type SaveFs } from '../../../src/config/save.js';
import { addMaster, addr, makeState } from './fixtures.js';

let dir: string;
let logs: [LogLevel, string][];
const log = (level: LogLevel, message: string): void => {
  logs.push([level, message]);
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-save-'));
  logs = [];
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function config(text = 'port 26379\n', mode = 0o600): string {
  const file = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

const modeOf = (file: string): number => fs.statSync(file).mode & 0o7777;
const leftovers = (): string[] => fs.readdirSync(dir).filter((f) => f.includes('.tmp-'));
const fsError = (code: string) => Object.assign(new Error(code), { code });
const failing = (name: keyof SaveFs, code: string, when: (...args: unknown[]) => boolean = () => true) => ({
  [name]: (...args: unknown[]) => {
    if (when(...args)) throw fsError(code);
    return (nodeSaveFs[name] as (...a: unknown[]) => unknown)(...args);
  },
});

describe('saveConfigFile', () => {
  test.each([0o600, 0o640, 0o644, 0o400])('keeps mode %s and replaces the file atomically', (mode) => {
    const file = config('old\n', mode);
    const inode = fs.statSync(file).ino;
    expect(saveConfigFile(file, 'new content\n', { log })).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('new content\n');
    expect(modeOf(file)).toBe(mode);
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(leftovers()).toEqual([]);
    expect(logs).toEqual([]);
  });

  test('writes through a symlinked config, leaving the link in place', () => {
    const real = config('old\n', 0o600);
    const link = path.join(dir, 'link.conf');
    fs.symlinkSync(real, link);
    expect(saveConfigFile(link, 'via link\n', { log })).toEqual({ ok: true });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('via link\n');
  });

  test('a missing config file is created, readable by its owner only', () => {
    const file = path.join(dir, 'new.conf');
    expect(saveConfigFile(file, 'x\n', { log })).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('x\n');
    expect(modeOf(file)).toBe(0o600);
  });

  test.each(['EBUSY', 'EXDEV', 'EPERM'])('rename failing with %s: rewritten in place, logged', (code) => {
    const file = config('a much longer old content that must be cut\n', 0o640);
    const inode = fs.statSync(file).ino;
    const r = saveConfigFile(file, 'short\n', { log, fs: failing('rename', code) });
    expect(r).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('short\n');
    expect(fs.statSync(file).ino).toBe(inode);
    expect(modeOf(file)).toBe(0o640);
    expect(leftovers()).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(logs[0][0]).toBe('warning');
    expect(logs[0][1]).toContain('rewrote it in place');
  });

  test('a directory where no temporary file can be created: rewritten in place', () => {
    const file = config('old\n');
    const r = saveConfigFile(file, 'new\n', {
      log,
      fs: failing('open', 'EACCES', (f, flags) => flags === 'wx'),
    });
    expect(r).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(logs[0][1]).toContain("can't create a temporary file");
  });

  test.each([
    ['rename', 'EACCES', 'Permission denied'],
    ['write', 'ENOSPC', 'No space left on device'],
    ['fsync', 'EIO', 'Input/output error'],
    ['open', 'EROFS', 'Read-only file system'],
    ['stat', 'EACCES', 'Permission denied'],
  ] as const)('%s failing with %s: reported, old file intact, no temp left', (name, code, text) => {
    const file = config('old\n', 0o600);
    const r = saveConfigFile(file, 'new\n', { log, fs: failing(name, code) });
    expect(r).toEqual({ ok: false, error: text });
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
    expect(modeOf(file)).toBe(0o600);
    expect(leftovers()).toEqual([]);
  });

  test('the in-place fallback failing too is reported', () => {
    const file = config('old\n');
    const r = saveConfigFile(file, 'new\n', {
      log,
      fs: { ...failing('rename', 'EBUSY'), ...failing('open', 'EACCES', (f, flags) => flags === 'r+') },
    });
    expect(r).toEqual({ ok: false, error: 'Permission denied' });
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
  });

  test('a directory fsync failure is logged but the save stands', () => {
    const file = config('old\n');
    let dirFd = -1;
    const r = saveConfigFile(file, 'new\n', {
      log,
      fs: {
        open: (f, flags, mode) => {
          const fd = nodeSaveFs.open(f, flags, mode);
          if (f === dir) dirFd = fd;
          return fd;
        },
        fsync: (fd) => {
          if (fd === dirFd) throw fsError('EINVAL');
          nodeSaveFs.fsync(fd);
        },
      },
    });
    expect(r).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(logs.some(([l, m]) => l === 'warning' && m.includes('fsync directory'))).toBe(true);
  });

  test('the owner is restored when asked (as root does)', () => {
    const file = config('old\n');
    const calls: number[][] = [];
    const st = fs.statSync(file);
    saveConfigFile(file, 'new\n', {
      log,
      restoreOwner: true,
      fs: { fchown: (_fd, uid, gid) => void calls.push([uid, gid]) },
    });
    expect(calls).toEqual([[st.uid, st.gid]]);
  });
});

describe('flushSentinelConfig', () => {
  function state() {
    const s = makeState({ myid: 'e'.repeat(40) });
    addMaster(s, 'mymaster', addr('127.0.0.1', 6379), 2);
    return s;
  }

  test('merges the state into the file and keeps its mode; the caller logs the outcome', () => {
    const file = config('# mine\nport 26379\nsentinel monitor mymaster 127.0.0.1 6379 2\n', 0o600);
    expect(flushSentinelConfig(file, state(), { log })).toEqual({ ok: true });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('# mine\nport 26379\nsentinel monitor mymaster 127.0.0.1 6379 2\n')).toBe(true);
    expect(text).toContain(`sentinel myid ${'e'.repeat(40)}\n`);
    expect(modeOf(file)).toBe(0o600);
    // The executor logs `Sentinel new configuration saved on disk` (test/unit/runtime/executor).
    expect(logs).toEqual([]);
  });

  test('a failed save is returned with the reason', () => {
    const file = config('port 26379\n');
    const r = flushSentinelConfig(file, state(), { log, fs: failing('open', 'EROFS') });
    expect(r).toEqual({ ok: false, error: 'Read-only file system' });
    expect(logs).toEqual([]);
  });

  test('an unreadable config is a failed save, not an exception', () => {
    const file = config('port 26379\n');
    const r = flushSentinelConfig(file, state(), {
      log,
      readFile: () => {
        throw fsError('EACCES');
      },
    });
    expect(r).toEqual({ ok: false, error: 'Permission denied' });
  });

  test('a deleted config is written from scratch', () => {
    const file = path.join(dir, 'gone.conf');
    expect(flushSentinelConfig(file, state(), { log })).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toContain('sentinel monitor mymaster 127.0.0.1 6379 2\n');
  });
});

describe('removeStaleTempFiles', () => {
  test('removes the temporary files interrupted saves left, and nothing else', () => {
    const file = config();
    const stale = ['sentinel.conf.tmp-0123456789ab', 'sentinel.conf.tmp-ffffffffffff'];
    const kept = ['sentinel.conf.tmp-notours', 'other.conf.tmp-0123456789ab', 'sentinel.conf.bak'];
    for (const name of [...stale, ...kept]) fs.writeFileSync(path.join(dir, name), 'x');
    expect(removeStaleTempFiles(file).sort()).toEqual(stale);
    expect(fs.readdirSync(dir).sort()).toEqual([...kept, 'sentinel.conf'].sort());
  });

  test('a missing directory is no error', () => {
    expect(removeStaleTempFiles(path.join(dir, 'nope', 'sentinel.conf'))).toEqual([]);
  });
});

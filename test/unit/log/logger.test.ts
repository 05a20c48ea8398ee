import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReplyError } from 'ioredis';
import { createLogger, logAt, logEvent, type LogFormatSetting } from '../../../src/log.js';
import { LogSink } from '../../../src/log/sink.js';
import type { LogLevelName } from '../../../src/config/model.js';
import { linkUp, master, newBrain } from '../core/brain-helpers.js';
import { parseLogfmt } from './logfmt.js';

const T = Date.UTC(2026, 11, 8, 1, 23, 45, 678);

/** A logger writing into an array, with a fixed clock, UTC legacy times and a settable format. */
function capture(format: LogFormatSetting = 'auto', loglevel: LogLevelName = 'debug') {
  const lines: string[] = [];
  const setting = { format };
  const handle = createLogger({
    loglevel,
    logfile: '',
    format: () => setting.format,
    destination: { write: (s: string) => void lines.push(s) },
    now: () => T,
    utc: true,
  });
  return { handle, lines, setting };
}

const SDOWN = {
  type: 'event' as const,
  level: 'warning' as const,
  name: '+sdown',
  payload: 'master mymaster 127.0.0.1 6379',
  subject: { kind: 'master' as const, name: 'mymaster', ip: '127.0.0.1', port: 6379 },
  notificationScript: null,
};

describe('createLogger formats', () => {
  test('the same event in the three formats, from the injected clock', () => {
    const { handle, lines, setting } = capture('legacy');
    logEvent(handle.logger, SDOWN);
    setting.format = 'logfmt';
    logEvent(handle.logger, SDOWN);
    setting.format = 'json';
    logEvent(handle.logger, SDOWN);
    const pid = process.pid;
    expect(lines[0]).toBe(`${pid}:X 08 Dec 2026 01:23:45.678 # +sdown master mymaster 127.0.0.1 6379\n`);
    expect(parseLogfmt(lines[1].trimEnd())).toEqual({
      time: '2026-12-08T01:23:45.678Z',
      level: 'warn',
      pid: String(pid),
      event: '+sdown',
      payload: 'master mymaster 127.0.0.1 6379',
      master: 'mymaster',
      'instance.kind': 'master',
      'instance.name': 'mymaster',
      'instance.ip': '127.0.0.1',
      'instance.port': '6379',
      msg: '+sdown master mymaster 127.0.0.1 6379',
    });
    expect(JSON.parse(lines[2])).toEqual({
      level: 'warn',
      time: T,
      pid,
      event: '+sdown',
      payload: SDOWN.payload,
      master: 'mymaster',
      instance: { kind: 'master', name: 'mymaster', ip: '127.0.0.1', port: 6379 },
      msg: '+sdown master mymaster 127.0.0.1 6379',
    });
    expect(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
  });

  test("Sentinel's four levels get Redis's four characters", () => {
    const { handle, lines } = capture('legacy');
    for (const level of ['debug', 'verbose', 'notice', 'warning'] as const)
      logAt(handle.logger, level, {}, level);
    expect(lines.map((l) => l.split(' ')[5])).toEqual(['.', '-', '*', '#']);
  });

  test('the level threshold applies whatever the format', () => {
    const { handle, lines } = capture('logfmt', 'warning');
    logAt(handle.logger, 'notice', {}, 'hidden');
    logAt(handle.logger, 'warning', {}, 'shown');
    expect(lines.map((l) => parseLogfmt(l.trimEnd()).msg)).toEqual(['shown']);
  });

  test('auto: legacy only on a terminal (stdout, no logfile); json for files, pipes and tests', () => {
    expect(capture('auto').handle.format()).toBe('json');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-log-'));
    try {
      const onTty = new LogSink({ logfile: '', isTty: true });
      const onPipe = new LogSink({ logfile: '', isTty: false });
      const toFile = new LogSink({ logfile: path.join(dir, 'f.log'), isTty: true });
      expect([onTty, onPipe, toFile].map((s) => s.currentFormat())).toEqual(['legacy', 'json', 'json']);
      const explicit = new LogSink({ logfile: '', isTty: true, format: () => 'logfmt' });
      expect(explicit.currentFormat()).toBe('logfmt');
      toFile.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('no credential reaches a log line', () => {
  const SECRET = 's3cret-Pw';

  test('events and actions of a brain with auth-pass, auth-user and sentinel-pass set', () => {
    const b = newBrain();
    const m = master(b);
    expect(b.setOption('m', 'auth-pass', SECRET, undefined, 0)).toBeNull();
    expect(b.setOption('m', 'auth-user', 'admin', undefined, 0)).toBeNull();
    expect(b.setOption('m', 'quorum', '1', undefined, 0)).toBeNull();
    expect(b.configSet('sentinel-pass', SECRET, 0)).toBeNull();
    expect(b.configSet('sentinel-user', 'peer', 0)).toBeNull();
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    b.start(1);
    b.handle({ type: 'tick' }, 10);
    linkUp(b, m, 10);
    // No replies: the master goes down, is failed over as far as it goes with no replica.
    for (let t = 100; t <= 20_000; t += 100) b.handle({ type: 'tick' }, t);
    const actions = b.takeActions();
    const seen = new Set(actions.map((a) => (a.type === 'event' ? a.name : a.type)));
    for (const name of ['+set', '+sdown', '+odown', '+try-failover', '+elected-leader', 'connect'])
      expect(seen.has(name)).toBe(true);
    expect(actions.some((a) => a.type === 'connect' && a.spec.auth?.pass === SECRET)).toBe(true);

    for (const format of ['legacy', 'json', 'logfmt'] as const) {
      const { handle, lines } = capture(format);
      for (const a of actions) {
        if (a.type === 'event') logEvent(handle.logger, a);
        else if (a.type === 'log') logAt(handle.logger, a.level, {}, a.message);
        // Nothing logs whole actions today; the redaction must hold if something does.
        else handle.logger.debug({ action: a }, 'action');
      }
      // ioredis puts the failed command, arguments included, on its reply errors.
      const err = Object.assign(new ReplyError('WRONGPASS invalid username-password pair'), {
        command: { name: 'auth', args: ['admin', SECRET] },
      });
      handle.logger.debug({ err }, 'link action failed');
      handle.logger.debug({ linkId: 'x', auth: { user: 'admin', pass: SECRET } }, 'flat auth');
      const text = lines.join('');
      expect(text).toContain('auth-pass ******');
      expect(text).toContain('WRONGPASS');
      expect(text).not.toContain(SECRET);
    }
  });
});

describe('log file reopen', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-log-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const read = (file: string): string[] => fs.readFileSync(file, 'utf8').trimEnd().split('\n');

  test('after a move, reopen starts a fresh file at the old path', () => {
    const file = path.join(dir, 'sentinel.log');
    const handle = createLogger({ loglevel: 'notice', logfile: file, format: () => 'legacy' });
    handle.logger.info('before');
    fs.renameSync(file, `${file}.1`);
    handle.logger.info('still the old file');
    expect(handle.reopen()).toEqual({ kind: 'reopened', path: file });
    handle.logger.info('after');
    handle.close();
    handle.logger.info('closed: dropped');
    expect(read(`${file}.1`).map((l) => l.slice(l.indexOf(' * ') + 3))).toEqual([
      'before',
      'still the old file',
    ]);
    expect(read(file).map((l) => l.slice(l.indexOf(' * ') + 3))).toEqual([
      `Log file ${file} reopened`,
      'after',
    ]);
  });

  test('a failed reopen keeps writing to the old file and says why', () => {
    const sub = path.join(dir, 'logs');
    fs.mkdirSync(sub);
    const file = path.join(sub, 'sentinel.log');
    const handle = createLogger({ loglevel: 'notice', logfile: file, format: () => 'json' });
    fs.renameSync(sub, path.join(dir, 'moved'));
    const result = handle.reopen();
    expect(result.kind).toBe('failed');
    handle.logger.info('still here');
    handle.close();
    const lines = read(path.join(dir, 'moved', 'sentinel.log')).map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual([
      expect.stringMatching(
        /^Can't reopen the log file, still writing to the old one: Can't open the log file: ENOENT/,
      ),
      'still here',
    ]);
  });

  test('with stdout there is nothing to reopen: a verbose line, no error', () => {
    const { handle, lines } = capture('legacy');
    expect(handle.reopen()).toEqual({ kind: 'stdout' });
    expect(lines).toEqual([
      `${process.pid}:X 08 Dec 2026 01:23:45.678 - Logging to stdout: no log file to reopen\n`,
    ]);
  });
});

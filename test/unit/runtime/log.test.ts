import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createLogger,
  eventRecord,
  logAt,
  logEvent,
  pinoLevelFor,
  pinoThresholdFor,
} from '../../../src/log.js';
import type { LogLevelName } from '../../../src/config/model.js';
import type { LogLevel } from '../../../src/core/actions.js';

function capture(loglevel: LogLevelName) {
  const lines: Record<string, unknown>[] = [];
  const handle = createLogger({
    loglevel,
    logfile: '',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  });
  return { handle, lines };
}

const ALL: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];

describe('log level mapping', () => {
  test('Sentinel levels map to pino levels, verbose is its own level', () => {
    expect(ALL.map(pinoLevelFor)).toEqual(['debug', 'verbose', 'info', 'warn']);
    expect(pinoThresholdFor('nothing')).toBe('silent');
  });

  test.each<[LogLevelName, string[]]>([
    ['debug', ['debug', 'verbose', 'info', 'warn']],
    ['verbose', ['verbose', 'info', 'warn']],
    ['notice', ['info', 'warn']],
    ['warning', ['warn']],
    ['nothing', []],
  ])('loglevel %s lets through %j', (loglevel, expected) => {
    const { handle, lines } = capture(loglevel);
    for (const level of ALL) logAt(handle.logger, level, {}, `at ${level}`);
    expect(lines.map((l) => l.level)).toEqual(expected);
  });

  test('setLevel changes the threshold at runtime', () => {
    const { handle, lines } = capture('warning');
    logAt(handle.logger, 'notice', {}, 'hidden');
    handle.setLevel('debug');
    logAt(handle.logger, 'debug', {}, 'shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});

describe('event records', () => {
  test('a replica event carries instance, master, and the Sentinel log text', () => {
    const action = {
      type: 'event' as const,
      level: 'warning' as const,
      name: '+sdown',
      payload: 'slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379',
      subject: {
        kind: 'slave' as const,
        name: '127.0.0.1:6380',
        ip: '127.0.0.1',
        port: 6380,
        master: { name: 'mymaster', ip: '127.0.0.1', port: 6379 },
      },
      notificationScript: null,
    };
    const { handle, lines } = capture('debug');
    logEvent(handle.logger, action);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      event: '+sdown',
      payload: action.payload,
      master: 'mymaster',
      instance: { kind: 'slave', name: '127.0.0.1:6380', ip: '127.0.0.1', port: 6380 },
      msg: `+sdown ${action.payload}`,
    });
  });

  test('an event without a subject has no instance fields', () => {
    const r = eventRecord({
      type: 'event',
      level: 'warning',
      name: '+new-epoch',
      payload: '7',
      subject: null,
      notificationScript: null,
    });
    expect(r).toEqual({ fields: { event: '+new-epoch', payload: '7' }, message: '+new-epoch 7' });
  });

  test('a master event names itself as master', () => {
    const r = eventRecord({
      type: 'event',
      level: 'warning',
      name: '+odown',
      payload: 'master m 10.0.0.1 6379 #quorum 2/2',
      subject: { kind: 'master', name: 'm', ip: '10.0.0.1', port: 6379 },
      notificationScript: null,
    });
    expect(r.fields.master).toBe('m');
  });
});

describe('log file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-log-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('records reach the file after flush', () => {
    const file = path.join(dir, 'sentinel.log');
    const handle = createLogger({ loglevel: 'notice', logfile: file });
    logAt(handle.logger, 'notice', { a: 1 }, 'hello file');
    handle.flush();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'info', a: 1, msg: 'hello file' });
    handle.close();
  });

  test('an unopenable log file fails with the Redis text', () => {
    expect(() => createLogger({ loglevel: 'notice', logfile: path.join(dir, 'missing', 'x.log') })).toThrow(
      /^Can't open the log file: /,
    );
  });
});

import type { Action, EventSubject } from '../../../src/core/actions.js';
import { createLogger } from '../../../src/log.js';
import { Executor, type FlushResult } from '../../../src/runtime/executor.js';
import type { LinkAction } from '../../../src/runtime/links.js';

function setup(flushResults: FlushResult[] = [{ ok: true }], clock?: { now: number }) {
  const lines: Record<string, unknown>[] = [];
  const { logger } = createLogger({
    loglevel: 'debug',
    logfile: '',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  });
  const calls: string[] = [];
  const linkActions: LinkAction[] = [];
  const published: [string, string][] = [];
  const scripts: string[][] = [];
  const exits: number[] = [];
  let flushes = 0;
  const executor = new Executor({
    links: { execute: (a) => (linkActions.push(a), calls.push(`link:${a.type}`)) },
    publish: (c, m) => (published.push([c, m]), calls.push(`publish:${c}`)),
    flush: () => {
      calls.push('flush');
      return flushResults[Math.min(flushes++, flushResults.length - 1)] as FlushResult;
    },
    scripts: { schedule: (argv) => (scripts.push(argv), calls.push('script')) },
    log: logger,
    exit: (code) => (exits.push(code), calls.push(`exit:${code}`)),
    ...(clock ? { now: () => clock.now } : {}),
  });
  return { executor, lines, calls, linkActions, published, scripts, exits };
}

const master: EventSubject = { kind: 'master', name: 'm', ip: '127.0.0.1', port: 6379 };

function event(
  level: 'debug' | 'verbose' | 'notice' | 'warning',
  name: string,
  payload: string,
  script: string | null = null,
  subject: EventSubject | null = master,
): Action {
  return { type: 'event', level, name, payload, subject, notificationScript: script };
}

describe('Executor', () => {
  test('link actions go to the link manager in order', () => {
    const t = setup();
    const spec = {
      linkId: 'l1',
      kind: 'instance' as const,
      host: '127.0.0.1',
      port: 6379,
      auth: null,
      renamedCommands: {},
      clientNamePrefix: 'sentinel-abcdefgh',
      resolveHostnames: false,
    };
    const actions: Action[] = [
      { type: 'connect', which: 'cmd', spec },
      { type: 'ping', linkId: 'l1', command: 'PING' },
      { type: 'info', linkId: 'l1', command: 'INFO' },
      { type: 'publishHello', linkId: 'l1', command: 'PUBLISH', payload: 'x' },
      {
        type: 'askMasterDown',
        linkId: 'l1',
        command: 'SENTINEL',
        masterName: 'm',
        peerRunId: 'r',
        args: ['1', '2', '3', '*'],
      },
      {
        type: 'replicaOf',
        linkId: 'l1',
        commands: { multi: 'MULTI', slaveof: 'SLAVEOF', config: 'CONFIG', client: 'CLIENT', exec: 'EXEC' },
        host: null,
        port: 0,
      },
      { type: 'scriptKill', linkId: 'l1', command: 'SCRIPT' },
      { type: 'closeLink', linkId: 'l1', which: 'both' },
    ];
    expect(t.executor.run(actions)).toEqual({ flushOk: true });
    expect(t.linkActions).toEqual(actions);
  });

  test('a warning event is logged, published and handed to the notification script', () => {
    const t = setup();
    t.executor.run([event('warning', '+sdown', 'master m 127.0.0.1 6379', '/bin/notify.sh')]);
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0]).toMatchObject({
      level: 'warn',
      event: '+sdown',
      payload: 'master m 127.0.0.1 6379',
      master: 'm',
      instance: { kind: 'master', name: 'm', ip: '127.0.0.1', port: 6379 },
      msg: '+sdown master m 127.0.0.1 6379',
    });
    expect(t.published).toEqual([['+sdown', 'master m 127.0.0.1 6379']]);
    expect(t.scripts).toEqual([['/bin/notify.sh', '+sdown', 'master m 127.0.0.1 6379']]);
  });

  test('notice and verbose events are published but run no script; debug events are only logged', () => {
    const t = setup();
    t.executor.run([
      event('notice', '+slave', 'slave a', '/bin/notify.sh'),
      event('verbose', '+role-change', 'slave b new reported role is master', '/bin/notify.sh'),
      event(
        'debug',
        '-cmd-link-reconnection',
        'master m 127.0.0.1 6379 #Connection refused',
        '/bin/notify.sh',
      ),
    ]);
    expect(t.lines.map((l) => l.level)).toEqual(['info', 'verbose', 'debug']);
    expect(t.published.map(([c]) => c)).toEqual(['+slave', '+role-change']);
    expect(t.scripts).toEqual([]);
  });

  test('a warning event without a subject or without a script runs no script', () => {
    const t = setup();
    t.executor.run([
      event('warning', '+new-epoch', '5', '/bin/notify.sh', null),
      event('warning', '+sdown', 'x', null),
    ]);
    expect(t.scripts).toEqual([]);
    expect(t.published).toHaveLength(2);
  });

  // Sentinel 7.0 flushes the config synchronously where the state changes (a vote, a new
  // epoch, the failover's SLAVEOF NO ONE), so nothing that depends on that state leaves before
  // it is on disk. The batch's model is already updated, so one write first covers it all.
  test('several flushes in one batch make one write, before the other actions', () => {
    const t = setup();
    const result = t.executor.run([
      { type: 'flushConfig' },
      event('warning', '+new-epoch', '1', null, null),
      { type: 'flushConfig' },
      { type: 'runScript', argv: ['/bin/reconf.sh', 'm', 'leader', 'start', 'a', '1', 'b', '2'] },
    ]);
    expect(result.flushOk).toBe(true);
    expect(t.calls).toEqual(['flush', 'publish:+new-epoch', 'script']);
    expect(t.scripts).toEqual([['/bin/reconf.sh', 'm', 'leader', 'start', 'a', '1', 'b', '2']]);
    expect(t.lines.map((l) => l.msg)).toContain('Sentinel new configuration saved on disk');
    expect(t.lines.find((l) => l.msg === 'Sentinel new configuration saved on disk')?.level).toBe('info');
  });

  test('a vote, an ask for votes and REPLICAOF leave only after the config is written (issue #9 §2.1)', () => {
    const t = setup();
    t.executor.run([
      event('warning', '+vote-for-leader', 'abc 5', null, null),
      {
        type: 'askMasterDown',
        linkId: 'p1',
        command: 'SENTINEL',
        masterName: 'm',
        peerRunId: 'x',
        args: ['127.0.0.1', '6379', '5', 'abc'],
      },
      { type: 'flushConfig' },
      {
        type: 'replicaOf',
        linkId: 'r1',
        commands: { multi: 'MULTI', slaveof: 'SLAVEOF', config: 'CONFIG', client: 'CLIENT', exec: 'EXEC' },
        host: null,
        port: 0,
      },
    ]);
    expect(t.calls).toEqual(['flush', 'publish:+vote-for-leader', 'link:askMasterDown', 'link:replicaOf']);
  });

  test('a failed flush does not stop the batch (monitoring goes on, as in Sentinel)', () => {
    const t = setup([{ ok: false, error: 'No space left on device' }]);
    const result = t.executor.run([{ type: 'flushConfig' }, { type: 'ping', linkId: 'l', command: 'PING' }]);
    expect(result).toEqual({ flushOk: false });
    expect(t.calls).toEqual(['flush', 'link:ping']);
  });

  test('a failed flush logs the Sentinel warning and reports flushOk false', () => {
    const t = setup([{ ok: false, error: 'Permission denied' }]);
    expect(t.executor.run([{ type: 'flushConfig' }])).toEqual({ flushOk: false });
    const warn = t.lines.find((l) => l.level === 'warn');
    expect(warn?.msg).toBe(
      'WARNING: Sentinel was not able to save the new configuration on disk!!!: Permission denied',
    );
  });

  test('a flush that throws counts as failed', () => {
    const t = setup();
    const executor = new Executor({
      links: { execute: () => {} },
      publish: () => {},
      flush: () => {
        throw new Error('EROFS');
      },
      scripts: { schedule: () => {} },
      log: createLogger({ loglevel: 'nothing', logfile: '', destination: { write: () => {} } }).logger,
      exit: () => {},
    });
    expect(executor.run([{ type: 'flushConfig' }])).toEqual({ flushOk: false });
    expect(t.calls).toEqual([]);
  });

  test('a failed save is retried on later runs, at most once a second, until it succeeds', () => {
    const clock = { now: 1000 };
    const t = setup(
      [
        { ok: false, error: 'No space left on device' },
        { ok: false, error: 'No space left on device' },
        { ok: true },
      ],
      clock,
    );
    expect(t.executor.run([{ type: 'flushConfig' }])).toEqual({ flushOk: false });
    clock.now = 1500;
    t.executor.run([]);
    expect(t.calls).toEqual(['flush']); // not yet due
    clock.now = 2000;
    t.executor.run([]);
    clock.now = 3100;
    t.executor.run([]);
    expect(t.calls).toEqual(['flush', 'flush', 'flush']);
    clock.now = 9000;
    t.executor.run([]);
    expect(t.calls).toHaveLength(3); // saved: nothing more to retry
    // One warning for the run of failures (the retry at debug), then the saved notice.
    const messages = t.lines.map((l) => `${String(l.level)} ${String(l.msg)}`);
    expect(messages.filter((m) => m.startsWith('warn'))).toHaveLength(1);
    expect(messages[messages.length - 1]).toBe('info Sentinel new configuration saved on disk');
  });

  test('no flush in the batch: nothing written', () => {
    const t = setup();
    expect(t.executor.run([{ type: 'log', level: 'notice', message: 'Next failover delay: x' }])).toEqual({
      flushOk: true,
    });
    expect(t.calls).toEqual([]);
    expect(t.lines[0]).toMatchObject({ level: 'info', msg: 'Next failover delay: x' });
  });

  test('crash: the config is written first, then the warning, exit 99, and the batch stops', () => {
    const t = setup();
    t.executor.run([
      { type: 'flushConfig' },
      { type: 'crash', reason: 'crash-after-promotion' },
      event('warning', '+sdown', 'never'),
    ]);
    expect(t.calls).toEqual(['flush', 'exit:99']);
    expect(
      t.lines.some(
        (l) => l.msg === 'Sentinel CRASH because of SENTINEL simulate-failure' && l.level === 'warn',
      ),
    ).toBe(true);
    expect(t.published).toEqual([]);
  });

  test('a throwing dependency does not stop later actions', () => {
    const t = setup();
    const executor = new Executor({
      links: {
        execute: () => {
          throw new Error('bad');
        },
      },
      publish: () => {
        throw new Error('bad publish');
      },
      flush: () => ({ ok: true }),
      scripts: { schedule: (argv) => t.scripts.push(argv) },
      log: createLogger({ loglevel: 'nothing', logfile: '', destination: { write: () => {} } }).logger,
      exit: () => {},
    });
    executor.run([
      { type: 'ping', linkId: 'x', command: 'PING' },
      event('warning', '+sdown', 'p', '/s.sh'),
      { type: 'runScript', argv: ['/r.sh'] },
    ]);
    expect(t.scripts).toEqual([['/s.sh', '+sdown', 'p'], ['/r.sh']]);
  });
});

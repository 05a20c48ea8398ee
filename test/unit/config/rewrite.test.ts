import { REWRITE_MARKER, rewriteConfigText, rewriteKey } from '../../../src/config/rewrite.js';
import { renderSentinelState } from '../../../src/config/render.js';
import { addMaster, addReplica, addr, makeState } from './fixtures.js';

const ID = 'd'.repeat(40);

const USER_FILE = [
  '# Vigil example',
  'port 26379',
  'bind 127.0.0.1',
  '',
  '# the master we watch',
  'sentinel monitor mymaster 127.0.0.1 6379 2',
  'sentinel down-after-milliseconds mymaster 5000',
  '',
  'save 900 1',
  '# trailing comment',
].join('\n');

function state() {
  const s = makeState({ myid: ID, currentEpoch: 1n });
  const m = addMaster(s, 'mymaster', addr('127.0.0.1', 6379), 2, { downAfterMs: 5000, configEpoch: 1n });
  addReplica(m, addr('127.0.0.1', 6380));
  return s;
}

describe('rewriteConfigText', () => {
  test('first rewrite: user lines untouched, sentinel lines in place, new ones after the marker', () => {
    const out = rewriteConfigText(USER_FILE, renderSentinelState(state()));
    expect(out).toBe(
      [
        '# Vigil example',
        'port 26379',
        'bind 127.0.0.1',
        '',
        '# the master we watch',
        'sentinel monitor mymaster 127.0.0.1 6379 2',
        'sentinel down-after-milliseconds mymaster 5000',
        '',
        'save 900 1',
        '# trailing comment',
        REWRITE_MARKER,
        `sentinel myid ${ID}`,
        'sentinel config-epoch mymaster 1',
        'sentinel leader-epoch mymaster 0',
        'sentinel known-replica mymaster 127.0.0.1 6380',
        'sentinel current-epoch 1',
        '',
      ].join('\n'),
    );
  });

  test('byte-stable: rewriting the rewritten file with the same state changes nothing', () => {
    const lines = renderSentinelState(state());
    const once = rewriteConfigText(USER_FILE, lines);
    const twice = rewriteConfigText(once, lines);
    expect(twice).toBe(once);
    expect(rewriteConfigText(twice, renderSentinelState(state()))).toBe(once);
  });

  test('a changed state is rewritten in place; the marker is not added twice', () => {
    const s = state();
    const once = rewriteConfigText(USER_FILE, renderSentinelState(s));
    s.currentEpoch = 9n;
    const m = s.masters.get('mymaster')!;
    m.configEpoch = 9n;
    m.addr = addr('127.0.0.1', 6380);
    m.replicas.clear();
    addReplica(m, addr('127.0.0.1', 6379));
    addReplica(m, addr('127.0.0.1', 6381));
    const out = rewriteConfigText(once, renderSentinelState(s));
    expect(out.split(REWRITE_MARKER)).toHaveLength(2);
    expect(out).toBe(
      [
        '# Vigil example',
        'port 26379',
        'bind 127.0.0.1',
        '',
        '# the master we watch',
        'sentinel monitor mymaster 127.0.0.1 6380 2',
        'sentinel down-after-milliseconds mymaster 5000',
        '',
        'save 900 1',
        '# trailing comment',
        REWRITE_MARKER,
        `sentinel myid ${ID}`,
        'sentinel config-epoch mymaster 9',
        'sentinel leader-epoch mymaster 0',
        'sentinel known-replica mymaster 127.0.0.1 6379',
        'sentinel current-epoch 9',
        'sentinel known-replica mymaster 127.0.0.1 6381',
        '',
      ].join('\n'),
    );
  });

  test('lines no longer rendered are removed, extra old occurrences too', () => {
    const old = [
      'sentinel monitor a 127.0.0.1 1 1',
      '# keep me',
      'sentinel monitor b 127.0.0.1 2 1',
      'sentinel known-replica a 127.0.0.1 3',
      'sentinel known-replica a 127.0.0.1 4',
      'sentinel deny-scripts-reconfig yes',
      'sentinel known-sentinel a 127.0.0.1 26379',
      '',
    ].join('\n');
    const out = rewriteConfigText(old, [
      ['sentinel', 'monitor', 'a', '127.0.0.1', '1', '1'],
      ['sentinel', 'known-replica', 'a', '127.0.0.1', '4'],
    ]);
    expect(out).toBe(
      ['sentinel monitor a 127.0.0.1 1 1', '# keep me', 'sentinel known-replica a 127.0.0.1 4', ''].join(
        '\n',
      ),
    );
  });

  test('a legacy known-slave line is replaced by known-replica, never duplicated', () => {
    const old = 'sentinel monitor m 127.0.0.1 6379 2\nsentinel known-slave m 127.0.0.1 7000\n';
    const lines = [
      ['sentinel', 'monitor', 'm', '127.0.0.1', '6379', '2'],
      ['sentinel', 'known-replica', 'm', '127.0.0.1', '7000'],
    ];
    const out = rewriteConfigText(old, lines);
    expect(out).toBe('sentinel monitor m 127.0.0.1 6379 2\nsentinel known-replica m 127.0.0.1 7000\n');
    expect(rewriteKey(['SENTINEL', 'Known-Slave', 'm'])).toBe('sentinel known-replica');
  });

  test("Valkey's primary-reboot-down-after-period line is replaced, and dropped when the option is back to 0", () => {
    const old = 'sentinel monitor m 127.0.0.1 6379 2\nsentinel primary-reboot-down-after-period m 5000\n';
    const set = rewriteConfigText(old, [
      ['sentinel', 'monitor', 'm', '127.0.0.1', '6379', '2'],
      ['sentinel', 'master-reboot-down-after-period', 'm', '7000'],
    ]);
    expect(set).toBe(
      'sentinel monitor m 127.0.0.1 6379 2\nsentinel master-reboot-down-after-period m 7000\n',
    );
    // Back to the default 0 the option is not rendered, so the old alias line must go too.
    const unset = rewriteConfigText(old, [['sentinel', 'monitor', 'm', '127.0.0.1', '6379', '2']]);
    expect(unset).toBe('sentinel monitor m 127.0.0.1 6379 2\n');
  });

  test('unmanaged lines stay, even odd ones', () => {
    const old =
      'sentinel\nunknown-directive 1\n  # indented\nrequirepass "a b"\nsentinel monitor m "unbalanced\n';
    const out = rewriteConfigText(old, [['sentinel', 'current-epoch', '0']]);
    expect(out).toBe(`${old}${REWRITE_MARKER}\nsentinel current-epoch 0\n`);
  });

  test('arguments that need it are quoted', () => {
    const out = rewriteConfigText('', [['sentinel', 'auth-pass', 'm', 'has "quotes" and spaces\\']]);
    expect(out).toBe(`${REWRITE_MARKER}\nsentinel auth-pass m "has \\"quotes\\" and spaces\\\\"\n`);
  });

  test('CRLF line endings survive on lines rewritten in place', () => {
    const old = '# c\r\nsentinel current-epoch 1\r\nport 1\r\n';
    expect(rewriteConfigText(old, [['sentinel', 'current-epoch', '2']])).toBe(
      '# c\r\nsentinel current-epoch 2\r\nport 1\r\n',
    );
  });

  test('a file without a final newline gets one; an empty file gets just the marker and the lines', () => {
    expect(rewriteConfigText('port 1', [])).toBe('port 1\n');
    expect(rewriteConfigText('', [])).toBe('');
    expect(rewriteConfigText('', [['sentinel', 'myid', ID]])).toBe(
      `${REWRITE_MARKER}\nsentinel myid ${ID}\n`,
    );
  });

  test('case-insensitive keys: SENTINEL MONITOR is replaced', () => {
    expect(
      rewriteConfigText('SENTINEL MONITOR m 1.2.3.4 1 1\n', [
        ['sentinel', 'monitor', 'm', '1.2.3.4', '1', '2'],
      ]),
    ).toBe('sentinel monitor m 1.2.3.4 1 2\n');
  });
});

describe('dir (#8: a rewritten config must start again from any working directory)', () => {
  const state = [
    ['dir', '/srv/run'],
    ['sentinel', 'myid', 'a'.repeat(40)],
  ];

  test('a relative dir is rewritten in place as the absolute directory, quoted as Redis does', () => {
    const text = rewriteConfigText('port 26379\ndir ./run\nloglevel notice\n', state);
    expect(text).toBe(
      `port 26379\ndir "/srv/run"\nloglevel notice\n${REWRITE_MARKER}\nsentinel myid ${'a'.repeat(40)}\n`,
    );
  });

  test('a file without dir gets one after the marker, before the sentinel lines', () => {
    const text = rewriteConfigText('port 26379\n', state);
    expect(text).toBe(`port 26379\n${REWRITE_MARKER}\ndir "/srv/run"\nsentinel myid ${'a'.repeat(40)}\n`);
  });

  test('two dir lines: the first holds the result, the second is removed', () => {
    const text = rewriteConfigText('dir /srv\nport 1\ndir run\n', state);
    expect(text.split('\n').filter((l) => l.startsWith('dir'))).toEqual(['dir "/srv/run"']);
    expect(text.startsWith('dir "/srv/run"\nport 1\n')).toBe(true);
  });

  test('without a dir among the new lines, dir lines are left alone', () => {
    const text = rewriteConfigText('dir ./run\n', [['sentinel', 'myid', 'b'.repeat(40)]]);
    expect(text).toBe(`dir ./run\n${REWRITE_MARKER}\nsentinel myid ${'b'.repeat(40)}\n`);
  });

  test('rewriting again changes nothing', () => {
    const once = rewriteConfigText('dir ./run\n', state);
    expect(rewriteConfigText(once, state)).toBe(once);
  });
});

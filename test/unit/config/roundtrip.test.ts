import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { flushSentinelConfig } from '../../../src/config/flush.js';
import { loadConfig } from '../../../src/config/load.js';
import { parseConfigText } from '../../../src/config/parse.js';
import { renderSentinelState } from '../../../src/config/render.js';
import { rewriteConfigText } from '../../../src/config/rewrite.js';
import type { SentinelState } from '../../../src/core/model.js';
import { fakeCore } from './fake-core.js';
import { addMaster, addReplica, addSentinel, addr, makeState } from './fixtures.js';

let dir: string;
const log = (): void => undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-roundtrip-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const TRICKY = [
  'pass word',
  'q"u\'o"te',
  'back\\slash\\',
  '\\x41',
  'tab\there',
  'new\nline',
  '\x01\x7f',
  'ünï ✓',
  '#hash',
  "'",
];

function bigState(password: string): SentinelState {
  const state = makeState({ myid: '0123456789abcdef0123456789abcdef01234567', currentEpoch: 12n });
  state.settings.denyScriptsReconfig = false;
  state.settings.announceIp = '192.0.2.7';
  state.settings.announcePort = 26400;
  state.settings.sentinelUser = 'sentinel user';
  state.settings.sentinelPass = password;
  const m1 = addMaster(state, 'mymaster', addr('127.0.0.1', 6379), 2, {
    downAfterMs: 5000,
    failoverTimeout: 60000,
    parallelSyncs: 3,
    authPass: password,
    authUser: 'vigil user',
    masterRebootDownAfterPeriod: 2000,
    configEpoch: 12n,
    leaderEpoch: 11n,
  });
  addReplica(m1, addr('127.0.0.1', 6380));
  addReplica(m1, addr('::1', 6381));
  addSentinel(m1, addr('127.0.0.1', 26380), 'a'.repeat(40));
  addSentinel(m1, addr('127.0.0.1', 26381), 'b'.repeat(40));
  m1.renamedCommands.set('config', 'my config');
  const m2 = addMaster(state, 'other master', addr('127.0.0.2', 7000), 1, { configEpoch: 3n });
  addReplica(m2, addr('127.0.0.2', 7001));
  return state;
}

describe('render → rewrite → parse', () => {
  test.each(TRICKY)('yields the same sentinel lines (password %j)', (password) => {
    const rendered = renderSentinelState(bigState(password));
    const text = rewriteConfigText('# user file\nport 26379\n', rendered);
    const parsed = parseConfigText(text, { path: '/x/s.conf', cwd: '/x' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    // Parsing orders lines into load buckets; compare as sets of lines, then by bucket order.
    const lines = parsed.value.config.sentinelLines.map((l) => l.args);
    expect([...lines].sort()).toEqual([...rendered].sort());
    expect(lines).toHaveLength(rendered.length);
  });
});

describe('save, restart, save again', () => {
  function restart(file: string): SentinelState {
    const core = fakeCore();
    const r = loadConfig(file, [], core.apply);
    if (!r.ok) throw new Error(r.message);
    return core.state;
  }

  test.each(TRICKY)('restarting on the rewritten file reproduces the state (password %j)', (password) => {
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, '# mine\nport 26379\nsentinel monitor mymaster 127.0.0.1 6379 2\n', {
      mode: 0o600,
    });
    const state = bigState(password);
    expect(flushSentinelConfig(file, state, { log })).toEqual({ ok: true });
    const first = fs.readFileSync(file, 'utf8');

    const reloaded = restart(file);
    expect(reloaded.myid).toBe(state.myid);
    expect(reloaded.currentEpoch).toBe(12n);
    expect(reloaded.settings).toEqual(state.settings);
    expect(renderSentinelState(reloaded)).toEqual(renderSentinelState(state));
    const m1 = reloaded.masters.get('mymaster')!;
    expect(m1.authPass).toBe(password);
    expect([...m1.replicas.keys()]).toEqual(['127.0.0.1:6380', '[::1]:6381']);
    expect([...m1.sentinels.keys()]).toEqual(['a'.repeat(40), 'b'.repeat(40)]);

    // Saving the reloaded state changes no byte, and the mode is kept throughout.
    expect(flushSentinelConfig(file, reloaded, { log })).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  test('a mid-failover save restarts with the promoted replica as master and the old one as replica', () => {
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, 'port 26379\n');
    const state = makeState({ myid: 'c'.repeat(40), currentEpoch: 4n });
    const m = addMaster(state, 'm', addr('127.0.0.1', 6379), 2, {
      failoverState: 'reconf_slaves',
      configEpoch: 4n,
    });
    addReplica(m, addr('127.0.0.1', 6381));
    m.promoted = addReplica(m, addr('127.0.0.1', 6380));
    expect(flushSentinelConfig(file, state, { log })).toEqual({ ok: true });
    const reloaded = restart(file).masters.get('m')!;
    expect(reloaded.addr.port).toBe(6380);
    expect([...reloaded.replicas.keys()]).toEqual(['127.0.0.1:6381', '127.0.0.1:6379']);
  });

  test('a file with a legacy known-slave line loads again after a save (no duplicate replica)', () => {
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, 'sentinel monitor m 127.0.0.1 6379 2\nsentinel known-slave m 127.0.0.1 7000\n');
    const state = restart(file);
    state.myid = 'f'.repeat(40);
    expect(flushSentinelConfig(file, state, { log })).toEqual({ ok: true });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('known-slave');
    expect(text.match(/known-replica/g)).toHaveLength(1);
    expect([...restart(file).masters.get('m')!.replicas.keys()]).toEqual(['127.0.0.1:7000']);
  });

  test('first start: a config without myid gets one appended once', () => {
    const file = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(file, 'port 26379\nsentinel monitor m 127.0.0.1 6379 2\n');
    const state = restart(file);
    expect(state.myid).toBe('');
    state.myid = '9'.repeat(40); // what the core's start() generates
    expect(flushSentinelConfig(file, state, { log })).toEqual({ ok: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(
      [
        'port 26379',
        'sentinel monitor m 127.0.0.1 6379 2',
        '# Generated by CONFIG REWRITE',
        `sentinel myid ${'9'.repeat(40)}`,
        'sentinel config-epoch m 0',
        'sentinel leader-epoch m 0',
        'sentinel current-epoch 0',
        '',
      ].join('\n'),
    );
    expect(restart(file).myid).toBe('9'.repeat(40));
  });
});

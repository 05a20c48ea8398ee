/**
 * The failover history (src/runtime/history.ts): records built from event actions (ours,
 * aborted, observed), the skipped replicas and their reasons, and the JSON-lines file (torn
 * last line, bounding, reload).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventAction } from '../../../src/log.js';
import { instanceEvent, plainEvent } from '../../../src/core/events.js';
import {
  HistoryFile,
  HistoryObserver,
  parseHistory,
  type FailoverRecord,
} from '../../../src/runtime/history.js';
import type { MasterInstance, SentinelState } from '../../../src/core/model.js';
import { makeMaster, makeReplica, makeSentinel, makeState } from '../core/model-factory.js';

const T0 = 1_800_000_000_000;

function ev(action: ReturnType<typeof instanceEvent>): EventAction {
  return action as EventAction;
}

function setup(): {
  state: SentinelState;
  master: MasterInstance;
  records: FailoverRecord[];
  obs: HistoryObserver;
} {
  const state = makeState();
  const master = makeMaster(state, { now: T0 });
  const records: FailoverRecord[] = [];
  const obs = new HistoryObserver({ state: () => state, record: (r) => records.push(r) });
  return { state, master, records, obs };
}

describe('HistoryObserver', () => {
  test('a failover we led: epoch, leader, states with times, primaries, skipped replicas and why', () => {
    const { state, master, records, obs } = setup();
    const s = state.settings;
    const best = makeReplica(master, { now: T0, port: 6380, slaveReplOffset: 500 });
    makeReplica(master, { now: T0, port: 6381, slaveReplOffset: 400 });
    makeReplica(master, { now: T0, port: 6382, slavePriority: 0 });
    makeReplica(master, { now: T0, port: 6383, flags: { sDown: true } });

    state.currentEpoch = 7n;
    master.failoverEpoch = 7n;
    master.flags.failoverInProgress = true;
    master.flags.forceFailover = true;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+elected-leader', master)), T0 + 100);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+failover-state-select-slave', master)), T0 + 100);
    best.flags.promoted = true;
    master.promoted = best;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+selected-slave', best)), T0 + 100);
    obs.onEvent(ev(instanceEvent(s, 'notice', '+failover-state-send-slaveof-noone', best)), T0 + 100);
    obs.onEvent(ev(instanceEvent(s, 'notice', '+failover-state-wait-promotion', best)), T0 + 200);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+promoted-slave', best)), T0 + 900);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+failover-state-reconf-slaves', master)), T0 + 900);
    obs.onEvent(ev(instanceEvent(s, 'notice', '+slave-reconf-sent', best)), T0 + 950);
    expect(records).toHaveLength(0);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+failover-end', master)), T0 + 2000);
    obs.onEvent(
      ev(plainEvent(s, 'warning', '+switch-master', master, 'mymaster 127.0.0.1 6379 127.0.0.1 6380')),
      T0 + 2000,
    );

    expect(records).toHaveLength(1);
    const r = records[0];
    expect(r).toMatchObject({
      v: 1,
      master: 'mymaster',
      role: 'leader',
      epoch: '7',
      leader: state.myid,
      forced: true,
      oldPrimary: '127.0.0.1:6379',
      newPrimary: '127.0.0.1:6380',
      selected: '127.0.0.1:6380',
      outcome: 'succeeded',
      abortReason: null,
      durationMs: 2000,
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 2000).toISOString(),
    });
    expect(r.states.map((x) => x.state)).toEqual([
      'wait_start',
      'elected',
      'select_slave',
      'send_slaveof_noone',
      'wait_promotion',
      'promoted',
      'reconf_slaves',
      'update_config',
      'switch',
    ]);
    expect(r.states[4].at).toBe(new Date(T0 + 200).toISOString());
    expect(r.skipped).toEqual([
      { name: '127.0.0.1:6381', reason: 'outranked: offset 400 vs 500' },
      { name: '127.0.0.1:6382', reason: 'priority 0' },
      { name: '127.0.0.1:6383', reason: 'down' },
    ]);
  });

  test('every abort is recorded with its reason, and a new try starts a new record', () => {
    const { state, master, records, obs } = setup();
    const s = state.settings;
    master.failoverEpoch = 3n;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0);
    obs.onEvent(ev(instanceEvent(s, 'warning', '-failover-abort-not-elected', master)), T0 + 5000);
    master.failoverEpoch = 4n;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0 + 10_000);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+elected-leader', master)), T0 + 10_100);
    obs.onEvent(ev(instanceEvent(s, 'warning', '-failover-abort-no-good-slave', master)), T0 + 10_200);
    expect(records.map((r) => [r.epoch, r.outcome, r.abortReason, r.leader, r.newPrimary])).toEqual([
      ['3', 'aborted', 'not-elected', null, null],
      ['4', 'aborted', 'no-good-slave', state.myid, null],
    ]);
    expect(records[0].durationMs).toBe(5000);
    expect(records[1].states.map((x) => x.state)).toEqual(['wait_start', 'elected', 'aborted']);
  });

  test("another sentinel's failover is recorded when its configuration arrives", () => {
    const { state, master, records, obs } = setup();
    const s = state.settings;
    const peer = makeSentinel(master, 'b'.repeat(40));
    master.configEpoch = 9n;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+config-update-from', peer)), T0);
    obs.onEvent(
      ev(plainEvent(s, 'warning', '+switch-master', master, 'mymaster 127.0.0.1 6379 127.0.0.1 6381')),
      T0,
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      role: 'observer',
      outcome: 'observed',
      epoch: '9',
      leader: 'b'.repeat(40),
      oldPrimary: '127.0.0.1:6379',
      newPrimary: '127.0.0.1:6381',
    });
  });

  test('a failover of ours overtaken by a peer is an abort, then the observed one', () => {
    const { state, master, records, obs } = setup();
    const s = state.settings;
    const peer = makeSentinel(master, 'c'.repeat(40));
    obs.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+config-update-from', peer)), T0 + 50);
    obs.onEvent(
      ev(plainEvent(s, 'warning', '+switch-master', master, 'mymaster 127.0.0.1 6379 127.0.0.1 6381')),
      T0 + 50,
    );
    expect(records.map((r) => [r.role, r.outcome, r.abortReason])).toEqual([
      ['leader', 'aborted', 'overtaken'],
      ['observer', 'observed', null],
    ]);
  });

  test('SENTINEL RESET or REMOVE during a failover records it aborted', () => {
    const { state, master, records, obs } = setup();
    const s = state.settings;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+reset-master', master)), T0 + 1);
    obs.onEvent(ev(instanceEvent(s, 'warning', '+try-failover', master)), T0 + 2);
    obs.onEvent(ev(instanceEvent(s, 'warning', '-monitor', master)), T0 + 3);
    obs.onEvent(ev(instanceEvent(s, 'warning', '-monitor', master)), T0 + 4);
    expect(records.map((r) => [r.outcome, r.abortReason])).toEqual([
      ['aborted', 'reset'],
      ['aborted', 'removed'],
    ]);
  });

  test('events of other kinds, or for a master without a failover, record nothing', () => {
    const { state, master, records, obs } = setup();
    const s = state.settings;
    obs.onEvent(ev(instanceEvent(s, 'warning', '+sdown', master)), T0);
    obs.onEvent(ev(instanceEvent(s, 'warning', '-failover-abort-slave-timeout', master)), T0);
    obs.onEvent(
      {
        type: 'event',
        level: 'warning',
        name: '+tilt',
        payload: '',
        subject: null,
        notificationScript: null,
      },
      T0,
    );
    expect(records).toEqual([]);
  });
});

function record(i: number): FailoverRecord {
  const at = new Date(T0 + i).toISOString();
  return {
    v: 1,
    master: 'mymaster',
    role: 'leader',
    epoch: String(i),
    leader: null,
    forced: false,
    oldPrimary: '127.0.0.1:6379',
    newPrimary: '127.0.0.1:6380',
    selected: '127.0.0.1:6380',
    skipped: [],
    states: [{ state: 'wait_start', at }],
    startedAt: at,
    endedAt: at,
    durationMs: 0,
    outcome: 'succeeded',
    abortReason: null,
  };
}

describe('HistoryFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-history-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('appends one line per record and loads them back, newest last', () => {
    const file = path.join(dir, 'vigil-history.jsonl');
    const h = new HistoryFile(file, { max: () => 10 });
    h.load();
    expect(h.list()).toEqual([]);
    h.append(record(1));
    h.append(record(2));
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    const again = new HistoryFile(file, { max: () => 10 });
    again.load();
    expect(again.list().map((r) => r.epoch)).toEqual(['1', '2']);
  });

  test('a torn last line is skipped and cut off, so the next append starts on its own line', () => {
    const file = path.join(dir, 'vigil-history.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(record(1))}\n${JSON.stringify(record(2)).slice(0, 40)}`);
    // A rewrite interrupted by a crash leaves its temp file: removed at load.
    fs.writeFileSync(`${file}.tmp-12345`, 'partial');
    const warnings: string[] = [];
    const h = new HistoryFile(file, { max: () => 10, warn: (m) => warnings.push(m) });
    h.load();
    expect(fs.readdirSync(dir)).toEqual(['vigil-history.jsonl']);
    expect(h.list().map((r) => r.epoch)).toEqual(['1']);
    h.append(record(3));
    expect(parseHistory(fs.readFileSync(file, 'utf8')).map((r) => r.epoch)).toEqual(['1', '3']);
    expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    expect(warnings).toEqual([]);
  });

  test('garbage lines in the middle are skipped', () => {
    expect(
      parseHistory(
        `${JSON.stringify(record(1))}\n{"v":1,\nnot json\n{"v":2}\n\n${JSON.stringify(record(2))}\n`,
      ).map((r) => r.epoch),
    ).toEqual(['1', '2']);
  });

  test('bounded: kept entries are history-max, the file is rewritten to them past twice that', () => {
    const file = path.join(dir, 'vigil-history.jsonl');
    const h = new HistoryFile(file, { max: () => 3 });
    h.load();
    const lineCount = (): number =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length;
    for (let i = 1; i <= 6; i++) h.append(record(i));
    expect(lineCount()).toBe(6);
    expect(h.list().map((r) => r.epoch)).toEqual(['4', '5', '6']);
    h.append(record(7));
    expect(lineCount()).toBe(3);
    expect(parseHistory(fs.readFileSync(file, 'utf8')).map((r) => r.epoch)).toEqual(['5', '6', '7']);
    expect(fs.readdirSync(dir)).toEqual(['vigil-history.jsonl']);
    // A file already over the bound (history-max lowered) is cut down when loaded.
    const small = new HistoryFile(file, { max: () => 1 });
    small.load();
    expect(small.list().map((r) => r.epoch)).toEqual(['7']);
    expect(lineCount()).toBe(1);
  });

  test('an unwritable file is reported, never thrown', () => {
    const warnings: string[] = [];
    const h = new HistoryFile(path.join(dir, 'missing-dir', 'h.jsonl'), {
      max: () => 3,
      warn: (m) => warnings.push(m),
    });
    h.load();
    expect(() => h.append(record(1))).not.toThrow();
    expect(warnings.some((w) => w.startsWith("Can't append"))).toBe(true);
    expect(h.list()).toHaveLength(1);
  });
});

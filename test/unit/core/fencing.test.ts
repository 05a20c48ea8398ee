/**
 * Issue #10 §2 and §3: write fencing in the core (src/core/fencing.ts), driven through the real
 * Brain with a small scripted world: the master `m` (127.0.0.1:6379, the primary promoted in
 * config epoch 1), an old primary back at 127.0.0.1:6380 that we know as a replica but that
 * still reports the master role, and two peer sentinels.
 */
import type { Action } from '../../../src/core/actions.js';
import type { Brain } from '../../../src/core/brain.js';
import type { ReplicaInstance } from '../../../src/core/model.js';
import { FENCE } from '../../../src/constants.js';
import { PEER, PEER2, events, hello, master, newBrain } from './brain-helpers.js';

const HISTORY_A = 'a1'.repeat(20);
const HISTORY_B = 'b2'.repeat(20);
const OTHER = 'c3'.repeat(20);

interface Pause {
  at: number;
  target: string;
  ms: number | null;
}

class FenceWorld {
  readonly b: Brain;
  now = 0;
  readonly pauses: Pause[] = [];
  readonly slaveofs: { at: number; target: string; host: string | null }[] = [];
  readonly seen: string[] = [];
  readonly hellosTo: string[] = [];
  /** INFO text per node port. */
  readonly info = new Map<number, string>();
  /** Peers (run ids) whose PINGs go unanswered. */
  readonly silent = new Set<string>();

  constructor(options: { minority?: boolean; oldPrimaryHistory?: string } = {}) {
    this.b = newBrain();
    const apply = (...args: string[]): void => {
      const err = this.b.applyConfigDirective(args, 0);
      if (err !== null) throw new Error(err);
    };
    apply('down-after-milliseconds', 'm', '1000');
    apply('config-epoch', 'm', '1');
    apply('current-epoch', '1');
    apply('known-replica', 'm', '127.0.0.1', '6380');
    apply('known-sentinel', 'm', '127.0.0.2', '26379', PEER);
    apply('known-sentinel', 'm', '127.0.0.3', '26379', PEER2);
    if (options.minority === true) {
      expect(this.b.applyVigilDirective(['fence-on-minority', 'yes'])).toBeNull();
    }
    this.info.set(6379, primaryInfo(HISTORY_B, HISTORY_A));
    this.info.set(6380, primaryInfo(options.oldPrimaryHistory ?? HISTORY_A, '0'.repeat(40)));
    this.b.start(1);
    this.run(1000);
  }

  get oldPrimary(): ReplicaInstance {
    const r = master(this.b, 'm').replicas.get('127.0.0.1:6380');
    if (r === undefined) throw new Error('no replica 6380');
    return r;
  }

  private portOf(linkId: string): number | null {
    const m = master(this.b, 'm');
    if (m.link.id === linkId) return m.addr.port;
    for (const r of m.replicas.values()) if (r.link.id === linkId) return r.addr.port;
    return null;
  }

  private peerOf(linkId: string): string | null {
    for (const s of master(this.b, 'm').sentinels.values()) if (s.link.id === linkId) return s.name;
    return null;
  }

  private perform(actions: Action[]): void {
    const b = this.b;
    this.seen.push(...events(actions));
    for (const a of actions) {
      switch (a.type) {
        case 'connect':
          b.handle({ type: 'linkUp', linkId: a.spec.linkId, which: a.which, localIp: '127.0.0.1' }, this.now);
          break;
        case 'ping':
          if (!this.silent.has(this.peerOf(a.linkId) ?? '')) {
            b.handle({ type: 'pingReply', linkId: a.linkId, reply: 'PONG' }, this.now);
          }
          break;
        case 'info': {
          const port = this.portOf(a.linkId);
          const text = port === null ? null : (this.info.get(port) ?? null);
          b.handle({ type: 'infoReply', linkId: a.linkId, text }, this.now);
          break;
        }
        case 'publishHello':
          this.hellosTo.push(`${this.now} ${this.portOf(a.linkId) ?? 'peer'}`);
          b.handle({ type: 'publishReply', linkId: a.linkId, ok: true }, this.now);
          break;
        case 'pauseWrites':
          this.pauses.push({ at: this.now, target: String(this.portOf(a.linkId)), ms: a.ms });
          b.handle({ type: 'pauseReply', linkId: a.linkId, error: null }, this.now);
          break;
        case 'replicaOf': {
          const port = this.portOf(a.linkId);
          this.slaveofs.push({ at: this.now, target: String(port), host: a.host });
          if (port !== null && a.host !== null) this.info.set(port, replicaInfo(a.host, a.port));
          b.handle({ type: 'commandReply', linkId: a.linkId, count: 6 }, this.now);
          break;
        }
        default:
          break;
      }
    }
  }

  /** Run the timer every 100 ms until `until` (absolute), performing every action. */
  run(until: number): void {
    while (this.now < until) {
      this.now += 100;
      this.b.handle({ type: 'tick' }, this.now);
      this.drain();
    }
  }

  drain(): void {
    for (let actions = this.b.takeActions(); actions.length > 0; actions = this.b.takeActions()) {
      this.perform(actions);
    }
  }

  /** A hello from a peer naming `m` at (ip, port, config epoch). */
  peerHello(
    runId: string,
    mip = '127.0.0.1',
    mport = 6379,
    configEpoch = 1,
    currentEpoch = configEpoch,
  ): void {
    const ip = runId === PEER ? '127.0.0.2' : '127.0.0.3';
    this.b.handle(
      {
        type: 'hello',
        linkId: null,
        payload: hello(ip, 26379, runId, currentEpoch, 'm', mip, mport, configEpoch),
      },
      this.now,
    );
    this.drain();
  }

  pausesOf(target: string): Pause[] {
    return this.pauses.filter((p) => p.target === target);
  }
}

function primaryInfo(replId: string, replId2: string): string {
  return [
    '# Replication',
    'role:master',
    'connected_slaves:0',
    `master_replid:${replId}`,
    `master_replid2:${replId2}`,
    'master_repl_offset:1000',
    '',
  ].join('\r\n');
}

function replicaInfo(host: string, port: number): string {
  return [
    '# Replication',
    'role:slave',
    `master_host:${host}`,
    `master_port:${port}`,
    'master_link_status:up',
    'slave_repl_offset:1000',
    'slave_priority:100',
    `master_replid:${HISTORY_B}`,
    `master_replid2:${HISTORY_A}`,
    '',
  ].join('\r\n');
}

describe('stale primary (default on)', () => {
  test('history shows it is the old primary: paused at its first INFO, converted once a majority agrees, then unpaused', () => {
    const w = new FenceWorld();
    const firstPause = w.pausesOf('6380')[0];
    expect(firstPause).toBeDefined();
    expect(firstPause.ms).toBe(FENCE.pauseMs);
    // Known as a replica from the config: its first INFO comes at the first ticks.
    expect(firstPause.at).toBeLessThanOrEqual(300);
    expect(w.seen).toContain(
      '+fence slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379 #stale-primary replication-history',
    );
    // No hello from a peer yet: paused, not converted.
    expect(w.slaveofs).toEqual([]);
    // Renewed while it lasts.
    w.run(2000);
    const renewals = w.pausesOf('6380').filter((p) => p.ms !== null);
    expect(renewals.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < renewals.length; i++) {
      expect(renewals[i].at - renewals[i - 1].at).toBeLessThan(FENCE.pauseMs);
    }
    // One peer names m at config epoch 1: with us, 2 of 3 = a majority and the quorum.
    w.peerHello(PEER);
    w.run(w.now + 100);
    expect(w.slaveofs).toEqual([{ at: expect.any(Number), target: '6380', host: '127.0.0.1' }]);
    expect(w.seen).toContain('+convert-to-slave slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379');
    // Sentinel 7.0 would wait 4 × publish-period (8 s) of stable role first.
    expect(w.slaveofs[0].at).toBeLessThan(4 * 2000);
    // It now reports the replica role: the pause is lifted.
    w.run(w.now + 1000);
    const last = w.pausesOf('6380').at(-1);
    expect(last?.ms).toBeNull();
    expect(w.seen).toContain(
      '-fence slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379 #stale-primary converted',
    );
    expect(w.oldPrimary.fence).toBeNull();
  });

  test('no hello is published to a paused node (PUBLISH would wait under the pause)', () => {
    const w = new FenceWorld();
    const pausedFrom = w.pausesOf('6380')[0].at;
    w.run(6000);
    expect(w.hellosTo.filter((h) => h.endsWith(' 6380') && Number(h.split(' ')[0]) > pausedFrom)).toEqual([]);
    // The primary still gets its hellos.
    expect(w.hellosTo.some((h) => h.endsWith(' 6379'))).toBe(true);
  });

  test('unknown history: paused only after a majority agrees, converted only after Sentinel’s wait', () => {
    const w = new FenceWorld({ oldPrimaryHistory: OTHER });
    w.run(3000);
    expect(w.pausesOf('6380')).toEqual([]);
    const agreedAt = w.now;
    w.peerHello(PEER2);
    w.run(w.now + 200);
    expect(w.pausesOf('6380')[0]?.ms).toBe(FENCE.pauseMs);
    expect(
      w.seen.some((e) => e.startsWith('+fence slave 127.0.0.1:6380') && e.endsWith('#stale-primary epochs')),
    ).toBe(true);
    expect(w.slaveofs).toEqual([]);
    w.run(12000);
    expect(w.slaveofs.length).toBeGreaterThanOrEqual(1);
    // 4 × publish-period of stable role (Sentinel 7.0's rule), not at the agreement.
    expect(w.slaveofs[0].at - agreedAt).toBeGreaterThan(4 * 2000 - 3000);
    expect(w.slaveofs[0].at).toBeGreaterThan(4 * 2000);
  });

  test('a hello naming it primary in a newer epoch: switch, and the pause is lifted at once', () => {
    const w = new FenceWorld();
    expect(w.pausesOf('6380')[0]?.ms).toBe(FENCE.pauseMs);
    w.peerHello(PEER, '127.0.0.1', 6380, 2, 2);
    w.run(w.now + 300);
    expect(w.seen).toContain('+switch-master m 127.0.0.1 6379 127.0.0.1 6380');
    expect(w.pausesOf('6380').at(-1)?.ms).toBeNull();
    expect(w.seen).toContain('-fence master m 127.0.0.1 6380 #stale-primary newer-config');
    // It is our primary now: never converted.
    expect(w.slaveofs.filter((s) => s.target === '6380')).toEqual([]);
  });

  test('off with `vigil fence-stale-primary no`: Sentinel 7.0 behaviour', () => {
    const w = new FenceWorld();
    expect(w.b.applyVigilDirective(['fence-stale-primary', 'no'])).toBeNull();
    w.run(w.now + 500);
    expect(w.pausesOf('6380').at(-1)?.ms).toBeNull();
    const before = w.pauses.length;
    w.peerHello(PEER);
    w.run(w.now + 3000);
    expect(w.pauses.length).toBe(before);
    expect(w.slaveofs).toEqual([]);
  });

  test('nothing in TILT: the pause lapses by itself', () => {
    const w = new FenceWorld();
    expect(w.pausesOf('6380').length).toBeGreaterThan(0);
    // A clock jump back enters TILT.
    w.now -= 5000;
    w.b.handle({ type: 'tick' }, w.now);
    w.drain();
    expect(w.b.state.tilt).toBe(true);
    const before = w.pauses.length;
    w.run(w.now + 3000);
    expect(w.pauses.length).toBe(before);
  });
});

describe('minority (opt-in)', () => {
  test('off by default: peers silent, the primary is never paused', () => {
    const w = new FenceWorld();
    w.silent.add(PEER).add(PEER2);
    w.run(8000);
    expect(w.pausesOf('6379')).toEqual([]);
  });

  test('both peers silent: paused within down-after, renewed, lifted once a peer names it again', () => {
    const w = new FenceWorld({ minority: true });
    w.peerHello(PEER);
    w.peerHello(PEER2);
    w.run(w.now + 3000);
    expect(w.pausesOf('6379')).toEqual([]);
    const cutAt = w.now;
    w.silent.add(PEER).add(PEER2);
    w.run(cutAt + 6000);
    const first = w.pausesOf('6379')[0];
    expect(first?.ms).toBe(FENCE.pauseMs);
    // PING every second; a peer is silent after down-after/2 with no reply and 2 publish
    // periods without a hello (the last one came before the cut).
    expect(first.at - cutAt).toBeLessThanOrEqual(4100);
    expect(w.seen).toContain('+fence master m 127.0.0.1 6379 #minority majority-unreachable');
    const renewals = w.pausesOf('6379').filter((p) => p.ms !== null);
    expect(renewals.length).toBeGreaterThanOrEqual(4);
    // Peers answer PINGs again: not enough, they must name this primary again.
    w.silent.clear();
    w.run(w.now + 2000);
    expect(w.pausesOf('6379').at(-1)?.ms).toBe(FENCE.pauseMs);
    w.peerHello(PEER2);
    w.run(w.now + 200);
    expect(w.pausesOf('6379').at(-1)?.ms).toBeNull();
    expect(w.seen).toContain('-fence master m 127.0.0.1 6379 #minority majority-agrees');
  });

  test('one peer silent of two: still a majority, no fence', () => {
    const w = new FenceWorld({ minority: true });
    w.run(3000);
    // PEER2 stops answering and sends no hellos; PEER keeps answering and naming m.
    w.silent.add(PEER2);
    for (let t = 0; t < 6; t++) {
      w.peerHello(PEER);
      w.run(w.now + 1000);
    }
    expect(w.pausesOf('6379')).toEqual([]);
    // Both silent: fenced.
    w.silent.add(PEER);
    w.run(w.now + 5000);
    expect(w.pausesOf('6379')[0]?.ms).toBe(FENCE.pauseMs);
  });
});

import type { Brain } from '../../../src/core/brain.js';
import type { Instance } from '../../../src/core/model.js';
import { events, hello, linkUp, master, newBrain, ofType, PEER, pong, tick } from './brain-helpers.js';

/** Tick every 100 ms from `from` to `to`, answering PINGs of the `alive` instances; collect events. */
function run(b: Brain, from: number, to: number, alive: Instance[] = []): string[] {
  const seen: string[] = [];
  for (let t = from; t <= to; t += 100) {
    seen.push(...events(tick(b, t)));
    for (const i of alive) {
      if (i.link.cmdConnected) pong(b, i, t);
    }
    seen.push(...events(b.takeActions()));
  }
  return seen;
}

describe('SDOWN', () => {
  test('an unreachable master goes +sdown after down-after, counted from link creation', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '5000'], 0);
    // The link never comes up (connect attempts only).
    expect(run(b, 100, 5000)).toEqual([]);
    const ev = ofType(tick(b, 5100), 'event');
    expect(ev.map((e) => [e.level, e.name, e.payload])).toEqual([
      ['warning', '+sdown', 'master m 127.0.0.1 6379'],
    ]);
    expect(m.flags.sDown).toBe(true);
    expect(m.sDownSince).toBe(5100);
    // Stays down, no repeated event.
    expect(run(b, 5200, 6000)).toEqual([]);
  });

  test('an unanswered PING counts from the oldest one; any good reply ends SDOWN', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '3000'], 0);
    tick(b, 100);
    linkUp(b, m, 100);
    expect(run(b, 200, 2000, [m])).toEqual([]);
    // From now on the master is silent: last reply at 2000, so the next PING goes at 3100 and
    // later ones keep act_ping_time at the oldest.
    const quiet = run(b, 2100, 6100);
    expect(quiet).toEqual([]);
    expect(m.link.actPingTime).toBe(3100);
    expect(m.link.lastPingTime).toBeGreaterThan(3100);
    expect(events(tick(b, 6101))).toEqual(['+sdown master m 127.0.0.1 6379']);
    pong(b, m, 6150, 'LOADING Redis is loading');
    expect(events(tick(b, 6200))).toEqual(['-sdown master m 127.0.0.1 6379']);
    expect(m.flags.sDown).toBe(false);
    expect(m.sDownSince).toBe(6101);
  });

  test('a lost pub/sub connection alone is not SDOWN while PINGs are answered (Vigil)', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    tick(b, 100);
    linkUp(b, m, 100);
    expect(run(b, 200, 1500, [m])).toEqual([]);
    // Our own CLIENT KILL TYPE pubsub (role-change transaction) drops the pub/sub connection.
    b.handle(
      { type: 'linkDown', linkId: m.link.id, which: 'pubsub', error: 'Connection reset by peer' },
      1550,
    );
    expect(run(b, 1600, 4000, [m])).toEqual([]);
    expect(m.flags.sDown).toBe(false);
    // Losing the command connection does count, from the last good reply.
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'Connection refused' }, 4050);
    expect(run(b, 4100, 5200)).toContain('+sdown master m 127.0.0.1 6379');
  });

  test('a dropped command connection is judged down-after from the reconnect, not from the last reply', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    tick(b, 100);
    linkUp(b, m, 100);
    expect(run(b, 200, 2000, [m])).toEqual([]);
    const lastReply = m.link.lastAvailTime;
    // The primary is killed well after its last reply; its connections drop at once.
    const killedAt = lastReply + 900;
    b.handle(
      { type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'Connection reset by peer' },
      killedAt,
    );
    b.handle(
      { type: 'linkDown', linkId: m.link.id, which: 'pubsub', error: 'Connection reset by peer' },
      killedAt,
    );
    // Sentinel 7.0 restarts the clock with the PING it queues on reconnecting: no +sdown a
    // moment after the drop, only down-after after the reconnect.
    const early = run(b, killedAt + 50, killedAt + 1000);
    expect(early).toEqual([]);
    expect(run(b, killedAt + 1100, killedAt + 1300)).toEqual(['+sdown master m 127.0.0.1 6379']);
  });

  test('a master that reports the replica role for down-after + 2 × info-period', () => {
    const b = newBrain({ timers: { 'info-period': 1000 } });
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '2000'], 0);
    tick(b, 100);
    linkUp(b, m, 100);
    b.handle(
      {
        type: 'infoReply',
        linkId: m.link.id,
        text: 'role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7000\r\n',
      },
      100,
    );
    b.takeActions();
    expect(run(b, 200, 4100, [m])).toEqual([]);
    const later: string[] = [];
    for (let t = 4200; t <= 4300; t += 100) {
      later.push(...events(tick(b, t)));
      pong(b, m, t);
      b.handle({ type: 'infoReply', linkId: m.link.id, text: 'role:slave\r\n' }, t);
    }
    expect(later).toContain('+sdown master m 127.0.0.1 6379');
  });

  test('master reboot: down while the reboot window lasts longer than master-reboot-down-after-period', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['master-reboot-down-after-period', 'm', '1000'], 0);
    tick(b, 100);
    linkUp(b, m, 100);
    b.handle(
      { type: 'infoReply', linkId: m.link.id, text: `run_id:${'1'.repeat(40)}\r\nrole:master\r\n` },
      100,
    );
    b.handle(
      { type: 'infoReply', linkId: m.link.id, text: `run_id:${'2'.repeat(40)}\r\nrole:master\r\n` },
      200,
    );
    b.takeActions();
    // LOADING keeps it available but does not end the reboot window.
    const seen: string[] = [];
    for (let t = 300; t <= 1300; t += 100) {
      seen.push(...events(tick(b, t)));
      pong(b, m, t, 'LOADING');
    }
    expect(seen).toContain('+sdown master m 127.0.0.1 6379');
    pong(b, m, 1350);
    expect(events(tick(b, 1400))).toEqual(['-sdown master m 127.0.0.1 6379']);
  });

  test('replicas and sentinels: %@ carries the owning master', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6380'], 0);
    b.handle(
      { type: 'hello', linkId: null, payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0) },
      0,
    );
    b.takeActions();
    tick(b, 50);
    linkUp(b, m, 50);
    const seen = run(b, 100, 1200, [m]);
    expect(seen).toEqual(
      [
        'slave 127.0.0.1:6380 127.0.0.1 6380 @ m 127.0.0.1 6379',
        `sentinel ${PEER} 127.0.0.1 26380 @ m 127.0.0.1 6379`,
      ].map((s) => `+sdown ${s}`),
    );
  });

  test('announce-hostnames shows hostnames in the payload', () => {
    const b = newBrain({ settings: { resolveHostnames: true, announceHostnames: true } }, false);
    b.applyConfigDirective(['monitor', 'h', 'db.example', '6379', '2'], 0);
    b.applyConfigDirective(['down-after-milliseconds', 'h', '1000'], 0);
    expect(run(b, 100, 1100)).toEqual(['+sdown master h db.example 6379']);
  });

  test('not evaluated in TILT', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    tick(b, 100);
    b.state.tilt = true;
    b.state.tiltStartTime = 100;
    expect(run(b, 200, 3000).filter((e) => e.startsWith('+sdown'))).toEqual([]);
    expect(m.flags.sDown).toBe(false);
  });
});

/**
 * Credentials that stop working (issue #8): a refused SUBSCRIBE closes the pub/sub connection
 * (`disconnected`), the rounds that reopen it still PING on the command connection, NOAUTH
 * replies keep the PING pending (SDOWN), and SENTINEL SET auth-pass reconnects with the new
 * credentials. The timeline matches redis-sentinel 7.0.15 measured on loopback (see
 * test/integration/scenarios/credentials.test.ts).
 */
import type { Brain } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import { events, linkUp, master, newBrain, ofType, tick } from './brain-helpers.js';

const NOAUTH = 'NOAUTH Authentication required.';

/** A brain monitoring `m` with down-after 1000 ms and an auth-pass. */
function protectedBrain(pass = 'wrong'): Brain {
  const b = newBrain();
  b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
  b.applyConfigDirective(['auth-pass', 'm', pass], 0);
  return b;
}

/**
 * A data node that refuses our credentials, played on loopback timing: every connect
 * succeeds 1 ms later, a pub/sub connection's SUBSCRIBE is refused 1 ms after that, and every
 * command is answered with an auth error 1 ms after it was sent. With `accept` the node takes
 * the credentials instead (PONG, an empty INFO, a good subscribe).
 */
class Node {
  accept = false;
  readonly sent: { at: number; action: Action }[] = [];
  private queue: { at: number; run: () => void }[] = [];

  constructor(private readonly b: Brain) {}

  /**
   * Runs the brain from `from` to `to`, answering its actions, with a tick every 103 ms: the
   * timer runs a little slower than 10 Hz, so the rounds that reconnect are ~1030 ms apart,
   * as measured for redis-sentinel.
   */
  run(from: number, to: number): void {
    for (let now = from; now <= to; now += 1) {
      const due = this.queue.filter((q) => q.at <= now);
      this.queue = this.queue.filter((q) => q.at > now);
      for (const q of due) q.run();
      if (now % 103 === 0) this.b.handle({ type: 'tick' }, now);
      this.answer(this.b.takeActions(), now);
    }
  }

  private later(at: number, run: () => void): void {
    this.queue.push({ at, run });
  }

  answer(actions: Action[], now: number): void {
    const b = this.b;
    for (const action of actions) {
      this.sent.push({ at: now, action });
      switch (action.type) {
        case 'connect': {
          const { linkId } = action.spec;
          const which = action.which;
          this.later(now + 1, () =>
            b.handle({ type: 'linkUp', linkId, which, localIp: '127.0.0.1' }, now + 1),
          );
          if (which === 'pubsub') {
            this.later(now + 2, () =>
              b.handle(
                this.accept
                  ? { type: 'pubsubActivity', linkId }
                  : { type: 'subscribeFailed', linkId, error: NOAUTH },
                now + 2,
              ),
            );
          }
          break;
        }
        case 'ping':
          this.later(now + 1, () =>
            b.handle(
              { type: 'pingReply', linkId: action.linkId, reply: this.accept ? 'PONG' : NOAUTH },
              now + 1,
            ),
          );
          break;
        case 'info':
          this.later(now + 1, () =>
            b.handle(
              { type: 'infoReply', linkId: action.linkId, text: this.accept ? 'role:master\r\n' : null },
              now + 1,
            ),
          );
          break;
        case 'publishHello':
          this.later(now + 1, () =>
            b.handle({ type: 'publishReply', linkId: action.linkId, ok: this.accept }, now + 1),
          );
          break;
        default:
          break;
      }
    }
  }

  count(type: Action['type'], from: number, to: number, which?: string): number {
    return this.sent.filter(
      (s) =>
        s.at >= from &&
        s.at <= to &&
        s.action.type === type &&
        (which === undefined || ('which' in s.action && s.action.which === which)),
    ).length;
  }
}

describe('a SUBSCRIBE refused for bad credentials', () => {
  test('closes the pub/sub connection: the link is disconnected, retried once per ping-period', () => {
    const b = protectedBrain();
    const m = master(b);
    expect(ofType(tick(b, 100), 'connect')).toHaveLength(2);
    linkUp(b, m, 101);
    b.takeActions();
    expect(b.isLinkConnected(m)).toBe(true);

    b.handle({ type: 'subscribeFailed', linkId: m.link.id, error: NOAUTH }, 102);
    expect(b.takeActions()).toEqual([{ type: 'closeLink', linkId: m.link.id, which: 'pubsub' }]);
    expect(b.isLinkConnected(m)).toBe(false);
    expect(m.link.cmdConnected).toBe(true);
    // Not pub/sub activity.
    expect(m.link.pubsubLastActivity).toBe(0);

    // Reconnect paced by ping-period from the last attempt (100): the pub/sub connection only.
    expect(ofType(tick(b, 600), 'connect')).toHaveLength(0);
    expect(ofType(tick(b, 1150), 'connect').map((c) => c.which)).toEqual(['pubsub']);
  });

  test('a refusal for a link already released or closed does nothing', () => {
    const b = protectedBrain();
    b.handle({ type: 'subscribeFailed', linkId: 'L999', error: NOAUTH }, 10);
    expect(b.takeActions()).toEqual([]);
    const m = master(b);
    tick(b, 100);
    linkUp(b, m, 101);
    b.handle({ type: 'subscribeFailed', linkId: m.link.id, error: NOAUTH }, 102);
    b.takeActions();
    // A second report for the connection already closed: no second closeLink.
    b.handle({ type: 'subscribeFailed', linkId: m.link.id, error: NOAUTH }, 103);
    expect(b.takeActions()).toEqual([]);
  });

  test('with the pub/sub connection refused, PING, INFO and the hello still go out on the command connection', () => {
    const b = protectedBrain();
    const m = master(b);
    tick(b, 100);
    linkUp(b, m, 101); // PING on the new command connection
    b.handle({ type: 'pingReply', linkId: m.link.id, reply: NOAUTH }, 102);
    b.handle({ type: 'subscribeFailed', linkId: m.link.id, error: NOAUTH }, 102);
    b.takeActions();
    // Departure (#9 §2.3): the command connection is probed whether or not the pub/sub one is
    // up. Sentinel 7.0 sends only in the rounds that reopen it; the PING that is due goes out.
    const between = tick(b, 600).map((a) => (a.type === 'connect' ? `connect ${a.which}` : a.type));
    expect(between).toEqual(['info']);
    const round = tick(b, 2200).map((a) => (a.type === 'connect' ? `connect ${a.which}` : a.type));
    expect(round).toEqual(expect.arrayContaining(['connect pubsub', 'ping', 'publishHello']));
    // Nothing while the command connection itself is down, even with pub/sub opening.
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'reset' }, 2210);
    b.takeActions();
    const noCmd = tick(b, 2300);
    expect(ofType(noCmd, 'ping').length + ofType(noCmd, 'info').length).toBe(0);
  });

  test('NOAUTH replies keep the PING pending: SDOWN after down-after', () => {
    const b = protectedBrain();
    const m = master(b);
    tick(b, 100);
    linkUp(b, m, 101);
    b.handle({ type: 'pingReply', linkId: m.link.id, reply: NOAUTH }, 102);
    b.takeActions();
    expect(m.link.actPingTime).toBe(101);
    expect(m.link.lastPongTime).toBe(102);
    expect(events(tick(b, 1000))).toEqual([]);
    expect(events(tick(b, 1200))).toEqual(['+sdown master m 127.0.0.1 6379']);
  });
});

describe('the timeline with credentials refused from the start', () => {
  test('disconnected at once, SDOWN after down-after, one PING a second, the command connection renewed every 15 s', () => {
    const b = protectedBrain();
    const m = master(b);
    const node = new Node(b);
    const flags: string[] = [];
    let disconnectedSince: number | null = null;
    for (let t = 0; t < 40_000; t += 100) {
      node.run(t, t + 99);
      const f = `${m.flags.sDown ? 's_down,' : ''}${b.isLinkConnected(m) ? '' : 'disconnected'}`;
      if (flags[flags.length - 1] !== f) flags.push(f);
      if (disconnectedSince === null && !b.isLinkConnected(m) && t > 100) disconnectedSince = t;
    }
    // redis-sentinel: `disconnected` from the first refused SUBSCRIBE, `s_down` a down-after later.
    expect(disconnectedSince).toBeLessThanOrEqual(200);
    expect(flags).toEqual(['disconnected', 's_down,disconnected']);
    expect(m.sDownSince).toBeGreaterThan(1000);
    expect(m.sDownSince).toBeLessThanOrEqual(1300);
    // One pub/sub reconnect and one PING per ping-period (in the same rounds).
    const pubsubConnects = node.count('connect', 10_000, 20_000, 'pubsub');
    expect(pubsubConnects).toBeGreaterThanOrEqual(9);
    expect(pubsubConnects).toBeLessThanOrEqual(10);
    expect(node.count('ping', 10_000, 20_000)).toBe(pubsubConnects);
    // The idle check renews the command connection once it is 15 s old (PING pending, the
    // last NOAUTH more than down-after/2 ago), as redis-sentinel does.
    const cmdCloses = node.sent.filter((s) => s.action.type === 'closeLink' && s.action.which === 'cmd');
    expect(cmdCloses.length).toBe(2);
    expect(cmdCloses[0]?.at).toBeGreaterThan(15_000);
    expect(cmdCloses[0]?.at).toBeLessThan(16_100);
  });

  test('SENTINEL SET auth-pass: connections closed, reopened with the new password within a ping-period, flags clear', () => {
    const b = protectedBrain();
    const m = master(b);
    const node = new Node(b);
    node.run(0, 5000);
    expect(m.flags.sDown).toBe(true);
    expect(b.isLinkConnected(m)).toBe(false);

    expect(b.setOption('m', 'auth-pass', 'right', undefined, 5001)).toBeNull();
    const closed = b.takeActions();
    expect(ofType(closed, 'closeLink')).toEqual([{ type: 'closeLink', linkId: m.link.id, which: 'both' }]);
    node.accept = true;
    node.answer(closed, 5001);
    node.run(5002, 7000);
    const reconnects = node.sent.filter((s) => s.at > 5001 && s.action.type === 'connect');
    expect(reconnects.map((s) => (s.action.type === 'connect' ? s.action.which : ''))).toEqual([
      'cmd',
      'pubsub',
    ]);
    expect(reconnects[0]?.at).toBeLessThanOrEqual(6100);
    for (const s of reconnects) {
      if (s.action.type === 'connect') expect(s.action.spec.auth).toEqual({ user: null, pass: 'right' });
    }
    expect(b.isLinkConnected(m)).toBe(true);
    expect(m.flags.sDown).toBe(false);
  });
});

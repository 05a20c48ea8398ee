/**
 * #9 §2.2: a reply that arrives right after a stall is not acted on with the down states of
 * before the stall. The brain runs its timer first when an input comes after a gap longer
 * than tilt-trigger (or a clock going back), so TILT is entered before the reply is handled,
 * as in Sentinel 7.0, whose decisions all come from a timer run that checks TILT first.
 */
import type { Action } from '../../../src/core/actions.js';
import type { Brain } from '../../../src/core/brain.js';
import { events, hello, linkUp, ofType, PEER, startedWithMaster } from './brain-helpers.js';

interface Held {
  linkId: string;
  masterName: string;
  peerRunId: string;
}

/** A brain watching `m` with one peer; every link answers except the master's once it dies. */
function world() {
  const { b, m } = startedWithMaster(1000);
  b.handle(
    { type: 'hello', linkId: null, payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0) },
    10,
  );
  const peer = m.sentinels.get(PEER)!;
  linkUp(b, peer, 10);
  let masterAlive = true;
  const held: Held[] = [];
  const seen: string[] = [];
  const perform = (actions: Action[], now: number, holdAsks: boolean): void => {
    seen.push(...events(actions));
    for (const a of actions) {
      if (a.type === 'ping' && (a.linkId !== m.link.id || masterAlive)) {
        b.handle({ type: 'pingReply', linkId: a.linkId, reply: 'PONG' }, now);
      }
      if (a.type === 'askMasterDown') {
        // The peer does not see the master down yet; the last question is left unanswered.
        if (holdAsks) held.push({ linkId: a.linkId, masterName: a.masterName, peerRunId: a.peerRunId });
        else
          b.handle(
            {
              type: 'askReply',
              linkId: a.linkId,
              masterName: a.masterName,
              peerRunId: a.peerRunId,
              reply: [0, '*', 0],
            },
            now,
          );
      }
    }
    const more = b.takeActions();
    if (more.length > 0) perform(more, now, holdAsks);
  };
  const step = (now: number, holdAsks = false): void => {
    b.handle({ type: 'tick' }, now);
    perform(b.takeActions(), now, holdAsks);
  };
  return { b, m, held, seen, step, kill: () => (masterAlive = false), perform };
}

function deliverDownReply(b: Brain, held: Held, now: number): Action[] {
  b.handle({ type: 'askReply', ...held, reply: [1, '*', 0] }, now);
  return b.takeActions();
}

/**
 * The master dies and is SDOWN; one more run asks the peer, whose answer ("down") is held.
 * Returns the world, the held question and the time of that run.
 */
function sdownWithHeldAnswer() {
  const w = world();
  let now = 100;
  for (; now < 2000; now += 100) w.step(now);
  w.kill();
  for (; !w.m.flags.sDown; now += 100) w.step(now);
  w.step((now += 1000), true);
  expect(w.seen).toContain('+sdown master m 127.0.0.1 6379');
  expect(w.held.length).toBeGreaterThan(0);
  return { ...w, question: w.held[w.held.length - 1]!, now };
}

test('a peer agreeing the master is down, right after a 5 s stall: TILT first, no ODOWN, no failover', () => {
  const { b, m, question, now } = sdownWithHeldAnswer();
  // The answer (down) comes only after the process stalls 5 s.
  const after = deliverDownReply(b, question, now + 5000);
  expect(events(after)).toEqual(['+tilt #tilt mode entered']);
  expect(m.flags.oDown).toBe(false);
  expect(m.flags.failoverInProgress).toBe(false);
  expect(ofType(after, 'askMasterDown')).toEqual([]);
});

test('without a stall the same reply is acted on at once (+odown, +try-failover)', () => {
  const { b, m, question, now } = sdownWithHeldAnswer();
  const after = deliverDownReply(b, question, now + 50);
  expect(events(after)).toEqual(expect.arrayContaining(['+odown master m 127.0.0.1 6379 #quorum 2/2']));
  expect(m.flags.oDown).toBe(true);
});

test('a clock that went back, seen first by a reply, also enters TILT before acting', () => {
  const { b, m, question, now } = sdownWithHeldAnswer();
  const after = deliverDownReply(b, question, now - 10_000);
  expect(events(after)[0]).toBe('+tilt #tilt mode entered');
  expect(m.flags.oDown).toBe(false);
});

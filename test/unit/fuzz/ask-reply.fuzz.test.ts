/**
 * Fuzzing the `SENTINEL is-master-down-by-addr` reply handling (parseAskReply in
 * src/core/asking.ts, exported by election.ts): whatever a peer or the link layer hands over
 * (values, errors, nested junk) parses to null or a well-typed vote, and fed to a Brain whose
 * master is SDOWN it never throws nor breaks the model, failover included.
 */
import type { Brain } from '../../../src/core/brain.js';
import { parseAskReply } from '../../../src/core/election.js';
import { hello, linkUp, master, MYID, newBrain, PEER, pong, tick } from '../core/brain-helpers.js';
import { internalErrors, modelProblems } from './model-check.js';
import { ensure, fuzz, replaying, show, type Rng } from './prng.js';

/** Any value a reply callback could receive, nested a little. */
function junk(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 9 : 10)) {
    case 0:
      return rng.pick([0, 1, 2, -1, 1.5, -0, NaN, Infinity, -Infinity, 2 ** 53 + 2, Number.MAX_VALUE]);
    case 1:
      return rng.pick([0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 80n]);
    case 2:
      return rng.pick(['*', '', '1', PEER, MYID, 'x'.repeat(1000), '\0\r\n']);
    case 3:
      return Buffer.from(rng.pick(['*', PEER, '', '\xff\xfe']), 'latin1');
    case 4:
      return rng.pick([null, undefined, true, false]);
    case 5:
      return new Error(rng.pick(['ERR unknown subcommand', 'NOAUTH', 'Connection is closed.']));
    case 6:
      return rng.pick([{}, { length: 3 }, { 0: 1, 1: '*', 2: 0, length: 3 }, new Map(), Symbol('s')]);
    case 7:
    case 8:
      return [junk(rng, depth + 1), junk(rng, depth + 1), junk(rng, depth + 1)];
    default:
      return Array.from({ length: rng.int(6) }, () => junk(rng, depth + 1));
  }
}

/** A plausible reply: `[down, leader, epoch]` with the parts sometimes of the wrong type. */
function askReply(rng: Rng): unknown {
  if (rng.chance(0.3)) return junk(rng);
  const down = rng.chance(0.8) ? rng.pick([0, 1, 1n, 0n]) : junk(rng, 3);
  const leader = rng.chance(0.8) ? rng.pick(['*', PEER, MYID, Buffer.from(MYID)]) : junk(rng, 3);
  const epoch = rng.chance(0.8) ? rng.pick([0, 1, 2, 1n, -1, 2 ** 64]) : junk(rng, 3);
  return [down, leader, epoch];
}

describe('is-master-down-by-addr reply fuzzing', () => {
  test('parseAskReply: null or a vote with a boolean, a string and an integer epoch', () => {
    let parsed = 0;
    fuzz('ask-parse', 5000, askReply, (reply) => {
      const r = parseAskReply(reply);
      if (r === null) return;
      parsed++;
      ensure(typeof r.down === 'boolean' && typeof r.leader === 'string', () => `parsed ${String(r.leader)}`);
      // Epochs are exact 64-bit unsigned integers: -1 and 2^64 make the reply malformed (#9 §2.5).
      ensure(typeof r.leaderEpoch === 'bigint' && r.leaderEpoch >= 0n, `leaderEpoch ${r.leaderEpoch}`);
      const sent = (reply as unknown[])[2];
      ensure(sent !== -1 && sent !== 2 ** 64, `epoch ${String(sent)} was accepted`);
      ensure(Array.isArray(reply) && r.down === (Number((reply as unknown[])[0]) === 1), 'down differs');
    });
    // About a third of the epochs drawn (-1, 2^64) are not epochs: those replies are refused.
    if (!replaying) expect(parsed).toBeGreaterThan(1000);
  });

  const REPLICA_INFO = [
    'role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:up\r\nslave_repl_offset:5\r\n',
    'role:master\r\n',
  ];

  /** The replica answers its PING and INFO (as a replica, or as a master once promoted). */
  function replicaAlive(b: Brain, now: number, promoted: boolean): void {
    const r = master(b).replicas.get('127.0.0.1:6380');
    if (r === undefined) return;
    pong(b, r, now);
    b.handle({ type: 'infoReply', linkId: r.link.id, text: REPLICA_INFO[promoted ? 1 : 0] }, now);
  }

  /** Master `m` (down-after 1 s) with a healthy replica and a connected peer, SDOWN at t=3000. */
  function sdownBrain(): Brain {
    const b = newBrain();
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    const m = master(b);
    tick(b, 10);
    linkUp(b, m, 10);
    b.handle(
      {
        type: 'infoReply',
        linkId: m.link.id,
        text: 'role:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0\r\n',
      },
      20,
    );
    b.handle(
      {
        type: 'hello',
        linkId: m.link.id,
        payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0),
      },
      30,
    );
    linkUp(b, m.sentinels.get(PEER)!, 40);
    linkUp(b, m.replicas.get('127.0.0.1:6380')!, 40);
    tick(b, 100);
    replicaAlive(b, 100, false);
    tick(b, 1500); // the master's first PING, never answered
    replicaAlive(b, 1500, false);
    tick(b, 3000);
    replicaAlive(b, 3000, false);
    b.takeActions();
    return b;
  }

  test('replies to a Brain with an SDOWN master: no internal error and a sound model, through to +switch-master', () => {
    let failovers = 0;
    let switched = 0;
    const draw = (rng: Rng): number => rng.int(4);
    fuzz('ask-brain', 300, draw, (_unused, rng) => {
      const b = sdownBrain();
      const m = master(b);
      ensure(m.flags.sDown, 'setup did not reach SDOWN');
      const peer = m.sentinels.get(PEER)!;
      let now = 3000;
      const steps: string[] = [];
      for (let i = 0; i < 12; i++) {
        now += rng.int(1500);
        const reply = askReply(rng);
        steps.push(show(reply));
        const peerRunId = rng.chance(0.9) ? PEER : 'unknown';
        b.handle({ type: 'askReply', linkId: peer.link.id, masterName: 'm', peerRunId, reply }, now);
        if (rng.chance(0.4)) b.handle({ type: 'tick' }, now);
        if (rng.chance(0.5)) replicaAlive(b, now, m.failoverState === 'wait_promotion' && rng.chance(0.7));
        const problems = [...internalErrors(b.takeActions()), ...modelProblems(b.state)];
        ensure(problems.length === 0, () => `${problems.join('\n')}\nreplies:\n${steps.join('\n')}`);
      }
      if (m.failoverState !== 'none' || m.failoverEpoch > 0) failovers++;
      if (m.addr.port === 6380) switched++;
    });
    if (!replaying) {
      expect(failovers).toBeGreaterThan(100);
      expect(switched).toBeGreaterThan(5);
    }
  });
});

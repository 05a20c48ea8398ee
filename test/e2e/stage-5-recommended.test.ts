/**
 * Stage 5: the recommended setup: one primary, two replicas, three sentinels, quorum 2, with
 * "servers" pairing data node i with sentinel i.
 * - Killing the primary: exactly one failover with one leader, the other replica repointed,
 *   all three sentinels on the same primary and config epoch, a writing ioredis client resumes.
 * - Killing any one server keeps the service available: a replica's server costs nothing, the
 *   primary's server costs one failover run by the two survivors.
 * - A sentinel dying in the middle of a failover (SIMULATE-FAILURE crash-after-election, or a
 *   kill -9 of the leader at a random step) and restarted converges with the others.
 */
import { sendOnce, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  expectExactlyOneFailover,
  expectNoEvents,
  holdsFor,
  waitForConvergence,
  waitForReplicaOf,
} from './stage-util/assertions.js';
import { WritingClient } from './stage-util/clients.js';
import { sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { masterFields, masterPortOf, replicationOf, sentinelInfo } from './stage-util/queries.js';

/** Failover steps of the leader at which the random kill -9 may strike. */
const KILL_POINTS = [
  '+elected-leader',
  '+selected-slave',
  '+failover-state-wait-promotion',
  '+promoted-slave',
  '+slave-reconf-sent',
];

describe.each(sentinelKinds())('stage 5: one primary, two replicas, three sentinels (%s)', (kind) => {
  const groups = groupPerTest(kind);
  const recommended = { sentinels: 3, replicas: 2, quorum: 2 };

  /** Waits for writes that succeed after `since`, and checks the last one on the new primary. */
  async function expectWritesResume(w: WritingClient, since: number, primaryPort: number): Promise<void> {
    const oks = await waitFor(() => (w.okSince(since).length >= 5 ? w.okSince(since) : undefined), {
      timeoutMs: 20_000,
      description: `5 successful writes after the failover (${w.summary()})`,
    });
    const last = oks[oks.length - 1]!;
    expect(textOf((await sendOnce(primaryPort, 'GET', `e2e:${last.seq}`)).value)).toBe(String(last.seq));
  }

  test('killing the primary: one failover, one leader, replicas repointed, same epoch everywhere, writes resume', () =>
    groups.run(recommended, async (g) => {
      const oldPort = g.primary.port;
      const w = new WritingClient(g.sentinels.map((s) => s.port));
      await waitFor(() => w.okSince(0).length >= 5, {
        timeoutMs: 10_000,
        description: `first writes (${w.summary()})`,
      });

      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();
      const outcome = await expectExactlyOneFailover(g, { sentinels: [0, 1, 2], oldPort, since: killedAt });
      const promoted = g.replicas.find((r) => r.port === outcome.newPrimaryPort);
      expect(promoted).toBeDefined();
      const other = g.replicas.find((r) => r !== promoted)!;

      expect((await replicationOf(outcome.newPrimaryPort))?.role).toBe('master');
      await waitForReplicaOf(other.port, outcome.newPrimaryPort);
      const views = await Promise.all(g.sentinels.map((s) => masterFields(s.port)));
      expect(views.map((v) => Number(v.port))).toEqual([
        outcome.newPrimaryPort,
        outcome.newPrimaryPort,
        outcome.newPrimaryPort,
      ]);
      expect(new Set(views.map((v) => v['config-epoch'])).size).toBe(1);
      expect(Number(views[0]!['config-epoch'])).toBeGreaterThan(0);
      // The leader reconfigured the other replica.
      expect(g.recorder.count('+slave-reconf-sent', { sentinel: outcome.leader, since: killedAt })).toBe(1);
      await expectWritesResume(w, killedAt, outcome.newPrimaryPort);
    }));

  test('killing any one server (data node + its sentinel) keeps the service available', () =>
    groups.run(recommended, async (g) => {
      const oldPort = g.primary.port;
      const w = new WritingClient(g.sentinels.map((s) => s.port));
      await waitFor(() => w.okSince(0).length >= 5, {
        timeoutMs: 10_000,
        description: `first writes (${w.summary()})`,
      });

      // A replica's server: no failover and not one failed write.
      const replica = g.replicas[1]!;
      const replicaKilledAt = Date.now();
      replica.kill('SIGKILL');
      g.sentinels[2]!.kill('SIGKILL');
      await Promise.all([replica.waitForExit(), g.sentinels[2]!.waitForExit()]);
      await g.recorder.waitFor('+sdown', {
        sentinel: 0,
        since: replicaKilledAt,
        payload: new RegExp(`^slave 127\\.0\\.0\\.1:${replica.port} `),
      });
      await holdsFor(2000, 'writes going on while a replica server is down', () =>
        w.failedSince(replicaKilledAt).length > 0 ? w.summary() : undefined,
      );
      expect(w.okSince(replicaKilledAt).length).toBeGreaterThan(10);
      await expectNoEvents(g, ['+odown', '+try-failover', '+switch-master'], replicaKilledAt, 0);

      // Bring that server back, then lose the primary's server.
      await replica.restart();
      await g.restartSentinel(2);
      await waitForReplicaOf(replica.port, oldPort);
      await waitFor(async () => (await masterFields(g.sentinels[2]!.port))['num-other-sentinels'] === '2', {
        timeoutMs: 10_000,
        description: 'the restarted sentinel to know its two peers',
      });
      await waitFor(
        () =>
          g.recorder.count('-sdown', {
            sentinel: 0,
            since: replicaKilledAt,
            payload: new RegExp(`^sentinel `),
          }) > 0 &&
          g.recorder.count('-sdown', {
            sentinel: 1,
            since: replicaKilledAt,
            payload: new RegExp(`^sentinel `),
          }) > 0,
        { timeoutMs: 10_000, description: 'the survivors to see the restarted sentinel up again (-sdown)' },
      );

      const primaryKilledAt = Date.now();
      g.primary.kill('SIGKILL');
      g.sentinels[0]!.kill('SIGKILL');
      await Promise.all([g.primary.waitForExit(), g.sentinels[0]!.waitForExit()]);
      const outcome = await expectExactlyOneFailover(g, {
        sentinels: [1, 2],
        oldPort,
        since: primaryKilledAt,
        timeoutMs: 4 * g.failoverTimeoutMs + 15_000,
      });
      expect([1, 2]).toContain(outcome.leader);
      const other = g.replicas.find((r) => r.port !== outcome.newPrimaryPort)!;
      await waitForReplicaOf(other.port, outcome.newPrimaryPort);
      await expectWritesResume(w, primaryKilledAt, outcome.newPrimaryPort);
    }));

  test('a sentinel crashing right after its election (SIMULATE-FAILURE) and restarted converges', () =>
    groups.run(recommended, async (g) => {
      const oldPort = g.primary.port;
      for (const s of g.sentinels) {
        expect(
          textOf((await sendOnce(s.port, 'SENTINEL', 'SIMULATE-FAILURE', 'CRASH-AFTER-ELECTION')).value),
        ).toBe('OK');
      }
      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();

      const crashed = await waitFor(
        () => {
          const i = g.sentinels.findIndex((s) => !s.running);
          return i >= 0 ? i + 1 : 0; // 1-based so that index 0 is truthy
        },
        { timeoutMs: 20_000, description: 'the elected sentinel to crash' },
      ).then((n) => n - 1);
      expect(await g.sentinels[crashed]!.waitForExit()).toEqual({ code: 99, signal: null });
      g.notes.push(`sentinel ${crashed} crashed after its election`);

      // Sentinel 7.0: SIMULATE-FAILURE first resets the flags; HELP then sets none.
      const survivors = [0, 1, 2].filter((i) => i !== crashed);
      for (const i of survivors) {
        await sendOnce(g.sentinels[i]!.port, 'SENTINEL', 'SIMULATE-FAILURE', 'HELP');
        expect((await sentinelInfo(g.sentinels[i]!.port)).sentinel_simulate_failure_flags).toBe('0');
      }
      expect(g.recorder.count('+switch-master', { since: killedAt })).toBe(0);
      await g.restartSentinel(crashed);

      const converged = await waitForConvergence(g.sentinels, g.replicas, 45_000);
      expect(converged.masterPort).not.toBe(oldPort);
      // The crashed leader's epoch produced nothing: the failover that did is a later one.
      expect(converged.configEpoch).toBeGreaterThanOrEqual(2);
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(converged.masterPort);
    }));

  test('the leader killed -9 at a random step of the failover and restarted converges', () =>
    groups.run(recommended, async (g) => {
      const oldPort = g.primary.port;
      const killPoint =
        process.env.VIGIL_E2E_KILL_AT ?? KILL_POINTS[Math.floor(Math.random() * KILL_POINTS.length)]!;
      g.notes.push(`leader killed -9 at ${killPoint} (set VIGIL_E2E_KILL_AT to repeat)`);
      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();

      const leader = (await g.recorder.waitFor('+elected-leader', { since: killedAt }, 20_000)).sentinel;
      await g.recorder.waitFor(killPoint, { sentinel: leader, since: killedAt }, 20_000);
      g.sentinels[leader]!.kill('SIGKILL');
      await g.sentinels[leader]!.waitForExit();
      g.notes.push(`sentinel ${leader} was the leader`);
      await g.restartSentinel(leader);

      const converged = await waitForConvergence(g.sentinels, g.replicas, 45_000);
      expect(converged.masterPort).not.toBe(oldPort);
      expect(converged.configEpoch).toBeGreaterThanOrEqual(1);
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(converged.masterPort);
    }));
});

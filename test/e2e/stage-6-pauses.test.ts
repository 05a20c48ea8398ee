/**
 * Stage 6: a primary that hangs (SIGSTOP keeps its sockets open but answers nothing), with
 * one replica and three sentinels, quorum 2.
 * - Stopped for less than down-after: its PINGs are answered late but in time (Sentinel 7.0:
 *   SDOWN needs a PING unanswered for more than down-after), so nothing happens.
 * - Stopped for longer: exactly one failover; after SIGCONT the old primary reports master
 *   and is demoted (+convert-to-slave after 4 x publish-period), with no second failover.
 */
import {
  expectExactlyOneFailover,
  expectNoEvents,
  holdsFor,
  waitForReplicaOf,
} from './stage-util/assertions.js';
import { DOWN_AFTER_MS, MASTER, sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { masterPortOf, replicationOf } from './stage-util/queries.js';
import { waitFor } from '../helpers/waitFor.js';

describe.each(sentinelKinds())('stage 6: pauses (%s)', (kind) => {
  const groups = groupPerTest(kind);

  test('a pause shorter than down-after causes no failover', () =>
    groups.run({ sentinels: 3, replicas: 1, quorum: 2 }, async (g) => {
      const oldPort = g.primary.port;
      const pausedAt = Date.now();
      g.primary.pause();
      // The pause lasts 40% of down-after: measured by a poll on the clock, then SIGCONT.
      await waitFor(() => Date.now() - pausedAt >= 0.4 * DOWN_AFTER_MS, {
        intervalMs: 10,
        description: 'the short pause to elapse',
      });
      g.primary.resume();
      // Well past down-after and one election's worth of time.
      await expectNoEvents(
        g,
        ['+sdown', '+odown', '+try-failover', '+elected-leader', '+switch-master'],
        pausedAt,
        DOWN_AFTER_MS + g.failoverTimeoutMs,
        // About the master (+switch-master starts with its name), not a busy peer's hiccup.
        new RegExp(`^(master )?${MASTER} `),
      );
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(oldPort);
      expect((await replicationOf(oldPort))?.role).toBe('master');
    }));

  test('a longer pause: exactly one failover, and the old primary demoted after SIGCONT', () =>
    groups.run({ sentinels: 3, replicas: 1, quorum: 2 }, async (g) => {
      const oldPort = g.primary.port;
      const replica = g.replicas[0]!;
      const pausedAt = Date.now();
      g.primary.pause();
      const sdown = await g.recorder.waitFor('+sdown', { since: pausedAt, payload: /^master / }, 10_000);
      // SDOWN needs a PING unanswered for down-after; that PING may predate the pause a little.
      expect(sdown.at - pausedAt).toBeGreaterThanOrEqual(0.8 * DOWN_AFTER_MS);

      const outcome = await expectExactlyOneFailover(g, {
        sentinels: [0, 1, 2],
        oldPort,
        since: pausedAt,
        windowMs: 0,
      });
      expect(outcome.newPrimaryPort).toBe(replica.port);

      const resumedAt = Date.now();
      g.primary.resume();
      await g.recorder.waitFor(
        '+convert-to-slave',
        {
          since: resumedAt,
          payload: new RegExp(
            `^slave 127\\.0\\.0\\.1:${oldPort} .* @ ${MASTER} 127\\.0\\.0\\.1 ${replica.port}$`,
          ),
        },
        20_000,
      );
      await waitForReplicaOf(oldPort, replica.port);
      // Still exactly one failover, a failover-timeout and more after the switch.
      await holdsFor(g.failoverTimeoutMs + 1500, 'exactly one failover after the resume', () => {
        const switches = [0, 1, 2].map((i) =>
          g.recorder.count('+switch-master', { sentinel: i, since: pausedAt }),
        );
        const leaders = g.recorder.count('+elected-leader', { since: pausedAt });
        return switches.some((n) => n !== 1) || leaders !== 1
          ? `switches ${switches.join(',')}, leaders ${leaders}`
          : undefined;
      });
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(replica.port);
      expect((await replicationOf(replica.port))?.role).toBe('master');
    }));
});

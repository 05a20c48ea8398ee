/**
 * Stage 4: three sentinels, quorum 2, primary + one replica. One sentinel is stopped, then the
 * primary is killed: the two survivors still make a majority of the three voters (Sentinel
 * 7.0: voters are all sentinels ever seen), so there is exactly one failover, led by one of
 * them.
 */
import { expectExactlyOneFailover } from './stage-util/assertions.js';
import { sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { masterFields, masterPortOf, replicationOf } from './stage-util/queries.js';

describe.each(sentinelKinds())('stage 4: three sentinels, quorum 2 (%s)', (kind) => {
  const groups = groupPerTest(kind);

  test('one sentinel stopped, then the primary killed: exactly one failover, led by a survivor', () =>
    groups.run({ sentinels: 3, replicas: 1, quorum: 2 }, async (g) => {
      const oldPort = g.primary.port;
      await g.sentinels[0]!.stop();
      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();

      // A split vote costs one retry after 2 x failover-timeout; leave room for it.
      const outcome = await expectExactlyOneFailover(g, {
        sentinels: [1, 2],
        oldPort,
        since: killedAt,
        timeoutMs: 4 * g.failoverTimeoutMs + 15_000,
      });
      expect([1, 2]).toContain(outcome.leader);
      expect(outcome.newPrimaryPort).toBe(g.replicas[0]!.port);
      expect((await replicationOf(outcome.newPrimaryPort))?.role).toBe('master');
      const views = await Promise.all([1, 2].map((i) => masterFields(g.sentinels[i]!.port)));
      expect(views.map((v) => v.port)).toEqual([
        String(outcome.newPrimaryPort),
        String(outcome.newPrimaryPort),
      ]);
      expect(views[0]!['config-epoch']).toBe(views[1]!['config-epoch']);
      expect(Number(views[0]!['config-epoch'])).toBeGreaterThan(0);
      // The stopped sentinel still counts as a known peer.
      expect(views.map((v) => v['num-other-sentinels'])).toEqual(['2', '2']);
      expect(await masterPortOf(g.sentinels[1]!.port)).toBe(outcome.newPrimaryPort);
    }));
});

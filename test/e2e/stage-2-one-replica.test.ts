/**
 * Stage 2: primary + one replica, one sentinel, quorum 1. Killing the primary promotes the
 * replica; the old primary, restarted (it comes back as a master of nobody), is turned into a
 * replica of the new primary (Sentinel 7.0: +convert-to-slave once it has reported master for
 * 4 x publish-period).
 */
import { expectExactlyOneFailover, waitForReplicaOf } from './stage-util/assertions.js';
import { MASTER, sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { masterPortOf, replicationOf } from './stage-util/queries.js';

describe.each(sentinelKinds())('stage 2: primary + replica, one sentinel (%s)', (kind) => {
  const groups = groupPerTest(kind);

  test('killing the primary promotes the replica; the restarted old primary becomes its replica', () =>
    groups.run({ sentinels: 1, replicas: 1, quorum: 1 }, async (g) => {
      const oldPort = g.primary.port;
      const replica = g.replicas[0]!;
      const sentinel = g.sentinels[0]!.port;
      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();

      const outcome = await expectExactlyOneFailover(g, { sentinels: [0], oldPort, since: killedAt });
      expect(outcome.newPrimaryPort).toBe(replica.port);
      expect(outcome.leader).toBe(0);
      expect(g.recorder.count('+promoted-slave', { since: killedAt })).toBe(1);
      expect(await masterPortOf(sentinel)).toBe(replica.port);
      expect((await replicationOf(replica.port))?.role).toBe('master');

      // The old primary is listed as a replica of the new one while it is down.
      const restartedAt = Date.now();
      await g.primary.restart();
      expect((await replicationOf(oldPort))?.role).toBe('master');
      await g.recorder.waitFor(
        '+convert-to-slave',
        {
          since: restartedAt,
          payload: new RegExp(
            `^slave 127\\.0\\.0\\.1:${oldPort} 127\\.0\\.0\\.1 ${oldPort} @ ${MASTER} 127\\.0\\.0\\.1 ${replica.port}$`,
          ),
        },
        20_000,
      );
      await waitForReplicaOf(oldPort, replica.port);
      expect(g.recorder.count('+switch-master', { since: killedAt })).toBe(1);
      expect(await masterPortOf(sentinel)).toBe(replica.port);
    }));
});

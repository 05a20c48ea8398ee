/**
 * Stage 7: operator commands and replica priority.
 * - SENTINEL FAILOVER on a healthy primary: forced, no agreement asked (Sentinel 7.0), exactly
 *   one failover led by the sentinel asked; a second request meanwhile gets -INPROG; the old
 *   primary, still up, is demoted afterwards.
 * - replica-priority 0: such a replica is never promoted (even though a lower priority sorts
 *   first), and when it is the only one left SENTINEL FAILOVER answers -NOGOODSLAVE.
 * - SENTINEL RESET forgets a dead replica and a dead sentinel; live ones are rediscovered.
 */
import { RespClient, sendOnce, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  expectExactlyOneFailover,
  expectNoEvents,
  holdsFor,
  waitForReplicaOf,
} from './stage-util/assertions.js';
import { MASTER, sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { instancesOf, masterFields, masterPortOf, replicationOf } from './stage-util/queries.js';

describe.each(sentinelKinds())('stage 7: operations (%s)', (kind) => {
  const groups = groupPerTest(kind);

  test('SENTINEL FAILOVER on a healthy primary: one failover led by that sentinel, old primary demoted', () =>
    groups.run({ sentinels: 3, replicas: 2, quorum: 2 }, async (g) => {
      const oldPort = g.primary.port;
      const asked = 1;
      const client = await RespClient.connect(g.sentinels[asked]!.port);
      const since = Date.now();
      const [first, second] = await client.sendRaw(
        `*3\r\n$8\r\nSENTINEL\r\n$8\r\nFAILOVER\r\n$${MASTER.length}\r\n${MASTER}\r\n`.repeat(2),
        { frames: 2 },
      );
      await client.close();
      expect(first!.raw.toString()).toBe('+OK\r\n');
      expect(second!.raw.toString()).toBe('-INPROG Failover already in progress\r\n');

      const outcome = await expectExactlyOneFailover(g, { sentinels: [0, 1, 2], oldPort, since });
      expect(outcome.leader).toBe(asked);
      expect(g.replicas.map((r) => r.port)).toContain(outcome.newPrimaryPort);
      // Forced: the master was never seen down by anyone.
      expect(g.recorder.count('+sdown', { since, payload: /^master / })).toBe(0);
      expect(g.recorder.count('+odown', { since })).toBe(0);

      const other = g.replicas.find((r) => r.port !== outcome.newPrimaryPort)!;
      await waitForReplicaOf(other.port, outcome.newPrimaryPort);
      // The old primary kept running as a master: it is converted into a replica.
      await waitForReplicaOf(oldPort, outcome.newPrimaryPort);
      expect(
        g.recorder.count('+convert-to-slave', {
          since,
          payload: new RegExp(`^slave 127\\.0\\.0\\.1:${oldPort} `),
        }),
      ).toBeGreaterThan(0);
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(outcome.newPrimaryPort);
    }));

  test('a replica with replica-priority 0 is never promoted', () =>
    groups.run({ sentinels: 1, replicas: 2, quorum: 1 }, async (g) => {
      const oldPort = g.primary.port;
      const [shy, eligible] = g.replicas as [(typeof g.replicas)[0], (typeof g.replicas)[0]];
      const sentinel = g.sentinels[0]!.port;
      expect(textOf((await sendOnce(shy.port, 'CONFIG', 'SET', 'replica-priority', '0')).value)).toBe('OK');
      const priorityKnown = async (): Promise<boolean> =>
        (await instancesOf(sentinel, 'REPLICAS')).some(
          (r) => r.port === String(shy.port) && r['slave-priority'] === '0',
        );
      await waitFor(priorityKnown, {
        timeoutMs: 10_000,
        description: 'the sentinel to read slave_priority 0',
      });

      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();
      const outcome = await expectExactlyOneFailover(g, { sentinels: [0], oldPort, since: killedAt });
      // Sentinel 7.0 sorts a lower priority first, so only the exclusion keeps `shy` out.
      expect(outcome.newPrimaryPort).toBe(eligible.port);
      expect(
        g.recorder.count('+selected-slave', {
          since: killedAt,
          payload: new RegExp(`^slave 127\\.0\\.0\\.1:${shy.port} `),
        }),
      ).toBe(0);
      await waitForReplicaOf(shy.port, eligible.port);

      // Now `shy` is the only live replica: no candidate at all.
      await waitFor(priorityKnown, {
        timeoutMs: 10_000,
        description: 'the sentinel to read slave_priority 0 again',
      });
      const reply = await sendOnce(sentinel, 'SENTINEL', 'FAILOVER', MASTER);
      expect(reply.raw.toString()).toBe('-NOGOODSLAVE No suitable replica to promote\r\n');
      await expectNoEvents(g, ['+try-failover', '+selected-slave'], Date.now() - 100, 1500);
      expect((await replicationOf(shy.port))?.role).toBe('slave');
      expect(await masterPortOf(sentinel)).toBe(eligible.port);
    }));

  test('SENTINEL RESET forgets a dead replica and a dead sentinel, and rediscovers live ones', () =>
    groups.run({ sentinels: 3, replicas: 2, quorum: 2 }, async (g) => {
      const primaryPort = g.primary.port;
      const [live, dead] = g.replicas as [(typeof g.replicas)[0], (typeof g.replicas)[0]];
      const deadSentinel = g.sentinels[2]!;
      const killedAt = Date.now();
      dead.kill('SIGKILL');
      deadSentinel.kill('SIGKILL');
      await Promise.all([dead.waitForExit(), deadSentinel.waitForExit()]);
      for (const i of [0, 1]) {
        await g.recorder.waitFor('+sdown', {
          sentinel: i,
          since: killedAt,
          payload: new RegExp(`^slave 127\\.0\\.0\\.1:${dead.port} `),
        });
        await g.recorder.waitFor('+sdown', { sentinel: i, since: killedAt, payload: /^sentinel / });
      }

      const views = async (port: number): Promise<{ replicas: string[]; sentinels: string[] }> => ({
        replicas: (await instancesOf(port, 'REPLICAS')).map((r) => r.port ?? '?').sort(),
        sentinels: (await instancesOf(port, 'SENTINELS')).map((s) => s.port ?? '?').sort(),
      });
      const expected = (otherSentinel: number): { replicas: string[]; sentinels: string[] } => ({
        replicas: [String(live.port)],
        sentinels: [String(g.sentinels[otherSentinel]!.port)],
      });

      // Reset by name on sentinel 0, by pattern on sentinel 1: each replies with the count.
      const resetAt = Date.now();
      expect((await sendOnce(g.sentinels[0]!.port, 'SENTINEL', 'RESET', MASTER)).raw.toString()).toBe(
        ':1\r\n',
      );
      const reset = await g.recorder.waitFor('+reset-master', { sentinel: 0, since: resetAt });
      expect(reset.payload).toBe(`master ${MASTER} 127.0.0.1 ${primaryPort}`);
      await waitFor(
        async () => JSON.stringify(await views(g.sentinels[0]!.port)) === JSON.stringify(expected(1)),
        {
          timeoutMs: 10_000,
          description: 'sentinel 0 to rediscover only the live replica and the live sentinel',
        },
      );
      // The reset is local: sentinel 1 still remembers the dead ones.
      const before = await views(g.sentinels[1]!.port);
      expect(before.replicas).toHaveLength(2);
      expect(before.sentinels).toHaveLength(2);

      expect((await sendOnce(g.sentinels[1]!.port, 'SENTINEL', 'RESET', 'my*')).raw.toString()).toBe(
        ':1\r\n',
      );
      await waitFor(
        async () => JSON.stringify(await views(g.sentinels[1]!.port)) === JSON.stringify(expected(0)),
        {
          timeoutMs: 10_000,
          description: 'sentinel 1 to rediscover only the live replica and the live sentinel',
        },
      );

      // The dead ones do not come back (several hello and INFO periods).
      await holdsFor(2500, 'the dead replica and sentinel to stay forgotten', async () => {
        for (const i of [0, 1]) {
          const v = await views(g.sentinels[i]!.port);
          if (JSON.stringify(v) !== JSON.stringify(expected(1 - i)))
            return `sentinel ${i} sees ${JSON.stringify(v)}`;
        }
        return undefined;
      });
      for (const i of [0, 1]) {
        const fields = await masterFields(g.sentinels[i]!.port);
        expect([fields['num-slaves'], fields['num-other-sentinels'], fields.flags]).toEqual([
          '1',
          '1',
          'master',
        ]);
      }
      await expectNoEvents(g, ['+odown', '+try-failover', '+switch-master'], killedAt, 0);
    }));
});

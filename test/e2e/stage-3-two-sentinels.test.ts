/**
 * Stage 3: two sentinels, primary + one replica. The failover leader needs a majority of all
 * the sentinels ever seen for the master (Sentinel 7.0: max(quorum, voters/2 + 1) votes, dead
 * sentinels still count as voters), so with one of two sentinels lost:
 * - quorum 2: the survivor only reaches SDOWN, never ODOWN, never tries;
 * - quorum 1: it reaches ODOWN and tries, but is never elected (1 vote of 2 voters) and gives
 *   up with -failover-abort-not-elected.
 * With both sentinels up, either quorum fails over exactly once.
 */
import { expectExactlyOneFailover, expectNoEvents } from './stage-util/assertions.js';
import { MASTER, sentinelKinds } from './stage-util/config.js';
import { groupPerTest, withDiagnostics, type Group } from './stage-util/group.js';
import { masterPortOf, replicationOf } from './stage-util/queries.js';

describe.each(sentinelKinds())('stage 3: two sentinels (%s)', (kind) => {
  const groups = groupPerTest(kind);

  /** Starts the group, kills sentinel 1, then the primary; returns the time of the kill. */
  async function loseSentinelThenPrimary(quorum: number): Promise<{ g: Group; killedAt: number }> {
    const g = await groups.start({ sentinels: 2, replicas: 1, quorum });
    g.sentinels[1]!.kill('SIGKILL');
    await g.sentinels[1]!.waitForExit();
    const killedAt = Date.now();
    g.primary.kill('SIGKILL');
    await g.primary.waitForExit();
    return { g, killedAt };
  }

  async function expectNothingChanged(g: Group, oldPort: number): Promise<void> {
    expect(await masterPortOf(g.sentinels[0]!.port)).toBe(oldPort);
    const replica = await replicationOf(g.replicas[0]!.port);
    expect(replica?.role).toBe('slave');
    expect(replica?.masterPort).toBe(oldPort);
  }

  test('quorum 2, one sentinel lost, then the primary: SDOWN only, no failover', async () => {
    const { g, killedAt } = await loseSentinelThenPrimary(2);
    await withDiagnostics(
      () => g,
      async () => {
        const oldPort = g.primary.port;
        const sdown = await g.recorder.waitFor(
          '+sdown',
          { sentinel: 0, since: killedAt, payload: /^master / },
          10_000,
        );
        expect(sdown.payload).toBe(`master ${MASTER} 127.0.0.1 ${oldPort}`);
        // Long enough for ODOWN, an election and a promotion to have happened.
        await expectNoEvents(
          g,
          ['+odown', '+try-failover', '+elected-leader', '+selected-slave', '+switch-master'],
          killedAt,
          g.failoverTimeoutMs + 2000,
        );
        await expectNothingChanged(g, oldPort);
      },
    );
  });

  test('quorum 1, one sentinel lost, then the primary: ODOWN and a try, never elected, no failover', async () => {
    const { g, killedAt } = await loseSentinelThenPrimary(1);
    await withDiagnostics(
      () => g,
      async () => {
        const oldPort = g.primary.port;
        const master = `master ${MASTER} 127.0.0.1 ${oldPort}`;
        const odown = await g.recorder.waitFor('+odown', { sentinel: 0, since: killedAt }, 10_000);
        expect(odown.payload).toBe(`${master} #quorum 1/1`);
        await g.recorder.waitFor('+try-failover', { sentinel: 0, since: killedAt }, 10_000);
        // Sentinel 7.0: the election times out after min(election-timeout, failover-timeout).
        const abort = await g.recorder.waitFor(
          '-failover-abort-not-elected',
          { sentinel: 0, since: killedAt },
          g.failoverTimeoutMs + 10_000,
        );
        expect(abort.payload).toBe(master);
        await expectNoEvents(
          g,
          ['+elected-leader', '+selected-slave', '+promoted-slave', '+switch-master'],
          killedAt,
          1500,
        );
        await expectNothingChanged(g, oldPort);
      },
    );
  });

  test.each([2, 1])('quorum %i, both sentinels up: exactly one failover', (quorum) =>
    groups.run({ sentinels: 2, replicas: 1, quorum }, async (g) => {
      const oldPort = g.primary.port;
      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();
      const outcome = await expectExactlyOneFailover(g, { sentinels: [0, 1], oldPort, since: killedAt });
      expect(outcome.newPrimaryPort).toBe(g.replicas[0]!.port);
      expect((await replicationOf(outcome.newPrimaryPort))?.role).toBe('master');
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(outcome.newPrimaryPort);
    }),
  );
});

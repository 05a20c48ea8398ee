/**
 * Issue #10: one server cut off the network for a while, with Vigil (dist/) on each of three
 * servers (network namespaces, see test/helpers/netns.ts), quorum 2, down-after 1000 ms, and two
 * clients writing a new key every 10 ms through Sentinel discovery, one beside the primary
 * (server a) and one on server c.
 *
 * - The primary's server cut off: the majority fails over, the isolated Vigil does not; after
 *   healing the old primary becomes a replica and everyone agrees. The acknowledged writes lost
 *   are counted and printed, not asserted: Vigil without fencing (issue #10 §3) loses the
 *   writes the old primary took while cut off, as redis-sentinel does.
 * - A replica's server (server c, the far client's) cut off: no failover, no acknowledged write
 *   lost, and agreement after healing.
 *
 * Needs root (network namespaces); skipped with a message otherwise.
 */
import {
  describeLoss,
  describePartitions,
  destroyLabs,
  eventsOf,
  failoverCount,
  newLab,
  roleOf,
  scenarioTime,
  sentinelPrimary,
  serverIp,
  startWriters,
  stopWritersAndCount,
  vigilDeployment,
  waitForAgreement,
  waitForFailoverSeenBy,
  waitForWritesResumed,
  DATA_PORT,
  FENCE_LINE,
  type LabProcess,
} from '../helpers/netns.js';
import { stopAll } from '../helpers/processes.js';
import { waitFor } from '../helpers/waitFor.js';

/** Events that mean a sentinel took part in a failover as its leader or a candidate. */
/** Per test: deployment, scenario and convergence, with room for a slow machine. */
const TEST_TIMEOUT_MS = 150_000;

const FAILOVER_EVENTS = ['+odown', '+try-failover', '+elected-leader', '+promoted-slave', '+switch-master'];

describePartitions('partitions: one server cut off (Vigil, three network namespaces)', () => {
  afterEach(() => destroyLabs());
  afterAll(() => stopAll());

  test(
    "the primary's server cut off: the majority fails over, the isolated Vigil does not; after healing the old primary is a replica and everyone agrees",
    async () => {
      const started = Date.now();
      const lab = await newLab();
      const d = await vigilDeployment(lab);
      const writers = await startWriters(lab);

      const cutAt = Date.now();
      await lab.cut(0);
      const cutDone = Date.now();
      const newPrimary = await waitForFailoverSeenBy(lab, [1, 2], 0);
      const failoverMs = Date.now() - cutAt;
      // The far client moves to the new primary while server a is still cut off.
      await waitForWritesResumed({ ...writers, all: [writers.far] });
      // The scenario: server a stays cut off for at least 8 s.
      await scenarioTime(cutAt, 8000);

      // The isolated Vigil still sees its local primary and never tried a failover.
      expect(await sentinelPrimary(lab, 0)).toBe(`${serverIp(0)}:${DATA_PORT}`);
      expect((await roleOf(lab, 0)).role).toBe('master');
      const isolatedEvents = eventsOf(d.sentinels[0]!).filter((e) => e.at >= cutAt);
      expect(isolatedEvents.filter((e) => FAILOVER_EVENTS.includes(e.event))).toEqual([]);

      const healedAt = Date.now();
      await lab.heal(0);
      const agreed = await waitForAgreement(lab);
      const convergeMs = Date.now() - healedAt;
      expect(`${serverIp(agreed.primary)}:${DATA_PORT}`).toBe(newPrimary);
      expect(agreed.primary).not.toBe(0);
      expect(agreed.configEpoch).toBeGreaterThanOrEqual(1);
      expect(await roleOf(lab, 0)).toEqual({ role: 'slave', primary: newPrimary, state: 'connected' });

      // Both clients write to the new primary, then the count.
      await waitForWritesResumed(writers);
      const loss = await stopWritersAndCount(lab, writers, agreed.primary);
      const failovers = failoverCount(d);
      console.log(
        `${describeLoss("primary's server cut off", loss, failovers, healedAt)}; failover seen by the majority ${failoverMs} ms after the cut, ` +
          `agreement ${convergeMs} ms after healing; test took ${Math.round((Date.now() - started) / 1000)} s`,
      );
      expect(failovers).toBe(1);
      expect(loss.acked).toBeGreaterThan(0);
      // The far client cannot reach the old primary once the cut is made: whatever it lost (at
      // most the last writes not yet replicated when the link went down) was acknowledged before.
      expect(loss.byWriter.far!.lostAt.filter((at) => at > cutDone)).toEqual([]);
      // Issue #10 §2 (default): the old primary back is fenced as a stale primary and converted
      // at once; redis-sentinel 7.0.15 and Vigil before fencing agreed 10.6-11.9 s after healing.
      const staleFences = d.sentinels
        .flatMap((s) => eventsOf(s))
        .filter((e) => e.event === '+fence' && e.at >= healedAt && e.payload.includes('#stale-primary'));
      expect(staleFences.length).toBeGreaterThan(0);
      expect(convergeMs).toBeLessThan(8000);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "fence-on-minority: the primary's server cut off, its Vigil pauses its writes within down-after; few writes lost",
    async () => {
      const lab = await newLab();
      const d = await vigilDeployment(lab, { sentinelConfig: [FENCE_LINE] });
      const writers = await startWriters(lab);

      const cutAt = Date.now();
      await lab.cut(0);
      await waitForFailoverSeenBy(lab, [1, 2], 0);
      await waitForWritesResumed({ ...writers, all: [writers.far] });
      await scenarioTime(cutAt, 8000);
      const fence = eventsOf(d.sentinels[0]!).find(
        (e) => e.event === '+fence' && e.at >= cutAt && e.payload.includes('#minority'),
      );
      expect(fence).toBeDefined();
      // Peers are pinged every 250 ms and silent after 500 ms, so the fence comes about
      // 0.5-0.8 s after the cut on an idle machine (npm run bench -- --only partition measures
      // it); on a loaded 2-core CI machine the timers run late, hence the margin (1.9 s seen
      // once with the simulator running beside the suite).
      expect(fence!.at - cutAt).toBeLessThan(3000);

      const healedAt = Date.now();
      await lab.heal(0);
      const agreed = await waitForAgreement(lab);
      expect(agreed.primary).not.toBe(0);
      await waitForWritesResumed(writers);
      const loss = await stopWritersAndCount(lab, writers, agreed.primary);
      console.log(
        `${describeLoss("fence-on-minority, primary's server cut off", loss, failoverCount(d), healedAt)}; ` +
          `fenced ${fence!.at - cutAt} ms after the cut`,
      );
      expect(failoverCount(d)).toBe(1);
      // Without the fence the near client loses the whole cut's writes (about 100 a second,
      // 760-960 in the tests and the bench); with it, what it wrote before the fence.
      expect(loss.byWriter.near!.lost).toBeLessThanOrEqual(300);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "a replica's server cut off: no failover, no acknowledged write lost",
    async () => {
      const started = Date.now();
      const lab = await newLab();
      const d = await vigilDeployment(lab);
      const writers = await startWriters(lab);

      const cutAt = Date.now();
      await lab.cut(2);
      // The cut Vigil sees the primary go subjectively down, which needs down-after (1 s).
      await waitForSdown(d.sentinels[2]!, cutAt);
      // The scenario: server c stays cut off for 6 s (six times down-after).
      await scenarioTime(cutAt, 6000);
      await lab.heal(2);

      const agreed = await waitForAgreement(lab);
      expect(agreed).toEqual({ primary: 0, configEpoch: 0 });
      await waitForWritesResumed(writers);
      const loss = await stopWritersAndCount(lab, writers, agreed.primary);
      const failovers = failoverCount(d);
      console.log(
        `${describeLoss("replica's server cut off", loss, failovers)}; test took ${Math.round((Date.now() - started) / 1000)} s`,
      );
      for (const s of d.sentinels) {
        expect(eventsOf(s).filter((e) => e.at >= cutAt && FAILOVER_EVENTS.includes(e.event))).toEqual([]);
      }
      expect(failovers).toBe(0);
      expect(loss.lost).toBe(0);
      expect(loss.acked).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );
});

/** Waits until the sentinel logged `+sdown master` after `since`. */
async function waitForSdown(sentinel: LabProcess, since: number): Promise<void> {
  await waitFor(
    () =>
      eventsOf(sentinel).some(
        (e) => e.at >= since && e.event === '+sdown' && e.payload.startsWith('master '),
      ),
    { timeoutMs: 10_000, intervalMs: 100, description: `${sentinel.name} to log +sdown master` },
  );
}

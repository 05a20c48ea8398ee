/**
 * Soak (not part of `npm test`): test/e2e/crash-failover.test.ts at every crash point, the
 * two SIMULATE-FAILURE crashes and kill -9 at each of the leader's failover events, on one
 * group of three Vigils, SOAK_CRASH_PASSES times over (default 2). Run:
 *
 *   SOAK_CRASH_PASSES=3 npm run soak -- test/soak/crash-failover.soak.ts
 */
import { cleanupE2e } from '../e2e/stage-util/clients.js';
import { ALL_POINTS, crashRound, type RoundResult } from '../e2e/stage-util/crash.js';
import { startGroup, withDiagnostics, type Group } from '../e2e/stage-util/group.js';

const PASSES = Number(process.env.SOAK_CRASH_PASSES ?? 2);

describe('soak: the failover leader killed at every point, restarted on its config (vigil)', () => {
  let group: Group | undefined;
  const results: RoundResult[] = [];

  beforeAll(async () => {
    group = await startGroup({ kind: 'vigil', sentinels: 3, replicas: 2, quorum: 2 });
  }, 60_000);

  afterAll(async () => {
    process.stderr.write(
      results
        .map((r) => `${r.point}: leader s${r.leader}, epochs ${r.epochs.join(',')}, ${r.ms} ms`)
        .join('\n') + '\n',
    );
    await group?.teardown();
    await cleanupE2e();
  }, 30_000);

  const rounds = Array.from({ length: PASSES }, (_, pass) =>
    ALL_POINTS.map((p) => [pass + 1, p] as const),
  ).flat();
  test.each(rounds)(
    'pass %i: leader dies at %s',
    (_pass, point) =>
      withDiagnostics(
        () => group,
        async () => {
          const g = group!;
          results.push(await crashRound(g, point, [g.primary, ...g.replicas]));
        },
      ),
    120_000,
  );
});

/**
 * Real crashes during a failover (issue #9 §3): a group of three Vigils, one primary, two
 * replicas; in each round the primary is killed -9 and the failover leader dies at one point
 * of its failover, then is started again on its own rewritten config. Each round asserts that
 * the group converges (same primary and config epoch on every sentinel, data nodes following
 * it, the old primary turned into a replica), that the restarted sentinel kept its id and
 * epochs, and that no sentinel voted for two leaders in one epoch across its incarnations.
 *
 * `npm test` runs five points on one group (about 7 s each): the two SIMULATE-FAILURE crashes
 * and kill -9 at three events picked at random (VIGIL_CRASH_POINTS=<comma list> picks them; see
 * stage-util/crash.ts ALL_POINTS). Every point: test/soak/crash-failover.soak.ts.
 */
import { startGroup, withDiagnostics, type Group } from './stage-util/group.js';
import { cleanupE2e } from './stage-util/clients.js';
import { EVENT_POINTS, crashRound, type RoundResult } from './stage-util/crash.js';

function pointsToRun(): string[] {
  const wanted = process.env.VIGIL_CRASH_POINTS;
  if (wanted) return wanted.split(',').map((p) => p.trim());
  const events = [...EVENT_POINTS];
  const picked: string[] = [];
  for (let i = 0; i < 3; i++) picked.push(events.splice(Math.floor(Math.random() * events.length), 1)[0]!);
  return ['crash-after-election', 'crash-after-promotion', ...picked];
}

describe('crash of the failover leader, restarted on its config (vigil)', () => {
  let group: Group | undefined;
  const results: RoundResult[] = [];

  beforeAll(async () => {
    group = await startGroup({ kind: 'vigil', sentinels: 3, replicas: 2, quorum: 2 });
  }, 60_000);

  afterAll(async () => {
    if (process.env.VIGIL_E2E_TRACE) process.stderr.write(`${JSON.stringify(results, null, 1)}\n`);
    await group?.teardown();
    await cleanupE2e();
  }, 30_000);

  test.each(pointsToRun())(
    'leader dies at %s: the group converges, no double vote, same id and epochs',
    (point) =>
      withDiagnostics(
        () => group,
        async () => {
          const g = group!;
          const result = await crashRound(g, point, [g.primary, ...g.replicas]);
          results.push(result);
          expect(result.epochs.length).toBeGreaterThan(0);
        },
      ),
    120_000,
  );
});

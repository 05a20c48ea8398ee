/**
 * Interoperability: a rolling replacement. A group of three redis-sentinel 7.0.15 processes
 * is turned into three Vigils one process at a time, each Vigil started on the config file
 * the redis-sentinel left behind (same path, same dir: same myid, epochs, known replicas and
 * sentinels), with an ODOWN-driven failover in between (two Vigils and one redis-sentinel).
 * An application writing through ioredis in sentinel mode sees no failed or stalled write
 * except in a bounded window around the failover itself.
 */
import * as fs from 'node:fs';
import { cleanupMixed, writeThrough, WritingClient } from './mixed-util/clients.js';
import { DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS, MASTER } from './mixed-util/config.js';
import { waitForConvergence, waitForMutualDiscovery } from './mixed-util/convergence.js';
import { startMixedGroup, withDiagnostics, type MixedGroup } from './mixed-util/group.js';
import { masterFields, myidOf } from './mixed-util/queries.js';
import { waitFor } from '../helpers/waitFor.js';

/** Writes may fail from the kill until down-after + election + promotion + client reconnect. */
const FAILOVER_WINDOW_BOUND_MS = DOWN_AFTER_MS + FAILOVER_TIMEOUT_MS + 4000;

/** The persisted state a replacement must keep, from a sentinel.conf text. */
function persisted(text: string): {
  myid?: string;
  currentEpoch?: string;
  configEpoch?: string;
  leaderEpoch?: string;
} {
  const line = (re: RegExp): string | undefined => re.exec(text)?.[1];
  return {
    myid: line(/^sentinel myid ([0-9a-f]{40})$/m),
    currentEpoch: line(/^sentinel current-epoch (\d+)$/m),
    configEpoch: line(new RegExp(`^sentinel config-epoch ${MASTER} (\\d+)$`, 'm')),
    leaderEpoch: line(new RegExp(`^sentinel leader-epoch ${MASTER} (\\d+)$`, 'm')),
  };
}

describe('rolling replacement of three redis-sentinel by three Vigils', () => {
  let group: MixedGroup | undefined;

  afterEach(async () => {
    group = undefined;
    await cleanupMixed();
  });

  test('same myid and epochs, a failover in between, no client-visible disruption beyond it', async () => {
    group = await startMixedGroup(['redis-sentinel', 'redis-sentinel', 'redis-sentinel']);
    const g = group;
    await withDiagnostics(
      () => g,
      async () => {
        const writer = new WritingClient(g.ports);
        await waitFor(() => writer.results.filter((r) => r.ok).length >= 5, {
          timeoutMs: 10_000,
          description: 'the writer to get going',
        });

        const replace = async (i: number): Promise<void> => {
          const master = await waitForConvergence(g);
          const leftBehind = await g.replaceWithVigil(i);
          const before = persisted(leftBehind);
          const port = g.ports[i] as number;
          // The Vigil runs on the redis-sentinel's own file and identity.
          expect(before.myid).toBe(g.runids[i]);
          expect(await myidOf(port)).toBe(g.runids[i]);
          expect(Number((await masterFields(port))['config-epoch'])).toBe(Number(before.configEpoch));
          expect(before.configEpoch).toBe(String(master.configEpoch));
          const startedAt = Date.now();
          const hello = await waitFor(() => g.hellos.latest(port, startedAt), {
            timeoutMs: 5000,
            description: `a hello from the Vigil on :${port}`,
          });
          expect([hello.runid, String(hello.currentEpoch), hello.masterPort]).toEqual([
            g.runids[i],
            before.currentEpoch,
            master.masterPort,
          ]);
          // The peers keep it under the same runid (no second entry), and it knows them.
          await waitForMutualDiscovery(g);
          expect(await waitForConvergence(g)).toEqual(master);
          // A new client that knows only this process finds the primary through it.
          expect(await writeThrough([port])).toBe(master.masterPort);
        };

        await replace(0);
        await replace(1);

        // A failover in the mixed group {Vigil, Vigil, redis-sentinel}: whoever leads.
        const before = await waitForConvergence(g);
        const oldPrimary = g.dataNodes.find((n) => n.port === before.masterPort);
        if (!oldPrimary) throw new Error(`no data node on :${before.masterPort}`);
        const killedAt = Date.now();
        oldPrimary.kill('SIGKILL');
        await oldPrimary.waitForExit();
        await waitFor(
          () =>
            [0, 1, 2].every(
              (i) => g.events.select('+switch-master', { sentinel: i, since: killedAt }).length > 0,
            ),
          { timeoutMs: 30_000, description: '+switch-master on every sentinel' },
        );
        expect(g.events.select('+elected-leader', { since: killedAt })).toHaveLength(1);
        const after = await waitForConvergence(g);
        expect(after.configEpoch).toBeGreaterThan(before.configEpoch);
        await oldPrimary.restart();
        expect(await waitForConvergence(g)).toEqual(after);
        // The writer is back on the new primary.
        const resumed = Date.now();
        await waitFor(() => writer.results.some((r) => r.ok && r.at > resumed), {
          timeoutMs: 10_000,
          description: 'writes to succeed again after the failover',
        });

        await replace(2);
        expect(g.kinds).toEqual(['vigil', 'vigil', 'vigil']);
        const final = await waitForConvergence(g);
        expect(final).toEqual(after);
        const endedAt = Date.now();
        await waitFor(() => writer.results.some((r) => r.ok && r.at > endedAt), {
          timeoutMs: 5000,
          description: 'a write after the last replacement',
        });
        await writer.stop();

        // Each Vigil persisted the same identity and the group's epochs in the same file.
        for (const [i, s] of g.sentinels.entries()) {
          await waitFor(
            () => {
              const now = persisted(fs.readFileSync(s.configPath, 'utf8'));
              return (
                now.myid === g.runids[i] &&
                now.configEpoch === String(final.configEpoch) &&
                Number(now.currentEpoch) >= final.configEpoch
              );
            },
            {
              timeoutMs: 5000,
              description: `${s.configPath} to hold myid ${g.runids[i]}, epoch ${final.configEpoch}`,
            },
          );
        }

        // Every write went to the primary the group named at the time.
        const servers = new Set(writer.results.filter((w) => w.ok).map((w) => w.server));
        expect([...servers].sort()).toEqual([before.masterPort, after.masterPort].sort());
        expect(
          writer.results
            .filter((w) => w.ok && w.startedAt > killedAt)
            .every((w) => w.server === after.masterPort),
        ).toBe(true);

        // No write failed or stalled outside the failover, and that window was bounded.
        const disrupted = writer.disrupted();
        const outside = disrupted.filter(
          (w) => w.startedAt < killedAt || w.at > killedAt + FAILOVER_WINDOW_BOUND_MS,
        );
        expect(outside).toEqual([]);
        const windowMs = disrupted.length > 0 ? Math.max(...disrupted.map((w) => w.at)) - killedAt : 0;
        expect(windowMs).toBeLessThan(FAILOVER_WINDOW_BOUND_MS);
        if (process.env.VIGIL_E2E_TRACE) {
          const failed = disrupted.filter((w) => !w.ok).length;
          process.stderr.write(
            `rolling: ${writer.results.length} writes; ${disrupted.length} disrupted (${failed} failed) ` +
              `within ${windowMs} ms of the kill\n`,
          );
        }
      },
    );
  }, 120_000);
});

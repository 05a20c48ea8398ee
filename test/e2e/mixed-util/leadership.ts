/**
 * Steering and watching who leads a failover in the mixed-group e2e tests: SENTINEL FAILOVER
 * retried until accepted, blocking sentinels from leading the next ODOWN failover with a
 * third party's vote request, and polling the votes each sentinel records for its peers.
 */
import { itemsOf, sendOnce, textOf } from '../../helpers/resp.js';
import { waitFor } from '../../helpers/waitFor.js';
import { MASTER } from './config.js';
import type { MixedGroup } from './group.js';
import { command, instancesOf, masterPortOf } from './queries.js';

/** A runid no process has: the test plays a third-party sentinel asking for a vote. */
export const FOREIGN_RUNID = '0123456789abcdef0123456789abcdef01234567';

/** SENTINEL FAILOVER, retried while the sentinel has no good replica yet or is still busy. */
export async function forceFailover(port: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    async () => {
      const reply = await sendOnce(port, 'SENTINEL', 'FAILOVER', MASTER);
      if (reply.value.kind === 'error') throw new Error(reply.value.value);
      return true;
    },
    { timeoutMs, intervalMs: 200, description: `SENTINEL FAILOVER on :${port} to be accepted` },
  );
}

/**
 * Makes sentinels `voters` unable to lead the next ODOWN failover: each is asked for its
 * vote by a third party (FOREIGN_RUNID) at current epoch + 1. Sentinel 7.0: a vote for
 * another sentinel sets failover_start_time, and no failover is started within
 * 2 × failover-timeout of it; the voters still detect SDOWN/ODOWN and vote for a later epoch.
 * Waits until every running sentinel advertises the new epoch (so the leader asks at a higher
 * one). Returns that epoch.
 */
export async function blockFromLeading(g: MixedGroup, voters: number[]): Promise<number> {
  const since = Date.now();
  const current = await waitFor(
    () => {
      const epochs = g.sentinels
        .filter((s) => s.running)
        .map((s) => g.hellos.latest(s.port, since)?.currentEpoch);
      // Boxed: epoch 0 is a valid answer, not "not yet".
      return epochs.every((e) => e !== undefined) ? [Math.max(...(epochs as number[]))] : undefined;
    },
    { timeoutMs: 5000, description: 'a fresh hello from every sentinel' },
  );
  const epoch = (current[0] as number) + 1;
  const masterPort = await masterPortOf(g.ports[0] as number);
  for (const i of voters) {
    const reply = await command(
      g.ports[i] as number,
      ...['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', masterPort, epoch, FOREIGN_RUNID],
    );
    const vote = itemsOf(reply.value).map(textOf);
    if (vote[1] !== FOREIGN_RUNID || vote[2] !== String(epoch)) {
      throw new Error(`s${i} did not vote for the foreign runid at ${epoch}: ${vote.join(' ')}`);
    }
  }
  const asked = Date.now();
  await waitFor(
    () =>
      g.sentinels.every((s) => !s.running || (g.hellos.latest(s.port, asked)?.currentEpoch ?? -1) >= epoch),
    { timeoutMs: 5000, description: `every sentinel to advertise current epoch ${epoch}` },
  );
  return epoch;
}

/** Polls SENTINEL SENTINELS on `ports`; records every distinct (observer, peer, vote). */
export function watchVotes(ports: readonly number[]): { seen: Set<string>; stop(): Promise<void> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const port of ports) {
        try {
          for (const p of await instancesOf(port, 'SENTINELS')) {
            seen.add(`${port} ${p.port} ${p['voted-leader']} ${p['voted-leader-epoch']}`);
          }
        } catch {
          // A process being restarted: try again on the next round.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50)); // Poll pacing, not a wait.
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * Crash rounds for a group of three sentinels: kill the primary, kill the failover leader at a
 * chosen point of its failover (SENTINEL SIMULATE-FAILURE, or kill -9 when it publishes an
 * event), start it again on its own rewritten config, and check that the group converges and
 * that no sentinel ever voted for two leaders in one epoch, across its incarnations.
 *
 * Shared by test/e2e/crash-failover.test.ts (a few points) and
 * test/soak/crash-failover.soak.ts (every point).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RedisServerHandle } from '../../helpers/processes.js';
import { sendOnce, textOf } from '../../helpers/resp.js';
import { waitFor } from '../../helpers/waitFor.js';
import { waitForConvergence, type Converged } from './assertions.js';
import type { Group } from './group.js';
import { masterFields, sentinelInfo } from './queries.js';

/** The two crash points Sentinel 7.0 can simulate (exit 99 at that point). */
export const SIMULATED_POINTS = ['crash-after-election', 'crash-after-promotion'] as const;

/** Events of the leader's failover at which it is killed with SIGKILL. */
export const EVENT_POINTS = [
  '+elected-leader',
  '+failover-state-select-slave',
  '+failover-state-send-slaveof-noone',
  '+failover-state-wait-promotion',
  '+promoted-slave',
  '+failover-state-reconf-slaves',
  '+slave-reconf-sent',
  '+failover-end',
] as const;

export const ALL_POINTS: readonly string[] = [...SIMULATED_POINTS, ...EVENT_POINTS];

export interface Vote {
  /** Index of the voting sentinel in the group. */
  sentinel: number;
  /** Its process id at the time (one per incarnation). */
  pid: number | null;
  runId: string;
  epoch: number;
}

/**
 * Every `+vote-for-leader` a sentinel logged, from its log files (all incarnations append to
 * the same files; Vigil writes its log lines synchronously, so a vote made just before a
 * kill -9 is there even when its pub/sub message never left).
 */
export function votesFromLogs(group: Group): Vote[] {
  const votes: Vote[] = [];
  group.sentinels.forEach((s, sentinel) => {
    for (const file of ['stdout.log', 'stderr.log']) {
      let text = '';
      try {
        text = fs.readFileSync(path.join(s.dir, file), 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (!line.includes('+vote-for-leader')) continue;
        let message = line;
        let pid: number | null = null;
        if (line.startsWith('{')) {
          try {
            const record = JSON.parse(line) as { msg?: string; pid?: number };
            message = record.msg ?? '';
            pid = record.pid ?? null;
          } catch {
            // A line cut by the kill: it was never a whole vote record.
            continue;
          }
        }
        // `+vote-for-leader <runid> <epoch>` (Sentinel 7.0 prints no instance for this one)
        const m = /\+vote-for-leader ([0-9a-fA-F]{40}) (\d+)\s*$/.exec(message);
        if (m) votes.push({ sentinel, pid, runId: m[1]!.toLowerCase(), epoch: Number(m[2]) });
      }
    }
  });
  return votes;
}

/** Votes from the pub/sub recorder (what left the process before it died). */
export function votesFromEvents(group: Group): Vote[] {
  return group.recorder.select('+vote-for-leader').flatMap((e) => {
    const m = /^([0-9a-fA-F]{40}) (\d+)$/.exec(e.payload);
    return m ? [{ sentinel: e.sentinel, pid: null, runId: m[1]!.toLowerCase(), epoch: Number(m[2]) }] : [];
  });
}

/** (sentinel, epoch) pairs with more than one distinct leader voted for, described. */
export function doubleVotes(votes: readonly Vote[]): string[] {
  const byKey = new Map<string, Set<string>>();
  for (const v of votes) {
    const key = `sentinel ${v.sentinel} epoch ${v.epoch}`;
    const set = byKey.get(key) ?? new Set<string>();
    set.add(v.runId);
    byKey.set(key, set);
  }
  return [...byKey].filter(([, ids]) => ids.size > 1).map(([key, ids]) => `${key}: ${[...ids].join(', ')}`);
}

export async function myIdOf(port: number): Promise<string> {
  return textOf((await sendOnce(port, 'SENTINEL', 'MYID')).value);
}

export interface RoundResult {
  point: string;
  leader: number;
  oldPort: number;
  converged: Converged;
  /** Epochs the group saw votes in during this round. */
  epochs: number[];
  ms: number;
}

/**
 * One round: the current primary is killed -9, the leader of the failover that follows is
 * killed at `point` and started again, then the group must converge on a new primary (all
 * sentinels: same address and config epoch, no failover in progress; data nodes: one master,
 * the others replicating from it). The old primary is then started again and must be turned
 * into a replica of the new one. Checks the restarted leader kept its id and its epochs.
 */
export async function crashRound(
  g: Group,
  point: string,
  dataNodes: RedisServerHandle[],
): Promise<RoundResult> {
  const started = Date.now();
  const before = await waitForConvergence(g.sentinels, dataNodes, 30_000);
  const primary = dataNodes.find((n) => n.port === before.masterPort);
  if (!primary) throw new Error(`no data node on the primary port ${before.masterPort}`);
  const ids = await Promise.all(g.sentinels.map((s) => myIdOf(s.port)));
  const simulated = (SIMULATED_POINTS as readonly string[]).includes(point);
  if (simulated) {
    for (const s of g.sentinels) {
      const reply = await sendOnce(s.port, 'SENTINEL', 'SIMULATE-FAILURE', point);
      expect(textOf(reply.value)).toBe('OK');
    }
  }

  const killedAt = Date.now();
  primary.kill('SIGKILL');
  await primary.waitForExit();

  let leader: number;
  if (simulated) {
    // A crash right after the election may come before +elected-leader leaves the process:
    // the leader is the sentinel that exits (with 99).
    leader =
      (await waitFor(
        () => {
          const i = g.sentinels.findIndex((s) => !s.running);
          return i >= 0 ? i + 1 : 0; // 1-based so that index 0 is truthy
        },
        { timeoutMs: 30_000, description: `the leader to crash (${point})` },
      )) - 1;
    expect(await g.sentinels[leader]!.waitForExit()).toEqual({ code: 99, signal: null });
    // The others must not crash in a later failover of this round: clear their flags
    // (Sentinel 7.0: SIMULATE-FAILURE resets the flags first, HELP then sets none).
    for (const [i, s] of g.sentinels.entries()) {
      if (i === leader) continue;
      await sendOnce(s.port, 'SENTINEL', 'SIMULATE-FAILURE', 'HELP');
      expect((await sentinelInfo(s.port)).sentinel_simulate_failure_flags).toBe('0');
    }
  } else {
    leader = (await g.recorder.waitFor('+elected-leader', { since: killedAt }, 20_000)).sentinel;
    await g.recorder.waitFor(point, { sentinel: leader, since: killedAt }, 20_000);
    g.sentinels[leader]!.kill('SIGKILL');
    await g.sentinels[leader]!.waitForExit();
  }
  const leaderProcess = g.sentinels[leader]!;
  g.notes.push(`round ${point}: sentinel ${leader} (leader) killed; old primary :${primary.port}`);
  const epochsBefore = epochOnDisk(leaderProcess.configPath);

  await g.restartSentinel(leader);
  // The restarted leader is the same sentinel: same id, and no epoch forgotten.
  expect(await myIdOf(leaderProcess.port)).toBe(ids[leader]);
  // INFO has no current epoch; the restarted sentinel saves its state at start.
  expect(epochOnDisk(leaderProcess.configPath)).toBeGreaterThanOrEqual(epochsBefore);
  expect(epochsBefore).toBeGreaterThan(before.configEpoch);

  const converged = await waitForConvergence(g.sentinels, dataNodes, 60_000);
  expect(converged.masterPort).not.toBe(before.masterPort);
  expect(converged.configEpoch).toBeGreaterThan(before.configEpoch);

  // The old primary comes back empty and is turned into a replica of the new one.
  await primary.restart();
  const after = await waitForConvergence(g.sentinels, dataNodes, 30_000);
  expect(after.masterPort).toBe(converged.masterPort);
  for (const [i, s] of g.sentinels.entries()) expect(await myIdOf(s.port)).toBe(ids[i]);
  // All of them agree on the current epoch too.
  await waitFor(
    async () => {
      const views = await Promise.all(g.sentinels.map((s) => masterFields(s.port)));
      return new Set(views.map((v) => v['config-epoch'])).size === 1;
    },
    { timeoutMs: 5000, description: 'one config epoch' },
  );

  const votes = [...votesFromLogs(g), ...votesFromEvents(g)];
  expect(doubleVotes(votes)).toEqual([]);
  const epochs = [...new Set(votes.filter((v) => v.epoch > before.configEpoch).map((v) => v.epoch))].sort(
    (a, b) => a - b,
  );
  return { point, leader, oldPort: primary.port, converged: after, epochs, ms: Date.now() - started };
}

/** `sentinel current-epoch` of a config file, 0 when absent. */
export function epochOnDisk(configPath: string): number {
  const m = /^sentinel current-epoch (\d+)$/m.exec(fs.readFileSync(configPath, 'utf8'));
  return m ? Number(m[1]) : 0;
}

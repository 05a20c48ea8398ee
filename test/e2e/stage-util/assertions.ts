/**
 * Waiting and convergence checks of the deployment-stage e2e tests: stability windows
 * ("nothing new for N ms"), exactly one failover, no unwanted events, a replica attached to
 * its primary, and sentinels and data nodes agreeing on one primary and config epoch.
 */
import { type ManagedProcess, type RedisServerHandle } from '../../helpers/processes.js';
import { StopWaiting, waitFor } from '../../helpers/waitFor.js';
import { MASTER } from './config.js';
import type { SentinelEvent } from './events.js';
import type { Group } from './group.js';
import { masterFields, replicationOf } from './queries.js';

/**
 * Polls `check` (which returns a problem description, or undefined while all is well) for
 * `ms`; fails at once if a problem shows up. A stability window, not a sleep: it asserts
 * that something stays true, e.g. that no second +switch-master comes.
 */
export async function holdsFor(
  ms: number,
  description: string,
  check: () => string | undefined | Promise<string | undefined>,
): Promise<void> {
  const started = Date.now();
  await waitFor(
    async () => {
      const problem = await check();
      if (problem !== undefined) {
        throw new StopWaiting(`${description} broke after ${Date.now() - started} ms: ${problem}`);
      }
      return Date.now() - started >= ms;
    },
    { timeoutMs: ms + 5000, intervalMs: 100, description },
  );
}

export interface FailoverOutcome {
  /** Port of the new primary (from the +switch-master payloads). */
  newPrimaryPort: number;
  /** Index of the sentinel that published +elected-leader. */
  leader: number;
}

/**
 * Waits for one +switch-master on each of `sentinels` (away from `oldPort`), then holds a
 * window of failover-timeout + 1.5 s in which each still has exactly one +switch-master and
 * the whole group exactly one +elected-leader since `since`.
 */
export async function expectExactlyOneFailover(
  group: Group,
  options: { sentinels: number[]; oldPort: number; since: number; timeoutMs?: number; windowMs?: number },
): Promise<FailoverOutcome> {
  const rec = group.recorder;
  const switchPattern = new RegExp(`^${MASTER} 127\\.0\\.0\\.1 ${options.oldPort} 127\\.0\\.0\\.1 (\\d+)$`);
  await waitFor(
    () =>
      options.sentinels.every((i) => rec.count('+switch-master', { sentinel: i, since: options.since }) > 0),
    {
      timeoutMs: options.timeoutMs ?? 30_000,
      description: `+switch-master on sentinels ${options.sentinels.join(', ')}`,
    },
  );
  const switches = options.sentinels.map(
    (i) => rec.select('+switch-master', { sentinel: i, since: options.since })[0],
  );
  const ports = new Set(switches.map((e) => switchPattern.exec(e?.payload ?? '')?.[1]));
  if (ports.size !== 1 || ports.has(undefined)) {
    throw new Error(
      `+switch-master payloads disagree or are malformed: ${switches.map((e) => e?.payload).join(' | ')}`,
    );
  }
  await holdsFor(options.windowMs ?? group.failoverTimeoutMs + 1500, 'exactly one failover', () => {
    const perSentinel = options.sentinels.map((i) =>
      rec.count('+switch-master', { sentinel: i, since: options.since }),
    );
    if (perSentinel.some((n) => n !== 1))
      return `+switch-master counts per sentinel: ${perSentinel.join(', ')}`;
    const leaders = rec.count('+elected-leader', { since: options.since });
    if (leaders !== 1) return `${leaders} +elected-leader across the group`;
    return undefined;
  });
  const elected = rec.select('+elected-leader', { since: options.since })[0] as SentinelEvent;
  return { newPrimaryPort: Number([...ports][0]), leader: elected.sentinel };
}

/** No event of `channels` (with a payload matching `payload`, if given) since `since`, for `ms`. */
export async function expectNoEvents(
  group: Group,
  channels: string[],
  since: number,
  ms: number,
  payload?: RegExp,
): Promise<void> {
  await holdsFor(ms, `no ${channels.join(', ')}${payload ? ` matching ${payload}` : ''}`, () => {
    const seen = group.recorder.events.filter(
      (e) =>
        e.at >= since && channels.includes(e.channel) && (payload === undefined || payload.test(e.payload)),
    );
    return seen.length > 0
      ? seen.map((e) => `s${e.sentinel} ${e.channel} ${e.payload}`).join(' | ')
      : undefined;
  });
}

/** Waits until the data node at `port` is a replica of `masterPort` with its link up. */
export async function waitForReplicaOf(port: number, masterPort: number, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      const r = await replicationOf(port);
      return r?.role === 'slave' && r.masterPort === masterPort && r.linkUp;
    },
    { timeoutMs, description: `:${port} to replicate from :${masterPort} with its link up` },
  );
}

export interface Converged {
  masterPort: number;
  configEpoch: number;
}

/**
 * Waits until every given sentinel names the same primary with the same config epoch and no
 * failover in progress, that primary says role:master, and every other running data node
 * replicates from it with its link up.
 */
export async function waitForConvergence(
  sentinels: readonly ManagedProcess[],
  dataNodes: readonly RedisServerHandle[],
  timeoutMs = 40_000,
): Promise<Converged> {
  return waitFor(
    async () => {
      const views = await Promise.all(sentinels.map((s) => masterFields(s.port)));
      const ports = new Set(views.map((v) => v.port));
      const epochs = new Set(views.map((v) => v['config-epoch']));
      if (ports.size !== 1 || epochs.size !== 1) {
        throw new Error(
          `sentinels disagree: ${views.map((v) => `${v.port}@${v['config-epoch']}`).join(', ')}`,
        );
      }
      const busy = views.filter((v) => v.flags !== 'master');
      if (busy.length > 0) throw new Error(`master flags: ${views.map((v) => v.flags).join(' | ')}`);
      const masterPort = Number([...ports][0]);
      const roles = await Promise.all(
        dataNodes.filter((n) => n.running).map(async (n) => [n.port, await replicationOf(n.port)] as const),
      );
      for (const [port, r] of roles) {
        const ok =
          port === masterPort
            ? r?.role === 'master'
            : r?.role === 'slave' && r.masterPort === masterPort && r.linkUp;
        if (!ok)
          throw new Error(
            `data node :${port} is ${JSON.stringify(r)} while the sentinels name :${masterPort}`,
          );
      }
      return { masterPort, configEpoch: Number([...epochs][0]) };
    },
    { timeoutMs, intervalMs: 200, description: 'sentinels and data nodes to converge' },
  );
}

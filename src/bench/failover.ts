/**
 * Benchmark 3: failover time. A fresh group of one kind (primary, two replicas, three sentinels
 * with quorum 2, down-after 1000 ms, failover-timeout 5000 ms) per run; the primary gets kill -9
 * and the clock runs from the kill to the first `+sdown` of the master (shown because it drives
 * everything after it) and to
 *   (a) the first `+odown` on any sentinel,
 *   (b) `+switch-master` published by every sentinel (the last of the three),
 *   (c) a replica answering ROLE with `master` (polled every 10 ms).
 * Then it keeps listening until `extraWindowMs` after the first `+switch-master`: a sentinel
 * that publishes a second one in that window took part in an extra failover.
 */
import type { Redis } from 'ioredis';
import type { Fleet, Kind } from './fleet.js';
import { startGroup, stopGroup, waitForDiscovery } from './topology.js';
import { sleep } from './wait.js';

export interface FailoverSettings {
  readonly downAfterMs: number;
  readonly failoverTimeoutMs: number;
  /** Give up on a run when (b) and (c) have not both happened this long after the kill. */
  readonly deadlineMs: number;
  readonly extraWindowMs: number;
  readonly discoveryTimeoutMs: number;
}

export interface SentinelEvent {
  /** Index of the sentinel (0..2) that published it. */
  readonly sentinel: number;
  readonly channel: string;
  readonly message: string;
  /** Milliseconds after the kill. */
  readonly atMs: number;
}

export interface FailoverRun {
  readonly kind: Kind;
  readonly run: number;
  readonly sdownMs: number | null;
  readonly odownMs: number | null;
  readonly switchAllMs: number | null;
  readonly promotedMs: number | null;
  /** `+switch-master` messages per sentinel within the window. */
  readonly switchCounts: readonly number[];
  readonly extraFailovers: number;
  readonly promoted: string | null;
  readonly events: readonly SentinelEvent[];
  readonly error: string | null;
}

/** Extra failovers in one run: the most `+switch-master` messages any one sentinel sent, less one. */
export function extraFailovers(switchCounts: readonly number[]): number {
  return Math.max(0, ...switchCounts.map((n) => n - 1));
}

/** A run that could not be measured: no timings, the reason in `error`. */
function failedRun(base: Pick<FailoverRun, 'kind' | 'run' | 'events'>, error: string): FailoverRun {
  const none = { sdownMs: null, odownMs: null, switchAllMs: null, promotedMs: null, promoted: null };
  return { ...base, ...none, switchCounts: [], extraFailovers: 0, error };
}

export async function runFailover(
  fleet: Fleet,
  kind: Kind,
  run: number,
  settings: FailoverSettings,
  log: (line: string) => void,
): Promise<FailoverRun> {
  const events: SentinelEvent[] = [];
  const base = { kind, run, events };
  let group;
  try {
    group = await startGroup(fleet, kind, `failover-${kind}-${run}`, {
      downAfterMs: settings.downAfterMs,
      failoverTimeoutMs: settings.failoverTimeoutMs,
    });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return failedRun(base, error);
  }
  const clients: Redis[] = [];
  try {
    await waitForDiscovery(fleet, group, settings.discoveryTimeoutMs);
    let killedAt: number | null = null;
    // Every event of every sentinel, as an operator would watch with PSUBSCRIBE *.
    for (const [index, sentinel] of group.sentinels.entries()) {
      const sub = fleet.client(sentinel.port);
      clients.push(sub);
      await sub.connect();
      sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
        if (killedAt === null) return;
        events.push({ sentinel: index, channel, message, atMs: performance.now() - killedAt });
      });
      await sub.psubscribe('*');
    }
    // Sentinel 7.0 ends a replica's normal clients (CLIENT KILL TYPE normal) when it promotes or
    // reconfigures it, so a poller whose connection is closed opens a new one.
    const replicaClients: (Redis | null)[] = group.replicas.map(() => null);
    const askRole = async (index: number): Promise<unknown> => {
      let client = replicaClients[index];
      if (!client || client.status === 'end' || client.status === 'close') {
        if (client) fleet.dropClient(client);
        client = fleet.client(group.replicas[index]!.port);
        replicaClients[index] = client;
        clients.push(client);
        await client.connect();
      }
      return client.call('ROLE');
    };
    await Promise.all(group.replicas.map((_, i) => askRole(i)));

    killedAt = performance.now();
    const killed = fleet.kill(group.primary, 'SIGKILL');

    let promotedMs: number | null = null;
    let promoted: string | null = null;
    const deadline = killedAt + settings.deadlineMs;
    const switchesSeen = (): boolean =>
      group.sentinels.every((_, i) => events.some((e) => e.sentinel === i && e.channel === '+switch-master'));
    while (performance.now() < deadline && (promotedMs === null || !switchesSeen())) {
      if (promotedMs === null) {
        const roles = await Promise.all(group.replicas.map((_, i) => askRole(i).catch(() => null)));
        const at = performance.now() - killedAt;
        const index = roles.findIndex((r) => Array.isArray(r) && r[0] === 'master');
        if (index >= 0) {
          promotedMs = at;
          promoted = `127.0.0.1:${group.replicas[index]!.port}`;
        }
      }
      await sleep(10);
    }
    await killed;
    const firstSwitch = events.find((e) => e.channel === '+switch-master');
    if (firstSwitch) {
      const windowEnd = killedAt + firstSwitch.atMs + settings.extraWindowMs;
      const rest = windowEnd - performance.now();
      if (rest > 0) await sleep(rest);
    }
    const inWindow = (e: SentinelEvent): boolean =>
      firstSwitch !== undefined && e.atMs <= firstSwitch.atMs + settings.extraWindowMs;
    const switchCounts = group.sentinels.map(
      (_, i) =>
        events.filter((e) => e.sentinel === i && e.channel === '+switch-master' && inWindow(e)).length,
    );
    const sdown = events.find((e) => e.channel === '+sdown' && e.message.startsWith('master '));
    const odown = events.find((e) => e.channel === '+odown' && e.message.startsWith('master '));
    const lastSwitches = group.sentinels.map(
      (_, i) => events.find((e) => e.sentinel === i && e.channel === '+switch-master')?.atMs ?? null,
    );
    const switchAllMs = lastSwitches.some((t) => t === null) ? null : Math.max(...(lastSwitches as number[]));
    const problems: string[] = [];
    if (switchAllMs === null)
      problems.push(`+switch-master seen on ${lastSwitches.filter((t) => t !== null).length}/3 sentinels`);
    if (promotedMs === null) problems.push('no replica promoted');
    const error = problems.length ? `within ${settings.deadlineMs} ms: ${problems.join(', ')}` : null;
    const result: FailoverRun = {
      ...base,
      sdownMs: sdown?.atMs ?? null,
      odownMs: odown?.atMs ?? null,
      switchAllMs,
      promotedMs,
      switchCounts,
      extraFailovers: extraFailovers(switchCounts),
      promoted,
      error,
    };
    const ms = (v: number | null): string => (v === null ? '-' : `${Math.round(v)} ms`);
    log(
      `${kind} run ${run}: +sdown ${ms(result.sdownMs)}, +odown ${ms(result.odownMs)}, role:master ${ms(promotedMs)}, ` +
        `+switch-master on all ${ms(switchAllMs)}, extra failovers ${result.extraFailovers}` +
        (error ? ` (${error})` : ''),
    );
    return result;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    log(`${kind} run ${run}: failed: ${error}`);
    return failedRun(base, error);
  } finally {
    for (const c of clients) fleet.dropClient(c);
    await stopGroup(fleet, group);
  }
}

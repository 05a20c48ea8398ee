/**
 * Settings shared by the deployment-stage e2e tests: which sentinel kinds to run, the master
 * name, down-after and failover-timeout, and the SENTINEL DEBUG periods of each kind.
 *
 * The sentinel kind comes from VIGIL_E2E_SENTINEL: `vigil` (default), `redis-sentinel`, or
 * `both`. The same assertions must hold for both: redis-sentinel 7.0.15 is the reference.
 */
import { SHORT_SENTINEL_PERIODS } from '../../helpers/periods.js';

export type SentinelKind = 'vigil' | 'redis-sentinel';

/** The sentinel kinds to run every stage with (see the file comment). */
export function sentinelKinds(): SentinelKind[] {
  const wanted = (process.env.VIGIL_E2E_SENTINEL ?? 'vigil').trim().toLowerCase();
  if (wanted === 'both') return ['vigil', 'redis-sentinel'];
  if (wanted === 'redis-sentinel' || wanted === 'vigil') return [wanted];
  throw new Error(`VIGIL_E2E_SENTINEL must be vigil, redis-sentinel or both, not "${wanted}"`);
}

export const MASTER = 'mymaster';
export const DOWN_AFTER_MS = 1000;
export const FAILOVER_TIMEOUT_MS = 3000;
/**
 * Shorter Sentinel periods (SENTINEL DEBUG): hellos every 500 ms make discovery, config
 * propagation and the convert-to-slave wait (Sentinel 7.0: 4 x publish-period) quick.
 * ping-period also throttles link reconnects (one per ping-period): left at 1000 ms, equal to
 * down-after, a link to a freshly switched master may wait ~1 s to reconnect and the new
 * master goes SDOWN right after the switch (seen with redis-sentinel 7.0.15 under load), so
 * it is kept below down-after.
 */
export const FAST_PERIODS: Readonly<Record<string, number>> = {
  ...SHORT_SENTINEL_PERIODS,
  'ping-period': 500,
};

/**
 * Vigil runs with the default ping-period (1000 ms, equal to down-after): it reconnects to a
 * freshly switched primary at once, so the "no extra failover at down-after 1000 ms"
 * is tested as stated. The real redis-sentinel gets the shorter ping-period above.
 */
export function periodsFor(kind: string): Readonly<Record<string, number>> {
  if (kind !== 'vigil') return FAST_PERIODS;
  const { 'ping-period': _pingPeriod, ...rest } = FAST_PERIODS;
  return rest;
}

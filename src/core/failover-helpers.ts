/**
 * Small shared pieces of the election and failover modules: master-subject events without the
 * `%@` prefix, link and address tests, the "looks sane" / "no down for" predicates, and the
 * failover state bookkeeping (transition, abort).
 */
import type { Epoch } from './epoch.js';
import type { CoreContext } from './context.js';
import type { LogLevel } from './actions.js';
import type { Address, FailoverState, Instance, MasterInstance } from './model.js';

/**
 * An event about `master` whose payload does not start with `%@` (`+new-epoch <e>`,
 * `+vote-for-leader <runid> <e>`, `+switch-master ...`). Sentinel 7.0 passes the master as the
 * instance of these events, so at warning level they also go to its notification script, but
 * the published text is only the payload.
 */
export function masterEvent(
  ctx: CoreContext,
  level: LogLevel,
  name: string,
  master: MasterInstance,
  payload: string,
): void {
  ctx.emit({
    type: 'event',
    level,
    name,
    payload,
    subject: { kind: 'master', name: master.name, ip: ctx.announcedHost(master), port: master.addr.port },
    notificationScript: master.notificationScript,
  });
}

/**
 * Sentinel 7.0's `link->disconnected`: a sentinel needs its command connection, a master or
 * replica needs both the command and the pub/sub connection.
 */
export function isDisconnected(instance: Instance): boolean {
  const link = instance.link;
  if (instance.kind === 'sentinel') return !link.cmdConnected;
  return !link.cmdConnected || !link.pubsubConnected;
}

/**
 * Whether a host reported by an instance (INFO `master_host`) names `addr`. Sentinel 7.0
 * resolves the text and compares IPs, falling back to a case-insensitive hostname compare;
 * the pure core cannot resolve, so it accepts either the IP or the hostname as given.
 */
export function addrEqualsHost(addr: Address, host: string | null): boolean {
  if (host === null) return false;
  if (addr.ip !== '' && host === addr.ip) return true;
  return host.toLowerCase() === addr.host.toLowerCase();
}

/** Whether a reported `host:port` is the same address as `addr`. */
export function addrEqualsHostPort(addr: Address, host: string | null, port: number): boolean {
  return port === addr.port && addrEqualsHost(addr, host);
}

/**
 * Sentinel 7.0 `sentinelRedisInstanceNoDownFor`: the most recent SDOWN/ODOWN *start* is older
 * than `ms` (or never happened). The since-times are kept after `-sdown`, so this measures the
 * time since the instance last went down.
 */
export function noDownFor(instance: Instance, ms: number, now: number): boolean {
  const mostRecent = Math.max(instance.sDownSince, instance.oDownSince);
  return mostRecent === 0 || now - mostRecent > ms;
}

/**
 * Vigil: we voted, within the last failover-timeout, for a leader of an epoch newer than our
 * master's config epoch, so a failover we know nothing more of may be reconfiguring the nodes
 * right now. Converting an old primary meanwhile can undo its promotion: the leader may just
 * have chosen that very node (simulator, seed 376499: a returning primary was converted 165 ms
 * after the new leader promoted it). Sentinel 7.0 does not wait for this.
 */
export function newerFailoverPending(master: MasterInstance, now: number): boolean {
  return (
    master.leaderEpoch > master.configEpoch &&
    master.failoverStartTime !== 0 &&
    now - master.failoverStartTime < master.failoverTimeout
  );
}

/**
 * Sentinel 7.0 `sentinelMasterLooksSane`: the master reports the master role, is neither SDOWN
 * nor ODOWN, and its INFO is younger than two INFO periods.
 */
export function masterLooksSane(ctx: CoreContext, master: MasterInstance, now: number): boolean {
  return (
    master.roleReported === 'master' &&
    !master.flags.sDown &&
    !master.flags.oDown &&
    now - master.infoRefresh < ctx.state.timers['info-period'] * 2
  );
}

export function setFailoverState(master: MasterInstance, state: FailoverState, now: number): void {
  master.failoverState = state;
  master.failoverStateChangeTime = now;
}

/**
 * Sentinel 7.0 `sentinelAbortFailover`, allowed only up to wait_promotion: clear the in-progress
 * and force flags, back to none, un-promote the replica. failover_start_time is kept, so the
 * retry gate still applies.
 */
export function abortFailover(master: MasterInstance, now: number): void {
  master.flags.failoverInProgress = false;
  master.flags.forceFailover = false;
  setFailoverState(master, 'none', now);
  if (master.promoted !== null) {
    master.promoted.flags.promoted = false;
    master.promoted = null;
  }
}

/**
 * A new failover_start_time. The "Next failover delay" line is logged once per start time
 * (Sentinel 7.0 remembers which start time it logged), so a new start time re-arms it.
 */
export function setFailoverStartTime(master: MasterInstance, time: number): void {
  master.failoverStartTime = time;
  master.failoverDelayLogged = false;
}

/** Epochs travel as decimal text, exactly. */
export function epochText(epoch: Epoch): string {
  return epoch.toString();
}

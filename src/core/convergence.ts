/**
 * The acting part of INFO processing (spec §7 "Acting part", §13): what Sentinel does when a
 * replica's INFO shows it promoted, misconfigured, or progressing towards the new master.
 * Nothing here runs in TILT.
 */
import type { CoreContext } from './context.js';
import type { Instance, MasterInstance, ReplicaInstance } from './model.js';
import { SIMULATE_CRASH_AFTER_PROMOTION } from './model.js';
import {
  addrEqualsHost,
  addrEqualsHostPort,
  masterLooksSane,
  newerFailoverPending,
  noDownFor,
  setFailoverState,
} from './failover-helpers.js';
import { failoverReconfNextSlave } from './failover-states.js';

/**
 * Called by INFO processing once the instance's fields (role, master_host, ...) are updated.
 * `_previousRole` is the role reported before this INFO; Sentinel 7.0 acts on the current role
 * at every INFO, not only on a change, so it is not needed here.
 */
export function actOnInfo(
  ctx: CoreContext,
  instance: Instance,
  _previousRole: 'master' | 'slave' | 'unknown',
  now: number,
): void {
  if (ctx.state.tilt) return;
  // A master reporting the replica role needs nothing here: the SDOWN check treats it as down
  // after down-after + 2 × info-period, which eventually triggers a failover.
  if (instance.kind !== 'slave') return;
  const replica = instance;
  const master = replica.master;
  if (replica.roleReported === 'master') {
    if (
      replica.flags.promoted &&
      master.flags.failoverInProgress &&
      master.failoverState === 'wait_promotion'
    ) {
      promotionDone(ctx, master, replica, now);
    } else {
      maybeConvertToSlave(ctx, master, replica, now);
    }
    return;
  }
  maybeFixSlaveConfig(ctx, master, replica, now);
  trackReconfProgress(ctx, master, replica, now);
}

/**
 * The replica we sent `SLAVEOF NO ONE` now reports the master role. From here on the new address
 * is ours: config epoch = failover epoch (so peers adopt it from our hellos), persisted before
 * anything is announced.
 */
function promotionDone(
  ctx: CoreContext,
  master: MasterInstance,
  replica: ReplicaInstance,
  now: number,
): void {
  master.configEpoch = master.failoverEpoch;
  setFailoverState(master, 'reconf_slaves', now);
  ctx.flush();
  ctx.event('warning', '+promoted-slave', replica);
  if (ctx.state.simulateFailureFlags & SIMULATE_CRASH_AFTER_PROMOTION) {
    ctx.emit({ type: 'crash', reason: 'crash-after-promotion' });
    return;
  }
  ctx.event('warning', '+failover-state-reconf-slaves', master);
  if (master.clientReconfigScript !== null) {
    ctx.emit({
      type: 'runScript',
      argv: [
        master.clientReconfigScript,
        master.name,
        'leader',
        'start',
        ctx.announcedHost(master),
        String(master.addr.port),
        ctx.announcedHost(replica),
        String(replica.addr.port),
      ],
    });
  }
  ctx.forceHello(master);
  // Prompt failover: start pointing the other replicas at the new master now rather than at
  // the next tick (the same step the tick would run).
  failoverReconfNextSlave(ctx, master, now);
}

/**
 * A replica (not the one we are promoting) reports the master role — typically the old master
 * back from the dead. After 4 × publish-period of stable role with a sane master and no recent
 * down, make it replicate from our master (`+convert-to-slave`).
 */
function maybeConvertToSlave(
  ctx: CoreContext,
  master: MasterInstance,
  replica: ReplicaInstance,
  now: number,
): void {
  const wait = ctx.state.timers['publish-period'] * 4;
  if (replica.flags.promoted) return;
  if (newerFailoverPending(master, now)) return;
  // A fenced node's INFO comes every FENCE.infoPeriodMs: resend at most once per INFO period.
  const sent = replica.fence?.convertSent ?? 0;
  if (sent !== 0 && now - sent < ctx.state.timers['info-period']) return;
  if (!masterLooksSane(ctx, master, now)) return;
  if (!noDownFor(replica, wait, now)) return;
  if (now - replica.roleReportedTime <= wait) return;
  if (ctx.sendReplicaOf(replica, ctx.announcedHost(master), master.addr.port, now)) {
    if (replica.fence !== null) replica.fence.convertSent = now;
    ctx.event('notice', '+convert-to-slave', replica);
  }
}

/**
 * A replica replicating from another address than our master: once its configuration has been
 * stable for failover-timeout (so a failover in flight is not undone) and the master is sane,
 * send it `SLAVEOF <master>` (`+fix-slave-config`).
 */
function maybeFixSlaveConfig(
  ctx: CoreContext,
  master: MasterInstance,
  replica: ReplicaInstance,
  now: number,
): void {
  if (replica.slaveMasterHost === null) return;
  if (replica.slaveMasterPort === master.addr.port && addrEqualsHost(master.addr, replica.slaveMasterHost))
    return;
  const wait = master.failoverTimeout;
  if (!masterLooksSane(ctx, master, now)) return;
  if (!noDownFor(replica, wait, now)) return;
  if (now - replica.slaveConfChangeTime <= wait) return;
  if (ctx.sendReplicaOf(replica, ctx.announcedHost(master), master.addr.port, now)) {
    ctx.event('notice', '+fix-slave-config', replica);
  }
}

/**
 * reconf_sent → reconf_inprog when the replica reports the promoted replica as its master;
 * reconf_inprog → reconf_done when its master link is up.
 */
function trackReconfProgress(
  ctx: CoreContext,
  master: MasterInstance,
  replica: ReplicaInstance,
  now: number,
): void {
  const promoted = master.promoted;
  if (
    replica.flags.reconfSent &&
    promoted !== null &&
    addrEqualsHostPort(promoted.addr, replica.slaveMasterHost, replica.slaveMasterPort)
  ) {
    replica.flags.reconfSent = false;
    replica.flags.reconfInprog = true;
    ctx.event('notice', '+slave-reconf-inprog', replica);
  }
  if (replica.flags.reconfInprog && replica.slaveMasterLinkUp) {
    replica.flags.reconfInprog = false;
    replica.flags.reconfDone = true;
    ctx.event('notice', '+slave-reconf-done', replica);
    // Prompt failover: a parallel-syncs slot just freed; use it (and detect the end) now.
    if (master.flags.failoverInProgress && master.failoverState === 'reconf_slaves') {
      failoverReconfNextSlave(ctx, master, now);
    }
  }
}

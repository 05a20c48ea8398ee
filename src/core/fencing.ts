/**
 * Write fencing (Vigil only, issue #10): stop a data node from acknowledging writes that a
 * failover is about to throw away, with `CLIENT PAUSE <ms> WRITE`. Sentinel 7.0 has no such
 * step; it lets an old primary accept writes until it is converted, about 10 s after it comes
 * back (4 × publish-period of stable role, then an INFO round), and lets a primary cut off
 * with a minority accept them for the whole partition. Every write acknowledged in those
 * windows is lost when the node resynchronises from the new primary.
 *
 * A pause is the right tool because it is reversible and loses nothing: paused clients wait
 * (their writes are neither executed nor acknowledged), reads go on, and the pause lapses by
 * itself `FENCE.pauseMs` after the last renewal, so a fence whose sentinel died or changed its
 * mind costs a couple of seconds of write latency, never data. The destructive step (SLAVEOF)
 * keeps Sentinel's conditions, or needs a proof (below). Role-change transactions still run
 * under a pause (MULTI/SLAVEOF/CONFIG/CLIENT/EXEC are not write commands), and their
 * `CLIENT KILL TYPE normal` drops the paused clients, which then see an error, not an
 * acknowledgement, and rediscover the primary through Sentinel.
 *
 * 1. Stale primary (`vigil fence-stale-primary`, default yes). A node we know as a replica of
 *    our master reports the master role, while our master is sane (reports master, not down,
 *    fresh INFO), connected, and not failing over. Two facts can show that the node is an old
 *    primary and not one promoted after ours in an epoch we have not heard of:
 *    - replication history: the node's `master_replid` is our master's `master_replid2`. Our
 *      master was promoted from a replica of that history, and promoting a replica gives it a
 *      new replication id, so the node has not been promoted since ours was;
 *    - epochs: after the node was first seen reporting the master role, a majority of the
 *      sentinels (at least the quorum, ourselves included) sent hellos naming our master's
 *      address at our config epoch with a current epoch no higher. A newer promotion needed a
 *      majority of votes in a later epoch, a voter's current epoch is that epoch from its vote
 *      on, and since votes and epochs are on disk before they are told (issue #9), one of those
 *      sentinels would have shown the later epoch.
 *    Either fact starts the pause; both together also allow the conversion at once, instead of
 *    after Sentinel's 4 × publish-period wait. Without either, nothing changes from Sentinel.
 *    The only way to pause the wrong node is a forced failover (`SENTINEL FAILOVER`, which
 *    asks nobody) promoting a node that still reported the master role on a sentinel we cannot
 *    hear, and even then the node is only paused until that sentinel's hello reaches us.
 *
 * 2. Minority (`vigil fence-on-minority`, default no). Our master is sane and connected, but so
 *    many of its sentinels have stopped answering (no PING reply for half of down-after, with
 *    PINGs every quarter of it, and no agreeing hello for as long) that they alone could elect a leader and fail it
 *    over. Then we pause it, and keep it paused until a majority is back and has named that
 *    same primary at our config epoch again; if they failed it over, their hellos switch us and
 *    the stale-primary fence takes over.
 *
 * Fences are judged on the timer, never in TILT (a pause lapses by itself meanwhile). We send
 * no hellos to a paused node: PUBLISH waits under CLIENT PAUSE WRITE, and every command behind
 * it on that connection would wait too.
 */
import { FENCE } from '../constants.js';
import type { BrainContext } from './internal.js';
import type { Address, Fence, Instance, MasterInstance, ReplicaInstance, SentinelInstance } from './model.js';
import { sameAddress } from './instances.js';
import { masterLooksSane, newerFailoverPending } from './failover-helpers.js';
import { wireName } from './links.js';
import { votesNeeded } from './votes.js';

const NO_REPL_ID = '0000000000000000000000000000000000000000';

/** Whether a CLIENT PAUSE is being kept on this node (no hellos then). */
export function isPaused(instance: Instance): boolean {
  return instance.fence !== null && instance.fence.active;
}

/** The node's history is the one our master was promoted from (see 1. above). */
export function historyShowsStale(master: MasterInstance, replica: ReplicaInstance): boolean {
  return (
    replica.replId !== null &&
    master.replId2 !== null &&
    master.replId2 !== NO_REPL_ID &&
    replica.replId === master.replId2
  );
}

/**
 * A majority of the sentinels (and at least the quorum), ourselves included, named our master's
 * current address at our config epoch in a hello received after `since`. With `settled`, their
 * current epoch was not above that config epoch either (ours too): none of them had voted in a
 * later election. Naming the address alone is not enough for that: a voter names the old
 * address until the leader's hello reaches it (found by the simulator, seed 2688: a primary
 * promoted 1 s before was paused on the word of two sentinels, one of which had voted for it).
 */
export function majorityAgreesSince(
  ctx: BrainContext,
  master: MasterInstance,
  since: number,
  settled: boolean,
): boolean {
  let agreeing = !settled || ctx.state.currentEpoch <= master.configEpoch ? 1 : 0;
  for (const peer of master.sentinels.values()) {
    if ((settled ? peer.lastSettledTime : peer.lastAgreeTime) > since) agreeing++;
  }
  return agreeing >= votesNeeded(master.sentinels.size + 1, master.quorum);
}

/** A peer we have not heard from: no PING reply and no agreeing hello lately. */
function peerSilent(master: MasterInstance, peer: SentinelInstance, now: number): boolean {
  const link = peer.link;
  const pingSilence = Math.max(1, Math.floor(master.downAfterMs / 2));
  const noReply = link.cmdConnected
    ? link.actPingTime !== 0 && now - link.actPingTime > pingSilence
    : now - link.lastAvailTime > pingSilence;
  // Hellos come from each peer through several channels (the master's, each replica's, ours)
  // every publish-period: a peer still heard that way reaches the master and will not vote
  // it down, so it is not counted as lost.
  const noHello = now - peer.lastAgreeTime > pingSilence;
  return noReply && noHello;
}

/** So many sentinels are silent that they could elect a leader without us. */
export function lostMajority(ctx: BrainContext, master: MasterInstance, now: number): boolean {
  if (master.sentinels.size === 0) return false;
  let silent = 0;
  for (const peer of master.sentinels.values()) if (peerSilent(master, peer, now)) silent++;
  return silent >= votesNeeded(master.sentinels.size + 1, master.quorum);
}

function usable(instance: Instance): boolean {
  return instance.link.cmdConnected && !instance.flags.sDown;
}

function staleCandidate(
  ctx: BrainContext,
  master: MasterInstance,
  replica: ReplicaInstance,
  now: number,
): boolean {
  return (
    ctx.state.settings.fenceStalePrimary &&
    replica.roleReported === 'master' &&
    !replica.flags.promoted &&
    !master.flags.failoverInProgress &&
    usable(replica) &&
    usable(master) &&
    masterLooksSane(ctx, master, now)
  );
}

function minorityCandidate(ctx: BrainContext, master: MasterInstance, now: number): boolean {
  return (
    ctx.state.settings.fenceOnMinority &&
    master.roleReported === 'master' &&
    !master.flags.failoverInProgress &&
    usable(master) &&
    now - master.infoRefresh < ctx.state.timers['info-period'] * 2 &&
    lostMajority(ctx, master, now)
  );
}

function newFence(reason: Fence['reason'], now: number): Fence {
  return { reason, since: now, active: false, lastPauseSent: 0, convertSent: 0, refused: false };
}

function sendPause(ctx: BrainContext, instance: Instance, now: number): void {
  const fence = instance.fence;
  if (fence === null) return;
  ctx.emit({
    type: 'pauseWrites',
    linkId: instance.link.id,
    command: wireName(instance, 'CLIENT'),
    ms: FENCE.pauseMs,
  });
  fence.lastPauseSent = now;
}

function activate(ctx: BrainContext, instance: Instance, detail: string, now: number): void {
  const fence = instance.fence;
  if (fence === null || fence.active) return;
  fence.active = true;
  ctx.event('warning', '+fence', instance, `#${fence.reason} ${detail}`);
  sendPause(ctx, instance, now);
}

/**
 * Drop the fence. The node is unpaused only when we know the pause is no longer wanted by
 * anyone: it now reports the replica role, a majority names it primary again, or fencing was
 * turned off here. When our own conditions merely went away (the node or our primary looks
 * down, a failover started), the pause is left to lapse: another sentinel may still hold it,
 * and a CLIENT UNPAUSE would lift theirs too (the demo showed it: a sentinel whose hello
 * waited behind another's pause saw the node go down and unpaused it).
 */
function lift(ctx: BrainContext, instance: Instance, why: string): void {
  const fence = instance.fence;
  if (fence === null) return;
  instance.fence = null;
  if (!fence.active) return;
  const unpause = why !== 'condition-cleared';
  if (unpause && instance.link.cmdConnected) {
    ctx.emit({
      type: 'pauseWrites',
      linkId: instance.link.id,
      command: wireName(instance, 'CLIENT'),
      ms: null,
    });
  }
  ctx.event('warning', '-fence', instance, `#${fence.reason} ${why}`);
}

function renew(ctx: BrainContext, instance: Instance, now: number): void {
  const fence = instance.fence;
  if (fence !== null && fence.active && now - fence.lastPauseSent >= FENCE.renewMs) {
    sendPause(ctx, instance, now);
  }
}

function updateStaleFence(
  ctx: BrainContext,
  master: MasterInstance,
  replica: ReplicaInstance,
  now: number,
): void {
  if (!staleCandidate(ctx, master, replica, now)) {
    if (replica.fence !== null) {
      const why = !ctx.state.settings.fenceStalePrimary
        ? 'disabled'
        : replica.roleReported === 'slave'
          ? 'converted'
          : 'condition-cleared';
      lift(ctx, replica, why);
    }
    return;
  }
  replica.fence ??= newFence('stale-primary', now);
  const fence = replica.fence;
  const history = historyShowsStale(master, replica);
  const epochs = majorityAgreesSince(ctx, master, fence.since, true);
  if (!fence.active && (history || epochs)) {
    activate(ctx, replica, history ? 'replication-history' : 'epochs', now);
  }
  renew(ctx, replica, now);
  if (fence.active && history && epochs && fence.convertSent === 0 && !newerFailoverPending(master, now)) {
    if (ctx.sendReplicaOf(replica, ctx.announcedHost(master), master.addr.port, now)) {
      fence.convertSent = now;
      ctx.event('notice', '+convert-to-slave', replica);
    }
  }
}

function updateMinorityFence(ctx: BrainContext, master: MasterInstance, now: number): void {
  const fence = master.fence;
  if (minorityCandidate(ctx, master, now)) {
    if (fence === null) {
      master.fence = newFence('minority', now);
      activate(ctx, master, 'majority-unreachable', now);
    }
    renew(ctx, master, now);
    return;
  }
  if (fence === null) return;
  // Lifted once a majority is back and names this primary at our config epoch again, or when
  // fencing no longer applies (turned off, our master gone down or failing over).
  const stillWanted =
    ctx.state.settings.fenceOnMinority &&
    master.roleReported === 'master' &&
    !master.flags.failoverInProgress &&
    usable(master) &&
    !majorityAgreesSince(ctx, master, fence.since, false);
  if (stillWanted) {
    renew(ctx, master, now);
    return;
  }
  lift(
    ctx,
    master,
    !ctx.state.settings.fenceOnMinority
      ? 'disabled'
      : majorityAgreesSince(ctx, master, fence.since, false)
        ? 'majority-agrees'
        : 'condition-cleared',
  );
}

/**
 * Before a switch to `addr`: whether we keep a stale-primary pause on the replica at that
 * address. A newer configuration names it the primary, so the pause must go at once rather
 * than lapse (`unpauseOwed`, paid by updateFences once the new link is up).
 */
export function pausedAt(master: MasterInstance, addr: Address): boolean {
  for (const replica of master.replicas.values()) {
    if (isPaused(replica) && sameAddress(replica.addr, addr)) return true;
  }
  return false;
}

/** One timer run's fencing decisions for a master and its replicas (not called in TILT). */
export function updateFences(ctx: BrainContext, master: MasterInstance, now: number): void {
  if (master.unpauseOwed && master.link.cmdConnected) {
    master.unpauseOwed = false;
    ctx.emit({ type: 'pauseWrites', linkId: master.link.id, command: wireName(master, 'CLIENT'), ms: null });
    ctx.event('warning', '-fence', master, '#stale-primary newer-config');
  }
  updateMinorityFence(ctx, master, now);
  for (const replica of master.replicas.values()) updateStaleFence(ctx, master, replica, now);
}

/** Whether any of the master's replicas is a stale-primary candidate (its INFO is then polled). */
export function watchingStaleReplica(master: MasterInstance): boolean {
  for (const replica of master.replicas.values()) if (replica.fence !== null) return true;
  return false;
}

/**
 * Reply to CLIENT PAUSE / UNPAUSE. A refusal (Redis before 6.2 has no WRITE mode; an ACL or a
 * rename may forbid CLIENT) is logged once per fence: the node then behaves as under Sentinel.
 */
export function handlePauseReply(ctx: BrainContext, linkId: string, error: string | null): void {
  const entry = ctx.links.replied(linkId);
  if (entry === undefined || error === null) return;
  for (const user of entry.users) {
    if (user.fence === null || user.fence.refused) continue;
    user.fence.refused = true;
    ctx.emit({
      type: 'log',
      level: 'warning',
      message: `Fencing ${user.name}: CLIENT PAUSE refused (${error}); writes are not fenced`,
    });
  }
}

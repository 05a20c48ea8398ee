// Owned by the failover/election engineer; stub signatures for now.
import type { CoreContext } from './context.js';
import type { CkquorumResult, VoteReply } from './api.js';
import type { MasterInstance, SentinelInstance } from './model.js';

/** ODOWN check for a master (spec §9). */
export function checkObjectivelyDown(_ctx: CoreContext, _master: MasterInstance, _now: number): void {}

/** Ask peers `is-master-down-by-addr` (spec §9). */
export function askMasterStateToOtherSentinels(
  _ctx: CoreContext,
  _master: MasterInstance,
  _forced: boolean,
  _now: number,
): void {}

/** A peer's reply to is-master-down-by-addr. */
export function handleAskReply(
  _ctx: CoreContext,
  _master: MasterInstance,
  _peer: SentinelInstance,
  _reply: unknown,
  _now: number,
): void {}

/** SENTINEL IS-MASTER-DOWN-BY-ADDR served to a peer (spec §10). */
export function isMasterDownByAddr(
  ctx: CoreContext,
  _ip: string,
  _port: number,
  _reqEpoch: number,
  _reqRunId: string,
  _now: number,
): VoteReply {
  void ctx;
  return { down: 0, leader: '*', leaderEpoch: 0 };
}

/** SENTINEL CKQUORUM arithmetic. */
export function ckquorum(_ctx: CoreContext, _master: MasterInstance): CkquorumResult {
  return { usable: 1, quorumReachable: false, majorityReachable: false };
}

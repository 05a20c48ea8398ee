// Owned by the failover/election engineer; stub signatures for now.
import type { CoreContext } from './context.js';
import type { FailoverRequestResult } from './api.js';
import type { MasterInstance, ReplicaInstance, Instance } from './model.js';

/** Start a failover when the master is ODOWN and the retry gate allows (spec §10, §11). */
export function startFailoverIfNeeded(_ctx: CoreContext, _master: MasterInstance, _now: number): boolean {
  return false;
}

/** One step of the failover state machine (spec §11). */
export function runFailoverStateMachine(_ctx: CoreContext, _master: MasterInstance, _now: number): void {}

/** Masters in update_config: +switch-master and reset-and-change-address (spec §11.6). */
export function switchMasterAfterFailover(_ctx: CoreContext, _master: MasterInstance, _now: number): void {}

/** SENTINEL FAILOVER <name> (spec §17). */
export function requestFailover(_ctx: CoreContext, _master: MasterInstance, _now: number): FailoverRequestResult {
  return 'NOGOODSLAVE';
}

/**
 * The acting part of INFO processing (spec §7 "Acting part"): promotion detected,
 * convert-to-slave, fix-slave-config, reconf progress. Called by INFO processing after the
 * fields are updated, unless in TILT. `previousRole` is the role reported before this INFO.
 */
export function actOnInfo(
  _ctx: CoreContext,
  _instance: Instance,
  _previousRole: 'master' | 'slave',
  _now: number,
): void {}

/** Replica selection (spec §12). */
export function selectReplica(_ctx: CoreContext, _master: MasterInstance, _now: number): ReplicaInstance | null {
  return null;
}

/**
 * Shared helpers inside the core: the split between detection/discovery (brain.ts and
 * friends) and election/failover (election.ts, failover.ts, ranking.ts, tilt.ts) goes through
 * this interface, so each part can be tested alone with a fake context.
 */
import type { Action, LogLevel } from './actions.js';
import type { Instance, MasterInstance, ReplicaInstance, SentinelState } from './model.js';

export interface CoreContext {
  readonly state: SentinelState;
  /** Queue an action. */
  emit(action: Action): void;
  /**
   * Queue a Sentinel event about `instance` (or none), formatted the Sentinel way:
   * `%@` prefix built from the instance, then `extra` after a space when given.
   * Passing `instance` null and a payload in `extra` gives events like `+new-epoch <n>`.
   */
  event(level: LogLevel, name: string, instance: Instance | null, extra?: string): void;
  /** Random integer in [0, n): injected so simulations are deterministic. */
  random(n: number): number;
  /** Send the SLAVEOF transaction to a master or replica (through its master's rename table). */
  sendReplicaOf(instance: Instance, host: string | null, port: number, now: number): boolean;
  /** Queue a config flush. */
  flush(): void;
  /** Reset a master keeping sentinels and switch it to a new address (switch-master). */
  resetMasterAndChangeAddress(
    master: MasterInstance,
    host: string,
    ip: string,
    port: number,
    now: number,
  ): void;
  /** The address to show for an instance (hostname when announce-hostnames). */
  announcedHost(instance: Instance): string;
  /** Make every peer, replica and the master get a hello at the next tick. */
  forceHello(master: MasterInstance): void;
  /** Whether the replica's link is usable (cmd connected). */
  isLinkConnected(instance: Instance): boolean;
  /** Replica looked up by address among a master's replicas. */
  findReplica(master: MasterInstance, host: string, port: number): ReplicaInstance | null;
}

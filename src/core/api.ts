/**
 * The core's whole surface towards the rest of Vigil. The runtime feeds it inputs; the command
 * layer reads `state` to build replies and calls the command methods below. Every method that
 * changes something queues actions in the outbox; the caller drains them with `takeActions()`
 * and hands them to the executor before replying (so a vote is persisted before the reply to
 * the request leaves, as Sentinel 7.0 does).
 */
import type { Epoch } from './epoch.js';
import type { Action } from './actions.js';
import type { Input } from './inputs.js';
import type { Address, SentinelState } from './model.js';
import type { TimerName } from '../constants.js';

export interface CkquorumResult {
  /** 1 (ourselves) + peers that are neither SDOWN nor ODOWN. */
  usable: number;
  quorumReachable: boolean;
  majorityReachable: boolean;
}

export interface VoteReply {
  down: 0 | 1;
  /** Runid we voted for in this master's leader epoch, or `*`. */
  leader: string;
  leaderEpoch: Epoch;
}

export type FailoverRequestResult = 'OK' | 'NOMASTER' | 'INPROG' | 'NOGOODSLAVE';

export interface Core {
  readonly state: SentinelState;

  /** Feed one input at time `now`; resulting actions go to the outbox. */
  handle(input: Input, now: number): void;
  /** Drain the outbox. */
  takeActions(): Action[];

  /**
   * Apply one `sentinel ...` config line (arguments after the word `sentinel`), in the load
   * order the config layer gives. Returns the Sentinel 7.0 error text, or null.
   */
  applyConfigDirective(args: readonly string[], now: number): string | null;
  /** A `vigil <option> <value>` config line (arguments after `vigil`): error text or null. */
  applyVigilDirective(args: readonly string[]): string | null;
  /** After the config is applied: generate myid (+flush) if missing, emit `+monitor` per master. */
  start(now: number): void;

  /** SENTINEL MONITOR after the command layer validated and resolved the address. */
  monitor(name: string, addr: Address, quorum: number, now: number): string | null;
  /** SENTINEL REMOVE; false if no such master. */
  remove(name: string, now: number): boolean;
  /**
   * One `SENTINEL SET` option (the command layer loops left to right, checks script paths on
   * disk first). Emits `+set`. Returns the error text or null.
   */
  setOption(
    masterName: string,
    option: string,
    value: string,
    value2: string | undefined,
    now: number,
  ): string | null;
  /** SENTINEL RESET <pattern>: number of masters reset. */
  reset(pattern: string, now: number): number;
  /** SENTINEL FAILOVER <name>. */
  requestFailover(name: string, now: number): FailoverRequestResult;
  /** SENTINEL IS-MASTER-DOWN-BY-ADDR: answer, voting when runId is not `*`. */
  isMasterDownByAddr(ip: string, port: number, reqEpoch: Epoch, reqRunId: string, now: number): VoteReply;
  ckquorum(name: string): CkquorumResult | null;
  setTimer(name: TimerName, ms: number): void;
  /** SENTINEL CONFIG SET, one parameter. Returns error text or null. */
  configSet(param: string, value: string, now: number): string | null;
  setSimulateFailure(flags: number): void;
  /** Queue a config flush (SENTINEL FLUSHCONFIG). */
  flushConfig(): void;
}

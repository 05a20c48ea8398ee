/**
 * The core's model of the world: monitored masters, their replicas and the peer sentinels
 * that watch them, with every field Sentinel 7.0 keeps and shows in its replies.
 * Times are milliseconds from the injected clock; 0 means "never".
 */
import type { Epoch } from './epoch.js';
import type { Timers } from '../constants.js';
import type { LogFormatSetting } from '../log/format.js';

export type InstanceKind = 'master' | 'slave' | 'sentinel';

export interface Address {
  /** The address as given (hostname or IP text). Shown when announce-hostnames is on. */
  host: string;
  /** Resolved IP ('' when a hostname could not be resolved yet). Shown otherwise. */
  ip: string;
  port: number;
}

/**
 * One link to an instance: a command connection and, for masters and replicas, a pub/sub
 * connection. Sentinel links are shared by every master a peer appears under (same runid and
 * address), counted by `refcount`, as Sentinel 7.0 does.
 */
export interface Link {
  /** Opaque id the runtime uses to find its sockets; unique for the life of the process. */
  readonly id: string;
  refcount: number;
  cmdConnected: boolean;
  pubsubConnected: boolean;
  /** Local address of the command socket, used as our hello IP when announce-ip is unset. */
  localIp: string | null;
  pendingCommands: number;
  cmdConnTime: number;
  pubsubConnTime: number;
  pubsubLastActivity: number;
  /** Last acceptable PING reply (PONG, LOADING, MASTERDOWN). */
  lastAvailTime: number;
  /** Send time of the oldest unanswered PING; 0 when none is pending. */
  actPingTime: number;
  lastPingTime: number;
  /** Last reply of any kind to a PING. */
  lastPongTime: number;
  lastReconnTime: number;
}

/** Instance flags, in the order Sentinel prints them in the `flags` field. */
export interface Flags {
  sDown: boolean;
  oDown: boolean;
  /** A peer sentinel says the master is down (peers only). */
  masterDown: boolean;
  failoverInProgress: boolean;
  promoted: boolean;
  reconfSent: boolean;
  reconfInprog: boolean;
  reconfDone: boolean;
  forceFailover: boolean;
  scriptKillSent: boolean;
  masterReboot: boolean;
}

export interface InstanceBase {
  kind: InstanceKind;
  /** Master name, `ip:port` for replicas (bracketed IPv6), runid for sentinels. */
  name: string;
  addr: Address;
  runId: string | null;
  flags: Flags;
  link: Link;
  downAfterMs: number;
  sDownSince: number;
  oDownSince: number;
  /** Last INFO reply time (masters and replicas); 0 if never. */
  infoRefresh: number;
  /** `unknown` after an INFO with no role line, until one reports a role again. */
  roleReported: 'master' | 'slave' | 'unknown';
  roleReportedTime: number;
  /** Last hello published by us to this instance that got a non-error reply. */
  lastPubTime: number;
  /** Cached full INFO text for SENTINEL INFO-CACHE. */
  info: string | null;
  /** `master_replid` / `master_replid2` of the last INFO (null when absent): see fencing.ts. */
  replId: string | null;
  replId2: string | null;
  /** Write fencing of this data node (Vigil only, fencing.ts); null when none is wanted. */
  fence: Fence | null;
}

/**
 * A write fence on a data node (issue #10). `stale-primary`: a node we know as a replica still
 * reports the master role (an old primary back from a partition, a pause or a restart).
 * `minority`: our own master while we have lost the sentinels that could fail it over.
 */
export interface Fence {
  reason: 'stale-primary' | 'minority';
  /** When the condition was first seen; the proofs count only hellos received after it. */
  since: number;
  /** Whether CLIENT PAUSE is being sent (a stale primary waits for its proof first). */
  active: boolean;
  /** Last CLIENT PAUSE sent; 0 before the first. */
  lastPauseSent: number;
  /** When the proven early conversion was sent; 0 if not yet. */
  convertSent: number;
  /** The data node refused CLIENT PAUSE (logged once per fence). */
  refused: boolean;
}

export type FailoverState =
  | 'none'
  | 'wait_start'
  | 'select_slave'
  | 'send_slaveof_noone'
  | 'wait_promotion'
  | 'reconf_slaves'
  | 'update_config';

export interface MasterInstance extends InstanceBase {
  kind: 'master';
  quorum: number;
  configEpoch: Epoch;
  /** Our vote for this master: runid we voted for, and in which epoch. */
  leader: string | null;
  leaderEpoch: Epoch;
  failoverTimeout: number;
  parallelSyncs: number;
  notificationScript: string | null;
  clientReconfigScript: string | null;
  authPass: string | null;
  authUser: string | null;
  /** Lower-cased command name → renamed command. */
  renamedCommands: Map<string, string>;
  masterRebootDownAfterPeriod: number;
  rebootSince: number;
  /** Keyed by replica name (`ip:port`). Insertion order is the reply order. */
  replicas: Map<string, ReplicaInstance>;
  /** Keyed by runid. */
  sentinels: Map<string, SentinelInstance>;
  failoverState: FailoverState;
  failoverEpoch: Epoch;
  failoverStartTime: number;
  failoverStateChangeTime: number;
  failoverDelayLogged: boolean;
  promoted: ReplicaInstance | null;
  /**
   * We kept a stale-primary pause on the node this master switched to (a newer configuration
   * named it primary): unpause it once its link is up (fencing.ts).
   */
  unpauseOwed: boolean;
  /**
   * Maintenance (Vigil only, `SENTINEL SET <name> vigil-maintenance yes`): no automatic
   * failover of this master is started or voted for; SENTINEL FAILOVER still works.
   */
  maintenance: boolean;
  /** ODOWN under maintenance was logged (once per ODOWN). */
  maintenanceHoldLogged: boolean;
}

export interface ReplicaInstance extends InstanceBase {
  kind: 'slave';
  master: MasterInstance;
  masterLinkDownTime: number;
  slavePriority: number;
  replicaAnnounced: boolean;
  slaveMasterHost: string | null;
  slaveMasterPort: number;
  slaveMasterLinkUp: boolean;
  slaveReplOffset: number;
  slaveReconfSentTime: number;
  slaveConfChangeTime: number;
}

export interface SentinelInstance extends InstanceBase {
  kind: 'sentinel';
  master: MasterInstance;
  lastHelloTime: number;
  lastMasterDownReplyTime: number;
  /** Whom this peer told us it voted for, and in which epoch. */
  leader: string | null;
  leaderEpoch: Epoch;
  /**
   * Last hello from this peer naming our master's current address at our config epoch: the
   * peer agreed with our view then (fencing.ts).
   */
  lastAgreeTime: number;
  /**
   * Last such hello whose current epoch was not above our config epoch either: the peer had
   * voted in no later election then (fencing.ts, the epochs fact).
   */
  lastSettledTime: number;
}

export type Instance = MasterInstance | ReplicaInstance | SentinelInstance;

/** Settings global to this sentinel (the pre-monitor config bucket and CONFIG SET). */
export interface SentinelSettings {
  announceIp: string | null;
  announcePort: number;
  denyScriptsReconfig: boolean;
  sentinelUser: string | null;
  sentinelPass: string | null;
  resolveHostnames: boolean;
  announceHostnames: boolean;
  /** Generic `requirepass`: used to authenticate to peers when sentinel-pass is unset. */
  requirePass: string | null;
  /** Our own listening port, advertised in hello when announce-port is 0. */
  port: number;
  /** `vigil fence-stale-primary` (default yes): fence an old primary that comes back. */
  fenceStalePrimary: boolean;
  /** `vigil fence-on-minority` (default no): fence our primary when we lose the majority. */
  fenceOnMinority: boolean;
  /** `vigil log-format` (default auto: legacy on a terminal, json otherwise); docs/logging.md. */
  logFormat: LogFormatSetting;
  /** `vigil http-port` (default 0 = no HTTP listener). */
  httpPort: number;
  /** `vigil http-bind` (default 127.0.0.1). */
  httpBind: string;
  /** `vigil http-token` (default '' = no bearer token required). Never logged. */
  httpToken: string;
  /** `vigil history-max` (default 1000): failover history entries kept. */
  historyMax: number;
}

export const SIMULATE_CRASH_AFTER_ELECTION = 1;
export const SIMULATE_CRASH_AFTER_PROMOTION = 2;

export interface SentinelState {
  myid: string;
  currentEpoch: Epoch;
  /** Insertion order is the reply order of SENTINEL MASTERS and ROLE. */
  masters: Map<string, MasterInstance>;
  settings: SentinelSettings;
  timers: Timers;
  tilt: boolean;
  tiltStartTime: number;
  /** Time of the previous timer run, for TILT detection; 0 before the first. */
  previousTickTime: number;
  simulateFailureFlags: number;
}

/**
 * Builds core model objects for unit tests: a sentinel state, masters, replicas and peer
 * sentinels with healthy, connected defaults relative to a given `now`, and overrides for
 * anything a test cares about.
 */
import { defaultTimers } from '../../../src/constants.js';
import type {
  Address,
  Flags,
  Link,
  MasterInstance,
  ReplicaInstance,
  SentinelInstance,
  SentinelSettings,
  SentinelState,
} from '../../../src/core/model.js';

export const MY_ID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

/** A run id of 40 chars made from a short tag (`runId('b')` → `bbbb…`). */
export function runId(tag: string): string {
  return tag.repeat(Math.ceil(40 / tag.length)).slice(0, 40);
}

/** An address whose host name is its ip unless told otherwise. */
export function addr(ip: string, port: number, host = ip): Address {
  return { host, ip, port };
}

export function makeFlags(overrides: Partial<Flags> = {}): Flags {
  return {
    sDown: false,
    oDown: false,
    masterDown: false,
    failoverInProgress: false,
    promoted: false,
    reconfSent: false,
    reconfInprog: false,
    reconfDone: false,
    forceFailover: false,
    scriptKillSent: false,
    masterReboot: false,
    ...overrides,
  };
}

let linkSeq = 0;

/** A link, connected (both connections) unless told otherwise, last seen available at `now`. */
export function makeLink(now = 0, overrides: Partial<Link> = {}): Link {
  linkSeq += 1;
  return {
    id: `link-${linkSeq}`,
    refcount: 1,
    cmdConnected: true,
    pubsubConnected: true,
    localIp: '127.0.0.1',
    pendingCommands: 0,
    cmdConnTime: now,
    pubsubConnTime: now,
    pubsubLastActivity: now,
    lastAvailTime: now,
    actPingTime: 0,
    lastPingTime: now,
    lastPongTime: now,
    lastReconnTime: now,
    ...overrides,
  };
}

export function makeSettings(overrides: Partial<SentinelSettings> = {}): SentinelSettings {
  return {
    announceIp: null,
    announcePort: 0,
    denyScriptsReconfig: true,
    sentinelUser: null,
    sentinelPass: null,
    resolveHostnames: false,
    announceHostnames: false,
    requirePass: null,
    fenceStalePrimary: true,
    fenceOnMinority: false,
    logFormat: 'auto',
    httpPort: 0,
    httpBind: '127.0.0.1',
    httpToken: '',
    historyMax: 1000,
    port: 26379,
    ...overrides,
  };
}

export function makeState(overrides: Partial<SentinelState> = {}): SentinelState {
  return {
    myid: MY_ID,
    currentEpoch: 0n,
    masters: new Map(),
    settings: makeSettings(),
    timers: defaultTimers(),
    tilt: false,
    tiltStartTime: 0,
    previousTickTime: 0,
    simulateFailureFlags: 0,
    ...overrides,
  };
}

export interface MasterOptions extends Partial<Omit<MasterInstance, 'flags' | 'link'>> {
  now?: number;
  flags?: Partial<Flags>;
  link?: Partial<Link>;
}

/** A monitored master, registered in `state.masters`, reporting the master role with fresh INFO. */
export function makeMaster(state: SentinelState, options: MasterOptions = {}): MasterInstance {
  const master = buildMaster(options);
  state.masters.set(master.name, master);
  return master;
}

/** The master `makeMaster` builds, without registering it anywhere. */
export function buildMaster(options: MasterOptions = {}): MasterInstance {
  const { now = 0, flags, link, ...rest } = options;
  return {
    kind: 'master',
    name: 'mymaster',
    addr: { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 },
    runId: runId('m'),
    flags: makeFlags(flags),
    link: makeLink(now, link),
    downAfterMs: 30000,
    sDownSince: 0,
    oDownSince: 0,
    infoRefresh: now,
    roleReported: 'master',
    roleReportedTime: now,
    lastPubTime: now,
    info: null,
    replId: null,
    replId2: null,
    fence: null,
    quorum: 2,
    configEpoch: 0n,
    leader: null,
    leaderEpoch: 0n,
    failoverTimeout: 180000,
    parallelSyncs: 1,
    notificationScript: null,
    clientReconfigScript: null,
    authPass: null,
    authUser: null,
    renamedCommands: new Map(),
    masterRebootDownAfterPeriod: 0,
    rebootSince: 0,
    replicas: new Map(),
    sentinels: new Map(),
    failoverState: 'none',
    failoverEpoch: 0n,
    failoverStartTime: 0,
    failoverStateChangeTime: 0,
    failoverDelayLogged: false,
    promoted: null,
    unpauseOwed: false,
    maintenance: false,
    maintenanceHoldLogged: false,
    ...rest,
  };
}

export interface ReplicaOptions extends Partial<Omit<ReplicaInstance, 'flags' | 'link' | 'master'>> {
  now?: number;
  ip?: string;
  port?: number;
  flags?: Partial<Flags>;
  link?: Partial<Link>;
}

/**
 * A replica of `master`, registered under `ip:port`: connected, pinged and INFO-refreshed at
 * `now`, replicating from the master with its link up, priority 100, offset 0.
 */
export function makeReplica(master: MasterInstance, options: ReplicaOptions = {}): ReplicaInstance {
  const replica = buildReplica(master, options);
  master.replicas.set(replicaName(options.ip ?? REPLICA_IP, options.port ?? REPLICA_PORT), replica);
  return replica;
}

const REPLICA_IP = '127.0.0.1';
const REPLICA_PORT = 6380;

/** `ip:port`, with an IPv6 ip in brackets. */
export function replicaName(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The replica `makeReplica` builds, without registering it in `master.replicas`. */
export function buildReplica(master: MasterInstance, options: ReplicaOptions = {}): ReplicaInstance {
  const { now = 0, ip = REPLICA_IP, port = REPLICA_PORT, flags, link, ...rest } = options;
  const name = replicaName(ip, port);
  return {
    kind: 'slave',
    name,
    addr: { host: ip, ip, port },
    runId: runId(String(port % 10)),
    flags: makeFlags(flags),
    link: makeLink(now, link),
    downAfterMs: master.downAfterMs,
    sDownSince: 0,
    oDownSince: 0,
    infoRefresh: now,
    roleReported: 'slave',
    roleReportedTime: now,
    lastPubTime: now,
    info: null,
    replId: null,
    replId2: null,
    fence: null,
    master,
    masterLinkDownTime: 0,
    slavePriority: 100,
    replicaAnnounced: true,
    slaveMasterHost: master.addr.ip,
    slaveMasterPort: master.addr.port,
    slaveMasterLinkUp: true,
    slaveReplOffset: 0,
    slaveReconfSentTime: 0,
    slaveConfChangeTime: now,
    ...rest,
  };
}

export interface SentinelOptions extends Partial<Omit<SentinelInstance, 'flags' | 'link' | 'master'>> {
  now?: number;
  flags?: Partial<Flags>;
  link?: Partial<Link>;
}

/** A peer sentinel of `master`, keyed by its run id, with its command link up. */
export function makeSentinel(
  master: MasterInstance,
  id: string,
  options: SentinelOptions = {},
): SentinelInstance {
  const peer = buildSentinel(master, id, options);
  master.sentinels.set(id, peer);
  return peer;
}

/** The peer `makeSentinel` builds, without registering it in `master.sentinels`. */
export function buildSentinel(
  master: MasterInstance,
  id: string,
  options: SentinelOptions = {},
): SentinelInstance {
  const { now = 0, flags, link, ...rest } = options;
  return {
    kind: 'sentinel',
    name: id,
    addr: { host: '127.0.0.1', ip: '127.0.0.1', port: 26380 + master.sentinels.size },
    runId: id,
    flags: makeFlags(flags),
    link: makeLink(now, { pubsubConnected: false, ...link }),
    downAfterMs: master.downAfterMs,
    sDownSince: 0,
    oDownSince: 0,
    infoRefresh: 0,
    roleReported: 'master',
    roleReportedTime: now,
    lastPubTime: now,
    info: null,
    replId: null,
    replId2: null,
    fence: null,
    master,
    lastHelloTime: now,
    lastMasterDownReplyTime: 0,
    leader: null,
    leaderEpoch: 0n,
    lastAgreeTime: 0,
    lastSettledTime: 0,
    ...rest,
  };
}

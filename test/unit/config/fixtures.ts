/**
 * Builders for the core model objects the config tests need (render and round trips).
 */
import { defaultTimers } from '../../../src/constants.js';
import type {
  Address,
  Flags,
  Link,
  MasterInstance,
  ReplicaInstance,
  SentinelInstance,
  SentinelState,
} from '../../../src/core/model.js';

let linkSeq = 0;

function link(): Link {
  return {
    id: `link-${++linkSeq}`,
    refcount: 1,
    cmdConnected: false,
    pubsubConnected: false,
    localIp: null,
    pendingCommands: 0,
    cmdConnTime: 0,
    pubsubConnTime: 0,
    pubsubLastActivity: 0,
    lastAvailTime: 0,
    actPingTime: 0,
    lastPingTime: 0,
    lastPongTime: 0,
    lastReconnTime: 0,
  };
}

function flags(): Flags {
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
  };
}

export function addr(ip: string, port: number, host = ip): Address {
  return { host, ip, port };
}

function base(name: string, a: Address) {
  return {
    name,
    addr: a,
    runId: null,
    flags: flags(),
    link: link(),
    downAfterMs: 30000,
    sDownSince: 0,
    oDownSince: 0,
    infoRefresh: 0,
    roleReported: 'master' as const,
    roleReportedTime: 0,
    lastPubTime: 0,
    info: null,
  };
}

export function makeState(overrides: Partial<SentinelState> = {}): SentinelState {
  return {
    myid: 'a'.repeat(40),
    currentEpoch: 0,
    masters: new Map(),
    settings: {
      announceIp: null,
      announcePort: 0,
      denyScriptsReconfig: true,
      sentinelUser: null,
      sentinelPass: null,
      resolveHostnames: false,
      announceHostnames: false,
      requirePass: null,
      port: 26379,
    },
    timers: defaultTimers(),
    tilt: false,
    tiltStartTime: 0,
    previousTickTime: 0,
    simulateFailureFlags: 0,
    ...overrides,
  };
}

export function addMaster(
  state: SentinelState,
  name: string,
  a: Address,
  quorum: number,
  extra: Partial<MasterInstance> = {},
): MasterInstance {
  const master: MasterInstance = {
    ...base(name, a),
    kind: 'master',
    quorum,
    configEpoch: 0,
    leader: null,
    leaderEpoch: 0,
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
    failoverEpoch: 0,
    failoverStartTime: 0,
    failoverStateChangeTime: 0,
    failoverDelayLogged: false,
    promoted: null,
    ...extra,
  };
  state.masters.set(name, master);
  return master;
}

export function addReplica(master: MasterInstance, a: Address): ReplicaInstance {
  const name = a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
  const replica: ReplicaInstance = {
    ...base(name, a),
    kind: 'slave',
    roleReported: 'slave',
    master,
    masterLinkDownTime: 0,
    slavePriority: 100,
    replicaAnnounced: true,
    slaveMasterHost: null,
    slaveMasterPort: 0,
    slaveMasterLinkUp: false,
    slaveReplOffset: 0,
    slaveReconfSentTime: 0,
    slaveConfChangeTime: 0,
  };
  master.replicas.set(name, replica);
  return replica;
}

export function addSentinel(master: MasterInstance, a: Address, runId: string | null): SentinelInstance {
  const sentinel: SentinelInstance = {
    ...base(runId ?? `${a.ip}:${a.port}`, a),
    kind: 'sentinel',
    runId,
    master,
    lastHelloTime: 0,
    lastMasterDownReplyTime: 0,
    leader: null,
    leaderEpoch: 0,
  };
  master.sentinels.set(runId ?? `${a.ip}:${a.port}`, sentinel);
  return sentinel;
}

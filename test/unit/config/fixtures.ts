/**
 * Builders for the core model objects the config tests need (render and round trips): the
 * shared ../core/model-factory.ts objects at time 0, disconnected, with no run ids.
 */
import type {
  Address,
  Link,
  MasterInstance,
  ReplicaInstance,
  SentinelInstance,
  SentinelState,
} from '../../../src/core/model.js';
import { buildMaster, makeReplica, makeSentinel } from '../core/model-factory.js';

export { addr, makeState } from '../core/model-factory.js';

/** A link never connected: neither connection up, no local ip. */
const DISCONNECTED: Partial<Link> = { cmdConnected: false, pubsubConnected: false, localIp: null };

const DOWN_AFTER_MS = 30000;

export function addMaster(
  state: SentinelState,
  name: string,
  a: Address,
  quorum: number,
  extra: Partial<MasterInstance> = {},
): MasterInstance {
  const master: MasterInstance = {
    ...buildMaster({ name, addr: a, runId: null, link: DISCONNECTED, downAfterMs: DOWN_AFTER_MS, quorum }),
    ...extra,
  };
  state.masters.set(name, master);
  return master;
}

export function addReplica(master: MasterInstance, a: Address): ReplicaInstance {
  return makeReplica(master, {
    ip: a.ip,
    port: a.port,
    addr: a,
    runId: null,
    link: DISCONNECTED,
    downAfterMs: DOWN_AFTER_MS,
    slaveMasterHost: null,
    slaveMasterPort: 0,
    slaveMasterLinkUp: false,
  });
}

export function addSentinel(master: MasterInstance, a: Address, runId: string | null): SentinelInstance {
  return makeSentinel(master, runId ?? `${a.ip}:${a.port}`, {
    addr: a,
    runId,
    link: DISCONNECTED,
    downAfterMs: DOWN_AFTER_MS,
  });
}

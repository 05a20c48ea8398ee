/**
 * A CoreContext for unit tests: records every action, formats events the Sentinel way (`%@`),
 * takes injected randomness, and emulates the few world-facing helpers (SLAVEOF, reset and
 * change address) closely enough to follow a failover to its end.
 */
import type { Action, LogLevel } from '../../../src/core/actions.js';
import type { CoreContext } from '../../../src/core/context.js';
import type { Instance, MasterInstance, ReplicaInstance, SentinelState } from '../../../src/core/model.js';
import { replicaOfCommands } from '../../../src/core/links.js';
import { makeFlags, makeLink } from './model-factory.js';

export interface RecordedEvent {
  level: LogLevel;
  name: string;
  payload: string;
  instance: Instance | null;
}

export interface ReplicaOfCall {
  instance: Instance;
  host: string | null;
  port: number;
}

export interface AddressChange {
  master: MasterInstance;
  host: string;
  ip: string;
  port: number;
  now: number;
}

export class FakeContext implements CoreContext {
  readonly actions: Action[] = [];
  /** Events in order, with the instance they were about (null for `+tilt`, `+new-epoch` ...). */
  readonly recorded: RecordedEvent[] = [];
  readonly replicaOfCalls: ReplicaOfCall[] = [];
  readonly addressChanges: AddressChange[] = [];
  readonly forcedHellos: MasterInstance[] = [];
  /** Values handed out by random(n) (each taken modulo n); 0 once exhausted. */
  randomValues: number[] = [];

  constructor(readonly state: SentinelState) {}

  emit(action: Action): void {
    this.actions.push(action);
    if (action.type === 'event') {
      this.recorded.push({ level: action.level, name: action.name, payload: action.payload, instance: null });
    }
  }

  event(level: LogLevel, name: string, instance: Instance | null, extra?: string): void {
    let payload = instance === null ? '' : this.describe(instance);
    if (extra !== undefined) payload = payload === '' ? extra : `${payload} ${extra}`;
    this.actions.push({
      type: 'event',
      level,
      name,
      payload,
      subject: null,
      notificationScript: null,
    });
    this.recorded.push({ level, name, payload, instance });
  }

  random(n: number): number {
    const value = this.randomValues.shift() ?? 0;
    return n > 0 ? value % n : 0;
  }

  sendReplicaOf(instance: Instance, host: string | null, port: number, _now: number): boolean {
    if (!instance.link.cmdConnected) return false;
    this.replicaOfCalls.push({ instance, host, port });
    this.actions.push({
      type: 'replicaOf',
      linkId: instance.link.id,
      commands: replicaOfCommands(instance),
      host,
      port,
    });
    return true;
  }

  flush(): void {
    this.actions.push({ type: 'flushConfig' });
  }

  /** Sentinel 7.0 reset-and-change-address, as far as the failover tests need it. */
  resetMasterAndChangeAddress(
    master: MasterInstance,
    host: string,
    ip: string,
    port: number,
    now: number,
  ): void {
    this.addressChanges.push({ master, host, ip, port, now });
    const oldAddr = master.addr;
    const keep: Array<{ ip: string; port: number }> = [];
    for (const replica of master.replicas.values()) {
      if (replica.addr.ip === ip && replica.addr.port === port) continue;
      keep.push({ ip: replica.addr.ip, port: replica.addr.port });
    }
    if (oldAddr.ip !== ip || oldAddr.port !== port) keep.push({ ip: oldAddr.ip, port: oldAddr.port });
    master.replicas = new Map();
    master.flags = makeFlags();
    master.leader = null;
    master.failoverState = 'none';
    master.failoverStateChangeTime = 0;
    master.failoverStartTime = 0;
    master.promoted = null;
    master.runId = null;
    master.link = makeLink(now, { cmdConnected: false, pubsubConnected: false, actPingTime: now });
    master.roleReported = 'master';
    master.roleReportedTime = now;
    master.addr = { host, ip, port };
    master.sDownSince = 0;
    master.oDownSince = 0;
    for (const address of keep) {
      const name = `${address.ip}:${address.port}`;
      const replica: ReplicaInstance = {
        kind: 'slave',
        name,
        addr: { host: address.ip, ip: address.ip, port: address.port },
        runId: null,
        flags: makeFlags(),
        link: makeLink(now, { cmdConnected: false, pubsubConnected: false, actPingTime: now }),
        downAfterMs: master.downAfterMs,
        sDownSince: 0,
        oDownSince: 0,
        infoRefresh: 0,
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
        slaveMasterHost: null,
        slaveMasterPort: 0,
        slaveMasterLinkUp: false,
        slaveReplOffset: 0,
        slaveReconfSentTime: 0,
        slaveConfChangeTime: now,
      };
      master.replicas.set(name, replica);
    }
    this.flush();
  }

  announcedHost(instance: Instance): string {
    return this.state.settings.announceHostnames ? instance.addr.host : instance.addr.ip;
  }

  forceHello(master: MasterInstance): void {
    this.forcedHellos.push(master);
  }

  isLinkConnected(instance: Instance): boolean {
    return instance.link.cmdConnected;
  }

  findReplica(master: MasterInstance, host: string, port: number): ReplicaInstance | null {
    for (const replica of master.replicas.values()) {
      if (replica.addr.port === port && (replica.addr.ip === host || replica.addr.host === host))
        return replica;
    }
    return null;
  }

  /** `%@`: `<type> <name> <ip> <port>`, plus ` @ <master> <ip> <port>` for replicas and sentinels. */
  describe(instance: Instance): string {
    const own = `${instance.kind} ${instance.name} ${this.announcedHost(instance)} ${instance.addr.port}`;
    if (instance.kind === 'master') return own;
    const master = instance.master;
    return `${own} @ ${master.name} ${this.announcedHost(master)} ${master.addr.port}`;
  }

  /** Event names in order. */
  eventNames(): string[] {
    return this.recorded.map((e) => e.name);
  }

  /** `<name> <payload>` lines, the way Sentinel logs events. */
  eventLines(): string[] {
    return this.recorded.map((e) => `${e.name} ${e.payload}`);
  }

  event0(name: string): RecordedEvent | undefined {
    return this.recorded.find((e) => e.name === name);
  }

  ofType<T extends Action['type']>(type: T): Array<Extract<Action, { type: T }>> {
    return this.actions.filter((a): a is Extract<Action, { type: T }> => a.type === type);
  }

  /** Forget what was recorded so far. */
  clear(): void {
    this.actions.length = 0;
    this.recorded.length = 0;
    this.replicaOfCalls.length = 0;
    this.addressChanges.length = 0;
    this.forcedHellos.length = 0;
  }
}

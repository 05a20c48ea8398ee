/**
 * Model factories and fakes for command-layer unit tests: a SentinelState with one master,
 * its replicas and peer sentinels (built by ../core/model-factory.ts, with timings relative to
 * NOW), a fake Core that records every call, and a CommandContext around them with a fixed clock.
 */
import { defaultServerConfig } from '../../../src/config/generic.js';
import { pino } from 'pino';
import type { CkquorumResult, Core, FailoverRequestResult, VoteReply } from '../../../src/core/api.js';
import type {
  Address,
  Link,
  MasterInstance,
  ReplicaInstance,
  SentinelInstance,
  SentinelState,
} from '../../../src/core/model.js';
import type { TimerName } from '../../../src/constants.js';
import type { CommandContext, ScriptJobView } from '../../../src/commands/context.js';
import type { Reply } from '../../../src/resp/reply.js';
import { sentinelAliasSubcommands, sentinelSubcommands } from '../../../src/commands/sentinel/index.js';
import {
  addr,
  buildMaster,
  buildReplica,
  buildSentinel,
  makeLink as buildLink,
  makeState as buildState,
} from '../core/model-factory.js';

export const NOW = 1_000_000;

export { makeFlags } from '../core/model-factory.js';

/** Link timings relative to NOW: connected a minute ago, last pinged and answered just now. */
const LINK_AGES: Partial<Link> = {
  cmdConnTime: NOW - 60_000,
  pubsubConnTime: NOW - 60_000,
  pubsubLastActivity: NOW - 100,
  lastAvailTime: NOW - 300,
  lastPingTime: NOW - 310,
  lastPongTime: NOW - 300,
  lastReconnTime: NOW - 60_000,
};

export function makeLink(over: Partial<Link> = {}): Link {
  return buildLink(NOW, { ...LINK_AGES, ...over });
}

export function makeMaster(name = 'mym', over: Partial<MasterInstance> = {}): MasterInstance {
  return {
    ...buildMaster({
      now: NOW,
      name,
      runId: 'a'.repeat(40),
      link: LINK_AGES,
      downAfterMs: 5000,
      infoRefresh: NOW - 1500,
      roleReportedTime: NOW - 40_000,
      lastPubTime: NOW - 500,
      info: '# Server\r\nredis_version:7.0.15\r\n',
      configEpoch: 3n,
    }),
    ...over,
  };
}

export function addReplica(
  master: MasterInstance,
  ip: string,
  port: number,
  over: Partial<ReplicaInstance> = {},
): ReplicaInstance {
  const r: ReplicaInstance = {
    ...buildReplica(master, {
      now: NOW,
      ip,
      port,
      runId: 'b'.repeat(40),
      link: LINK_AGES,
      infoRefresh: NOW - 2000,
      roleReportedTime: NOW - 30_000,
      lastPubTime: NOW - 500,
      info: '# Replication\r\nrole:slave\r\n',
      slaveReplOffset: 281,
      slaveConfChangeTime: 0,
    }),
    ...over,
  };
  master.replicas.set(r.name, r);
  return r;
}

export function addSentinel(
  master: MasterInstance,
  runId: string,
  port: number,
  over: Partial<SentinelInstance> = {},
): SentinelInstance {
  const s: SentinelInstance = {
    ...buildSentinel(master, runId, {
      now: NOW,
      addr: addr('127.0.0.1', port),
      link: LINK_AGES,
      lastPubTime: NOW - 500,
      lastHelloTime: NOW - 800,
    }),
    ...over,
  };
  master.sentinels.set(runId, s);
  return s;
}

/** A sentinel watching `mym` at 127.0.0.1:6379 with replicas :6380 and :6381 and two peers. */
export function makeState(): SentinelState {
  const master = makeMaster();
  addReplica(master, '127.0.0.1', 6380);
  addReplica(master, '127.0.0.1', 6381, { runId: 'c'.repeat(40), slaveReplOffset: 100 });
  addSentinel(master, '1'.repeat(40), 26380);
  addSentinel(master, '2'.repeat(40), 26381);
  return buildState({
    myid: 'f'.repeat(40),
    currentEpoch: 3n,
    masters: new Map([[master.name, master]]),
  });
}

export interface Call {
  method: string;
  args: unknown[];
}

/** A Core whose command methods record their calls and answer what the test configured. */
export class FakeCore implements Core {
  calls: Call[] = [];
  monitorResult: string | null = null;
  removeResult = true;
  /** Per-option answers for setOption (keyed by lower-case option); default null (success). */
  setOptionResults = new Map<string, string | null>();
  resetResult = 0;
  failoverResult: FailoverRequestResult = 'OK';
  vote: VoteReply = { down: 0, leader: '*', leaderEpoch: 0n };
  ckquorumResult: CkquorumResult | null = { usable: 3, quorumReachable: true, majorityReachable: true };
  configSetResult: string | null = null;

  constructor(readonly state: SentinelState = makeState()) {}

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }
  callsTo(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  handle(): void {}
  takeActions(): never[] {
    return [];
  }
  applyConfigDirective(): string | null {
    return null;
  }
  applyVigilDirective(): string | null {
    return null;
  }
  start(): void {}
  monitor(name: string, a: Address, quorum: number, now: number): string | null {
    this.record('monitor', name, a, quorum, now);
    return this.monitorResult;
  }
  remove(name: string, now: number): boolean {
    this.record('remove', name, now);
    return this.removeResult;
  }
  setOption(
    masterName: string,
    option: string,
    value: string,
    value2: string | undefined,
    now: number,
  ): string | null {
    this.record('setOption', masterName, option, value, value2, now);
    return this.setOptionResults.get(option.toLowerCase()) ?? null;
  }
  reset(pattern: string, now: number): number {
    this.record('reset', pattern, now);
    return this.resetResult;
  }
  requestFailover(name: string, now: number): FailoverRequestResult {
    this.record('requestFailover', name, now);
    return this.failoverResult;
  }
  isMasterDownByAddr(ip: string, port: number, reqEpoch: bigint, reqRunId: string, now: number): VoteReply {
    this.record('isMasterDownByAddr', ip, port, reqEpoch, reqRunId, now);
    return this.vote;
  }
  ckquorum(name: string): CkquorumResult | null {
    this.record('ckquorum', name);
    return this.ckquorumResult;
  }
  setTimer(name: TimerName, ms: number): void {
    this.record('setTimer', name, ms);
    this.state.timers[name] = ms;
  }
  configSet(param: string, value: string, now: number): string | null {
    this.record('configSet', param, value, now);
    return this.configSetResult;
  }
  setSimulateFailure(flags: number): void {
    this.record('setSimulateFailure', flags);
    this.state.simulateFailureFlags = flags;
  }
  flushConfig(): void {
    this.record('flushConfig');
  }
}

export interface TestContext extends CommandContext {
  readonly core: FakeCore;
  /** Number of commit() calls; `commitResult` is what they return. */
  commits: number;
  commitResult: boolean;
  jobs: ScriptJobView[];
}

export function makeContext(core = new FakeCore()): TestContext {
  const ctx: TestContext = {
    core,
    commits: 0,
    commitResult: true,
    jobs: [],
    session: {
      id: 1,
      protocol: 2,
      name: '',
      user: 'default',
      authenticated: true,
      remoteAddress: '127.0.0.1:50000',
      localAddress: '127.0.0.1:26379',
      createdAt: NOW - 1000,
      libName: '',
      libVersion: '',
    },
    config: defaultServerConfig('/tmp'),
    scripts: {
      jobs: () => ctx.jobs,
      runningCount: () => ctx.jobs.filter((j) => j.running).length,
      queueLength: () => ctx.jobs.length,
    },
    process: {
      runId: 'f'.repeat(40),
      startTime: NOW - 100_000,
      configFile: '/tmp/sentinel.conf',
      tcpPort: 26379,
      executable: '/usr/bin/vigil',
      connectedClients: () => 1,
      totalConnections: () => 1,
      totalCommands: () => 1,
    },
    log: pino({ level: 'silent' }),
    now: () => NOW,
    commit() {
      ctx.commits++;
      return ctx.commitResult;
    },
  };
  return ctx;
}

/** Flatten a map reply to `[key, value, ...]` strings (how RESP2 sends it). */
export function flat(reply: Reply): string[] {
  if (reply.t !== 'map') throw new Error(`expected a map, got ${reply.t}`);
  return reply.v.flatMap(([k, v]) => [text(k), text(v)]);
}

/** The text of a bulk/simple/error reply, or the number of an int. */
export function text(reply: Reply): string {
  switch (reply.t) {
    case 'bulk':
      return reply.v.toString();
    case 'simple':
    case 'error':
      return reply.v;
    case 'int':
      return String(reply.v);
    default:
      throw new Error(`not a scalar reply: ${reply.t}`);
  }
}

/** Keys of a map reply, in order. */
export function keys(reply: Reply): string[] {
  return flat(reply).filter((_, i) => i % 2 === 0);
}

/** Value of one key in a map reply. */
export function field(reply: Reply, key: string): string | undefined {
  const f = flat(reply);
  const i = f.findIndex((v, j) => j % 2 === 0 && v === key);
  return i < 0 ? undefined : f[i + 1];
}

/**
 * Call a SENTINEL subcommand the way the dispatcher does: look the name up case-insensitively
 * (aliases included), check the arity, hand over the arguments after the subcommand name.
 */
export async function sentinel(ctx: CommandContext, sub: string, ...args: string[]): Promise<Reply> {
  const spec = [...sentinelSubcommands, ...sentinelAliasSubcommands].find(
    (s) => s.name === sub.toLowerCase(),
  );
  if (!spec) throw new Error(`no subcommand ${sub}`);
  const argc = args.length + 2;
  if (spec.arity >= 0 ? argc !== spec.arity : argc < -spec.arity) {
    throw new Error(`arity error for ${sub} with ${argc} arguments`);
  }
  return spec.handler(ctx, args);
}

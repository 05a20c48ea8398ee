/**
 * Mixed groups of Vigil and the reference redis-sentinel 7.0.15 around real redis-server
 * nodes: queries, an event recorder (`PSUBSCRIBE *` on every sentinel), a hello recorder
 * (`__sentinel__:hello` on every data node), convergence checks, a way to pick the leader of
 * an ODOWN-driven failover, a Vigil started on a config file another process left behind
 * (rolling replacement), and a writing ioredis client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SHORT_SENTINEL_PERIODS } from '../helpers/periods.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import {
  REPO_ROOT,
  stopAll,
  type ExitInfo,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { realProcess, workerShared } from '../helpers/realProcess.js';
import { fieldsOf, itemsOf, sendOnce, textOf, type RespReply } from '../helpers/resp.js';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { StopWaiting, waitFor, withDeadline } from '../helpers/waitFor.js';

export type Kind = 'vigil' | 'redis-sentinel';

export const MASTER = 'mymaster';
/**
 * Not 1000: with down-after equal to the ping period, both kinds put a just-promoted primary
 * in SDOWN about one time in ten (Sentinel 7.0: the reset on +switch-master keeps the link's
 * last_reconn_time, from a reconnect attempt to the dead primary < 1 s earlier, so the new
 * link is throttled for up to a ping period while act_ping_time restarts at the reset; the
 * PING sent on reconnect is still unanswered when the SDOWN check of that same tick runs).
 * The peers' master_down flags from the old primary's ODOWN are still fresh, so it becomes
 * ODOWN at once and a second, spurious failover follows.
 */
export const DOWN_AFTER_MS = 2000;
/** Long enough that a vote blocks the voter's own failover (2 × this) well past the test's failover. */
export const FAILOVER_TIMEOUT_MS = 5000;
/** SENTINEL DEBUG periods: hellos every 500 ms, so discovery and config propagation are quick. */
export const FAST_PERIODS = SHORT_SENTINEL_PERIODS;
/** A runid no process has: the test plays a third-party sentinel asking for a vote. */
export const FOREIGN_RUNID = '0123456789abcdef0123456789abcdef01234567';

// ---------------------------------------------------------------------------------------
// Queries

export async function command(port: number, ...args: (string | number)[]): Promise<RespReply> {
  const reply = await sendOnce(port, ...args);
  if (reply.value.kind === 'error') throw new Error(`${args.join(' ')} on :${port}: ${reply.value.value}`);
  return reply;
}

export async function masterFields(port: number): Promise<Record<string, string>> {
  return fieldsOf((await command(port, 'SENTINEL', 'MASTER', MASTER)).value);
}

export async function instancesOf(
  port: number,
  which: 'REPLICAS' | 'SENTINELS',
): Promise<Record<string, string>[]> {
  return itemsOf((await command(port, 'SENTINEL', which, MASTER)).value).map(fieldsOf);
}

export async function myidOf(port: number): Promise<string> {
  return textOf((await command(port, 'SENTINEL', 'MYID')).value);
}

/** `SENTINEL GET-MASTER-ADDR-BY-NAME`: the primary's port as this sentinel names it. */
export async function masterPortOf(port: number): Promise<number> {
  const items = itemsOf((await command(port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER)).value);
  return Number(items[1] === undefined ? Number.NaN : textOf(items[1]));
}

export interface Replication {
  role: string;
  masterPort?: number;
  linkUp: boolean;
}

/** `INFO replication` of a data node; undefined when it does not answer. */
export async function replicationOf(port: number): Promise<Replication | undefined> {
  try {
    const text = textOf((await sendOnce(port, 'INFO', 'replication')).value);
    const field = (name: string): string | undefined =>
      new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(text)?.[1];
    const masterPort = field('master_port');
    return {
      role: field('role') ?? '?',
      masterPort: masterPort === undefined ? undefined : Number(masterPort),
      linkUp: field('master_link_status') === 'up',
    };
  } catch {
    return undefined;
  }
}

/** SENTINEL DEBUG on either kind, checked by reading the values back. */
export async function applyPeriods(port: number): Promise<void> {
  await command(port, 'SENTINEL', 'DEBUG', ...Object.entries(FAST_PERIODS).flat());
  const now = fieldsOf((await command(port, 'SENTINEL', 'DEBUG')).value);
  for (const [k, v] of Object.entries(FAST_PERIODS)) {
    if (now[k.toUpperCase()] !== String(v))
      throw new Error(`:${port} ${k.toUpperCase()} is ${now[k.toUpperCase()]}`);
  }
}

// ---------------------------------------------------------------------------------------
// Subscribers: Sentinel events on every sentinel, hellos on every data node

const openRedis = new Set<Redis>();

function subscriber(port: number): Redis {
  // ioredis reconnects (and subscribes again) when a process comes back on the same port.
  const client = new Redis({ host: '127.0.0.1', port, enableReadyCheck: false, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  openRedis.add(client);
  return client;
}

export interface SentinelEvent {
  at: number;
  /** Index of the sentinel in the group. */
  sentinel: number;
  channel: string;
  payload: string;
}

export interface EventFilter {
  sentinel?: number;
  since?: number;
  payload?: RegExp;
}

export class EventRecorder {
  readonly events: SentinelEvent[] = [];
  readonly started = Date.now();

  async add(port: number, index: number): Promise<void> {
    const client = subscriber(port);
    client.on('pmessage', (_p: string, channel: string, payload: string) => {
      this.events.push({ at: Date.now(), sentinel: index, channel, payload });
    });
    await client.psubscribe('*');
  }

  select(channel: string, f: EventFilter = {}): SentinelEvent[] {
    return this.events.filter(
      (e) =>
        e.channel === channel &&
        (f.sentinel === undefined || e.sentinel === f.sentinel) &&
        (f.since === undefined || e.at >= f.since) &&
        (f.payload === undefined || f.payload.test(e.payload)),
    );
  }

  waitFor(channel: string, f: EventFilter = {}, timeoutMs = 20_000): Promise<SentinelEvent> {
    return waitFor(() => this.select(channel, f)[0], {
      timeoutMs,
      description: `${channel} on sentinel ${f.sentinel ?? 'any'} matching ${f.payload ?? '.*'}`,
    });
  }

  dump(last = 150): string {
    return this.events
      .slice(-last)
      .map((e) => `  +${((e.at - this.started) / 1000).toFixed(3)}s s${e.sentinel} ${e.channel} ${e.payload}`)
      .join('\n');
  }
}

/** `ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch`. */
export interface Hello {
  at: number;
  /** The data node it was published on. */
  node: number;
  raw: string;
  port: number;
  runid: string;
  currentEpoch: number;
  masterPort: number;
  configEpoch: number;
}

export const HELLO_FORMAT = /^127\.0\.0\.1,(\d+),([0-9a-f]{40}),(\d+),mymaster,127\.0\.0\.1,(\d+),(\d+)$/;

export class HelloRecorder {
  readonly hellos: Hello[] = [];
  /** Payloads on the hello channel that do not have the 7.0 format. */
  readonly malformed: string[] = [];

  async add(port: number): Promise<void> {
    const client = subscriber(port);
    client.on('message', (_channel: string, raw: string) => {
      const m = HELLO_FORMAT.exec(raw);
      if (!m) {
        this.malformed.push(raw);
        return;
      }
      const [, p, runid, current, masterPort, configEpoch] = m as unknown as string[];
      this.hellos.push({
        at: Date.now(),
        node: port,
        raw,
        port: Number(p),
        runid: runid as string,
        currentEpoch: Number(current),
        masterPort: Number(masterPort),
        configEpoch: Number(configEpoch),
      });
    });
    await client.subscribe('__sentinel__:hello');
  }

  /** The newest hello from the sentinel on `port` received at or after `since`. */
  latest(port: number, since = 0): Hello | undefined {
    for (let i = this.hellos.length - 1; i >= 0; i--) {
      const h = this.hellos[i] as Hello;
      if (h.at < since) break;
      if (h.port === port) return h;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// A mixed group

export interface MixedGroup {
  kinds: Kind[];
  deployment: Deployment;
  dataNodes: RedisServerHandle[];
  /** Index i is the process on port ports[i] (replaced in place by replaceWithVigil). */
  sentinels: ManagedProcess[];
  ports: number[];
  runids: string[];
  events: EventRecorder;
  hellos: HelloRecorder;
  indexesOf(kind: Kind): number[];
  /** Stops sentinel i (SIGTERM) and starts it again on its rewritten config. */
  restartSentinel(i: number): Promise<void>;
  /**
   * Stops sentinel i and starts a Vigil on the config file it left behind (same path, same
   * dir); returns that file's text as the Vigil found it.
   */
  replaceWithVigil(i: number): Promise<string>;
  diagnostics(): string;
}

export async function startMixedGroup(kinds: Kind[], options: { quorum?: number } = {}): Promise<MixedGroup> {
  const deployment = await startDeployment({
    masterName: MASTER,
    replicas: 2,
    sentinels: kinds.map((kind) => ({ kind })),
    quorum: options.quorum ?? 2,
    downAfterMs: DOWN_AFTER_MS,
    failoverTimeoutMs: FAILOVER_TIMEOUT_MS,
    // No 5 s wait before a diskless full sync: every re-attached replica would pay it.
    redisConfig: ['repl-diskless-sync-delay 0'],
    waitForDiscovery: false,
  });
  const events = new EventRecorder();
  const hellos = new HelloRecorder();
  const sentinels = [...deployment.sentinels];
  const dataNodes = [deployment.primary, ...deployment.replicas];
  const group: MixedGroup = {
    kinds: [...kinds],
    deployment,
    dataNodes,
    sentinels,
    ports: sentinels.map((s) => s.port),
    runids: [],
    events,
    hellos,
    indexesOf: (kind) => group.kinds.flatMap((k, i) => (k === kind ? [i] : [])),
    restartSentinel: async (i) => {
      await (sentinels[i] as ManagedProcess).restart();
      await applyPeriods((sentinels[i] as ManagedProcess).port);
    },
    replaceWithVigil: async (i) => {
      const old = sentinels[i] as ManagedProcess;
      await old.stop();
      const leftBehind = fs.readFileSync(old.configPath, 'utf8');
      sentinels[i] = await startVigilOnConfig(old.configPath, old.port);
      group.kinds[i] = 'vigil';
      await applyPeriods(old.port);
      return leftBehind;
    },
    diagnostics: () =>
      `events:\n${events.dump()}\n${logsOf([...sentinels, ...dataNodes])}` +
      (hellos.malformed.length ? `\nmalformed hellos: ${hellos.malformed.slice(0, 5).join(' | ')}` : ''),
  };
  try {
    await Promise.all(sentinels.map((s, i) => events.add(s.port, i)));
    await Promise.all(dataNodes.map((n) => hellos.add(n.port)));
    await Promise.all(sentinels.map((s) => applyPeriods(s.port)));
    group.runids = await Promise.all(sentinels.map((s) => myidOf(s.port)));
    await deployment.waitForDiscovery(20_000);
    await waitForMutualDiscovery(group);
  } catch (err) {
    const message = `${(err as Error).message}\n${group.diagnostics()}`;
    await cleanupMixed();
    throw new Error(message);
  }
  return group;
}

/**
 * Each running sentinel lists every other running one under its own runid and address, with
 * plain `sentinel` flags (not s_down/disconnected), and no extra entries.
 */
export async function waitForMutualDiscovery(g: MixedGroup, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      for (const [i, s] of g.sentinels.entries()) {
        if (!s.running) continue;
        const peers = await instancesOf(s.port, 'SENTINELS');
        if (peers.length !== g.sentinels.length - 1) throw new Error(`s${i} lists ${peers.length} peers`);
        for (const [j, other] of g.sentinels.entries()) {
          if (j === i || !other.running) continue;
          const entry = peers.find((p) => Number(p.port) === other.port);
          if (entry?.runid !== g.runids[j] || entry.flags !== 'sentinel') {
            throw new Error(`s${i} sees s${j} as ${JSON.stringify(entry && [entry.runid, entry.flags])}`);
          }
        }
      }
      return true;
    },
    { timeoutMs, intervalMs: 200, description: 'every sentinel to list every running peer, healthy' },
  );
}

export interface Converged {
  masterPort: number;
  configEpoch: number;
}

/**
 * Every running sentinel names the same primary with the same config epoch, no failover in
 * progress, lists each other running data node as a healthy replica of it, and advertises
 * that configuration in its hellos; the data nodes agree (role, master, link up).
 */
export async function waitForConvergence(g: MixedGroup, timeoutMs = 30_000): Promise<Converged> {
  const started = Date.now();
  return waitFor(
    async () => {
      const running = g.sentinels.filter((s) => s.running);
      const views = await Promise.all(running.map((s) => masterFields(s.port)));
      const summary = views
        .map((v, i) => `${running[i]?.name}:${v.port}@${v['config-epoch']}/${v.flags}`)
        .join(', ');
      if (new Set(views.map((v) => `${v.port}@${v['config-epoch']}`)).size !== 1)
        throw new Error(`disagree: ${summary}`);
      if (views.some((v) => v.flags !== 'master')) throw new Error(`busy: ${summary}`);
      const masterPort = Number(views[0]?.port);
      const configEpoch = Number(views[0]?.['config-epoch']);
      for (const node of g.dataNodes.filter((n) => n.running)) {
        const r = await replicationOf(node.port);
        const ok =
          node.port === masterPort
            ? r?.role === 'master'
            : r?.role === 'slave' && r.masterPort === masterPort && r.linkUp;
        if (!ok) throw new Error(`:${node.port} is ${JSON.stringify(r)}, sentinels name :${masterPort}`);
      }
      for (const s of running) {
        const replicas = await instancesOf(s.port, 'REPLICAS');
        for (const node of g.dataNodes.filter((n) => n.running && n.port !== masterPort)) {
          const r = replicas.find((x) => Number(x.port) === node.port);
          if (r?.flags !== 'slave' || Number(r['master-port']) !== masterPort) {
            throw new Error(
              `${s.name} lists :${node.port} as ${JSON.stringify(r && [r.flags, r['master-port']])}`,
            );
          }
        }
        const hello = g.hellos.latest(s.port, started);
        if (hello?.masterPort !== masterPort || hello.configEpoch !== configEpoch) {
          throw new Error(`${s.name} hello since the wait began: ${hello?.raw}`);
        }
      }
      return { masterPort, configEpoch };
    },
    { timeoutMs, intervalMs: 200, description: 'sentinels, hellos and data nodes to converge' },
  );
}

/** SENTINEL FAILOVER, retried while the sentinel has no good replica yet or is still busy. */
export async function forceFailover(port: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    async () => {
      const reply = await sendOnce(port, 'SENTINEL', 'FAILOVER', MASTER);
      if (reply.value.kind === 'error') throw new Error(reply.value.value);
      return true;
    },
    { timeoutMs, intervalMs: 200, description: `SENTINEL FAILOVER on :${port} to be accepted` },
  );
}

/**
 * Makes sentinels `voters` unable to lead the next ODOWN failover: each is asked for its
 * vote by a third party (FOREIGN_RUNID) at current epoch + 1. Sentinel 7.0: a vote for
 * another sentinel sets failover_start_time, and no failover is started within
 * 2 × failover-timeout of it; the voters still detect SDOWN/ODOWN and vote for a later epoch.
 * Waits until every running sentinel advertises the new epoch (so the leader asks at a higher
 * one). Returns that epoch.
 */
export async function blockFromLeading(g: MixedGroup, voters: number[]): Promise<number> {
  const since = Date.now();
  const current = await waitFor(
    () => {
      const epochs = g.sentinels
        .filter((s) => s.running)
        .map((s) => g.hellos.latest(s.port, since)?.currentEpoch);
      // Boxed: epoch 0 is a valid answer, not "not yet".
      return epochs.every((e) => e !== undefined) ? [Math.max(...(epochs as number[]))] : undefined;
    },
    { timeoutMs: 5000, description: 'a fresh hello from every sentinel' },
  );
  const epoch = (current[0] as number) + 1;
  const masterPort = await masterPortOf(g.ports[0] as number);
  for (const i of voters) {
    const reply = await command(
      g.ports[i] as number,
      ...['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', masterPort, epoch, FOREIGN_RUNID],
    );
    const vote = itemsOf(reply.value).map(textOf);
    if (vote[1] !== FOREIGN_RUNID || vote[2] !== String(epoch)) {
      throw new Error(`s${i} did not vote for the foreign runid at ${epoch}: ${vote.join(' ')}`);
    }
  }
  const asked = Date.now();
  await waitFor(
    () =>
      g.sentinels.every((s) => !s.running || (g.hellos.latest(s.port, asked)?.currentEpoch ?? -1) >= epoch),
    { timeoutMs: 5000, description: `every sentinel to advertise current epoch ${epoch}` },
  );
  return epoch;
}

/** Polls SENTINEL SENTINELS on `ports`; records every distinct (observer, peer, vote). */
export function watchVotes(ports: readonly number[]): { seen: Set<string>; stop(): Promise<void> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const port of ports) {
        try {
          for (const p of await instancesOf(port, 'SENTINELS')) {
            seen.add(`${port} ${p.port} ${p['voted-leader']} ${p['voted-leader-epoch']}`);
          }
        } catch {
          // A process being restarted: try again on the next round.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 50)); // Poll pacing, not a wait.
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

// ---------------------------------------------------------------------------------------
// A Vigil started on an existing config file (what a redis-sentinel left behind)

const livePids = workerShared('mixed.livePids', () => {
  const pids = new Set<number>();
  realProcess().on('exit', () => {
    for (const pid of pids) {
      try {
        realProcess().kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  return pids;
});
const ownVigils = new Set<VigilOnConfig>();

class VigilOnConfig implements ManagedProcess {
  readonly kind = 'vigil' as const;
  readonly name: string;
  readonly dir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null });
  private exitInfo: ExitInfo | undefined;

  constructor(
    readonly configPath: string,
    readonly port: number,
  ) {
    this.name = `vigil:${port}`;
    this.dir = path.dirname(configPath);
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }
  get running(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  async start(): Promise<void> {
    const out = fs.openSync(path.join(this.dir, 'vigil-stdout.log'), 'a');
    const err = fs.openSync(path.join(this.dir, 'vigil-stderr.log'), 'a');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'vigil'), this.configPath], {
      cwd: this.dir,
      stdio: ['ignore', out, err],
    });
    fs.closeSync(out);
    fs.closeSync(err);
    child.unref();
    this.child = child;
    this.exitInfo = undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        if (child.pid !== undefined) livePids.delete(child.pid);
        resolve(this.exitInfo);
      });
    });
    if (child.pid !== undefined) livePids.add(child.pid);
    ownVigils.add(this);
    await waitFor(
      async () => {
        if (this.exitInfo) throw new StopWaiting(`${this.name} exited: ${JSON.stringify(this.exitInfo)}`);
        return (await sendOnce(this.port, 'PING')).value.kind !== 'error';
      },
      { timeoutMs: 15_000, description: `${this.name} to answer PING` },
    );
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.running) this.child?.kill(signal);
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.running) {
      this.child?.kill('SIGTERM');
      try {
        await withDeadline(this.exited, options.graceMs ?? 5000, `${this.name} to exit`);
      } catch {
        this.child?.kill('SIGKILL');
        await withDeadline(this.exited, 5000, `${this.name} to exit on SIGKILL`);
      }
    }
    ownVigils.delete(this);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  waitForExit(timeoutMs = 10_000): Promise<ExitInfo> {
    return withDeadline(this.exited, timeoutMs, `${this.name} to exit`);
  }

  logs(lines = 50): string {
    const tail = (file: string): string => {
      try {
        return fs.readFileSync(path.join(this.dir, file), 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no file)';
      }
    };
    return `--- ${this.name} (pid ${this.pid}) stdout ---\n${tail('vigil-stdout.log')}\n--- stderr ---\n${tail('vigil-stderr.log')}`;
  }

  waitForLog(pattern: RegExp, options: { timeoutMs?: number } = {}): Promise<string> {
    return waitFor(
      () =>
        this.logs(100_000)
          .split('\n')
          .find((l) => pattern.test(l)),
      {
        timeoutMs: options.timeoutMs ?? 10_000,
        description: `${this.name} to log ${pattern}`,
      },
    );
  }
}

export async function startVigilOnConfig(configPath: string, port: number): Promise<ManagedProcess> {
  const vigil = new VigilOnConfig(configPath, port);
  await vigil.start();
  return vigil;
}

// ---------------------------------------------------------------------------------------
// Clients, diagnostics, cleanup

/**
 * A fresh ioredis client that knows only the given sentinels: resolves the primary through
 * them, writes, and returns the port of the server it wrote to (INFO server tcp_port).
 */
export async function writeThrough(sentinelPorts: readonly number[]): Promise<number> {
  const client = new Redis({
    sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
    name: MASTER,
    sentinelRetryStrategy: () => null,
    retryStrategy: () => null,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined);
  openRedis.add(client);
  try {
    await client.set('mixed:probe', String(Date.now()));
    return Number(/^tcp_port:(\d+)/m.exec(await client.info('server'))?.[1]);
  } finally {
    client.disconnect();
    openRedis.delete(client);
  }
}

export interface WriteResult {
  /** When the write was sent. */
  startedAt: number;
  /** When it succeeded or failed. */
  at: number;
  /** The port of the server that took a successful write. */
  server?: number;
  ok: boolean;
  error?: string;
}

/** ioredis in sentinel mode writing in a loop, one write at a time: the application's view. */
export class WritingClient {
  readonly results: WriteResult[] = [];
  private running = true;
  private readonly redis: Redis;
  private readonly loop: Promise<void>;

  constructor(sentinelPorts: readonly number[]) {
    const redis = new Redis({
      sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
      name: MASTER,
      sentinelRetryStrategy: () => 100,
      retryStrategy: () => 100,
      connectTimeout: 1000,
      commandTimeout: 1000,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => undefined); // Expected during a failover.
    this.redis = redis;
    openRedis.add(redis);
    openWriters.add(this);
    this.loop = (async () => {
      for (let seq = 1; this.running; seq++) {
        const startedAt = Date.now();
        try {
          await redis.set(`mixed:${seq}`, String(seq));
          this.results.push({ startedAt, at: Date.now(), ok: true, server: redis.stream?.remotePort });
        } catch (err) {
          this.results.push({ startedAt, at: Date.now(), ok: false, error: (err as Error).message });
        }
        await new Promise((resolve) => setTimeout(resolve, 50)); // Pacing: ~20 writes a second.
      }
    })();
  }

  /**
   * What the application would notice: failed writes, and writes that waited longer than
   * `slowMs` (ioredis queues commands while it reconnects, so an outage can show as delay).
   */
  disrupted(slowMs = 500): WriteResult[] {
    return this.results.filter((r) => !r.ok || r.at - r.startedAt > slowMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    openWriters.delete(this);
    await this.loop;
    this.redis.disconnect();
    openRedis.delete(this.redis);
  }
}
const openWriters = new Set<WritingClient>();

/** For failures: Vigil's JSON lines carrying an event or a warning, the others' log tails. */
export function logsOf(processes: readonly ManagedProcess[], lines = 60): string {
  return processes
    .map((p) => {
      if (p.kind === 'redis-server') return '';
      if (p.kind !== 'vigil') return p.logs(lines);
      const text = p.logs(100_000);
      const wanted = text.split('\n').filter((l) => /"event":|"level":"(warn|error|fatal)"|^---/.test(l));
      return `--- ${p.name} (events and warnings) ---\n${wanted.slice(-lines).join('\n')}`;
    })
    .join('\n');
}

export async function withDiagnostics(
  g: () => MixedGroup | undefined,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const group = g();
    if (group && err instanceof Error) err.message += `\n\n${group.diagnostics()}`;
    throw err;
  }
}

/** afterEach: writers, subscribers, the Vigils started here, then every harness process. */
export async function cleanupMixed(): Promise<void> {
  await Promise.all([...openWriters].map((w) => w.stop()));
  for (const c of openRedis) c.disconnect();
  openRedis.clear();
  await Promise.allSettled([...ownVigils].map((v) => v.stop()));
  await stopAll();
}

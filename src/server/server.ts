/**
 * The sentinel's client-facing TCP server: listeners on `port` for each `bind` address (all
 * IPv4 and IPv6 addresses when `bind` is empty, like Redis's default `* -::*`), one
 * Connection per client, the pub/sub registry Sentinel events are published through, the
 * ACL users and the counters INFO reports.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import type { CommandContext, CommandSpec, ProcessFacts, ScriptQueueView } from '../commands/context.js';
import type { ServerConfig } from '../config/model.js';
import type { Core } from '../core/api.js';
import { Acl } from './acl.js';
import { AclLog } from './acl-log.js';
import { Connection } from './connection.js';
import { DEFAULT_LIMITS, type Hub, type PauseMode, type ServerLimits, type ServerStats } from './hub.js';
import { PubSub } from './pubsub.js';
import { CommandRegistry, type HiddenSubcommands } from './registry.js';
import { loadAclUsers } from './users.js';
import type { TlsOptions } from 'node:tls';
import { ListenerSet } from './listeners.js';

export interface SentinelServerOptions {
  config: ServerConfig;
  /** Server TLS options, built from the config when it has a tls-port. */
  tls?: TlsOptions;
  core: Core;
  scripts: ScriptQueueView;
  /**
   * Facts about the process. `connectedClients`, `totalConnections` and `totalCommands` are
   * answered by the server itself in the contexts it builds, whatever is passed here.
   */
  process: ProcessFacts;
  log: Logger;
  /** Execute the core's queued actions; false when a config flush failed. */
  commit: () => boolean;
  now: () => number;
  /** The command table (see `commandTable()` in src/commands/table.ts). */
  commands: readonly CommandSpec[];
  /** Subcommands accepted but not listed (see `hiddenSubcommands()` in src/commands/table.ts). */
  hiddenSubcommands?: HiddenSubcommands;
  /** SHUTDOWN was requested by a client. */
  onShutdown: () => void;
  /** Overrides of Redis's default client limits (tests use small ones). */
  limits?: Partial<ServerLimits>;
}

export interface SentinelServer {
  /** Open every listener; rejects with Redis's wording if one cannot be opened. */
  listen(): Promise<void>;
  /** Close listeners and drop every client. */
  close(): Promise<void>;
  /** Publish on the sentinel's own pub/sub (Sentinel events); returns the deliveries. */
  publish(channel: string, message: string): number;
  clientCount(): number;
  /** Clients subscribed to at least one channel or pattern. */
  subscriberCount(): number;
  /** Ports actually listened on (useful with `port 0`). */
  ports(): number[];
}

const SAMPLES = 16;
const SAMPLE_MS = 100;

class Server implements Hub, SentinelServer {
  readonly registry: CommandRegistry;
  readonly acl: Acl;
  readonly aclLog = new AclLog();
  readonly pubsub = new PubSub();
  readonly limits: ServerLimits;
  readonly stats: ServerStats = {
    connectionsReceived: 0,
    rejectedConnections: 0,
    commandsProcessed: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    errorReplies: 0,
    readsProcessed: 0,
    writesProcessed: 0,
    recentMaxInput: 0,
    recentMaxOutput: 0,
  };
  readonly log: Logger;
  readonly config: ServerConfig;

  private readonly conns = new Map<number, Connection>();
  private lastId = 0;
  private paused: { mode: PauseMode; until: number; timer: NodeJS.Timeout } | null = null;
  private unpauseWaiters: (() => void)[] = [];
  private readonly listeners: ListenerSet;
  private cron: NodeJS.Timeout | null = null;
  private readonly samples = { ops: [] as number[], input: [] as number[], output: [] as number[] };
  private lastSample = { time: 0, ops: 0, input: 0, output: 0 };
  private readonly facts: ProcessFacts;

  constructor(private readonly opts: SentinelServerOptions) {
    this.config = opts.config;
    this.log = opts.log;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.registry = new CommandRegistry(opts.commands, opts.hiddenSubcommands);
    this.acl = new Acl(this.registry);
    for (const problem of loadAclUsers(this.acl, opts.config)) this.log.warn(problem);
    this.facts = {
      ...opts.process,
      connectedClients: () => this.conns.size,
      totalConnections: () => this.stats.connectionsReceived,
      totalCommands: () => this.stats.commandsProcessed,
    };
    this.listeners = new ListenerSet(opts.config, opts.log, (socket) => this.accept(socket), opts.tls);
  }

  // --- SentinelServer ----------------------------------------------------------------------

  async listen(): Promise<void> {
    await this.listeners.open();
    this.lastSample = { time: Date.now(), ops: 0, input: 0, output: 0 };
    this.cron = setInterval(() => this.tick(), SAMPLE_MS);
    this.cron.unref();
  }

  async close(): Promise<void> {
    if (this.cron) clearInterval(this.cron);
    this.cron = null;
    if (this.paused) clearTimeout(this.paused.timer);
    this.paused = null;
    for (const c of [...this.conns.values()]) c.destroy();
    await this.listeners.close();
  }

  publish(channel: string, message: string): number {
    return this.pubsub.publish(channel, message);
  }

  clientCount(): number {
    return this.conns.size;
  }

  subscriberCount(): number {
    let n = 0;
    for (const c of this.conns.values()) if (c.channels.size > 0 || c.patterns.size > 0) n++;
    return n;
  }

  ports(): number[] {
    return this.listeners.ports();
  }

  // --- Hub -------------------------------------------------------------------------------------

  now(): number {
    return this.opts.now();
  }

  context(conn: Connection): CommandContext {
    const o = this.opts;
    return {
      core: o.core,
      session: conn,
      config: o.config,
      scripts: o.scripts,
      process: this.facts,
      log: o.log,
      now: o.now,
      commit: o.commit,
    };
  }

  clients(): Connection[] {
    return [...this.conns.values()];
  }

  client(id: number): Connection | undefined {
    return this.conns.get(id);
  }

  nextClientId(): number {
    return ++this.lastId;
  }

  removeClient(conn: Connection): void {
    this.conns.delete(conn.id);
  }

  pauseState(): { mode: PauseMode; until: number } | null {
    return this.paused && { mode: this.paused.mode, until: this.paused.until };
  }

  pause(ms: number, mode: PauseMode): void {
    const until = this.now() + ms;
    // Redis keeps the longer of two pauses, and ALL wins over WRITE.
    if (this.paused) {
      if (this.paused.until >= until && (this.paused.mode === 'all' || mode === 'write')) return;
      clearTimeout(this.paused.timer);
    }
    const timer = setTimeout(() => this.unpause(), Math.max(0, ms));
    timer.unref();
    this.paused = { mode, until, timer };
  }

  unpause(): void {
    if (this.paused) clearTimeout(this.paused.timer);
    this.paused = null;
    const waiters = this.unpauseWaiters;
    this.unpauseWaiters = [];
    for (const w of waiters) w();
  }

  whenUnpaused(fn: () => void): void {
    this.unpauseWaiters.push(fn);
  }

  instantaneous(): { ops: number; inputKbps: number; outputKbps: number } {
    const avg = (a: number[]): number => (a.length === 0 ? 0 : a.reduce((x, y) => x + y, 0) / a.length);
    return {
      ops: Math.round(avg(this.samples.ops)),
      inputKbps: avg(this.samples.input) / 1024,
      outputKbps: avg(this.samples.output) / 1024,
    };
  }

  shutdown(): void {
    this.opts.onShutdown();
  }

  // --- internals -----------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    this.stats.connectionsReceived++;
    if (this.conns.size >= this.limits.maxClients) {
      this.stats.rejectedConnections++;
      socket.on('error', () => undefined);
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    const conn = new Connection(this, socket);
    this.conns.set(conn.id, conn);
    conn.start();
  }

  /** Redis's cron duties: instantaneous metrics samples and output limit checks. */
  private tick(): void {
    const t = Date.now();
    const dt = (t - this.lastSample.time) / 1000;
    if (dt > 0) {
      const push = (a: number[], v: number): void => {
        a.push(v);
        if (a.length > SAMPLES) a.shift();
      };
      push(this.samples.ops, (this.stats.commandsProcessed - this.lastSample.ops) / dt);
      push(this.samples.input, (this.stats.netInputBytes - this.lastSample.input) / dt);
      push(this.samples.output, (this.stats.netOutputBytes - this.lastSample.output) / dt);
    }
    this.lastSample = {
      time: t,
      ops: this.stats.commandsProcessed,
      input: this.stats.netInputBytes,
      output: this.stats.netOutputBytes,
    };
    for (const c of this.conns.values()) c.checkOutputLimits();
  }
}

/** Build the server; nothing listens until `listen()`. */
export function createSentinelServer(opts: SentinelServerOptions): SentinelServer {
  return new Server(opts);
}

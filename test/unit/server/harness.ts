/**
 * Test harness for the RESP server: a fake Core with a minimal state, a stand-in SENTINEL
 * spec with the 21 subcommand names of 7.0.15, a server on a free loopback port, and a raw
 * socket client that reads replies with the client-side parser.
 */
import { defaultServerConfig } from '../../../src/config/generic.js';
import net from 'node:net';
import { pino, type Logger } from 'pino';
import { defaultTimers } from '../../../src/constants.js';
import type { CommandHandler, CommandSpec, ScriptQueueView } from '../../../src/commands/context.js';
import { buildCommandTable } from '../../../src/commands/generic.js';
import type { ServerConfig } from '../../../src/config/model.js';
import type { Core } from '../../../src/core/api.js';
import type { Input } from '../../../src/core/inputs.js';
import type { MasterInstance, SentinelState } from '../../../src/core/model.js';
import { encodeCommand } from '../../../src/resp/encoder.js';
import { bulk, bulkArray, OK, type Reply } from '../../../src/resp/reply.js';
import { ReplyParser, toPlain, type Plain, type RespValue } from '../../../src/resp/reply-parser.js';
import { createSentinelServer, type SentinelServer, type ServerLimits } from '../../../src/server/index.js';
import type { HiddenSubcommands } from '../../../src/server/registry.js';
import { waitFor } from '../../helpers/waitFor.js';

export function makeState(): SentinelState {
  const master = {
    kind: 'master',
    name: 'mym',
    addr: { host: 'localhost', ip: '127.0.0.1', port: 6379 },
    flags: { sDown: true, oDown: false },
    replicas: new Map([['127.0.0.1:6380', {}]]),
    sentinels: new Map([['b'.repeat(40), {}]]),
  } as unknown as MasterInstance;
  return {
    myid: 'a'.repeat(40),
    currentEpoch: 0n,
    masters: new Map([['mym', master]]),
    settings: {
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
    },
    timers: defaultTimers(),
    tilt: false,
    tiltStartTime: 0,
    previousTickTime: 0,
    simulateFailureFlags: 0,
  };
}

/** A Core that only records what it is handed. */
export class FakeCore implements Core {
  readonly state = makeState();
  readonly inputs: Input[] = [];
  handle(input: Input): void {
    this.inputs.push(input);
  }
  takeActions(): [] {
    return [];
  }
  applyConfigDirective(): null {
    return null;
  }
  applyVigilDirective(): null {
    return null;
  }
  start(): void {}
  monitor(): null {
    return null;
  }
  remove(): boolean {
    return false;
  }
  setOption(): null {
    return null;
  }
  reset(): number {
    return 0;
  }
  requestFailover(): 'NOMASTER' {
    return 'NOMASTER';
  }
  isMasterDownByAddr(): { down: 0; leader: string; leaderEpoch: bigint } {
    return { down: 0, leader: '*', leaderEpoch: 0n };
  }
  ckquorum(): null {
    return null;
  }
  setTimer(): void {}
  configSet(): null {
    return null;
  }
  setSimulateFailure(): void {}
  flushConfig(): void {}
}

const SENTINEL_SUBS: [string, number][] = [
  ['ckquorum', 3],
  ['config', -3],
  ['debug', -2],
  ['failover', 3],
  ['flushconfig', 2],
  ['get-master-addr-by-name', 3],
  ['help', 2],
  ['info-cache', -3],
  ['is-master-down-by-addr', 6],
  ['master', 3],
  ['masters', 2],
  ['monitor', 6],
  ['myid', 2],
  ['pending-scripts', 2],
  ['remove', 3],
  ['replicas', 3],
  ['reset', 3],
  ['sentinels', 3],
  ['set', -5],
  ['simulate-failure', -3],
  ['slaves', 3],
];

/** Stand-in SENTINEL: MYID answers, SLOW answers later (for pipelining), the rest OK. */
export function fakeSentinelSpec(): CommandSpec {
  const handlers: Record<string, CommandHandler> = {
    myid: (ctx) => bulk(ctx.core.state.myid),
    masters: (ctx) => bulkArray([...ctx.core.state.masters.keys()]),
    // Resolves after a macrotask: replies after it must still come in request order.
    'info-cache': (_ctx, args) =>
      new Promise<Reply>((resolve) => setTimeout(() => resolve(bulkArray(args)), 30)),
  };
  return {
    name: 'sentinel',
    arity: -2,
    flags: ['admin'],
    summary: 'Sentinel commands',
    subcommands: SENTINEL_SUBS.map(([name, arity]) => ({
      name,
      arity,
      summary: name,
      handler: handlers[name] ?? ((): Reply => OK),
    })),
  };
}

export function makeConfig(over: Partial<ServerConfig> = {}): ServerConfig {
  // Port 0: a free port for each test server.
  return { ...defaultServerConfig('/tmp'), port: 0, bind: ['127.0.0.1'], ...over };
}

export interface Harness {
  server: SentinelServer;
  core: FakeCore;
  port: number;
  logs: string[];
  commits: number;
  shutdowns: number;
  scripts: ScriptQueueView;
  log: Logger;
}

export async function startServer(
  opts: {
    config?: Partial<ServerConfig>;
    limits?: Partial<ServerLimits>;
    sentinel?: CommandSpec;
    hidden?: HiddenSubcommands;
  } = {},
): Promise<Harness> {
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void logs.push(s) });
  const core = new FakeCore();
  const scripts: ScriptQueueView = { jobs: () => [], runningCount: () => 0, queueLength: () => 0 };
  const h = { core, logs, commits: 0, shutdowns: 0, scripts, log } as Harness;
  const config = makeConfig(opts.config);
  h.server = createSentinelServer({
    config,
    core,
    scripts,
    process: {
      runId: 'c'.repeat(40),
      startTime: Date.now() - 5000,
      configFile: '/tmp/sentinel.conf',
      tcpPort: 0,
      executable: '/usr/bin/vigil',
      connectedClients: () => -1,
      totalConnections: () => -1,
      totalCommands: () => -1,
      hz: () => 13,
    },
    log,
    commit: () => {
      h.commits++;
      return true;
    },
    now: () => Date.now(),
    commands: buildCommandTable(opts.sentinel ?? fakeSentinelSpec()),
    hiddenSubcommands: opts.hidden,
    onShutdown: () => {
      h.shutdowns++;
    },
    limits: opts.limits,
  });
  await h.server.listen();
  h.port = h.server.ports()[0];
  return h;
}

/** A raw RESP client. */
export class TestClient {
  readonly socket: net.Socket;
  private readonly parser = new ReplyParser();
  private readonly values: RespValue[] = [];
  closed = false;
  received = 0;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => {
      this.received += d.length;
      this.parser.push(d);
      this.values.push(...this.parser.drain());
    });
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new TestClient(s)));
      s.once('error', reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Send a command; the reply is read with `reply()`. */
  send(...args: string[]): void {
    this.socket.write(encodeCommand(args));
  }

  /** Next raw reply value. */
  async value(): Promise<RespValue> {
    await waitFor(() => this.values.length > 0 || this.closed, {
      description: 'a reply',
      timeoutMs: 5000,
      intervalMs: 5,
    });
    const v = this.values.shift();
    if (v === undefined) throw new Error('connection closed without a reply');
    return v;
  }

  async reply(): Promise<Plain> {
    return toPlain(await this.value());
  }

  /** Send a command and return its reply in plain form. */
  async call(...args: string[]): Promise<Plain> {
    this.send(...args);
    return this.reply();
  }

  pending(): number {
    return this.values.length;
  }

  async waitClosed(): Promise<void> {
    await waitFor(() => this.closed, {
      description: 'the server to close the connection',
      timeoutMs: 5000,
      intervalMs: 5,
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Shared pieces of the client-library e2e tests (clients-*.test.ts): a deployment of one
 * primary, two replicas and three sentinels (Vigil, or redis-sentinel 7.0.15 as the reference
 * when VIGIL_CLIENTS_SENTINEL=redis-sentinel), optionally password-protected; a kill -9
 * failover and the repair afterwards; a recording TCP proxy that shows what a real client
 * library sends to the sentinel and what it gets back; and a registry of everything a test
 * file opened (library clients, child processes, proxies) so that one afterAll closes it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SHORT_SENTINEL_PERIODS } from '../helpers/periods.js';
import * as net from 'node:net';
import { stopAll, type RedisServerHandle } from '../helpers/processes.js';
import {
  RespClient,
  fieldsOf,
  itemsOf,
  parseFrame,
  textOf,
  type RespReply,
  type RespValue,
} from '../helpers/resp.js';
import { replicationOf, type Replication } from '../helpers/replication.js';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { StopWaiting, waitFor, withDeadline } from '../helpers/waitFor.js';

export type SentinelKind = 'vigil' | 'redis-sentinel';

export const MASTER = 'mymaster';
export const HOST = '127.0.0.1';

/** Which sentinel the client tests run against: Vigil unless told otherwise (for comparisons). */
export function sentinelKind(): SentinelKind {
  const wanted = (process.env.VIGIL_CLIENTS_SENTINEL ?? 'vigil').trim().toLowerCase();
  if (wanted === 'vigil' || wanted === 'redis-sentinel') return wanted;
  throw new Error(`VIGIL_CLIENTS_SENTINEL must be vigil or redis-sentinel, not "${wanted}"`);
}

/**
 * SENTINEL DEBUG periods: hellos every 500 ms make discovery quick and bring the Sentinel 7.0
 * convert-to-slave delay (4 x publish-period) for a restarted old primary down to 2 s.
 */
const FAST_PERIODS = SHORT_SENTINEL_PERIODS;

// ---------------------------------------------------------------------------------------
// Cleanup registry

const closers = new Set<() => Promise<void> | void>();

/** Registers something to close in cleanupClients(); returns a function that unregisters it. */
export function track(close: () => Promise<void> | void): () => void {
  closers.add(close);
  return () => closers.delete(close);
}

/** afterAll: closes every tracked client, proxy and child process, then every server. */
export async function cleanupClients(): Promise<void> {
  const pending = [...closers];
  closers.clear();
  await Promise.allSettled(pending.map(async (close) => close()));
  await stopAll();
}

// ---------------------------------------------------------------------------------------
// Talking to the sentinels directly

/** One command on a fresh connection (AUTH first when a password is given). */
export async function sentinelCommand(
  port: number,
  password: string | undefined,
  ...args: (string | number)[]
): Promise<RespReply> {
  const client = await RespClient.connect(port);
  try {
    if (password !== undefined) {
      const auth = await client.send('AUTH', password);
      if (auth.value.kind === 'error') throw new Error(`AUTH on :${port}: ${auth.value.value}`);
    }
    return await client.send(...args);
  } finally {
    await client.close();
  }
}

async function okCommand(
  port: number,
  password: string | undefined,
  ...args: (string | number)[]
): Promise<RespValue> {
  const reply = await sentinelCommand(port, password, ...args);
  if (reply.value.kind === 'error') throw new Error(`${args.join(' ')} on :${port}: ${reply.value.value}`);
  return reply.value;
}

/** What a data node says about itself (`INFO replication`); undefined if it does not answer. */
export function roleOf(port: number): Promise<Replication | undefined> {
  return replicationOf(port);
}

// ---------------------------------------------------------------------------------------
// The deployment

export interface ClientDeploymentOptions {
  kind?: SentinelKind;
  /** `requirepass` for the sentinels (clients then need sentinelPassword). */
  sentinelPassword?: string;
  /** @default 2 */
  replicas?: number;
}

export interface FailoverResult {
  oldPort: number;
  newPort: number;
  killedAt: number;
  /** Milliseconds from the kill until every sentinel named the new primary. */
  tookMs: number;
}

export class ClientDeployment {
  private constructor(
    readonly kind: SentinelKind,
    readonly deployment: Deployment,
    readonly password: string | undefined,
  ) {}

  static async start(options: ClientDeploymentOptions = {}): Promise<ClientDeployment> {
    const kind = options.kind ?? sentinelKind();
    const password = options.sentinelPassword;
    const deployment = await startDeployment({
      masterName: MASTER,
      replicas: options.replicas ?? 2,
      sentinels: [{ kind }, { kind }, { kind }],
      quorum: 2,
      downAfterMs: 1000,
      failoverTimeoutMs: 6000,
      // redis-server 7.0 waits 5 s before a diskless full sync in case more replicas come;
      // every replica re-attached after a failover pays it, so it is turned off.
      redisConfig: ['repl-diskless-sync-delay 0'],
      // Sentinel 7.0: without sentinel-pass, requirepass is also what a sentinel sends to its
      // peers, so one password protects the whole group.
      sentinelConfig: password === undefined ? [] : [`requirepass ${password}`],
      // The topology helper's own discovery check does not authenticate: ours does.
      waitForDiscovery: false,
    });
    const d = new ClientDeployment(kind, deployment, password);
    track(() => d.teardown());
    try {
      await Promise.all(d.sentinelPorts.map((port) => d.applyPeriods(port)));
      await d.waitForHealthy(30_000);
    } catch (err) {
      const message = `${(err as Error).message}\n${d.logs()}`;
      await d.teardown();
      throw new Error(message);
    }
    return d;
  }

  get sentinelPorts(): number[] {
    return this.deployment.sentinels.map((s) => s.port);
  }

  get dataNodes(): RedisServerHandle[] {
    return [this.deployment.primary, ...this.deployment.replicas];
  }

  /** A command on sentinel `index`, authenticated when the deployment has a password. */
  async sentinel(index: number, ...args: (string | number)[]): Promise<RespValue> {
    const port = this.sentinelPorts[index];
    if (port === undefined) throw new Error(`no sentinel #${index}`);
    return okCommand(port, this.password, ...args);
  }

  /** The primary sentinel `index` names (`SENTINEL GET-MASTER-ADDR-BY-NAME`). */
  async primaryPort(index = 0): Promise<number> {
    const items = itemsOf(await this.sentinel(index, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER));
    return Number(textOf(items[1] as RespValue));
  }

  /** Ports of the data nodes that currently replicate from `primaryPort`. */
  replicaPortsOf(primaryPort: number): number[] {
    return this.dataNodes.filter((n) => n.running && n.port !== primaryPort).map((n) => n.port);
  }

  private async applyPeriods(port: number): Promise<void> {
    const args = Object.entries(FAST_PERIODS).flatMap(([k, v]) => [k, v]);
    const reply = await okCommand(port, this.password, 'SENTINEL', 'DEBUG', ...args);
    if (textOf(reply) !== 'OK') throw new Error(`SENTINEL DEBUG on :${port} replied ${textOf(reply)}`);
  }

  /**
   * Waits until every sentinel names the same primary with flags `master`, lists every other
   * running data node as a replica without s_down/disconnected and the two other sentinels,
   * and every data node agrees (role master, or replica with its link up).
   */
  async waitForHealthy(timeoutMs = 30_000): Promise<number> {
    return waitFor(
      async () => {
        const views = await Promise.all(
          this.sentinelPorts.map(async (port, i) => {
            const master = fieldsOf(await this.sentinel(i, 'SENTINEL', 'MASTER', MASTER));
            const replicas = itemsOf(await this.sentinel(i, 'SENTINEL', 'REPLICAS', MASTER)).map(fieldsOf);
            const peers = itemsOf(await this.sentinel(i, 'SENTINEL', 'SENTINELS', MASTER)).map(fieldsOf);
            return { port, master, replicas, peers };
          }),
        );
        const primaries = new Set(views.map((v) => v.master.port));
        if (primaries.size !== 1) throw new Error(`sentinels name ${[...primaries].join(', ')}`);
        const primary = Number([...primaries][0]);
        for (const v of views) {
          if (v.master.flags !== 'master') throw new Error(`:${v.port} master flags ${v.master.flags}`);
          for (const port of this.replicaPortsOf(primary)) {
            const r = v.replicas.find((x) => Number(x.port) === port);
            if (!r || r.flags !== 'slave')
              throw new Error(`:${v.port} replica :${port} is ${r?.flags ?? 'missing'}`);
          }
          const peers = v.peers.filter((p) => !/s_down|disconnected/.test(p.flags ?? ''));
          if (peers.length !== this.sentinelPorts.length - 1) {
            throw new Error(`:${v.port} sees ${peers.length} healthy peers`);
          }
        }
        for (const node of this.dataNodes.filter((n) => n.running)) {
          const r = await roleOf(node.port);
          const ok =
            node.port === primary
              ? r?.role === 'master'
              : r?.role === 'slave' && r.masterPort === primary && r.linkUp;
          if (!ok) throw new Error(`data node :${node.port} is ${JSON.stringify(r)}, primary is :${primary}`);
        }
        return primary;
      },
      { timeoutMs, intervalMs: 200, description: 'the deployment to be healthy' },
    );
  }

  /**
   * kill -9 (or, with `pause`, SIGSTOP: a hung primary that keeps its sockets open) of the
   * current primary; resolves once every sentinel names another node that says role:master.
   * The old primary stays down until heal().
   */
  async failover(options: { pause?: boolean; timeoutMs?: number } = {}): Promise<FailoverResult> {
    const oldPort = await this.primaryPort();
    const victim = this.dataNodes.find((n) => n.port === oldPort);
    if (!victim) throw new Error(`no data node on :${oldPort}`);
    const killedAt = Date.now();
    if (options.pause) {
      victim.pause();
    } else {
      victim.kill('SIGKILL');
      await victim.waitForExit();
    }
    // Settled, not just switched: every sentinel names the same new primary with the same
    // config epoch and no failover of its own still running (on a loaded machine a second
    // sentinel may still be failing over in a later epoch, and would switch everyone again).
    const newPort = await waitFor(
      async () => {
        const views = await Promise.all(
          this.sentinelPorts.map(async (_, i) =>
            fieldsOf(await this.sentinel(i, 'SENTINEL', 'MASTER', MASTER)),
          ),
        );
        const first = views[0] as Record<string, string>;
        const port = Number(first.port);
        if (port === oldPort) return undefined;
        if (
          views.some(
            (v) =>
              v.port !== first.port || v['config-epoch'] !== first['config-epoch'] || v.flags !== 'master',
          )
        ) {
          throw new Error(
            `sentinels: ${views.map((v) => `${v.port}@${v['config-epoch']} ${v.flags}`).join(', ')}`,
          );
        }
        return (await roleOf(port))?.role === 'master' ? port : undefined;
      },
      {
        timeoutMs: options.timeoutMs ?? 30_000,
        intervalMs: 100,
        description: `every sentinel to settle on a new primary instead of :${oldPort}`,
      },
    );
    return { oldPort, newPort, killedAt, tookMs: Date.now() - killedAt };
  }

  /** Restarts (or resumes) every stopped data node; waits until the sentinels made them replicas. */
  async heal(timeoutMs = 40_000): Promise<number> {
    for (const n of this.dataNodes.filter((x) => x.running && x.paused)) n.resume();
    await Promise.all(this.dataNodes.filter((n) => !n.running).map((n) => n.restart()));
    return this.waitForHealthy(timeoutMs);
  }

  logs(lines = 40): string {
    return this.deployment.logs(lines);
  }

  async teardown(): Promise<void> {
    await this.deployment.teardown();
  }
}

/** Runs a test body; on failure appends the deployment's logs to the error. */
export async function withLogs(
  d: () => ClientDeployment | undefined,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const dep = d();
    if (dep && err instanceof Error) err.message += `\n\n${dep.logs()}`;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// A recording proxy in front of a sentinel

export interface ProxiedConnection {
  /** Commands the client sent, in order, as strings. */
  commands: string[][];
  /** Frames the server sent, in order (replies and pub/sub messages alike). */
  frames: RespValue[];
  closed: boolean;
}

/**
 * A TCP proxy that forwards byte for byte to a sentinel and parses both directions, so a test
 * can show what a real client library sent and what it was answered (e.g. "HELLO 3" -> map).
 */
export class RecordingProxy {
  readonly connections: ProxiedConnection[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    readonly targetPort: number,
  ) {}

  static async start(targetPort: number): Promise<RecordingProxy> {
    const server = net.createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: HOST }, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
    const proxy = new RecordingProxy(server, port, targetPort);
    server.on('connection', (socket) => proxy.accept(socket));
    track(() => proxy.close());
    return proxy;
  }

  private accept(client: net.Socket): void {
    const record: ProxiedConnection = { commands: [], frames: [], closed: false };
    this.connections.push(record);
    const upstream = net.connect({ port: this.targetPort, host: HOST });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const parse = (onValue: (v: RespValue) => void): ((chunk: Buffer) => void) => {
      let buffer = Buffer.alloc(0);
      return (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        let offset = 0;
        try {
          for (let f = parseFrame(buffer, offset); f; f = parseFrame(buffer, offset)) {
            onValue(f.value);
            offset = f.end;
          }
        } catch {
          // Inline commands (redis-cli never sends them) are forwarded, just not recorded.
          offset = buffer.length;
        }
        buffer = buffer.subarray(offset);
      };
    };
    const onCommand = parse((v) => {
      try {
        record.commands.push(itemsOf(v).map((x) => textOf(x)));
      } catch {
        record.commands.push([String(v.kind)]);
      }
    });
    const onReply = parse((v) => record.frames.push(v));
    client.on('data', (chunk: Buffer) => {
      onCommand(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      onReply(chunk);
      client.write(chunk);
    });
    const end = (): void => {
      record.closed = true;
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  }

  /** Every command seen, upper-cased verb (and SENTINEL subcommand) first. */
  commandNames(): string[] {
    return this.connections.flatMap((c) =>
      c.commands.map((cmd) => {
        const [verb = '', sub = ''] = cmd;
        return ['SENTINEL', 'CLIENT'].includes(verb.toUpperCase())
          ? `${verb} ${sub}`.toUpperCase()
          : verb.toUpperCase();
      }),
    );
  }

  /**
   * The reply to the first command matching `match` on a connection, paired by position
   * (valid before the connection subscribes, which is when clients send handshakes).
   */
  replyTo(match: (cmd: string[]) => boolean): { command: string[]; reply: RespValue } | undefined {
    for (const c of this.connections) {
      const i = c.commands.findIndex(match);
      const replies = c.frames.filter((f) => f.kind !== 'push');
      if (i >= 0 && replies[i] !== undefined)
        return { command: c.commands[i] as string[], reply: replies[i] };
    }
    return undefined;
  }

  /** Stops accepting and cuts every proxied connection: the sentinel behind it "vanishes". */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------
// Child processes that are not servers (redis-cli, python)

export interface LineProcess {
  readonly child: ChildProcess;
  /** stdout lines so far. */
  readonly lines: string[];
  stderr(): string;
  /** Waits until a stdout line matches; returns its index. */
  waitForLine(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<number>;
  /** SIGKILL and wait for the exit. */
  stop(): Promise<void>;
}

/** Spawns a long-running command whose stdout is read line by line; stopped by cleanupClients. */
export function spawnLines(command: string, args: string[], env?: NodeJS.ProcessEnv): LineProcess {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      err += `spawn failed: ${e.message}\n`;
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const stop = async (): Promise<void> => {
    if (!gone) child.kill('SIGKILL');
    await withDeadline(exited, 5000, `${command} to exit`);
  };
  const untrack = track(stop);
  return {
    child,
    lines,
    stderr: () => err,
    waitForLine: (pattern, options = {}) =>
      waitFor(
        () => {
          const i = lines.findIndex((l, n) => n >= (options.from ?? 0) && pattern.test(l));
          if (i >= 0) return i + 1; // +1 so that index 0 is truthy; undone below.
          if (gone) throw new StopWaiting(`${command} exited; stderr: ${err}; stdout: ${lines.join(' | ')}`);
          return undefined;
        },
        {
          timeoutMs: options.timeoutMs ?? 10_000,
          description: `${command} ${args.join(' ')} to print ${pattern}`,
        },
      ).then((n) => n - 1),
    stop: async () => {
      untrack();
      await stop();
    },
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (with a deadline) and returns its output. */
export async function run(
  command: string,
  args: string[],
  options: { timeoutMs?: number; input?: string } = {},
): Promise<RunResult> {
  // No input: stdin is /dev/null (writing to a pipe of a process that already exited fails).
  const child = spawn(command, args, {
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (c: string) => (stdout += c));
  child.stderr?.on('data', (c: string) => (stderr += c));
  if (options.input !== undefined && child.stdin) {
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  }
  const done = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', (e) => {
      stderr += e.message;
      resolve(null);
    });
  });
  const untrack = track(() => {
    child.kill('SIGKILL');
  });
  try {
    const code = await withDeadline(done, options.timeoutMs ?? 10_000, `${command} ${args.join(' ')}`);
    return { code, stdout, stderr };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    untrack();
  }
}

// ---------------------------------------------------------------------------------------
// redis-py, driven through test/e2e/clients/redis_py_client.py

/** Debian's python3-redis lives in the system Python (the `python3` on PATH may be another). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const REDIS_PY_DRIVER = new URL('./clients/redis_py_client.py', import.meta.url).pathname;

export type PyResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * One long-lived redis-py process holding a Sentinel, a master_for and a slave_for client;
 * `call` sends it one operation (see the script) and returns its result or its error text.
 */
export class RedisPyClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: PyResult) => void>();
  private consumed = 0;

  private constructor(private readonly proc: LineProcess) {}

  static start(options: { sentinelPorts: number[]; name?: string; password?: string }): RedisPyClient {
    const config = {
      sentinels: options.sentinelPorts.map((port) => [HOST, port]),
      name: options.name ?? MASTER,
      password: options.password ?? null,
    };
    const proc = spawnLines(SYSTEM_PYTHON, [REDIS_PY_DRIVER, JSON.stringify(config)]);
    const client = new RedisPyClient(proc);
    proc.child.stdout?.on('data', () => client.drain());
    return client;
  }

  private drain(): void {
    // spawnLines appends complete lines; take the new ones.
    while (this.consumed < this.proc.lines.length) {
      const line = this.proc.lines[this.consumed++] as string;
      let parsed: { id?: number } & Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        continue; // not a response line (e.g. a warning printed by Python)
      }
      const resolve = parsed.id === undefined ? undefined : this.pending.get(parsed.id);
      if (!resolve || parsed.id === undefined) continue;
      this.pending.delete(parsed.id);
      resolve(
        parsed.ok === true ? { ok: true, value: parsed.value } : { ok: false, error: String(parsed.error) },
      );
    }
  }

  /** Runs one operation; rejects only if the process does not answer in time. */
  async call(op: string, args: Record<string, unknown> = {}, timeoutMs = 15_000): Promise<PyResult> {
    const id = this.nextId++;
    const answer = new Promise<PyResult>((resolve) => this.pending.set(id, resolve));
    this.proc.child.stdin?.write(`${JSON.stringify({ id, op, ...args })}\n`);
    try {
      return await withDeadline(
        answer,
        timeoutMs,
        `redis-py to answer ${op} (stderr: ${this.proc.stderr().slice(-2000)})`,
      );
    } finally {
      this.pending.delete(id);
    }
  }

  /** Like call, but an error result throws (for polling with waitFor). */
  async value<T = unknown>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    const result = await this.call(op, args);
    if (!result.ok) throw new Error(`redis-py ${op}: ${result.error}`);
    return result.value as T;
  }

  stderr(): string {
    return this.proc.stderr();
  }

  async stop(): Promise<void> {
    await this.proc.stop();
  }
}

/**
 * Every child process a test starts goes through here: redis-server, redis-sentinel and Vigil,
 * each in its own temp dir with its stdout/stderr in files, registered so that `stopAll()`
 * (afterAll) and, as a last resort, the worker's exit or a termination signal kill it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFreePort } from './ports.js';
import { realProcess, workerShared } from './realProcess.js';
import { RespClient, closeAllClients } from './resp.js';
import { StopWaiting, waitFor, withDeadline } from './waitFor.js';

export type ProcessKind = 'redis-server' | 'redis-sentinel' | 'vigil';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly kind: ProcessKind;
  /** `kind:port`, used in messages. */
  readonly name: string;
  readonly port: number;
  /** PID of the current incarnation (changes on restart). */
  readonly pid: number;
  readonly dir: string;
  readonly configPath: string;
  readonly running: boolean;
  /** Sends a signal and returns at once. */
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone and reaped. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Stops and starts it again on the same port with the same (possibly rewritten) config. */
  restart(): Promise<void>;
  /** The last `lines` lines of stdout and stderr, labelled. */
  logs(lines?: number): string;
  /** Resolves with the exit status once this incarnation has exited. */
  waitForExit(timeoutMs?: number): Promise<ExitInfo>;
  /** Polls the log files until a line matches; returns that line. */
  waitForLog(pattern: RegExp, options?: { timeoutMs?: number }): Promise<string>;
}

export interface RedisServerHandle extends ManagedProcess {
  readonly paused: boolean;
  /** SIGSTOP: the server stops answering but keeps its sockets open (a hung instance). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
}

interface SpawnSpec {
  kind: ProcessKind;
  port: number;
  dir: string;
  configPath: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs: number;
  /** Prefix of the stdout/stderr log files in `dir`, for a second program in the same dir. */
  logPrefix?: string;
  /** Working directory of the child; `dir` (where the logs go) unless given. */
  cwd?: string;
}

/** This test file's processes: what stopAll() stops and what "nothing left" checks. */
const registry = new Set<ManagedChild>();
/** Temp dirs made by this test file, removed by stopAll() unless VIGIL_TEST_KEEP_DIRS is set. */
const tempDirs = new Set<string>();

/** PIDs alive in this worker across all test files, for the last-resort kill on exit. */
const livePids = workerShared('processes.livePids', () => {
  const pids = new Set<number>();
  const real = realProcess();
  const killAll = (): void => {
    for (const pid of pids) {
      try {
        real.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    pids.clear();
  };
  real.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAll();
      // We replaced the default action (terminate) only if nobody else listens: restore it.
      if (real.listenerCount(signal) === 1) {
        real.removeListener(signal, onSignal);
        real.kill(real.pid, signal);
      }
    };
    real.on(signal, onSignal);
  }
  return pids;
});

class ManagedChild implements RedisServerHandle {
  readonly name: string;
  private child: ChildProcess | undefined;
  private exited: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null });
  private exitInfo: ExitInfo | undefined;
  private isPaused = false;

  constructor(private readonly spec: SpawnSpec) {
    this.name = `${spec.kind}:${spec.port}`;
  }

  get kind(): ProcessKind {
    return this.spec.kind;
  }
  get port(): number {
    return this.spec.port;
  }
  get dir(): string {
    return this.spec.dir;
  }
  get configPath(): string {
    return this.spec.configPath;
  }
  get pid(): number {
    return this.child?.pid ?? -1;
  }
  get running(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }
  get paused(): boolean {
    return this.isPaused;
  }

  private logFile(stream: 'stdout' | 'stderr'): string {
    return `${this.spec.logPrefix ?? ''}${stream}.log`;
  }

  async start(): Promise<void> {
    const out = fs.openSync(path.join(this.dir, this.logFile('stdout')), 'a');
    const err = fs.openSync(path.join(this.dir, this.logFile('stderr')), 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.spec.command, this.spec.args, {
        cwd: this.spec.cwd ?? this.dir,
        env: this.spec.env ?? process.env,
        stdio: ['ignore', out, err],
      });
    } finally {
      // The child has its own copies of the descriptors.
      fs.closeSync(out);
      fs.closeSync(err);
    }
    // Unreferenced: a process a test forgot to stop must not keep jest alive; the exit hook
    // below then kills it when the worker exits.
    child.unref();
    this.child = child;
    this.exitInfo = undefined;
    this.isPaused = false;
    this.exited = new Promise<ExitInfo>((resolve) => {
      const done = (info: ExitInfo): void => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        if (child.pid !== undefined) livePids.delete(child.pid);
        resolve(info);
      };
      child.once('exit', (code, signal) => done({ code, signal }));
      child.once('error', (e) => {
        fs.appendFileSync(
          path.join(this.dir, this.logFile('stderr')),
          `spawn ${this.spec.command} failed: ${e.message}\n`,
        );
        done({ code: null, signal: null });
      });
    });
    registry.add(this);
    if (child.pid !== undefined) livePids.add(child.pid);

    try {
      await waitFor(() => this.answersPing(), {
        timeoutMs: this.spec.readyTimeoutMs,
        intervalMs: 50,
        description: `${this.name} to answer PING`,
      });
    } catch (e) {
      await this.stop({ graceMs: 0 });
      throw new Error(`${this.name} did not start: ${(e as Error).message}\n${this.logs(30)}`);
    }
  }

  private async answersPing(): Promise<boolean> {
    if (this.exitInfo) {
      throw new StopWaiting(
        `${this.name} exited (code ${this.exitInfo.code}, signal ${this.exitInfo.signal})`,
      );
    }
    const client = await RespClient.connect(this.port, { timeoutMs: 1000 });
    try {
      const reply = await client.request(['PING'], { timeoutMs: 1000 });
      // Any answer but LOADING means the port is served (an auth error still proves it).
      return !(reply.value.kind === 'error' && reply.value.value.startsWith('LOADING'));
    } finally {
      await client.close();
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.running || !this.child) return;
    this.child.kill(signal);
    if (signal === 'SIGSTOP') this.isPaused = true;
    if (signal === 'SIGCONT') this.isPaused = false;
  }

  pause(): void {
    this.kill('SIGSTOP');
  }

  resume(): void {
    this.kill('SIGCONT');
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    const graceMs = options.graceMs ?? 5000;
    if (this.running && this.child) {
      this.child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
      // A stopped process only acts on SIGTERM once continued.
      if (this.isPaused) this.child.kill('SIGCONT');
      try {
        await withDeadline(this.exited, Math.max(graceMs, 1), `${this.name} to exit on SIGTERM`);
      } catch {
        this.child.kill('SIGKILL');
        await withDeadline(this.exited, 5000, `${this.name} to exit on SIGKILL`);
      }
    }
    this.isPaused = false;
    registry.delete(this);
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
        const text = fs.readFileSync(path.join(this.dir, file), 'utf8');
        return text
          .split('\n')
          .slice(-lines - 1)
          .join('\n');
      } catch {
        return '(no file)';
      }
    };
    return (
      `--- ${this.name} (pid ${this.pid}, dir ${this.dir}) stdout ---\n${tail(this.logFile('stdout'))}\n` +
      `--- ${this.name} stderr ---\n${tail(this.logFile('stderr'))}`
    );
  }

  async waitForLog(pattern: RegExp, options: { timeoutMs?: number } = {}): Promise<string> {
    return waitFor(
      () => {
        for (const file of [this.logFile('stdout'), this.logFile('stderr')]) {
          let text = '';
          try {
            text = fs.readFileSync(path.join(this.dir, file), 'utf8');
          } catch {
            continue;
          }
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) return line;
        }
        return undefined;
      },
      { timeoutMs: options.timeoutMs ?? 10_000, description: `${this.name} to log ${pattern}` },
    );
  }
}

function makeDir(kind: ProcessKind): string {
  return makeTempDir(kind);
}

export interface RedisServerOptions {
  port?: number;
  /** Start as a replica of this primary (loopback host unless given). */
  replicaOf?: { host?: string; port: number };
  /** Extra lines for redis.conf (e.g. `requirepass secret`). */
  config?: string[];
  /** Extra command-line arguments (e.g. `--enable-debug-command`, `yes`). */
  args?: string[];
  /** @default 10000 */
  readyTimeoutMs?: number;
}

/** A redis-server on a free loopback port, no persistence, config in a temp dir. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerHandle> {
  const port = options.port ?? (await getFreePort());
  const dir = makeDir('redis-server');
  const configPath = path.join(dir, 'redis.conf');
  const lines = [`port ${port}`, 'bind 127.0.0.1', 'save ""', 'appendonly no', 'daemonize no', 'logfile ""'];
  if (options.replicaOf)
    lines.push(`replicaof ${options.replicaOf.host ?? '127.0.0.1'} ${options.replicaOf.port}`);
  lines.push(...(options.config ?? []));
  fs.writeFileSync(configPath, `${lines.join('\n')}\n`);
  const child = new ManagedChild({
    kind: 'redis-server',
    port,
    dir,
    configPath,
    command: 'redis-server',
    args: [configPath, ...(options.args ?? [])],
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
  });
  await child.start();
  return child;
}

export interface MonitorSpec {
  name: string;
  host?: string;
  port: number;
  quorum: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}

export interface SentinelOptions {
  port?: number;
  monitors: MonitorSpec[];
  /** Extra sentinel.conf lines, written after the monitors. */
  extraConfig?: string[];
  /** Extra command-line arguments after the config path. */
  args?: string[];
  /** @default 15000 */
  readyTimeoutMs?: number;
}

/** The sentinel.conf text both redis-sentinel and Vigil start from. */
export function sentinelConfig(
  port: number,
  monitors: readonly MonitorSpec[],
  extra: readonly string[] = [],
): string {
  const lines = [`port ${port}`, 'bind 127.0.0.1'];
  for (const m of monitors) {
    lines.push(`sentinel monitor ${m.name} ${m.host ?? '127.0.0.1'} ${m.port} ${m.quorum}`);
    if (m.downAfterMs !== undefined)
      lines.push(`sentinel down-after-milliseconds ${m.name} ${m.downAfterMs}`);
    if (m.failoverTimeoutMs !== undefined)
      lines.push(`sentinel failover-timeout ${m.name} ${m.failoverTimeoutMs}`);
  }
  lines.push(...extra);
  return `${lines.join('\n')}\n`;
}

/**
 * A redis-sentinel or a Vigil (`node bin/vigil <conf>`, which needs `npm run build` first)
 * started from the same kind of config on a free loopback port.
 */
export async function startSentinelLike(
  kind: 'vigil' | 'redis-sentinel',
  options: SentinelOptions,
): Promise<ManagedProcess> {
  const port = options.port ?? (await getFreePort());
  const dir = makeDir(kind);
  const configPath = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(configPath, sentinelConfig(port, options.monitors, options.extraConfig));
  const extraArgs = options.args ?? [];
  const spec: SpawnSpec =
    kind === 'vigil'
      ? {
          kind,
          port,
          dir,
          configPath,
          command: process.execPath,
          args: [path.join(REPO_ROOT, 'bin', 'vigil'), configPath, ...extraArgs],
          readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
        }
      : {
          kind,
          port,
          dir,
          configPath,
          command: 'redis-sentinel',
          args: [configPath, ...extraArgs],
          readyTimeoutMs: options.readyTimeoutMs ?? 15_000,
        };
  const child = new ManagedChild(spec);
  await child.start();
  return child;
}

export function startRedisSentinel(options: SentinelOptions): Promise<ManagedProcess> {
  return startSentinelLike('redis-sentinel', options);
}

export function startVigil(options: SentinelOptions): Promise<ManagedProcess> {
  return startSentinelLike('vigil', options);
}

export interface ExistingConfigOptions {
  /** Working directory of the process. @default the config file's directory */
  cwd?: string;
  /** The config path as given on the command line (relative to `cwd`). @default configPath */
  configArg?: string;
  /** Extra command-line arguments after the config path (`--dir`, `./run`, ...). */
  args?: string[];
  /** Prefix of the log files in the config's directory. @default `${kind}-` */
  logPrefix?: string;
  /**
   * For a Vigil: run this `vigil` executable (an installed one) directly.
   * @default `node bin/vigil` of this checkout
   */
  executable?: string;
}

/**
 * A redis-sentinel or a Vigil started on an existing config file (one a test wrote in its own
 * layout, or one another program left behind), from any working directory. Its logs go to
 * `<kind>-stdout.log`/`<kind>-stderr.log` beside the config, so that a previous program's logs
 * stay readable. Stopped by stopAll() like the others.
 */
export async function startOnConfig(
  kind: 'vigil' | 'redis-sentinel',
  configPath: string,
  port: number,
  options: ExistingConfigOptions = {},
): Promise<ManagedProcess> {
  const configArg = options.configArg ?? configPath;
  const args = [configArg, ...(options.args ?? [])];
  const child = new ManagedChild({
    kind,
    port,
    dir: path.dirname(configPath),
    configPath,
    ...commandLine(kind, args, options.executable),
    readyTimeoutMs: 15_000,
    logPrefix: options.logPrefix ?? `${kind}-`,
    cwd: options.cwd ?? path.dirname(configPath),
  });
  await child.start();
  return child;
}

function commandLine(
  kind: 'vigil' | 'redis-sentinel',
  args: string[],
  executable: string | undefined,
): { command: string; args: string[] } {
  if (kind === 'redis-sentinel') return { command: 'redis-sentinel', args };
  if (executable !== undefined) return { command: executable, args };
  return { command: process.execPath, args: [path.join(REPO_ROOT, 'bin', 'vigil'), ...args] };
}

/** A Vigil on what a redis-sentinel left behind (a rolling replacement). */
export function startVigilOnConfig(configPath: string, port: number): Promise<ManagedProcess> {
  return startOnConfig('vigil', configPath, port);
}

/** A temp dir of this test file, removed by stopAll() (for layouts a test builds itself). */
export function makeTempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vigil-test-${label}-`));
  tempDirs.add(dir);
  return dir;
}

/** Processes started by this test file that have not been stopped. */
export function runningProcesses(): ManagedProcess[] {
  return [...registry];
}

/** Logs of every registered process, for a failure message. */
export function allLogs(lines = 30): string {
  return [...registry].map((p) => p.logs(lines)).join('\n');
}

/**
 * Stops every process this test file started (in parallel), closes the RESP clients still
 * open and removes the temp dirs (kept when VIGIL_TEST_KEEP_DIRS is set, for debugging).
 */
export async function stopAll(): Promise<void> {
  await closeAllClients();
  const results = await Promise.allSettled([...registry].map((p) => p.stop()));
  if (!process.env.VIGIL_TEST_KEEP_DIRS) {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  }
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(`stopAll: ${failed.map((f) => String(f.reason)).join('; ')}`);
  }
}

/** True while the OS still knows this PID (a zombie counts; ours are reaped on exit). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

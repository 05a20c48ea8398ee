/**
 * The scenario differential harness: one script, run against a redis-sentinel and against a
 * Vigil (each with its own data nodes, in parallel), recording what an operator would see as
 * the scenario unfolds: flags that appear and clear, events, replies, whether the process
 * starts again. The two traces must be equal once ports and run ids are replaced by roles, and
 * every wait in the script is itself an assertion (it fails the run for the subject that
 * never reaches the state), so a scenario can't pass by observing nothing.
 *
 * Timing is compared loosely: each wait records how long the subject took, and the test may
 * bound the ratio; the trace holds only what was reached, never when.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  makeTempDir,
  startOnConfig,
  startRedisServer,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
  type RedisServerOptions,
} from './processes.js';
import { getFreePort } from './ports.js';
import {
  RespClient,
  callOnce,
  fieldsOf,
  itemsOf,
  plain,
  textOf,
  type PubSubMessage,
  type RespValue,
} from './resp.js';
import { waitFor } from './waitFor.js';

export type SubjectKind = 'vigil' | 'redis-sentinel';
export const SUBJECT_KINDS: readonly SubjectKind[] = ['redis-sentinel', 'vigil'];

export const MASTER = 'mymaster';

export interface ScenarioSetup {
  /** Replicas of the primary. @default 0 */
  replicas?: number;
  /** Extra redis.conf lines of every data node (`requirepass`, `user ...`). */
  dataNodeConfig?: string[];
  /** Extra redis.conf lines of the primary only. */
  primaryConfig?: string[];
  /** @default 2 */
  quorum?: number;
  /** @default 1000 */
  downAfterMs?: number;
  /** Extra sentinel.conf lines after the monitor line (`sentinel auth-pass mymaster x`). */
  sentinelConfig?: string[];
  /**
   * Writes the config file and says how to start the subject; the default is
   * `<tmp>/sentinel.conf`, started with its absolute path from its own directory.
   */
  layout?: (text: string, kind: SubjectKind) => Layout;
}

/** Where a subject's config lives and how its command line names it. */
export interface Layout {
  configPath: string;
  cwd: string;
  configArg: string;
  args?: string[];
}

/** One observation: a step's name and what was seen, ports and run ids replaced by roles. */
export interface TraceEntry {
  step: string;
  seen: unknown;
}

export class Trace {
  readonly entries: TraceEntry[] = [];
  /** Milliseconds each wait took, by step: reported, compared loosely by the tests. */
  readonly timings = new Map<string, number>();
}

const RUNID = /\b[0-9a-f]{40}\b/g;

/** One subject's world: the sentinel under test, its data nodes and its event stream. */
export class ScenarioRun {
  readonly trace = new Trace();
  sentinel!: ManagedProcess;
  /** Every PSUBSCRIBE * message since start (and since each restart). */
  readonly events: PubSubMessage[] = [];
  private subscriber: RespClient | undefined;
  private layoutOf!: Layout;
  /** Further ports named by role in traces (a fake peer, a data node started mid-scenario). */
  private readonly extraRoles: [number, string][] = [];

  constructor(
    readonly kind: SubjectKind,
    readonly primary: RedisServerHandle,
    readonly replicas: RedisServerHandle[],
    readonly port: number,
    /** Extra redis.conf lines of every data node, for replicas added mid-scenario. */
    readonly dataNodeConfig: string[] = [],
  ) {}

  get configPath(): string {
    return this.layoutOf.configPath;
  }
  get layout(): Layout {
    return this.layoutOf;
  }

  /** Ports and run ids replaced by their role, so that the two subjects' traces compare. */
  normalise(value: unknown): unknown {
    if (typeof value === 'string') {
      let text = value.replace(RUNID, '<runid>');
      const roles: [number, string][] = [
        [this.primary.port, '<primary>'],
        ...this.replicas.map((r, i): [number, string] => [r.port, `<replica${i}>`]),
        [this.port, '<sentinel>'],
        ...this.extraRoles,
      ];
      for (const [port, role] of roles) text = text.replace(new RegExp(`\\b${port}\\b`, 'g'), role);
      return text;
    }
    if (Array.isArray(value)) return value.map((v) => this.normalise(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.normalise(v)]));
    }
    return value;
  }

  /** From now on `port` is written as `<role>` in traces (role without the angle brackets). */
  nameRole(port: number, role: string): void {
    this.extraRoles.push([port, `<${role}>`]);
  }

  /**
   * Starts a further replica of the primary (same data-node config as the others), appends
   * it to `replicas` (so it normalises as `<replicaN>`) and returns it.
   */
  async addReplica(extraConfig: string[] = []): Promise<RedisServerHandle> {
    const replica = await startRedisServer({
      config: [...this.dataNodeConfig, ...extraConfig],
      replicaOf: { port: this.primary.port },
    });
    this.replicas.push(replica);
    return replica;
  }

  /**
   * Publishes a hello on the primary's `__sentinel__:hello` channel as a sentinel at
   * 127.0.0.1:`port` with run id `runid` would (`ip,port,runid,current_epoch,master_name,
   * master_ip,master_port,master_config_epoch`): a fake peer the subject then lists.
   */
  async publishHello(
    port: number,
    runid: string,
    epochs: { current?: number; config?: number } = {},
  ): Promise<void> {
    const hello = [
      '127.0.0.1',
      port,
      runid,
      epochs.current ?? 0,
      MASTER,
      '127.0.0.1',
      this.primary.port,
      epochs.config ?? 0,
    ].join(',');
    await callOnce(this.primary.port, 'PUBLISH', '__sentinel__:hello', hello);
  }

  /**
   * Publishes the hello every 200 ms until `cond` holds (a hello sent before the subject has
   * subscribed to the channel is lost, as it would be for a real peer, which sends one every
   * 2 s), then records `step`.
   */
  async helloUntil(
    step: string,
    port: number,
    runid: string,
    cond: () => Promise<boolean>,
    epochs: { current?: number; config?: number } = {},
  ): Promise<void> {
    await this.waitUntil(step, async () => {
      if (await cond()) return true;
      await this.publishHello(port, runid, epochs);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return cond();
    });
  }

  /** `CLIENT LIST` of a data node, one record per connection. */
  async clientsOf(port: number): Promise<Record<string, string>[]> {
    const text = textOf(await callOnce(port, 'CLIENT', 'LIST'));
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) =>
        Object.fromEntries(
          line
            .trim()
            .split(' ')
            .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        ),
      );
  }

  /**
   * Asserts that `cond` stays true for `ms` (checked every 100 ms), then records `step`: the
   * general form of holdFlags (a field that stays under a bound while a timer is changed).
   */
  async holdTrue(step: string, cond: () => Promise<boolean>, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!(await cond())) throw new Error(`${this.kind}: ${step}: condition broken`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.record(step, 'held');
  }

  record(step: string, seen: unknown): void {
    this.trace.entries.push({ step, seen: this.normalise(seen) });
  }

  async start(layout: Layout): Promise<void> {
    this.layoutOf = layout;
    this.sentinel = await startOnConfig(this.kind, layout.configPath, this.port, {
      cwd: layout.cwd,
      configArg: layout.configArg,
      args: layout.args,
      logPrefix: 'subject-',
    });
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    const client = await RespClient.connect(this.port);
    await client.send('PSUBSCRIBE', '*');
    this.subscriber = client;
    const drain = (): void => {
      this.events.push(...client.messages.splice(0));
    };
    const timer = setInterval(drain, 20);
    void client.whenClosed(24 * 3600_000).finally(() => {
      drain();
      clearInterval(timer);
    });
  }

  /** SIGTERM, then the same command line again; events keep being recorded. */
  async restart(): Promise<void> {
    await this.subscriber?.close();
    await this.sentinel.stop();
    await this.start(this.layoutOf);
  }

  /** Stops the subject (SIGTERM) without starting it again. */
  async stop(): Promise<void> {
    await this.subscriber?.close();
    await this.sentinel.stop();
  }

  async call(...args: (string | number)[]): Promise<RespValue> {
    const client = await RespClient.connect(this.port);
    try {
      return (await client.send(...args)).value;
    } finally {
      await client.close();
    }
  }

  /** Sends a command and records its reply (plain form: errors as `{error}`). */
  async recordReply(step: string, ...args: (string | number)[]): Promise<RespValue> {
    const value = await this.call(...args);
    this.record(step, plain(value));
    return value;
  }

  /** A data node of this run: the primary, or replica `which` (its index). */
  node(which: 'primary' | number): RedisServerHandle {
    if (which === 'primary') return this.primary;
    const replica = this.replicas[which];
    if (replica === undefined) throw new Error(`${this.kind}: no replica ${which}`);
    return replica;
  }

  /**
   * Sends a command to a data node on a fresh connection, after `AUTH <auth...>` when `auth`
   * is given (`['pass']` or `['user', 'pass']`), and returns the reply. An error reply, to AUTH
   * or to the command, throws: the script's own operations on data nodes must succeed.
   */
  async nodeCall(
    which: 'primary' | number,
    auth: readonly string[] | null,
    ...args: (string | number)[]
  ): Promise<RespValue> {
    const client = await RespClient.connect(this.node(which).port);
    try {
      if (auth !== null) {
        const reply = (await client.send('AUTH', ...auth)).value;
        if (reply.kind === 'error') throw new Error(`${this.kind}: AUTH on ${which}: ${reply.value}`);
      }
      const value = (await client.send(...args)).value;
      if (value.kind === 'error')
        throw new Error(`${this.kind}: ${args.join(' ')} on ${which}: ${value.value}`);
      return value;
    } finally {
      await client.close();
    }
  }

  /** The fields of `SENTINEL MASTER`. */
  async master(): Promise<Record<string, string>> {
    return fieldsOf(await this.call('SENTINEL', 'MASTER', MASTER));
  }

  /** The fields of each `SENTINEL REPLICAS` entry, by port. */
  async replicaTable(): Promise<Map<number, Record<string, string>>> {
    const reply = await this.call('SENTINEL', 'REPLICAS', MASTER);
    return new Map(
      itemsOf(reply)
        .map((r) => fieldsOf(r))
        .map((f) => [Number(f.port), f]),
    );
  }

  /** The flags of the master (`target` 'master') or of the replica on that port. */
  async flagsOf(target: 'master' | number): Promise<string[]> {
    if (target === 'master') return (await this.master()).flags?.split(',') ?? [];
    return (await this.replicaTable()).get(target)?.flags?.split(',') ?? ['<not listed>'];
  }

  /**
   * Waits until the flags of `target` satisfy `expected` (flags that must be present, and
   * flags prefixed with `!` that must be absent), then records them. Throws on timeout with
   * the last flags seen.
   */
  async waitFlags(
    step: string,
    target: 'master' | number,
    expected: string[],
    timeoutMs = 10_000,
  ): Promise<void> {
    const started = Date.now();
    await waitFor(
      async () => {
        const now = await this.flagsOf(target);
        const ok = expected.every((f) => (f.startsWith('!') ? !now.includes(f.slice(1)) : now.includes(f)));
        if (!ok) throw new Error(`flags ${now.join(',')}`);
        return now;
      },
      { timeoutMs, intervalMs: 50, description: `${this.kind}: ${step} (flags ${expected.join(' ')})` },
    );
    this.trace.timings.set(step, Date.now() - started);
    this.record(step, expected);
  }

  /**
   * Asserts that `target` keeps satisfying `expected` for `ms` (checked every 100 ms): a flag
   * that must not appear (`!s_down`) while a condition lasts.
   */
  async holdFlags(step: string, target: 'master' | number, expected: string[], ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const now = await this.flagsOf(target);
      const bad = expected.filter((f) => (f.startsWith('!') ? now.includes(f.slice(1)) : !now.includes(f)));
      if (bad.length > 0) {
        throw new Error(`${this.kind}: ${step}: flags ${now.join(',')} broke ${bad.join(' ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.record(step, expected);
  }

  /** Waits for an event on `channel` whose payload (normalised) matches, and records it. */
  async waitEvent(step: string, channel: string, payload: RegExp, timeoutMs = 10_000): Promise<string> {
    const started = Date.now();
    const seen = await waitFor(
      () => this.events.find((m) => m.channel === channel && payload.test(String(this.normalise(m.payload)))),
      { timeoutMs, description: `${this.kind}: ${step} (event ${channel} ${payload})` },
    );
    this.trace.timings.set(step, Date.now() - started);
    this.record(step, `${channel} ${String(this.normalise(seen.payload))}`);
    return seen.payload;
  }

  /** The normalised payloads of every event on `channel` so far. */
  eventsOn(channel: string): string[] {
    return this.events.filter((m) => m.channel === channel).map((m) => String(this.normalise(m.payload)));
  }

  /** Waits for an arbitrary condition (a reply, a file) and records `describe(value)`. */
  async waitUntil<T>(
    step: string,
    cond: () => Promise<T | undefined | false>,
    timeoutMs = 10_000,
  ): Promise<T> {
    const started = Date.now();
    const value = await waitFor(cond, { timeoutMs, description: `${this.kind}: ${step}` });
    this.trace.timings.set(step, Date.now() - started);
    this.record(step, 'reached');
    return value as T;
  }
}

/** The default layout: `<tmp>/sentinel.conf`, started by its absolute path from that dir. */
export function defaultLayout(text: string, kind: SubjectKind): Layout {
  const dir = makeTempDir(`scenario-${kind}`);
  const configPath = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(configPath, text);
  return { configPath, cwd: dir, configArg: configPath };
}

async function startRun(kind: SubjectKind, setup: ScenarioSetup): Promise<ScenarioRun> {
  const nodeOptions = (extra: string[] = []): RedisServerOptions => ({
    config: [...(setup.dataNodeConfig ?? []), ...extra],
  });
  const primary = await startRedisServer(nodeOptions(setup.primaryConfig));
  const replicas: RedisServerHandle[] = [];
  for (let i = 0; i < (setup.replicas ?? 0); i++) {
    const options = nodeOptions();
    options.replicaOf = { port: primary.port };
    // A replica of a password-protected primary needs masterauth/masteruser too: the scenario
    // passes them in dataNodeConfig.
    replicas.push(await startRedisServer(options));
  }
  const port = await getFreePort();
  const lines = [
    `port ${port}`,
    'bind 127.0.0.1',
    `sentinel monitor ${MASTER} 127.0.0.1 ${primary.port} ${setup.quorum ?? 2}`,
    `sentinel down-after-milliseconds ${MASTER} ${setup.downAfterMs ?? 1000}`,
    ...(setup.sentinelConfig ?? []),
  ];
  const text = `${lines.join('\n')}\n`;
  const run = new ScenarioRun(kind, primary, replicas, port, setup.dataNodeConfig ?? []);
  await run.start((setup.layout ?? defaultLayout)(text, kind));
  return run;
}

export interface DifferentialResult {
  runs: Record<SubjectKind, ScenarioRun>;
}

/**
 * Runs `scenario` against both subjects in parallel and returns both runs; the caller compares
 * (`expectSameTrace`). Every process started is stopped by the test file's stopAll().
 */
export async function runDifferential(
  setup: ScenarioSetup,
  scenario: (run: ScenarioRun) => Promise<void>,
): Promise<DifferentialResult> {
  const runs = await Promise.all(SUBJECT_KINDS.map((kind) => startRun(kind, setup)));
  const byKind = Object.fromEntries(runs.map((r) => [r.kind, r])) as Record<SubjectKind, ScenarioRun>;
  const outcomes = await Promise.allSettled(runs.map((r) => scenario(r)));
  const failures = outcomes
    .map((o, i) => (o.status === 'rejected' ? `${runs[i]?.kind}: ${describeError(o.reason)}` : null))
    .filter((f): f is string => f !== null);
  if (failures.length > 0) {
    const logs = runs.map((r) => r.sentinel.logs(25)).join('\n');
    throw new Error(`scenario failed\n${failures.join('\n')}\n${logs}`);
  }
  return { runs: byKind };
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Both traces, for `expect(vigil).toEqual(reference)`. */
export function traces(result: DifferentialResult): { vigil: TraceEntry[]; reference: TraceEntry[] } {
  // VIGIL_SCENARIO_TRACE=1 prints both traces, to see what a scenario compared.
  if (process.env.VIGIL_SCENARIO_TRACE) {
    for (const run of Object.values(result.runs)) {
      process.stdout.write(`--- ${run.kind} trace\n${JSON.stringify(run.trace.entries, null, 1)}\n`);
      const events = run.events.map((m) => `${m.channel} ${String(run.normalise(m.payload))}`);
      process.stdout.write(`--- ${run.kind} events\n${events.join('\n')}\n--- end events\n`);
    }
  }
  return { vigil: result.runs.vigil.trace.entries, reference: result.runs['redis-sentinel'].trace.entries };
}

export { stopAll };

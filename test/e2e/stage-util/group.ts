/**
 * A group of real sentinels (Vigil or the reference redis-sentinel) around a primary and its
 * replicas for the deployment-stage e2e tests: start-up with the event recorder and the fast
 * periods, restart of a sentinel, teardown, failure diagnostics (timeline and logs), and
 * `groupPerTest`, the per-test group of a describe block with its afterEach cleanup.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ManagedProcess, type RedisServerHandle } from '../../helpers/processes.js';
import { startDeployment, type Deployment } from '../../helpers/topology.js';
import { cleanupE2e, stopWriters } from './clients.js';
import { DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS, MASTER, periodsFor, type SentinelKind } from './config.js';
import { EventRecorder } from './events.js';
import { applyPeriods } from './queries.js';

export interface GroupOptions {
  kind: SentinelKind;
  sentinels: number;
  replicas: number;
  quorum: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}

export interface Group {
  kind: SentinelKind;
  deployment: Deployment;
  primary: RedisServerHandle;
  replicas: RedisServerHandle[];
  sentinels: ManagedProcess[];
  recorder: EventRecorder;
  failoverTimeoutMs: number;
  /** Free-form facts about this run (random choices) shown with the diagnostics. */
  notes: string[];
  /**
   * Starts sentinel `i` again on its port with its own (rewritten) config, stopping it first
   * if it still runs, and applies the fast periods again (SENTINEL DEBUG is not persisted).
   */
  restartSentinel(i: number): Promise<void>;
  /** Recorded events, then the Sentinel-event log lines of every process. */
  diagnostics(): string;
  teardown(): Promise<void>;
}

export async function startGroup(options: GroupOptions): Promise<Group> {
  const failoverTimeoutMs = options.failoverTimeoutMs ?? FAILOVER_TIMEOUT_MS;
  const deployment = await startDeployment({
    masterName: MASTER,
    replicas: options.replicas,
    sentinels: Array.from({ length: options.sentinels }, () => ({ kind: options.kind })),
    quorum: options.quorum,
    downAfterMs: options.downAfterMs ?? DOWN_AFTER_MS,
    failoverTimeoutMs,
    // redis-server 7.0 waits 5 s before a diskless full sync in case more replicas come;
    // every (re)attached replica pays it, so it is turned off to keep stages short.
    redisConfig: ['repl-diskless-sync-delay 0'],
    waitForDiscovery: false,
  });
  let recorder: EventRecorder | undefined;
  try {
    recorder = await EventRecorder.start(deployment.sentinels.map((s) => s.port));
    await Promise.all(deployment.sentinels.map((s) => applyPeriods(s.port, periodsFor(options.kind))));
    await deployment.waitForDiscovery(20_000);
  } catch (err) {
    const message = `${(err as Error).message}\n${recorder?.dump() ?? ''}\n${logsOf(deployment.all())}`;
    await recorder?.close();
    await deployment.teardown();
    throw new Error(message);
  }
  const events = recorder;
  const notes: string[] = [];
  const startAgain = async (i: number): Promise<void> => {
    const sentinel = deployment.sentinels[i] as ManagedProcess;
    await sentinel.restart();
    await applyPeriods(sentinel.port, periodsFor(options.kind));
  };
  return {
    kind: options.kind,
    deployment,
    primary: deployment.primary,
    replicas: deployment.replicas,
    sentinels: deployment.sentinels,
    recorder: events,
    failoverTimeoutMs,
    restartSentinel: startAgain,
    notes,
    diagnostics: () =>
      `${notes.map((n) => `note: ${n}\n`).join('')}events:\n${events.dump()}\n${logsOf(deployment.all())}`,
    teardown: async () => {
      // VIGIL_E2E_TRACE=1 prints every timeline, also of passing tests (for timing work).
      if (process.env.VIGIL_E2E_TRACE)
        process.stderr.write(`events (${options.kind}):\n${events.dump(400)}\n`);
      await events.close();
      await deployment.teardown();
    },
  };
}

/**
 * The lines worth reading in a failure: for Vigil its pino JSON lines that carry a Sentinel
 * event or a warning; for redis-server/redis-sentinel the log tail.
 */
export function logsOf(processes: readonly ManagedProcess[], lines = 60): string {
  return processes
    .map((p) => {
      if (p.kind !== 'vigil') return p.logs(lines / 2);
      let text = '';
      try {
        text = fs.readFileSync(path.join(p.dir, 'stdout.log'), 'utf8');
      } catch {
        // No output yet.
      }
      const wanted = text.split('\n').filter((l) => /"event":|"level":"(warn|error|fatal)"/.test(l));
      const stderr = p.logs(10).split('--- ' + p.name + ' stderr ---')[1] ?? '';
      return `--- ${p.name} (pid ${p.pid}) events and warnings ---\n${wanted.slice(-lines).join('\n')}\n--- stderr ---${stderr}`;
    })
    .join('\n');
}

/** Runs a test body; on failure appends the group's timeline and logs to the error. */
export async function withDiagnostics(
  group: () => Group | undefined,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const g = group();
    if (g && err instanceof Error) err.message += `\n\n${g.diagnostics()}`;
    throw err;
  }
}

export interface GroupPerTest {
  /** Starts the group of the running test (torn down after it). */
  start(options: Omit<GroupOptions, 'kind'>): Promise<Group>;
  /** Starts the group of the running test and runs `body` on it, with diagnostics on failure. */
  run(options: Omit<GroupOptions, 'kind'>, body: (g: Group) => Promise<void>): Promise<void>;
}

/**
 * For a describe block of one sentinel kind: each test starts its own group, and an afterEach
 * stops the writing clients, tears that group down, then cleans up (cleanupE2e).
 */
export function groupPerTest(kind: SentinelKind): GroupPerTest {
  let group: Group | undefined;

  afterEach(async () => {
    await stopWriters();
    await group?.teardown();
    group = undefined;
    await cleanupE2e();
  });

  const start = async (options: Omit<GroupOptions, 'kind'>): Promise<Group> => {
    group = await startGroup({ kind, ...options });
    return group;
  };
  return {
    start,
    run: async (options, body) => {
      const g = await start(options);
      await withDiagnostics(
        () => g,
        () => body(g),
      );
    },
  };
}

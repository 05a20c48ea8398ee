/**
 * A mixed group of Vigil and redis-sentinel processes around a primary and two replicas: its
 * start-up (subscribers, fast periods, mutual discovery), restart of a sentinel, the rolling
 * replacement of one by a Vigil on the config file it left behind, and failure diagnostics.
 */
import * as fs from 'node:fs';
import { startVigilOnConfig, type ManagedProcess, type RedisServerHandle } from '../../helpers/processes.js';
import { startDeployment, type Deployment } from '../../helpers/topology.js';
import { cleanupMixed } from './clients.js';
import { DOWN_AFTER_MS, FAILOVER_TIMEOUT_MS, MASTER, type Kind } from './config.js';
import { waitForMutualDiscovery } from './convergence.js';
import { applyPeriods, myidOf } from './queries.js';
import { EventRecorder, HelloRecorder } from './recorders.js';

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

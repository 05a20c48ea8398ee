/**
 * Partition tests (issue #10): three "servers" as Linux network namespaces, each with one
 * redis-server and one Vigil, built by the lab in src/bench/partition.ts (see its comment for
 * the layout and for how a cut works). This file adds what a jest test needs around it:
 *
 * - a skip reason when the machine cannot do it (not root, `ip netns` failing), so the suites
 *   report a clear message instead of failing;
 * - registration of every lab for cleanup: `destroyLabs()` (afterEach/afterAll), and as a last
 *   resort the worker's exit, a termination signal or the loss of its jest parent, which kill
 *   every process in the lab's namespaces and delete them; leftovers of a worker that died
 *   anyway (SIGKILL) are swept when the next partition test file loads;
 * - the writers (one beside the primary, one on another server) and waits with deadlines.
 */
import * as path from 'node:path';
import {
  ackedSeqs,
  agreement,
  countLost,
  lostBefore,
  netnsUnavailable,
  PartitionLab,
  sentinelPrimary,
  serverIp,
  startDeployment,
  startWriter,
  sweepStaleNamespaces,
  DATA_PORT,
  type Agreement,
  type Deployment,
  type DeploymentOptions,
  type LossCount,
  type Writer,
} from '../../src/bench/partition.js';
import { makeTempDir, REPO_ROOT } from './processes.js';
import { realProcess, workerShared } from './realProcess.js';
import { waitFor } from './waitFor.js';

export * from '../../src/bench/partition.js';

export const WRITER_SCRIPT = path.join(REPO_ROOT, 'test', 'partition', 'writer.mjs');

/** Why the partition tests cannot run here, or null; computed once per test file. */
let skipReason: string | null | undefined;
export function partitionSkipReason(): string | null {
  if (skipReason === undefined) {
    skipReason = netnsUnavailable();
    if (skipReason === null) sweepStaleNamespaces();
  }
  return skipReason;
}

/** `describe`, or `describe.skip` with the reason printed once when partitions cannot run here. */
export function describePartitions(name: string, body: () => void): void {
  const reason = partitionSkipReason();
  if (reason === null) {
    describe(name, body);
    return;
  }
  console.warn(`SKIPPED partition tests (${name}): ${reason}`);
  describe.skip(`${name} [skipped: ${reason}]`, body);
}

/** Labs alive in this worker, for the exit and signal hooks. */
const liveLabs = workerShared('netns.labs', () => {
  const labs = new Set<{ destroyNow(): void }>();
  const real = realProcess();
  const destroyAll = (): void => {
    for (const lab of labs) lab.destroyNow();
    labs.clear();
  };
  real.on('exit', destroyAll);
  // A jest worker whose parent died (killed alone, without its process group) would otherwise
  // go on running partition scenarios for nobody: clean up and end it (the exit hooks run).
  real.once('disconnect', () => {
    destroyAll();
    real.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      destroyAll();
      real.removeListener(signal, onSignal);
      // Let the default action (or the one other hook, processes.ts's, which re-raises) end us.
      if (real.listenerCount(signal) <= 1) real.kill(real.pid, signal);
    };
    real.on(signal, onSignal);
  }
  return labs;
});

/** This test file's labs, destroyed by destroyLabs(). */
const fileLabs = new Set<PartitionLab>();

/** Labs made in this worker so far: jest gives each test file fresh modules, so not a module variable. */
const labCount = workerShared('netns.count', () => ({ n: 0 }));

/** A new lab, `vg<worker pid>-<n>`, registered for every cleanup path before it is built. */
export async function newLab(): Promise<PartitionLab> {
  const id = `vg${realProcess().pid}-${++labCount.n}`;
  return PartitionLab.create(makeTempDir('netns'), {
    id,
    onCreate: (lab) => {
      fileLabs.add(lab);
      liveLabs.add(lab);
    },
  });
}

export async function destroyLabs(): Promise<void> {
  const labs = [...fileLabs];
  fileLabs.clear();
  await Promise.all(
    labs.map(async (lab) => {
      await lab.destroy();
      liveLabs.delete(lab);
    }),
  );
}

/** A lab with one redis-server and one Vigil (from dist/) on each server, primary on server 0. */
export async function vigilDeployment(
  lab: PartitionLab,
  options: Partial<Omit<DeploymentOptions, 'kind'>> = {},
): Promise<Deployment> {
  return startDeployment(lab, {
    kind: 'vigil',
    node: process.execPath,
    vigilBin: path.join(REPO_ROOT, 'bin', 'vigil'),
    ...options,
  });
}

export interface Writers {
  /** In the primary's (server 0's) namespace. */
  readonly near: Writer;
  /** On server 2. */
  readonly far: Writer;
  readonly all: readonly Writer[];
}

/** Starts both writers and waits until each has `warmup` acknowledged writes. */
export async function startWriters(lab: PartitionLab, warmup = 30): Promise<Writers> {
  const near = startWriter(lab, 0, 'near', WRITER_SCRIPT, process.execPath);
  const far = startWriter(lab, 2, 'far', WRITER_SCRIPT, process.execPath);
  const all = [near, far];
  await waitFor(() => all.every((w) => ackedSeqs(w).length >= warmup), {
    timeoutMs: 20_000,
    intervalMs: 100,
    description: `${warmup} acknowledged writes from each writer (${all.map((w) => `${w.name} ${ackedSeqs(w).length}`).join(', ')})`,
  });
  return { near, far, all };
}

/** Waits until each writer has `count` more acknowledged writes than now. */
export async function waitForWritesResumed(writers: Writers, count = 20, timeoutMs = 30_000): Promise<void> {
  const base = writers.all.map((w) => ackedSeqs(w).length);
  await waitFor(() => writers.all.every((w, i) => ackedSeqs(w).length >= base[i]! + count), {
    timeoutMs,
    intervalMs: 100,
    description: `${count} new acknowledged writes from each writer`,
  });
}

/** Stops the writers (they finish the write in flight) and counts the acknowledged writes missing on the primary. */
export async function stopWritersAndCount(
  lab: PartitionLab,
  writers: Writers,
  primary: number,
): Promise<LossCount> {
  await Promise.all(writers.all.map((w) => lab.stop(w.proc, 5000)));
  return countLost(lab, primary, writers.all);
}

/** Waits until everyone agrees (see `agreement`) and returns what they agree on. */
export function waitForAgreement(lab: PartitionLab, timeoutMs = 60_000): Promise<Agreement> {
  return waitFor(() => agreement(lab), {
    timeoutMs,
    intervalMs: 200,
    description: 'the three sentinels, the primary and both replicas to agree',
  });
}

/** Waits until the sentinels on `servers` all give one primary other than server `old`'s node. */
export function waitForFailoverSeenBy(
  lab: PartitionLab,
  servers: readonly number[],
  old: number,
): Promise<string> {
  const oldAddr = `${serverIp(old)}:${DATA_PORT}`;
  return waitFor(
    async () => {
      const addrs = await Promise.all(servers.map((s) => sentinelPrimary(lab, s)));
      return new Set(addrs).size === 1 && addrs[0] !== oldAddr ? addrs[0] : undefined;
    },
    {
      timeoutMs: 30_000,
      intervalMs: 100,
      description: `sentinels on servers ${servers.join(', ')} to fail over`,
    },
  );
}

/**
 * Part of a scenario, not a wait for a condition: resolves at `start + offsetMs` (a timed cut
 * or heal in a schedule).
 */
export function scenarioTime(start: number, offsetMs: number): Promise<void> {
  const rest = start + offsetMs - Date.now();
  return new Promise((resolve) => setTimeout(resolve, Math.max(rest, 0)));
}

/**
 * A one-line description of a loss count for the test output; with `healedAt`, how many of the
 * lost writes had been acknowledged after the heal (by an old primary not yet demoted).
 */
export function describeLoss(
  scenario: string,
  loss: LossCount,
  failovers: number,
  healedAt?: number,
): string {
  const per = Object.entries(loss.byWriter)
    .map(([name, c]) => `${name} ${c.lost}/${c.acked}`)
    .join(', ');
  const split =
    healedAt === undefined ? '' : `, ${lostBefore(loss, healedAt).after} of them acknowledged after healing`;
  return `${scenario}: ${loss.lost} of ${loss.acked} acknowledged writes lost (${per}${split}); failovers ${failovers}`;
}

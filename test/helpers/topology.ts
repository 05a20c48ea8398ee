/**
 * A whole deployment on loopback: one primary, its replicas, and a group of sentinels that may
 * mix Vigil and redis-sentinel. Used by the integration and e2e tests as their starting point.
 */
import {
  startRedisServer,
  startSentinelLike,
  type ManagedProcess,
  type RedisServerHandle,
  type SentinelOptions,
} from './processes.js';
import { RespClient, fieldsOf, itemsOf, textOf } from './resp.js';
import { waitFor } from './waitFor.js';

export interface SentinelSpec {
  kind: 'vigil' | 'redis-sentinel';
  /** Extra sentinel.conf lines for this one. */
  extraConfig?: string[];
  args?: string[];
}

export interface DeploymentOptions {
  /** @default 'mymaster' */
  masterName?: string;
  /** @default 2 */
  replicas?: number;
  sentinels: SentinelSpec[];
  /** @default majority of the sentinels */
  quorum?: number;
  /** @default 1000 */
  downAfterMs?: number;
  /** @default 6000 */
  failoverTimeoutMs?: number;
  /** Extra redis.conf lines for every data node (e.g. `requirepass`). */
  redisConfig?: string[];
  /** Extra sentinel.conf lines for every sentinel (e.g. `sentinel auth-pass ...`). */
  sentinelConfig?: string[];
  /**
   * Wait until every sentinel lists every replica and every other sentinel. Disable for
   * tests about discovery itself. @default true
   */
  waitForDiscovery?: boolean;
  /** @default 20000 */
  discoveryTimeoutMs?: number;
}

export interface Deployment {
  masterName: string;
  primary: RedisServerHandle;
  replicas: RedisServerHandle[];
  sentinels: ManagedProcess[];
  quorum: number;
  /** Every process of the deployment. */
  all(): ManagedProcess[];
  /** Waits until each running sentinel knows every replica and every other running sentinel. */
  waitForDiscovery(timeoutMs?: number): Promise<void>;
  /** Logs of every process, for a failure message. */
  logs(lines?: number): string;
  /** Stops every process of the deployment (sentinels first). */
  teardown(): Promise<void>;
}

export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const masterName = options.masterName ?? 'mymaster';
  const quorum = options.quorum ?? Math.floor(options.sentinels.length / 2) + 1;
  const started: ManagedProcess[] = [];
  const teardown = async (): Promise<void> => {
    const sentinels = started.filter((p) => p.kind !== 'redis-server');
    await Promise.allSettled(sentinels.map((p) => p.stop()));
    await Promise.allSettled(started.filter((p) => p.kind === 'redis-server').map((p) => p.stop()));
  };

  try {
    const primary = await startRedisServer({ config: options.redisConfig });
    started.push(primary);
    const replicas = await Promise.all(
      Array.from({ length: options.replicas ?? 2 }, () =>
        startRedisServer({ replicaOf: { port: primary.port }, config: options.redisConfig }),
      ),
    );
    started.push(...replicas);
    await Promise.all(replicas.map((r) => waitForReplicationLink(r)));

    const monitor: SentinelOptions['monitors'][number] = {
      name: masterName,
      port: primary.port,
      quorum,
      downAfterMs: options.downAfterMs ?? 1000,
      failoverTimeoutMs: options.failoverTimeoutMs ?? 6000,
    };
    const sentinels = await Promise.all(
      options.sentinels.map((s) =>
        startSentinelLike(s.kind, {
          monitors: [monitor],
          extraConfig: [...(options.sentinelConfig ?? []), ...(s.extraConfig ?? [])],
          args: s.args,
        }),
      ),
    );
    started.push(...sentinels);

    const deployment: Deployment = {
      masterName,
      primary,
      replicas,
      sentinels,
      quorum,
      all: () => [...started],
      waitForDiscovery: (timeoutMs = options.discoveryTimeoutMs ?? 20_000) =>
        waitForDiscovery(masterName, replicas, sentinels, timeoutMs),
      logs: (lines = 30) => started.map((p) => p.logs(lines)).join('\n'),
      teardown,
    };
    if (options.waitForDiscovery ?? true) {
      try {
        await deployment.waitForDiscovery();
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${deployment.logs()}`);
      }
    }
    return deployment;
  } catch (err) {
    await teardown();
    throw err;
  }
}

/** Waits until the replica reports `master_link_status:up`. */
export async function waitForReplicationLink(replica: RedisServerHandle, timeoutMs = 10_000): Promise<void> {
  const client = await RespClient.connect(replica.port);
  try {
    await waitFor(
      async () => {
        const info = textOf((await client.send('INFO', 'replication')).value);
        return /^master_link_status:up\r?$/m.test(info);
      },
      { timeoutMs, description: `${replica.name} to have its replication link up` },
    );
  } finally {
    await client.close();
  }
}

/** `SENTINEL <subcommand> <master>` as a list of field maps (RESP2 flat arrays). */
export async function sentinelInstances(
  client: RespClient,
  subcommand: 'REPLICAS' | 'SENTINELS',
  masterName: string,
): Promise<Record<string, string>[]> {
  const reply = await client.send('SENTINEL', subcommand, masterName);
  if (reply.value.kind === 'error') throw new Error(`SENTINEL ${subcommand}: ${reply.value.value}`);
  return itemsOf(reply.value).map(fieldsOf);
}

async function waitForDiscovery(
  masterName: string,
  replicas: readonly RedisServerHandle[],
  sentinels: readonly ManagedProcess[],
  timeoutMs: number,
): Promise<void> {
  const running = sentinels.filter((s) => s.running);
  await Promise.all(
    running.map(async (sentinel) => {
      const client = await RespClient.connect(sentinel.port);
      try {
        await waitFor(
          async () => {
            const seenReplicas = (await sentinelInstances(client, 'REPLICAS', masterName)).map((r) =>
              Number(r.port),
            );
            const seenPeers = (await sentinelInstances(client, 'SENTINELS', masterName)).map((s) =>
              Number(s.port),
            );
            const missing = [
              ...replicas.filter((r) => r.running && !seenReplicas.includes(r.port)).map((r) => r.name),
              ...running.filter((s) => s !== sentinel && !seenPeers.includes(s.port)).map((s) => s.name),
            ];
            // Thrown, not returned: waitFor reports the last error, so a timeout names them.
            if (missing.length > 0) throw new Error(`not yet discovered: ${missing.join(', ')}`);
            return true;
          },
          { timeoutMs, description: `${sentinel.name} to discover every replica and peer` },
        );
      } finally {
        await client.close();
      }
    }),
  );
}

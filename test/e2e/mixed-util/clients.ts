/**
 * The ioredis clients of the mixed-group e2e tests: a registry of every open client (the
 * subscribers included), a one-shot write through given sentinels, a writing client in
 * sentinel mode, and the per-test cleanup of clients, Vigils and processes.
 */
import { Redis } from 'ioredis';
import { stopAll } from '../../helpers/processes.js';
import { MASTER } from './config.js';

export const openRedis = new Set<Redis>();

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

/** afterEach: writers, subscribers, the Vigils started here, then every harness process. */
export async function cleanupMixed(): Promise<void> {
  await Promise.all([...openWriters].map((w) => w.stop()));
  for (const c of openRedis) c.disconnect();
  openRedis.clear();
  await stopAll();
}

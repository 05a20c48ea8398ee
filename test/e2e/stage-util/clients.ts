/**
 * The ioredis clients of the deployment-stage e2e tests: a registry of every open client (the
 * event recorder's subscribers included), a writing client in sentinel mode that records each
 * write's outcome, and the per-test cleanup of clients and processes.
 */
import { Redis } from 'ioredis';
import { stopAll } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/waitFor.js';
import { MASTER } from './config.js';

export const openRedisClients = new Set<Redis>();

/** Disconnects an ioredis client and waits until it has no socket or timer left. */
export async function closeRedis(client: Redis): Promise<void> {
  openRedisClients.delete(client);
  client.disconnect();
  // A client waiting to reconnect to a dead sentinel never reaches 'end' (its old socket is
  // gone and its retry timer was cleared): then only the 100 ms disconnect timer remains.
  await waitFor(() => client.status === 'end', {
    timeoutMs: 500,
    description: 'ioredis client to end',
  }).catch(() => undefined);
}

const openWriters = new Set<WritingClient>();

export interface WriteResult {
  seq: number;
  at: number;
  ok: boolean;
  error?: string;
}

/**
 * An ioredis client in sentinel mode that writes `e2e:<seq>` in a loop, one write at a time,
 * recording each outcome: the application's view of availability.
 */
export class WritingClient {
  readonly results: WriteResult[] = [];
  private readonly redis: Redis;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(sentinelPorts: readonly number[], name = MASTER) {
    this.redis = new Redis({
      sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
      name,
      sentinelRetryStrategy: () => 100,
      retryStrategy: () => 100,
      connectTimeout: 1000,
      commandTimeout: 1000,
      maxRetriesPerRequest: 1,
      disconnectTimeout: 100,
    });
    openRedisClients.add(this.redis);
    this.redis.on('error', () => undefined); // Connection errors are expected during a failover.
    openWriters.add(this);
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    for (let seq = 1; this.running; seq++) {
      try {
        await this.redis.set(`e2e:${seq}`, String(seq));
        this.results.push({ seq, at: Date.now(), ok: true });
      } catch (err) {
        this.results.push({ seq, at: Date.now(), ok: false, error: (err as Error).message });
      }
      // Pacing between writes (not a wait for a condition): about 20 writes a second.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  okSince(at: number): WriteResult[] {
    return this.results.filter((r) => r.ok && r.at >= at);
  }

  failedSince(at: number): WriteResult[] {
    return this.results.filter((r) => !r.ok && r.at >= at);
  }

  summary(): string {
    const fails = this.results.filter((r) => !r.ok);
    return `${this.results.length} writes, ${fails.length} failed${fails.length ? ` (last: ${fails[fails.length - 1]?.error})` : ''}`;
  }

  async stop(): Promise<void> {
    this.running = false;
    openWriters.delete(this);
    await this.loop;
    await closeRedis(this.redis);
  }
}

/** Stops every writing client still running. */
export async function stopWriters(): Promise<void> {
  await Promise.all([...openWriters].map((w) => w.stop()));
}

/** afterEach/afterAll: every ioredis client opened by these helpers, then every process. */
export async function cleanupE2e(): Promise<void> {
  await stopWriters();
  await Promise.all([...openRedisClients].map(closeRedis));
  await stopAll();
}

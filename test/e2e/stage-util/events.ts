/**
 * The event recorder of the deployment-stage e2e tests: one `PSUBSCRIBE *` subscriber per
 * sentinel, from the start of a group, recording every Sentinel event with its arrival time.
 */
import { Redis } from 'ioredis';
import { waitFor } from '../../helpers/waitFor.js';
import { closeRedis, openRedisClients } from './clients.js';

export interface SentinelEvent {
  /** Date.now() at arrival. */
  at: number;
  /** Index of the sentinel in the group. */
  sentinel: number;
  channel: string;
  payload: string;
}

/**
 * One `PSUBSCRIBE *` subscriber per sentinel, recording every event with its arrival time.
 * ioredis reconnects and subscribes again when a sentinel is restarted on its port.
 */
export class EventRecorder {
  readonly events: SentinelEvent[] = [];
  readonly started = Date.now();
  private readonly clients: Redis[] = [];

  static async start(sentinelPorts: readonly number[]): Promise<EventRecorder> {
    const recorder = new EventRecorder();
    await Promise.all(sentinelPorts.map((port, index) => recorder.subscribe(port, index)));
    return recorder;
  }

  private async subscribe(port: number, index: number): Promise<void> {
    const client = new Redis({
      host: '127.0.0.1',
      port,
      enableReadyCheck: false,
      retryStrategy: () => 100,
      maxRetriesPerRequest: null,
      disconnectTimeout: 100,
    });
    openRedisClients.add(client);
    this.clients.push(client);
    client.on('error', () => undefined); // A stopped sentinel: ioredis retries on its own.
    client.on('pmessage', (_pattern: string, channel: string, payload: string) => {
      this.events.push({ at: Date.now(), sentinel: index, channel, payload });
    });
    await client.psubscribe('*');
  }

  /** Events on `channel`, optionally from one sentinel, after a time, matching a payload. */
  select(
    channel: string,
    filter: { sentinel?: number; since?: number; payload?: RegExp } = {},
  ): SentinelEvent[] {
    return this.events.filter(
      (e) =>
        e.channel === channel &&
        (filter.sentinel === undefined || e.sentinel === filter.sentinel) &&
        (filter.since === undefined || e.at >= filter.since) &&
        (filter.payload === undefined || filter.payload.test(e.payload)),
    );
  }

  count(channel: string, filter: { sentinel?: number; since?: number; payload?: RegExp } = {}): number {
    return this.select(channel, filter).length;
  }

  /** Waits for a matching event and returns the first one. */
  async waitFor(
    channel: string,
    filter: { sentinel?: number; since?: number; payload?: RegExp } = {},
    timeoutMs = 15_000,
  ): Promise<SentinelEvent> {
    return waitFor(() => this.select(channel, filter)[0], {
      timeoutMs,
      description: `event ${channel}${filter.sentinel === undefined ? '' : ` on sentinel ${filter.sentinel}`}${
        filter.payload ? ` matching ${filter.payload}` : ''
      }`,
    });
  }

  /** A readable timeline for failure messages. */
  dump(last = 120): string {
    return this.events
      .slice(-last)
      .map((e) => `  +${((e.at - this.started) / 1000).toFixed(3)}s s${e.sentinel} ${e.channel} ${e.payload}`)
      .join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map(closeRedis));
  }
}

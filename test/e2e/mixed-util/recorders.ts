/**
 * The subscribers of the mixed-group e2e tests: an event recorder (`PSUBSCRIBE *` on every
 * sentinel) and a hello recorder (`__sentinel__:hello` on every data node), both following a
 * process that comes back on the same port.
 */
import { Redis } from 'ioredis';
import { waitFor } from '../../helpers/waitFor.js';
import { openRedis } from './clients.js';

function subscriber(port: number): Redis {
  // ioredis reconnects (and subscribes again) when a process comes back on the same port.
  const client = new Redis({ host: '127.0.0.1', port, enableReadyCheck: false, retryStrategy: () => 100 });
  client.on('error', () => undefined);
  openRedis.add(client);
  return client;
}

export interface SentinelEvent {
  at: number;
  /** Index of the sentinel in the group. */
  sentinel: number;
  channel: string;
  payload: string;
}

export interface EventFilter {
  sentinel?: number;
  since?: number;
  payload?: RegExp;
}

export class EventRecorder {
  readonly events: SentinelEvent[] = [];
  readonly started = Date.now();

  async add(port: number, index: number): Promise<void> {
    const client = subscriber(port);
    client.on('pmessage', (_p: string, channel: string, payload: string) => {
      this.events.push({ at: Date.now(), sentinel: index, channel, payload });
    });
    await client.psubscribe('*');
  }

  select(channel: string, f: EventFilter = {}): SentinelEvent[] {
    return this.events.filter(
      (e) =>
        e.channel === channel &&
        (f.sentinel === undefined || e.sentinel === f.sentinel) &&
        (f.since === undefined || e.at >= f.since) &&
        (f.payload === undefined || f.payload.test(e.payload)),
    );
  }

  waitFor(channel: string, f: EventFilter = {}, timeoutMs = 20_000): Promise<SentinelEvent> {
    return waitFor(() => this.select(channel, f)[0], {
      timeoutMs,
      description: `${channel} on sentinel ${f.sentinel ?? 'any'} matching ${f.payload ?? '.*'}`,
    });
  }

  dump(last = 150): string {
    return this.events
      .slice(-last)
      .map((e) => `  +${((e.at - this.started) / 1000).toFixed(3)}s s${e.sentinel} ${e.channel} ${e.payload}`)
      .join('\n');
  }
}

/** `ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch`. */
export interface Hello {
  at: number;
  /** The data node it was published on. */
  node: number;
  raw: string;
  port: number;
  runid: string;
  currentEpoch: number;
  masterPort: number;
  configEpoch: number;
}

export const HELLO_FORMAT = /^127\.0\.0\.1,(\d+),([0-9a-f]{40}),(\d+),mymaster,127\.0\.0\.1,(\d+),(\d+)$/;

export class HelloRecorder {
  readonly hellos: Hello[] = [];
  /** Payloads on the hello channel that do not have the 7.0 format. */
  readonly malformed: string[] = [];

  async add(port: number): Promise<void> {
    const client = subscriber(port);
    client.on('message', (_channel: string, raw: string) => {
      const m = HELLO_FORMAT.exec(raw);
      if (!m) {
        this.malformed.push(raw);
        return;
      }
      const [, p, runid, current, masterPort, configEpoch] = m as unknown as string[];
      this.hellos.push({
        at: Date.now(),
        node: port,
        raw,
        port: Number(p),
        runid: runid as string,
        currentEpoch: Number(current),
        masterPort: Number(masterPort),
        configEpoch: Number(configEpoch),
      });
    });
    await client.subscribe('__sentinel__:hello');
  }

  /** The newest hello from the sentinel on `port` received at or after `since`. */
  latest(port: number, since = 0): Hello | undefined {
    for (let i = this.hellos.length - 1; i >= 0; i--) {
      const h = this.hellos[i] as Hello;
      if (h.at < since) break;
      if (h.port === port) return h;
    }
    return undefined;
  }
}

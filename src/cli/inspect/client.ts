/**
 * One short-lived connection per node, every command bounded by a timeout: a dead, paused or
 * firewalled node becomes an error value for the caller, never a hang.
 */
import { Redis } from 'ioredis';
import type { Address } from './parse.js';

/** AUTH for a node: a password, with a user name for an ACL user. */
export interface Credentials {
  username?: string;
  password: string;
}

export class NodeConnection {
  private constructor(private readonly redis: Redis) {}

  /** Connects within `timeoutMs`; rejects with the reason otherwise. */
  static async open(address: Address, timeoutMs: number, auth?: Credentials): Promise<NodeConnection> {
    const redis = new Redis({
      host: address.host,
      port: address.port,
      ...(auth ?? {}),
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      enableReadyCheck: false,
      autoResubscribe: false,
    });
    let lastError: unknown;
    redis.on('error', (err) => (lastError = err));
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      // ioredis rejects with "Connection is closed." and reports the cause (ECONNREFUSED...)
      // as an 'error' event.
      throw lastError ?? err;
    }
    return new NodeConnection(redis);
  }

  call(command: string, ...args: (string | number)[]): Promise<unknown> {
    return this.redis.call(command, ...args);
  }

  /** Like call(), but an error reply or timeout becomes `{ error }`. */
  async tryCall(command: string, ...args: (string | number)[]): Promise<{ value?: unknown; error?: string }> {
    try {
      return { value: await this.call(command, ...args) };
    } catch (err) {
      return { error: errorText(err) };
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

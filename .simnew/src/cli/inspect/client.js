/**
 * One short-lived connection per node, every command bounded by a timeout: a dead, paused or
 * firewalled node becomes an error value for the caller, never a hang.
 */
import { Redis } from 'ioredis';
export class NodeConnection {
    redis;
    constructor(redis) {
        this.redis = redis;
    }
    /** Connects within `timeoutMs`; rejects with the reason otherwise. */
    static async open(address, timeoutMs, auth) {
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
        let lastError;
        redis.on('error', (err) => (lastError = err));
        try {
            await redis.connect();
        }
        catch (err) {
            redis.disconnect();
            // ioredis rejects with "Connection is closed." and reports the cause (ECONNREFUSED...)
            // as an 'error' event.
            throw lastError ?? err;
        }
        return new NodeConnection(redis);
    }
    call(command, ...args) {
        return this.redis.call(command, ...args);
    }
    /** Like call(), but an error reply or timeout becomes `{ error }`. */
    async tryCall(command, ...args) {
        try {
            return { value: await this.call(command, ...args) };
        }
        catch (err) {
            return { error: errorText(err) };
        }
    }
    close() {
        this.redis.disconnect();
    }
}
export function errorText(err) {
    if (err instanceof Error) {
        const code = err.code;
        return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
    }
    return String(err);
}

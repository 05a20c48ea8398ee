/**
 * A tiny raw RESP client over net.Socket, for byte-exact comparisons between Vigil and
 * redis-sentinel. Unlike ioredis it hides nothing: every reply comes back with its exact bytes
 * and its wire type, pub/sub messages are kept apart from command replies, and every read has
 * a deadline.
 */
import * as net from 'node:net';
import {
  encodeCommand,
  parseFrame,
  textOf,
  describe,
  type ParsedFrame,
  type RespValue,
} from './respParser.js';
import { WaitTimeoutError, withDeadline } from './waitFor.js';

export * from './respParser.js';

export interface RespReply {
  /** The exact bytes of this frame. */
  raw: Buffer;
  value: RespValue;
}

export interface PubSubMessage extends RespReply {
  /** `message`, `pmessage` or `smessage`. */
  type: string;
  /** The pattern that matched, for `pmessage`. */
  pattern?: string;
  channel: string;
  payload: string;
}

export interface RequestOptions {
  /** @default 5000 */
  timeoutMs?: number;
}

interface Pending {
  expected: number;
  frames: RespReply[];
  /** A request that timed out keeps its place so that its late reply is not misattributed. */
  abandoned: boolean;
  resolve(frames: RespReply[]): void;
  reject(err: Error): void;
}

const SUBSCRIBE_COMMANDS = new Set(['subscribe', 'psubscribe', 'ssubscribe']);
const UNSUBSCRIBE_COMMANDS = new Set(['unsubscribe', 'punsubscribe', 'sunsubscribe']);
const MESSAGE_TYPES = new Set(['message', 'pmessage', 'smessage']);

const openClients = new Set<RespClient>();

export class RespClient {
  /** Protocol in use: becomes 3 after a successful `HELLO 3`. */
  protocol: 2 | 3 = 2;
  /** Pub/sub messages received and not yet taken by nextMessage/waitForMessage. */
  readonly messages: PubSubMessage[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private readonly messageWaiters = new Set<() => void>();
  private subscriptions = 0;
  private closedError: Error | undefined;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly socket: net.Socket,
    readonly port: number,
    readonly host: string,
  ) {
    openClients.add(this);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closedPromise.then(() => this.fail(new Error(`connection to ${host}:${port} closed`)));
  }

  static async connect(
    port: number,
    options: { host?: string; timeoutMs?: number } = {},
  ): Promise<RespClient> {
    const host = options.host ?? '127.0.0.1';
    const socket = net.connect({ port, host });
    try {
      await withDeadline(
        new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('error', reject);
        }),
        options.timeoutMs ?? 5000,
        `TCP connect to ${host}:${port}`,
      );
    } catch (err) {
      socket.destroy();
      throw err;
    }
    return new RespClient(socket, port, host);
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  /** Resolves when the server closed the connection (or we did). */
  whenClosed(timeoutMs = 5000): Promise<void> {
    return withDeadline(this.closedPromise, timeoutMs, `${this.host}:${this.port} to close the connection`);
  }

  /** Sends a command and returns its reply frame. */
  async send(...args: (string | number | Buffer)[]): Promise<RespReply> {
    return this.request(args);
  }

  /** Same as send, with options. */
  async request(
    args: readonly (string | number | Buffer)[],
    options: RequestOptions = {},
  ): Promise<RespReply> {
    const frames = await this.sendRaw(encodeCommand(args), {
      frames: this.framesExpected(args),
      timeoutMs: options.timeoutMs,
      description: args.map(String).join(' '),
    });
    return frames[0] as RespReply;
  }

  /**
   * Writes bytes as they are (inline commands, malformed input, pipelines) and collects
   * `frames` reply frames. Pub/sub messages never count as reply frames.
   */
  sendRaw(
    bytes: string | Buffer,
    options: RequestOptions & { frames?: number; description?: string } = {},
  ): Promise<RespReply[]> {
    if (this.closedError) return Promise.reject(this.closedError);
    const expected = options.frames ?? 1;
    const timeoutMs = options.timeoutMs ?? 5000;
    const description = options.description ?? JSON.stringify(String(bytes).slice(0, 100));
    return new Promise<RespReply[]>((resolve, reject) => {
      const entry: Pending = {
        expected,
        frames: [],
        abandoned: false,
        resolve: (frames) => {
          clearTimeout(timer);
          resolve(frames);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        entry.abandoned = true;
        const got = entry.frames.map((f) => describe(f.value)).join(', ');
        reject(
          new WaitTimeoutError(
            `no reply within ${timeoutMs} ms from ${this.host}:${this.port} to ${description}` +
              ` (got ${entry.frames.length}/${expected} frames${got ? `: ${got}` : ''};` +
              ` ${this.buffer.length} unparsed bytes)`,
          ),
        );
      }, timeoutMs);
      if (expected === 0) {
        entry.resolve([]);
        this.socket.write(bytes);
        return;
      }
      this.pending.push(entry);
      this.socket.write(bytes);
    });
  }

  /** `HELLO 3 [extra...]`; switches this client to RESP3 parsing expectations on success. */
  async hello3(...extra: string[]): Promise<RespReply> {
    const reply = await this.send('HELLO', '3', ...extra);
    if (reply.value.kind === 'map') this.protocol = 3;
    return reply;
  }

  /** SUBSCRIBE: returns one confirmation frame per channel. */
  subscribe(...channels: string[]): Promise<RespReply[]> {
    return this.subscribeLike('SUBSCRIBE', channels);
  }

  /** PSUBSCRIBE: returns one confirmation frame per pattern. */
  psubscribe(...patterns: string[]): Promise<RespReply[]> {
    return this.subscribeLike('PSUBSCRIBE', patterns);
  }

  private subscribeLike(command: string, names: string[]): Promise<RespReply[]> {
    this.subscriptions += names.length;
    return this.sendRaw(encodeCommand([command, ...names]), {
      frames: names.length,
      description: `${command} ${names.join(' ')}`,
    });
  }

  /** The next pub/sub message (already buffered or arriving within the deadline). */
  async nextMessage(options: RequestOptions = {}): Promise<PubSubMessage> {
    return this.waitForMessage(() => true, { ...options, description: 'any pub/sub message' });
  }

  /**
   * Waits for a pub/sub message matching `predicate`; earlier non-matching messages are
   * dropped from the queue (they are listed in the error message on timeout).
   */
  async waitForMessage(
    predicate: (m: PubSubMessage) => boolean,
    options: RequestOptions & { description?: string } = {},
  ): Promise<PubSubMessage> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const skipped: string[] = [];
    const take = (): PubSubMessage | undefined => {
      while (this.messages.length > 0) {
        const m = this.messages.shift() as PubSubMessage;
        if (predicate(m)) return m;
        skipped.push(`${m.channel} ${m.payload}`);
      }
      return undefined;
    };
    const immediate = take();
    if (immediate) return immediate;
    let waiter: (() => void) | undefined;
    try {
      return await withDeadline(
        new Promise<PubSubMessage>((resolve, reject) => {
          waiter = () => {
            const m = take();
            if (m) resolve(m);
            else if (this.closedError) reject(this.closedError);
          };
          this.messageWaiters.add(waiter);
          if (this.closedError) reject(this.closedError);
        }),
        timeoutMs,
        `${options.description ?? 'a matching pub/sub message'} from ${this.host}:${this.port}` +
          ` (skipped: ${skipped.length ? skipped.slice(-10).join(' | ') : 'none'})`,
      );
    } finally {
      if (waiter) this.messageWaiters.delete(waiter);
    }
  }

  /** Closes the connection and waits for the socket to be gone. */
  async close(): Promise<void> {
    openClients.delete(this);
    if (!this.socket.destroyed) {
      this.socket.end();
      try {
        await withDeadline(this.closedPromise, 1000, 'socket close');
      } catch {
        this.socket.destroy();
      }
    }
  }

  private framesExpected(args: readonly (string | number | Buffer)[]): number {
    const name = String(args[0] ?? '').toLowerCase();
    const rest = args.length - 1;
    if (SUBSCRIBE_COMMANDS.has(name)) {
      this.subscriptions += rest;
      return Math.max(rest, 1);
    }
    if (UNSUBSCRIBE_COMMANDS.has(name)) {
      // Without arguments Redis confirms each current subscription, or once if there is none.
      const count = rest > 0 ? rest : Math.max(this.subscriptions, 1);
      this.subscriptions = Math.max(this.subscriptions - count, 0);
      return count;
    }
    return 1;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      let frame: ParsedFrame | undefined;
      try {
        frame = parseFrame(this.buffer, offset);
      } catch (err) {
        this.fail(err as Error);
        this.socket.destroy();
        return;
      }
      if (!frame) break;
      const reply: RespReply = {
        raw: Buffer.from(this.buffer.subarray(offset, frame.end)),
        value: frame.value,
      };
      offset = frame.end;
      this.route(reply);
    }
    this.buffer = offset >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }

  private route(reply: RespReply): void {
    const message = this.asMessage(reply);
    if (message) {
      this.messages.push(message);
      for (const wake of [...this.messageWaiters]) wake();
      return;
    }
    const head = this.pending[0];
    if (!head) return; // Unsolicited frame (e.g. an error just before the server closes): nothing waits for it.
    head.frames.push(reply);
    // An error reply to a multi-frame command (SUBSCRIBE with bad arguments) ends it.
    const isError = reply.value.kind === 'error' || reply.value.kind === 'blobError';
    if (head.frames.length >= head.expected || isError) {
      this.pending.shift();
      if (!head.abandoned) head.resolve(head.frames);
    }
  }

  private asMessage(reply: RespReply): PubSubMessage | undefined {
    const v = reply.value;
    // RESP3 sends messages as push frames; RESP2 as plain arrays, only in subscribed mode.
    const items =
      v.kind === 'push' ? v.items : v.kind === 'array' && this.subscriptions > 0 ? v.items : undefined;
    if (!items || items.length < 3) return undefined;
    let type: string;
    try {
      type = textOf(items[0] as RespValue);
    } catch {
      return undefined;
    }
    if (!MESSAGE_TYPES.has(type)) return undefined;
    const strings = items.map((i) => {
      try {
        return textOf(i);
      } catch {
        return describe(i);
      }
    });
    if (type === 'pmessage' && strings.length >= 4) {
      return {
        ...reply,
        type,
        pattern: strings[1],
        channel: strings[2] as string,
        payload: strings[3] as string,
      };
    }
    return { ...reply, type, channel: strings[1] as string, payload: strings[2] as string };
  }

  private fail(err: Error): void {
    if (this.closedError) return;
    this.closedError = err;
    openClients.delete(this);
    for (const entry of this.pending.splice(0)) {
      if (!entry.abandoned) entry.reject(err);
    }
    for (const wake of [...this.messageWaiters]) wake();
  }
}

/** Connects, sends one command, closes: for one-off queries. */
export async function sendOnce(port: number, ...args: (string | number)[]): Promise<RespReply> {
  const client = await RespClient.connect(port);
  try {
    return await client.send(...args);
  } finally {
    await client.close();
  }
}

/** One command on a fresh connection: just the reply value. */
export async function callOnce(port: number, ...args: (string | number)[]): Promise<RespValue> {
  return (await sendOnce(port, ...args)).value;
}

/** One command on a fresh connection that must not answer an error. */
export async function okOnce(port: number, ...args: (string | number)[]): Promise<void> {
  const v = await callOnce(port, ...args);
  if (v.kind === 'error') throw new Error(`${args.join(' ')} on ${port}: ${v.value}`);
}

/** Closes every client still open (called by stopAll so no socket outlives a test file). */
export async function closeAllClients(): Promise<void> {
  await Promise.all([...openClients].map((c) => c.close()));
}

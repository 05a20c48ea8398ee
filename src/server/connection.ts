/**
 * One client connection: its session state (protocol, name, user, subscriptions), the
 * request decoder, in-order command execution and the output queue with the pub/sub output
 * limits.
 *
 * Commands run strictly one after another: the next request is parsed only after the
 * previous one's reply (possibly a promise) is queued, so pipelined replies leave in request
 * order and each command sees the auth state its predecessors left, as in Redis.
 */
import type { Socket } from 'node:net';
import type { ClientSession } from '../commands/context.js';
import { RequestDecoder } from '../resp/decoder.js';
import { encodeReply } from '../resp/encoder.js';
import { bulk, error, push, type Reply } from '../resp/reply.js';
import { clientInfoLine } from './client-info.js';
import { dispatch } from './dispatch.js';
import type { Hub } from './hub.js';
import type { Subscriber } from './pubsub.js';

/**
 * Returned by handlers that already sent their replies themselves (SUBSCRIBE sends one frame
 * per channel) or must send none (CLIENT REPLY OFF, SHUTDOWN). Compared by identity.
 */
export const NO_REPLY: Reply = Object.freeze({ t: 'simple', v: '' }) as Reply;

export interface TrackingState {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: string[];
  /** CLIENT CACHING yes/no for the next command. */
  caching: 'yes' | 'no' | null;
}

const registry = new WeakMap<ClientSession, Connection>();

/** The connection behind a command context's session (null for foreign sessions). */
export function connectionOf(session: ClientSession): Connection | null {
  return registry.get(session) ?? null;
}

/** Milliseconds to wait for a closing client to take its last reply before dropping it. */
const CLOSE_GRACE_MS = 5000;

export class Connection implements ClientSession, Subscriber {
  readonly id: number;
  protocol: 2 | 3 = 2;
  name = '';
  user = 'default';
  authenticated: boolean;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly createdAt: number;
  libName = '';
  libVersion = '';

  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  lastInteraction: number;
  /** Full name of the last command looked up (`client|list`), null before any. */
  lastCommand: string | null = null;
  noEvict = false;
  tracking: TrackingState | null = null;
  /** CLIENT REPLY: 'off' drops replies; 'skip' drops the current command's reply. */
  replyMode: 'on' | 'off' | 'skip' = 'on';
  skipNext = false;
  /** Size of the arguments of the command being executed (CLIENT LIST argv-mem). */
  argvBytes = 0;

  private readonly decoder = new RequestDecoder();
  private busy = false;
  private closed = false;
  private closing = false;
  private out: Buffer[] = [];
  private outBytes = 0;
  private flushScheduled = false;
  private softLimitSince = 0;
  private waitingForUnpause = false;
  private closeWhenReplied = false;

  constructor(
    readonly hub: Hub,
    readonly socket: Socket,
  ) {
    this.id = hub.nextClientId();
    this.createdAt = hub.now();
    this.lastInteraction = this.createdAt;
    // Redis 7.0: a new client is authenticated iff the default user is on and has nopass.
    this.authenticated = !hub.acl.authRequired();
    this.remoteAddress = formatAddr(socket.remoteAddress, socket.remotePort);
    this.localAddress = formatAddr(socket.localAddress, socket.localPort);
    registry.set(this, this);
  }

  start(): void {
    this.socket.setNoDelay(true);
    this.socket.setKeepAlive(true, 300000);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) =>
      this.hub.log.debug({ client: this.id, err: err.message }, 'client socket error'),
    );
    this.socket.on('close', () => this.onClosed());
  }

  get isClosed(): boolean {
    return this.closed || this.closing;
  }

  /** Client needs AUTH before anything but AUTH/HELLO (Redis `authRequired`). */
  authRequired(): boolean {
    return !this.authenticated && this.hub.acl.authRequired();
  }

  isSubscribed(): boolean {
    return this.channels.size + this.patterns.size > 0;
  }

  /** Bytes waiting to be parsed (CLIENT LIST qbuf). */
  get queryBufferBytes(): number {
    return this.decoder.buffered;
  }

  /** Bytes queued for the client, ours plus the socket's (CLIENT LIST omem). */
  get outputBytes(): number {
    return this.outBytes + this.socket.writableLength;
  }

  // --- input -----------------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.isClosed) return;
    const stats = this.hub.stats;
    stats.netInputBytes += chunk.length;
    stats.readsProcessed++;
    this.lastInteraction = this.hub.now();
    this.decoder.push(chunk);
    if (this.decoder.buffered > stats.recentMaxInput) stats.recentMaxInput = this.decoder.buffered;
    if (this.decoder.buffered > this.hub.limits.queryBufferMax) {
      this.hub.log.warn(
        `Closing client that reached max query buffer length: ${clientInfoLine(this, this.hub.now())} (qbuf initial bytes: ${this.decoder.buffered})`,
      );
      this.destroy();
      return;
    }
    this.processInput();
  }

  /** Parse and execute requests until one is pending, the input runs out, or we close. */
  private processInput(): void {
    while (!this.busy && !this.isClosed) {
      if (this.hub.pauseState()?.mode === 'all') {
        if (!this.waitingForUnpause) {
          this.waitingForUnpause = true;
          this.hub.whenUnpaused(() => {
            this.waitingForUnpause = false;
            this.processInput();
          });
        }
        return;
      }
      const r = this.decoder.next(!this.authRequired());
      if (r === null) return;
      if (r.type === 'error') {
        this.hub.log.debug(
          `Protocol error (${r.message}) from client: ${clientInfoLine(this, this.hub.now())}`,
        );
        this.enqueue(encodeReply(error(r.message), this.protocol));
        this.hub.stats.errorReplies++;
        this.closeAfterReply();
        return;
      }
      this.argvBytes = r.request.args.reduce((n, a) => n + a.length, 0);
      let result: Reply | Promise<Reply>;
      try {
        result = dispatch(this, r.request.args);
      } catch (err) {
        result = this.internalError(err);
      }
      if (result instanceof Promise) {
        this.busy = true;
        result
          .catch((err: unknown) => this.internalError(err))
          .then((reply) => {
            this.busy = false;
            this.afterCommand(reply);
            this.processInput();
          });
        return;
      }
      this.afterCommand(result);
    }
  }

  private internalError(err: unknown): Reply {
    this.hub.log.error(
      { err: err instanceof Error ? err.message : String(err), client: this.id },
      'command handler failed',
    );
    return error('ERR internal error');
  }

  /** Send a command's reply honouring CLIENT REPLY, then advance the SKIP state (Redis order). */
  private afterCommand(reply: Reply): void {
    this.argvBytes = 0;
    if (reply !== NO_REPLY) this.sendReply(reply);
    // Redis: CLIENT CACHING applies to the next command only (CLIENT commands keep it).
    if (this.tracking && !this.lastCommand?.startsWith('client|')) this.tracking.caching = null;
    if (this.closeWhenReplied) {
      this.closeAfterReply();
      return;
    }
    if (this.replyMode === 'skip') this.replyMode = 'on';
    if (this.skipNext) {
      this.skipNext = false;
      if (this.replyMode === 'on') this.replyMode = 'skip';
    }
  }

  // --- output ----------------------------------------------------------------------------

  /** A command reply: dropped while CLIENT REPLY is OFF or SKIP. */
  sendReply(reply: Reply): void {
    if (this.replyMode !== 'on') return;
    if (reply.t === 'error') this.hub.stats.errorReplies++;
    this.enqueue(encodeReply(reply, this.protocol));
  }

  /** Several command replies at once (SUBSCRIBE confirms each channel). */
  sendReplies(replies: readonly Reply[]): void {
    for (const r of replies) this.sendReply(r);
  }

  deliverMessage(channel: string, message: string): void {
    this.sendPush(push([bulk('message'), bulk(channel), bulk(message)]));
  }

  deliverPatternMessage(pattern: string, channel: string, message: string): void {
    this.sendPush(push([bulk('pmessage'), bulk(pattern), bulk(channel), bulk(message)]));
  }

  /** An out-of-band frame (pub/sub message): never suppressed by CLIENT REPLY. */
  sendPush(reply: Reply): void {
    if (this.isClosed) return;
    this.enqueue(encodeReply(reply, this.protocol));
  }

  private enqueue(buf: Buffer): void {
    if (this.closed) return;
    this.out.push(buf);
    this.outBytes += buf.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
    this.checkOutputLimits();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.out.length === 0) return;
    const data = this.out.length === 1 ? this.out[0] : Buffer.concat(this.out);
    this.out = [];
    this.outBytes = 0;
    this.hub.stats.netOutputBytes += data.length;
    this.hub.stats.writesProcessed++;
    this.socket.write(data);
    if (this.socket.writableLength > this.hub.stats.recentMaxOutput) {
      this.hub.stats.recentMaxOutput = this.socket.writableLength;
    }
    if (this.closing) this.finishClose();
  }

  /**
   * Redis `client-output-buffer-limit pubsub`: a subscriber that does not read its messages
   * is disconnected when its pending output passes the hard limit, or stays above the soft
   * limit for the configured seconds. Checked on every write and by the server's cron.
   */
  checkOutputLimits(): void {
    if (this.isClosed || !this.isSubscribed()) return;
    const { pubsubHardLimit: hard, pubsubSoftLimit: soft, pubsubSoftSeconds: secs } = this.hub.limits;
    const used = this.outputBytes;
    let over = hard > 0 && used >= hard;
    if (!over && soft > 0 && used >= soft) {
      const now = this.hub.now();
      if (this.softLimitSince === 0) this.softLimitSince = now;
      else if (now - this.softLimitSince >= secs * 1000) over = true;
    } else if (!over) {
      this.softLimitSince = 0;
    }
    if (over) {
      this.hub.log.warn(
        `Client ${clientInfoLine(this, this.hub.now())} scheduled to be closed ASAP for overcoming of output buffer limits.`,
      );
      this.destroy();
    }
  }

  // --- closing ---------------------------------------------------------------------------

  /** Close after the reply to the command being executed (CLIENT KILL of oneself). */
  requestCloseAfterReply(): void {
    this.closeWhenReplied = true;
  }

  /** Close once what is queued has been written (protocol errors, CLIENT KILL of oneself). */
  closeAfterReply(): void {
    if (this.isClosed) return;
    this.closing = true;
    if (!this.flushScheduled) this.finishClose();
  }

  private finishClose(): void {
    this.socket.end();
    setTimeout(() => this.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Drop the connection now, discarding pending output (CLIENT KILL, limits, shutdown). */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.out = [];
    this.outBytes = 0;
    this.socket.destroy();
    this.onClosed();
  }

  private onClosed(): void {
    this.closed = true;
    this.hub.pubsub.removeAll(this);
    this.hub.removeClient(this);
  }
}

/** `ip:port`, with IPv4-mapped IPv6 shown as plain IPv4 and IPv6 bracketed like Redis. */
export function formatAddr(ip: string | undefined, port: number | undefined): string {
  let host = ip ?? '?';
  if (host.startsWith('::ffff:') && host.includes('.')) host = host.slice(7);
  return host.includes(':') ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}

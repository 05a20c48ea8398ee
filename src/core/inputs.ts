/**
 * Everything that can happen to the core. The runtime turns socket events, replies and timer
 * ticks into these; the core never sees a socket. Every command action the core emits on a
 * link gets back exactly one reply input (or the link goes down, which clears the pending
 * count), so the core can count `link-pending-commands` itself.
 */
export type Input =
  /** The periodic timer (Sentinel runs it 10 to 19 times a second). */
  | { type: 'tick' }
  /** A connection of a link is established and its handshake queued (AUTH, SETNAME, ...). */
  | { type: 'linkUp'; linkId: string; which: 'cmd' | 'pubsub'; localIp: string | null; resolvedIp?: string }
  /** A connection of a link closed or failed to connect. */
  | { type: 'linkDown'; linkId: string; which: 'cmd' | 'pubsub'; error: string }
  /** Reply to PING: a status text (`PONG`) or an error text (`LOADING ...`, `MASTERDOWN ...`). */
  | { type: 'pingReply'; linkId: string; reply: string }
  /** Reply to INFO: the text, or null when the reply was an error. */
  | { type: 'infoReply'; linkId: string; text: string | null }
  /** Reply to a hello PUBLISH. */
  | { type: 'publishReply'; linkId: string; ok: boolean }
  /**
   * A hello message: from a master's or replica's pub/sub link (linkId set), or from a peer's
   * PUBLISH to us (linkId null).
   */
  | { type: 'hello'; linkId: string | null; payload: string }
  /** Any message on a pub/sub link, for the pub/sub activity timer. */
  | { type: 'pubsubActivity'; linkId: string }
  /**
   * The SUBSCRIBE of a pub/sub connection was answered with an error (`NOAUTH ...` when the
   * AUTH before it failed): the connection is not subscribed and will never see a message.
   */
  | { type: 'subscribeFailed'; linkId: string; error: string }
  /**
   * Reply to `SENTINEL is-master-down-by-addr` sent to a peer for `masterName`.
   * `reply` is the decoded value (expected `[int, bulk, int]`; anything else is ignored).
   */
  | { type: 'askReply'; linkId: string; masterName: string; peerRunId: string; reply: unknown }
  /** Reply to a `pauseWrites` action: null when it succeeded, else the error text. */
  | { type: 'pauseReply'; linkId: string; error: string | null }
  /** Reply to any other command the core sent (transactions, SCRIPT KILL): only counts. */
  | { type: 'commandReply'; linkId: string; count: number };

export type InputType = Input['type'];

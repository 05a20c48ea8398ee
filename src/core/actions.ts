/**
 * Everything the core asks the world to do. The runtime's executor performs these in order.
 */
export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

/** How to open and prepare a link; sent with every `connect`. */
export interface LinkSpec {
  linkId: string;
  /** 'instance' opens a command and a pub/sub connection; 'sentinel' only a command one. */
  kind: 'instance' | 'sentinel';
  /** Host to connect to (resolved again on every reconnect when resolve-hostnames is on). */
  host: string;
  port: number;
  /** AUTH to send first; user null means `AUTH <pass>`. */
  auth: { user: string | null; pass: string } | null;
  /**
   * Lower-cased command name → renamed name, for the handshake only (AUTH, CLIENT SETNAME,
   * SUBSCRIBE), as the master's table stands when the connection is opened. Every later
   * command action carries its own wire name, looked up when it is sent.
   */
  renamedCommands: Record<string, string>;
  /** `sentinel-<first 8 of myid>`; the runtime appends `-cmd` / `-pubsub`. */
  clientNamePrefix: string;
  /** Resolve hostnames with DNS (resolve-hostnames yes); otherwise the host must be an IP. */
  resolveHostnames: boolean;
}

/** The instance an event is about, for logs, `%@` payloads and notification scripts. */
export interface EventSubject {
  kind: 'master' | 'slave' | 'sentinel';
  name: string;
  ip: string;
  port: number;
  /** The owning master, for replicas and sentinels. */
  master?: { name: string; ip: string; port: number };
}

/** Wire names of the role-change transaction's commands, each through the rename table. */
export interface ReplicaOfCommands {
  multi: string;
  slaveof: string;
  config: string;
  client: string;
  exec: string;
}

/**
 * In the command actions (ping ... scriptKill), `command` is the name to send on the wire:
 * Sentinel 7.0 maps every command through its master's rename-command table as it sends it
 * (replicas and peer sentinels use their master's table), so a `SENTINEL SET ... rename-command`
 * applies from the next command on, on connections already open.
 */
export type Action =
  | { type: 'connect'; which: 'cmd' | 'pubsub'; spec: LinkSpec }
  | { type: 'closeLink'; linkId: string; which: 'cmd' | 'pubsub' | 'both' }
  | { type: 'ping'; linkId: string; command: string }
  | { type: 'info'; linkId: string; command: string }
  | { type: 'publishHello'; linkId: string; command: string; payload: string }
  | {
      type: 'askMasterDown';
      linkId: string;
      /** SENTINEL, through the master's table. */
      command: string;
      masterName: string;
      peerRunId: string;
      /** `SENTINEL is-master-down-by-addr <ip> <port> <epoch> <runid|*>` arguments. */
      args: [string, string, string, string];
    }
  /**
   * The role-change transaction: MULTI, SLAVEOF host port (or NO ONE when host is null),
   * CONFIG REWRITE, CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub, EXEC — every name
   * through the master's rename-command table (`commands`).
   */
  | { type: 'replicaOf'; linkId: string; commands: ReplicaOfCommands; host: string | null; port: number }
  | { type: 'scriptKill'; linkId: string; command: string }
  /**
   * Vigil's write fence (fencing.ts): `CLIENT PAUSE <ms> WRITE`, or `CLIENT UNPAUSE` when `ms`
   * is null; `command` is CLIENT's wire name. Answered by one `pauseReply`.
   */
  | { type: 'pauseWrites'; linkId: string; command: string; ms: number | null }
  /**
   * A Sentinel event: logged at `level`, published (unless debug) on channel `name` with
   * `payload`, and, at warning level with a subject, handed to the master's notification script.
   */
  | {
      type: 'event';
      level: LogLevel;
      name: string;
      payload: string;
      subject: EventSubject | null;
      notificationScript: string | null;
    }
  /** Persist the state (config rewrite). Executed synchronously; failure is reported back. */
  | { type: 'flushConfig' }
  /** Queue a client-reconfig script run. */
  | { type: 'runScript'; argv: string[] }
  /** A plain log line that is not a Sentinel event (e.g. "Next failover delay: ..."). */
  | { type: 'log'; level: LogLevel; message: string }
  /** SENTINEL SIMULATE-FAILURE crash point: log and exit(99). */
  | { type: 'crash'; reason: string };

export type ActionType = Action['type'];

/**
 * What a connection and the generic command handlers see of the server: the command table,
 * the ACL users, the pub/sub registry, the other clients, counters and limits. The server
 * (server.ts) implements it; tests can too.
 */
import type { Logger } from 'pino';
import type { CommandContext } from '../commands/context.js';
import type { Acl } from './acl.js';
import type { AclLog } from './acl-log.js';
import type { Connection } from './connection.js';
import type { PubSub } from './pubsub.js';
import type { CommandRegistry } from './registry.js';
import type { ServerConfig } from '../config/model.js';

export interface ServerLimits {
  /** Redis `client-query-buffer-limit` (1 GB): unparsed input beyond this closes the client. */
  queryBufferMax: number;
  /** `client-output-buffer-limit pubsub 32mb 8mb 60`: hard limit in bytes (0 = none). */
  pubsubHardLimit: number;
  /** Soft limit in bytes (0 = none) ... */
  pubsubSoftLimit: number;
  /** ... that may be exceeded for at most this many seconds. */
  pubsubSoftSeconds: number;
  /** Redis `maxclients` (10000). */
  maxClients: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  queryBufferMax: 1024 * 1024 * 1024,
  pubsubHardLimit: 32 * 1024 * 1024,
  pubsubSoftLimit: 8 * 1024 * 1024,
  pubsubSoftSeconds: 60,
  maxClients: 10000,
};

/** Counters behind INFO stats / clients. */
export interface ServerStats {
  connectionsReceived: number;
  rejectedConnections: number;
  commandsProcessed: number;
  netInputBytes: number;
  netOutputBytes: number;
  errorReplies: number;
  readsProcessed: number;
  writesProcessed: number;
  /** Largest query buffer / output buffer seen recently (INFO clients). */
  recentMaxInput: number;
  recentMaxOutput: number;
}

export type PauseMode = 'all' | 'write';

export interface Hub {
  readonly registry: CommandRegistry;
  readonly acl: Acl;
  readonly aclLog: AclLog;
  readonly pubsub: PubSub;
  readonly limits: ServerLimits;
  readonly stats: ServerStats;
  readonly log: Logger;
  readonly config: ServerConfig;
  now(): number;
  /** The context handed to command handlers for this connection. */
  context(conn: Connection): CommandContext;
  clients(): Connection[];
  client(id: number): Connection | undefined;
  nextClientId(): number;
  removeClient(conn: Connection): void;
  /** CLIENT PAUSE state; null when not paused. */
  pauseState(): { mode: PauseMode; until: number } | null;
  pause(ms: number, mode: PauseMode): void;
  unpause(): void;
  /** Run `fn` once the current pause ends. */
  whenUnpaused(fn: () => void): void;
  /** Instantaneous ops/sec and kbps (INFO stats). */
  instantaneous(): { ops: number; inputKbps: number; outputKbps: number };
  /** SHUTDOWN: hand over to the daemon. */
  shutdown(): void;
}

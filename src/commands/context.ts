/**
 * What a command handler gets. The server layer builds one per command call; handlers return
 * a Reply (or a promise of one, e.g. when an address must be resolved) and never throw for
 * bad input: they answer with Redis's error text instead.
 */
import type { Core } from '../core/api.js';
import type { Reply } from '../resp/reply.js';
import type { ServerConfig } from '../config/model.js';
import type { Logger } from 'pino';

/** The per-connection facts commands may read or change. */
export interface ClientSession {
  readonly id: number;
  protocol: 2 | 3;
  name: string;
  /** Authenticated user name ('default' when no auth is configured). */
  user: string;
  authenticated: boolean;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly createdAt: number;
  /** Library name and version set by CLIENT SETINFO. */
  libName: string;
  libVersion: string;
}

/** One running or scheduled script, for SENTINEL PENDING-SCRIPTS and INFO. */
export interface ScriptJobView {
  argv: string[];
  running: boolean;
  pid: number;
  /** Start time when running, next run time when scheduled. */
  time: number;
  retryNum: number;
}

export interface ScriptQueueView {
  jobs(): ScriptJobView[];
  runningCount(): number;
  queueLength(): number;
}

/** Facts about the process for INFO server / clients / stats. */
export interface ProcessFacts {
  runId: string;
  startTime: number;
  configFile: string;
  tcpPort: number;
  executable: string;
  connectedClients(): number;
  totalConnections(): number;
  totalCommands(): number;
  /** The timer's current hz (Sentinel 7.0 re-draws it in 10..19 after every run); default 10. */
  hz?(): number;
}

export interface CommandContext {
  readonly core: Core;
  readonly session: ClientSession;
  readonly config: ServerConfig;
  readonly scripts: ScriptQueueView;
  readonly process: ProcessFacts;
  readonly log: Logger;
  now(): number;
  /**
   * Execute the actions the core queued (events, links, config flush). Returns false when a
   * config flush failed, in which case the handler answers
   * `ERR Failed to save config file. Check server logs.`
   */
  commit(): boolean;
}

export type CommandHandler = (ctx: CommandContext, args: string[]) => Reply | Promise<Reply>;

/** A subcommand of a container command (SENTINEL, CLIENT, ACL, COMMAND). */
export interface SubcommandSpec {
  /** Lower-case name as shown in COMMAND LIST (`sentinel|masters` → 'masters'). */
  name: string;
  /** Redis arity counting the container and the subcommand; negative = at least. */
  arity: number;
  handler: CommandHandler;
  /** One-line summary for COMMAND DOCS / HELP. */
  summary: string;
}

export interface CommandSpec {
  name: string;
  arity: number;
  /** COMMAND INFO flags (e.g. 'admin', 'noscript', 'loading', 'stale', 'fast', 'no_auth'). */
  flags: string[];
  summary: string;
  /** Handler used when there are no subcommands. */
  handler?: CommandHandler;
  subcommands?: SubcommandSpec[];
}

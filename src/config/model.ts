/**
 * What the config layer hands to the rest of Vigil after parsing a file (and the command-line
 * `--directive value` pairs, which are config lines appended after the file).
 */
import type { TlsSettings } from './tls.js';

export type LogLevelName = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing';

/** One line of the file as parsed: its 1-based number, the original text, its arguments. */
export interface ConfigLine {
  lineNo: number;
  text: string;
  args: string[];
}

export interface ServerConfig {
  port: number;
  /** Addresses to listen on; empty means all (Redis binds `* -::*` by default). */
  bind: string[];
  /** Absolute directory Vigil changes into after loading. */
  dir: string;
  logfile: string;
  loglevel: LogLevelName;
  pidfile: string | null;
  requirepass: string | null;
  /** Each `user` line's arguments after the word `user` (ACL rules). */
  users: string[][];
  aclfile: string | null;
  enableDebugCommand: string;
  tlsPort: number;
  tlsReplication: boolean;
  /** The other `tls-*` settings (certificates, tls-auth-clients, ...). */
  tls: TlsSettings;
  bindSourceAddr: string | null;
  /** Generic directives Redis accepts that Vigil keeps but ignores (logged once). */
  ignored: ConfigLine[];
}

export interface ParsedConfig {
  /** Absolute path of the config file. */
  path: string;
  server: ServerConfig;
  /** `sentinel ...` lines in Sentinel 7.0's three-bucket load order (pre-monitor, monitor, rest). */
  sentinelLines: ConfigLine[];
}

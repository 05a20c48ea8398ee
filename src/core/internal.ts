/**
 * What the detection/discovery modules (links, info, hello, detect, directives, commands) need
 * from the Brain beyond the CoreContext the failover modules get.
 */
import type { LogLevel } from './actions.js';
import type { CoreContext } from './context.js';
import type { LinkTable } from './links.js';
import type { Instance } from './model.js';

export interface BrainContext extends CoreContext {
  readonly links: LinkTable;
  /** An event about `instance` with a payload given as is (no `%@` prefix). */
  plainEvent(level: LogLevel, name: string, instance: Instance, payload: string): void;
  /** Whether a script path may be executed (access X_OK); injected, the core touches no files. */
  canExecute(path: string): boolean;
}

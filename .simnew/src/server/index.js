/**
 * The client-facing side of the sentinel. The daemon needs only `createSentinelServer`:
 *
 *   const server = createSentinelServer({ config, core, scripts, process, log, commit, now,
 *     commands: commandTable(), hiddenSubcommands: hiddenSubcommands(), onShutdown });
 *   await server.listen();
 *   server.publish('+sdown', 'master mym 127.0.0.1 6379');   // Sentinel events
 *   await server.close();
 */
export { createSentinelServer } from './server.js';
export { DEFAULT_LIMITS } from './hub.js';
export { globMatch } from '../lib/glob.js';
export { NO_REPLY, connectionOf } from './connection.js';
export { loadAclUsers } from './users.js';
export { parseBind } from './listeners.js';

// A child process that only runs Vigil's real save path (dist/), in a loop, for the kill -9
// test of config rewrites (test/integration/config-kill.test.ts). It loads the config like the
// daemon, then saves it again and again with a changing state: down-after-milliseconds of
// `mymaster` counts up from the loaded value, and its auth-pass, a function of that value
// (authPassFor), changes length so the file grows and shrinks: a torn or cut file, or one
// mixing two saves, would show. After the first save it prints `ready`.
// Usage: node save-loop.mjs <config>
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { Brain } = await import(path.join(root, 'dist/core/brain.js'));
const { loadConfig } = await import(path.join(root, 'dist/config/load.js'));
const { flushSentinelConfig } = await import(path.join(root, 'dist/config/flush.js'));

/** Mirrored in config-kill.test.ts. */
const authPassFor = (n) => (n % 3 === 0 ? null : 'p'.repeat((n * 37) % 300));

const file = path.resolve(process.argv[2]);
const brain = new Brain({ canExecute: () => true });
const loaded = loadConfig(file, [], (args) => brain.applyConfigDirective(args, 0));
if (!loaded.ok) {
  process.stderr.write(`${loaded.message}\n`);
  process.exit(2);
}
const master = brain.state.masters.get('mymaster');
const dir = loaded.config.server.dir;
for (let i = 1; ; i++) {
  master.downAfterMs += 1;
  master.authPass = authPassFor(master.downAfterMs);
  const result = flushSentinelConfig(file, brain.state, { log: () => undefined, dir });
  if (!result.ok) {
    process.stderr.write(`save failed: ${result.error}\n`);
    process.exit(3);
  }
  if (i === 1) process.stdout.write('ready\n');
}

/**
 * Command line: `vigil <config-file> [--<directive> <value> ...]` runs the daemon in the
 * foreground, a drop-in for `redis-sentinel <config-file> [--opt value]`; `vigil demo` runs
 * the local demo deployment; `vigil backup ...` takes an RDB backup (src/cli/backup.ts).
 * `--help` and `--version` come from yargs.
 */
import yargs from 'yargs';
import { VIGIL_VERSION } from '../constants.js';

// Every line fits in 80 columns as written: yargs does not wrap it (see `.wrap(null)`).
export const USAGE = `Usage:
  vigil <config-file> [--<directive> <value> ...]
      start the daemon on a Sentinel config file, like redis-sentinel; each
      --<directive> <value> pair overrides that directive of the file, and
      --vigil <option> <value> sets one of Vigil's options (docs/fencing.md):
      fence-stale-primary yes|no (default yes), fence-on-minority yes|no (no)
  vigil demo
      run a local demo: 1 primary, 2 replicas and 3 Vigils, then a failover
  vigil backup --sentinel <host:port> --name <master> --out <dir> [--keep <n>]
      take a verified RDB snapshot from a healthy replica found through the
      sentinels (the primary if none); \`vigil backup --help\`, docs/backup.md`;

export async function main(argv: string[]): Promise<void> {
  const first = argv[0];
  if (first === 'demo') {
    const { runDemo } = await import('./demo.js');
    process.exitCode = await runDemo();
    return;
  }
  if (first === 'backup') {
    const { runBackup } = await import('./backup.js');
    process.exitCode = await runBackup(argv.slice(1));
    return;
  }
  if (
    first === undefined ||
    first === '--help' ||
    first === '-h' ||
    first === '--version' ||
    first === '-v'
  ) {
    // yargs handles help and version; the daemon's own arguments are config directives,
    // which yargs must not interpret, so it only sees these flags.
    await yargs(argv)
      .scriptName('vigil')
      .usage(USAGE)
      // Only for the "no config file" error: USAGE already describes both forms (`demo` is
      // handled above and never reaches yargs).
      .command('$0 <config-file>', false)
      .version(VIGIL_VERSION)
      .alias('v', 'version')
      .help()
      .alias('h', 'help')
      .strict(false)
      // No wrapping: the ESM build of yargs wraps with cliui's minimal wrap, which cuts every
      // N characters whatever they are, splitting words ("(lik" / "e redis-sentinel)") even
      // on lines that would fit. USAGE is laid out for 80 columns instead.
      .wrap(null)
      .fail((msg) => {
        process.stderr.write(`${msg}\n\n${USAGE}\n`);
        process.exitCode = 1;
      })
      .parseAsync();
    return;
  }
  const { runDaemon } = await import('../runtime/daemon.js');
  const code = await runDaemon(first, argv.slice(1));
  // Exit now rather than when the last socket and timer of the links are gone (which took
  // more than a second with 100 masters).
  process.exit(code);
}

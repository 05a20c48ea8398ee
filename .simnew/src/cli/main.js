/**
 * Command line: `vigil <config-file> [--<directive> <value> ...]` runs the daemon in the
 * foreground, a drop-in for `redis-sentinel <config-file> [--opt value]`; `vigil status`
 * and `vigil doctor` inspect a running deployment; `vigil history` prints the failover
 * history; `vigil backup` takes an RDB backup (src/cli/backup.ts); `vigil demo` runs the
 * local demo deployment. `--help` and `--version` come from yargs.
 */
import yargs from 'yargs';
import { VIGIL_VERSION } from '../constants.js';
// Every line fits in 80 columns as written: yargs does not wrap it (see `.wrap(null)`).
export const USAGE = `Usage:
  vigil <config-file> [--<directive> <value> ...]
      start the daemon on a Sentinel config file, like redis-sentinel; each
      --<directive> <value> pair overrides that directive of the file, and
      --vigil <option> <value> sets one of Vigil's options (docs/fencing.md):
      fence-stale-primary yes|no (default yes), fence-on-minority yes|no (no),
      log-format auto|legacy|json|logfmt (auto: Redis-style on a terminal),
      http-port <port> (0 = off), http-bind <addr> (127.0.0.1),
      http-token <secret> (none), history-max <n> (1000) (docs/http.md)
  vigil status [--sentinel host:port ...] [--name <master>] [--json] [--watch]
      show the topology the sentinels (Vigil or redis-sentinel) see: primary,
      replicas with lag and link, sentinels and their view, epochs, failovers;
      --watch follows events live (Ctrl-C stops); --json for scripts
  vigil doctor [--sentinel host:port ...] [--name <master>] [--json]
      check a running deployment against the operating rules; each finding
      has a severity, its meaning and a fix; exit 0 healthy, 1 warn, 2 errors
  vigil history [--config <file> | --dir <dir>] [--json]
      print the failover history kept in <dir>/vigil-history.jsonl
  vigil demo
      run a local demo: 1 primary, 2 replicas and 3 Vigils, then a failover
  vigil backup --sentinel <host:port> --name <master> --out <dir> [--keep <n>]
      take a verified RDB snapshot from a healthy replica found through the
      sentinels (the primary if none); \`vigil backup --help\`, docs/backup.md`;
export async function main(argv) {
    const first = argv[0];
    if (first === 'status' || first === 'doctor') {
        const code = first === 'status'
            ? await (await import('./status.js')).runStatus(argv.slice(1))
            : await (await import('./doctor.js')).runDoctor(argv.slice(1));
        // Exit now: a half-closed socket of a dead sentinel must not keep the process alive.
        process.exit(code);
    }
    if (first === 'history') {
        const { runHistory } = await import('./history.js');
        process.exitCode = runHistory(argv.slice(1));
        return;
    }
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
    if (first === undefined ||
        first === '--help' ||
        first === '-h' ||
        first === '--version' ||
        first === '-v') {
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

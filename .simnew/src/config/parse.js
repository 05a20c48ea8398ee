/**
 * Config text → ServerConfig + the `sentinel ...` lines in load order. Pure apart from the two
 * injected callbacks (checking `dir`, reading `include`d files), so it is tested on strings.
 *
 * Redis 7.0 rules matched: each line is trimmed of spaces, tabs and CR; blank lines and lines
 * starting with `#` are skipped; arguments are split with Redis's quoting rules; the directive
 * name is case-insensitive; command-line options are config lines after the file.
 */
import * as path from 'node:path';
import { cliArgsToLines } from './cli.js';
import { ConfigFileError, strerror } from './errors.js';
import { applyGenericDirective, defaultServerConfig } from './generic.js';
import { splitArgs } from './quote.js';
import { VIGIL_MASTER_OPTIONS } from '../core/vigil-options.js';
/** Sentinel 7.0 applies these sub-directives before any `monitor` (spec §2.2). */
const PRE_MONITOR = new Set([
    'announce-ip',
    'announce-port',
    'deny-scripts-reconfig',
    'sentinel-user',
    'sentinel-pass',
    'current-epoch',
    'myid',
    'resolve-hostnames',
    'announce-hostnames',
]);
/** 0 = pre-monitor settings, 1 = `monitor`, 2 = everything else (per-master options, known-*). */
export function sentinelBucket(line) {
    // Vigil's per-master options come after the monitors, like Sentinel's per-master options.
    if (line.args[0] === 'vigil')
        return VIGIL_MASTER_OPTIONS.has((line.args[1] ?? '').toLowerCase()) ? 2 : 0;
    const sub = (line.args[1] ?? '').toLowerCase();
    if (PRE_MONITOR.has(sub))
        return 0;
    return sub === 'monitor' ? 1 : 2;
}
/** Stable sort into Sentinel's three load buckets; file order within a bucket. */
export function orderSentinelLines(lines) {
    return [0, 1, 2].flatMap((bucket) => lines.filter((l) => sentinelBucket(l) === bucket));
}
/** Redis trims config lines of exactly these characters (not other whitespace). */
function trimLine(line) {
    return line.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}
const MAX_INCLUDE_DEPTH = 16;
class Parser {
    opts;
    server;
    sentinelLines = [];
    notices = [];
    constructor(opts) {
        this.opts = opts;
        this.server = defaultServerConfig(opts.cwd);
    }
    /** Parse `text`, numbering its lines from `firstLine`; throws ConfigFileError. */
    run(text, file, firstLine, depth, fromCli) {
        const lines = text.split('\n');
        for (let i = 0; i < lines.length; i++) {
            const lineNo = firstLine + i;
            const trimmed = trimLine(lines[i]);
            if (trimmed === '' || trimmed.startsWith('#'))
                continue;
            const fail = (reason) => {
                throw new ConfigFileError(file, lineNo, trimmed, reason, fromCli);
            };
            const args = splitArgs(trimmed);
            if (args === null)
                fail('Unbalanced quotes in configuration line');
            if (args === null || args.length === 0)
                continue;
            args[0] = args[0].toLowerCase();
            const line = { lineNo, text: trimmed, args };
            if (args[0] === 'sentinel' || args[0] === 'vigil') {
                // Sentinel 7.0: a bare `sentinel` only selects sentinel mode (`--sentinel`).
                if (args.length === 1 && args[0] === 'sentinel')
                    continue;
                if (depth > 0) {
                    fail(`${args[0]} directives must be in the main config file ${this.opts.path}: ` +
                        'Sentinel saves its state by rewriting that file only');
                }
                // `vigil <option> <value>` (core/vigil-options.ts) is applied with the settings.
                this.sentinelLines.push(line);
            }
            else if (args[0] === 'include') {
                if (args.length !== 2)
                    fail('Bad directive or wrong number of arguments');
                this.include(args[1], depth, fail);
            }
            else {
                const where = `${file}:${lineNo}${fromCli ? ' (command line)' : ''}`;
                const error = applyGenericDirective(this.server, line, {
                    where,
                    checkDir: this.opts.checkDir ?? (() => null),
                    notice: (m) => this.notices.push(m),
                    startDir: fromCli ? this.opts.cwd : null,
                });
                if (error !== null)
                    fail(error);
            }
        }
    }
    include(target, depth, fail) {
        if (depth + 1 >= MAX_INCLUDE_DEPTH)
            fail('include nesting is too deep (does a file include itself?)');
        // Redis opens included files relative to its cwd, which is the last `dir` seen so far.
        const file = path.resolve(this.server.dir, target);
        const read = this.opts.readInclude;
        if (read === undefined)
            return fail('include is not available here');
        let text = '';
        try {
            text = read(file);
        }
        catch (err) {
            fail(`Can't open config file '${file}': ${strerror(err)}`);
        }
        this.run(text, file, 1, depth + 1, false);
    }
}
/** Parse a config file's text plus the command-line options. Never throws. */
export function parseConfigText(text, opts) {
    const parser = new Parser(opts);
    // Redis 7.0 loads `<file>\n<options>`, so option lines are numbered from the file's
    // newline count + 2 (`port 1\n` + `--port x` reports line 3).
    const cliFirstLine = (text.match(/\n/g)?.length ?? 0) + 2;
    try {
        parser.run(text, opts.path, 1, 0, false);
        const cliLines = cliArgsToLines(opts.cliArgs ?? []);
        if (cliLines.length > 0)
            parser.run(cliLines.join('\n'), opts.path, cliFirstLine, 0, true);
    }
    catch (err) {
        if (err instanceof ConfigFileError)
            return { ok: false, error: err };
        throw err;
    }
    return {
        ok: true,
        value: {
            config: {
                path: opts.path,
                server: parser.server,
                sentinelLines: orderSentinelLines(parser.sentinelLines),
            },
            notices: parser.notices,
            cliFirstLine,
        },
    };
}

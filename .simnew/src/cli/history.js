/**
 * `vigil history [--config FILE | --dir DIR] [--json]`: print the failover history a Vigil
 * keeps in `vigil-history.jsonl` in its `dir` (runtime/history.ts). With --config the `dir`
 * directive of that file is used (relative to the current directory, as when Vigil starts
 * from here); with neither option, the current directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfigText } from '../config/parse.js';
import { HISTORY_FILE, parseHistory } from '../runtime/history.js';
export const HISTORY_USAGE = 'Usage: vigil history [--config FILE | --dir DIR] [--json]';
function parseArgs(argv) {
    const out = { config: null, dir: null, json: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--json')
            out.json = true;
        else if ((a === '--config' || a === '--dir') && i + 1 < argv.length) {
            if (a === '--config')
                out.config = argv[++i];
            else
                out.dir = argv[++i];
        }
        else
            return `unexpected argument '${a}'`;
    }
    if (out.config !== null && out.dir !== null)
        return '--config and --dir are exclusive';
    return out;
}
function dirOf(args) {
    if (args.dir !== null)
        return path.resolve(args.dir);
    if (args.config === null)
        return process.cwd();
    const file = path.resolve(args.config);
    const parsed = parseConfigText(fs.readFileSync(file, 'utf8'), {
        path: file,
        cwd: process.cwd(),
        readInclude: (f) => fs.readFileSync(f, 'utf8'),
    });
    if (!parsed.ok)
        throw new Error(`can't parse ${file}: ${parsed.error.message}`);
    return parsed.value.config.server.dir;
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)}s`;
}
/** One record as text lines. */
export function formatRecord(r) {
    const target = r.newPrimary ?? r.selected ?? '-';
    const outcome = r.abortReason === null ? r.outcome : `${r.outcome} (${r.abortReason})`;
    const lines = [
        `${r.endedAt}  ${r.master}  epoch ${r.epoch}  ${r.role}  ${outcome}  ` +
            `${r.oldPrimary} -> ${target}  ${seconds(r.durationMs)}` +
            `${r.forced ? '  forced' : ''}${r.leader !== null ? `  leader ${r.leader}` : ''}`,
    ];
    if (r.states.length > 1) {
        lines.push(`    states: ${r.states.map((s) => `${s.state}@${s.at.slice(11, 23)}`).join(' ')}`);
    }
    for (const s of r.skipped)
        lines.push(`    skipped ${s.name}: ${s.reason}`);
    return lines;
}
export function runHistory(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${HISTORY_USAGE}\n`);
        return 0;
    }
    const args = parseArgs(argv);
    if (typeof args === 'string') {
        process.stderr.write(`${args}\n${HISTORY_USAGE}\n`);
        return 1;
    }
    let text = '';
    let file = '';
    try {
        file = path.join(dirOf(args), HISTORY_FILE);
        text = fs.readFileSync(file, 'utf8');
    }
    catch (err) {
        if (err.code !== 'ENOENT') {
            process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
            return 1;
        }
    }
    const records = parseHistory(text);
    if (args.json) {
        process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
        return 0;
    }
    if (records.length === 0) {
        process.stdout.write(`No failover history in ${file}\n`);
        return 0;
    }
    process.stdout.write(`${records.flatMap(formatRecord).join('\n')}\n`);
    return 0;
}

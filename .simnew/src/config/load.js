/**
 * Loading the config at start, in Sentinel 7.0's order: read the file (refused if missing),
 * parse the generic directives, apply the `sentinel` lines in their three buckets through the
 * core, then refuse a config file Vigil could not save its state to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigFileError, formatConfigError, strerror } from './errors.js';
import { parseConfigText } from './parse.js';
export const nodeLoadFs = {
    readFile: (file) => fs.readFileSync(file, 'utf8'),
    checkWritable: (file) => fs.accessSync(file, fs.constants.W_OK),
    checkDir: (dir) => {
        if (!fs.statSync(dir).isDirectory())
            throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    },
};
function refuse(message) {
    return { ok: false, message, error: null };
}
/**
 * Load the config file at `configPath` plus the command-line options `cliArgs`. Each
 * `sentinel` line is handed (arguments after the word `sentinel`) to `applySentinelDirective`,
 * which returns Sentinel's error text or null. Never throws.
 */
export function loadConfig(configPath, cliArgs, applySentinelDirective, options = {}) {
    const io = { ...nodeLoadFs, ...options.fs };
    const cwd = options.cwd ?? process.cwd();
    if (configPath === null || configPath === undefined || configPath === '') {
        return refuse('Sentinel needs config file on disk to save state. Exiting...');
    }
    // Sentinel 7.0 makes the path absolute before `dir` changes the working directory.
    const file = path.resolve(cwd, configPath);
    let text;
    try {
        text = io.readFile(file);
    }
    catch (err) {
        return refuse(`Fatal error, can't open config file '${file}': ${strerror(err)}`);
    }
    const parsed = parseConfigText(text, {
        path: file,
        cwd,
        cliArgs,
        checkDir: (dir) => {
            try {
                io.checkDir(dir);
                return null;
            }
            catch (err) {
                return strerror(err);
            }
        },
        readInclude: (f) => io.readFile(f),
    });
    if (!parsed.ok)
        return { ok: false, message: formatConfigError(parsed.error), error: parsed.error };
    const { config, notices, cliFirstLine } = parsed.value;
    try {
        options.enterDir?.(config.server.dir);
    }
    catch (err) {
        return refuse(`Can't chdir to '${config.server.dir}': ${strerror(err)}`);
    }
    const applyVigil = options.applyVigilDirective ?? (() => 'vigil directives are not accepted here');
    for (const line of config.sentinelLines) {
        const args = line.args.slice(1);
        let reason;
        try {
            reason = line.args[0] === 'vigil' ? applyVigil(args) : applySentinelDirective(args);
        }
        catch (err) {
            reason = `Internal error applying this line: ${err instanceof Error ? err.message : String(err)}`;
        }
        if (reason !== null) {
            const error = new ConfigFileError(file, line.lineNo, line.text, reason, line.lineNo >= cliFirstLine);
            return { ok: false, message: formatConfigError(error), error };
        }
    }
    // Sentinel 7.0 checks this after loading: a config it can't rewrite would lose its state.
    try {
        io.checkWritable(file);
    }
    catch (err) {
        return refuse(`Sentinel config file ${file} is not writable: ${strerror(err)}. Exiting...`);
    }
    try {
        io.checkWritable(path.dirname(file));
    }
    catch (err) {
        // Sentinel 7.0 fails every save then; Vigil falls back to rewriting the file in place.
        notices.push(`Config directory ${path.dirname(file)} is not writable (${strerror(err)}): ` +
            `state will be saved by rewriting ${file} in place, not atomically`);
    }
    return { ok: true, config, notices };
}

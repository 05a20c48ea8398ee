/**
 * Sentinel's "flush config": render the state, merge it into the config file's current text
 * and save it. The runtime's executor calls this for every `flushConfig` action, synchronously,
 * so the command that triggered it can answer `ERR Failed to save config file. Check server
 * logs.` when it fails.
 */
import * as fs from 'node:fs';
import { errorCode, strerror } from './errors.js';
import { renderSentinelState } from './render.js';
import { rewriteConfigText } from './rewrite.js';
import { saveConfigFile } from './save.js';
/** Persist `state` into the config file at `file` (absolute). Never throws. */
export function flushSentinelConfig(file, state, options) {
    const read = options.readFile ?? ((f) => fs.readFileSync(f, 'utf8'));
    let result;
    try {
        let oldText = '';
        try {
            oldText = read(file);
        }
        catch (err) {
            // Sentinel 7.0 rewrites a deleted config from scratch; any other read error is a failure.
            if (errorCode(err) !== 'ENOENT')
                throw err;
        }
        const lines = renderSentinelState(state);
        // Before the `sentinel` lines, as Redis appends its generic options first.
        if (options.dir !== undefined)
            lines.unshift(['dir', options.dir]);
        const text = rewriteConfigText(oldText, lines);
        result = saveConfigFile(file, text, options);
    }
    catch (err) {
        result = { ok: false, error: strerror(err) };
    }
    // The outcome (`Sentinel new configuration saved on disk` or the WARNING with the reason) is
    // logged once by the runtime's executor, which also coalesces flushes; `log` here only
    // carries the save's own notes, such as the in-place fallback.
    return result;
}

/**
 * Command-line `--directive value ...` options, turned into config lines appended after the
 * file, the way Redis 7.0 does it (`redis-sentinel s.conf --port 26380 --sentinel monitor m
 * 127.0.0.1 6379 2` reads as if the file ended with `port 26380` and `sentinel monitor ...`).
 */
import { reprArg, splitArgs } from './quote.js';
/**
 * The config lines (unnumbered, untrimmed) for the arguments that follow the config file path.
 *
 * Redis 7.0 rules, matched here:
 * - `--name` starts a new line holding `name`; an argument like `"--port 26380"` is taken as a
 *   whole line fragment (name and value in one argument);
 * - every other argument is a value of the current line, written in Redis's quoted `repr`
 *   form so spaces and quotes survive (`--requirepass "a b"` is `requirepass "a b"`);
 * - right after a bare `--name`, an argument starting with `--` is a value, not a new option
 *   (`--requirepass --secret`), except after `--save` (which then gets an empty value) and
 *   after `--sentinel` (which takes none).
 */
export function cliArgsToLines(args) {
    const lines = [];
    let current = null;
    // True right after a bare `--name`: the next argument is its value whatever it looks like.
    let awaitingValue = false;
    for (let j = 0; j < args.length; j++) {
        const arg = args[j];
        if (arg.startsWith('--') && !awaitingValue) {
            if (current !== null)
                lines.push(current);
            current = arg.slice(2) + ' ';
            const words = splitArgs(arg);
            if (words === null || words.length !== 1) {
                // Name and value(s) given in a single argument.
                awaitingValue = false;
                continue;
            }
            awaitingValue = true;
            const name = arg.toLowerCase();
            const last = j === args.length - 1;
            const nextIsOption = !last && args[j + 1].startsWith('--');
            if (name === '--save' && (nextIsOption || last)) {
                // Redis 7.0.1+: `--save` with no value means `save ""` (disable snapshots).
                current += '""';
                awaitingValue = false;
            }
            else if (name === '--sentinel' && (nextIsOption || last)) {
                // `--sentinel` alone only selects sentinel mode; it takes no value.
                awaitingValue = false;
            }
        }
        else {
            current = (current ?? '') + reprArg(arg) + ' ';
            awaitingValue = false;
        }
    }
    if (current !== null)
        lines.push(current);
    return lines;
}

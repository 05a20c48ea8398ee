/** The options `vigil status` and `vigil doctor` share: which sentinels to ask, and how long. */
import { parseArgs } from 'node:util';
import { DEFAULT_SENTINEL_PORT, parseAddress } from './parse.js';
export const DEFAULT_TIMEOUT_MS = 1500;
export const DEFAULT_WATCH_INTERVAL_MS = 2000;
/** Throws an Error with a message for the user on a bad argument. */
export function parseInspectArgs(argv, allowWatch, env = process.env) {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
            sentinel: { type: 'string', short: 's', multiple: true },
            name: { type: 'string', short: 'n' },
            json: { type: 'boolean' },
            watch: { type: 'boolean', short: 'w' },
            timeout: { type: 'string' },
            interval: { type: 'string' },
            help: { type: 'boolean', short: 'h' },
            user: { type: 'string' },
            password: { type: 'string' },
            'sentinel-user': { type: 'string' },
            'sentinel-password': { type: 'string' },
        },
    });
    if (positionals.length > 0)
        throw new Error(`unexpected argument: ${positionals[0]}`);
    if (!allowWatch && (values.watch || values.interval !== undefined)) {
        throw new Error('--watch and --interval are options of `vigil status`');
    }
    const number = (text, fallback, what) => {
        if (text === undefined)
            return fallback;
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0)
            throw new Error(`${what} must be a positive number of milliseconds`);
        return n;
    };
    // Each --sentinel may also hold a comma-separated list.
    const seeds = (values.sentinel ?? [])
        .flatMap((s) => s.split(','))
        .filter((s) => s.trim() !== '')
        .map((s) => parseAddress(s));
    const args = {
        seeds: seeds.length > 0 ? seeds : [{ host: '127.0.0.1', port: DEFAULT_SENTINEL_PORT }],
        json: values.json ?? false,
        watch: values.watch ?? false,
        timeoutMs: number(values.timeout, DEFAULT_TIMEOUT_MS, '--timeout'),
        intervalMs: number(values.interval, DEFAULT_WATCH_INTERVAL_MS, '--interval'),
        help: values.help ?? false,
    };
    if (values.name !== undefined)
        args.name = values.name;
    // Passwords from the environment keep them out of `ps` and shell history.
    const credentials = (user, password) => password === undefined ? undefined : { password, ...(user !== undefined ? { username: user } : {}) };
    const dataAuth = credentials(values.user ?? env.VIGIL_USER, values.password ?? env.VIGIL_PASSWORD);
    const sentinelAuth = credentials(values['sentinel-user'] ?? env.VIGIL_SENTINEL_USER, values['sentinel-password'] ?? env.VIGIL_SENTINEL_PASSWORD);
    if (dataAuth)
        args.dataAuth = dataAuth;
    if (sentinelAuth)
        args.sentinelAuth = sentinelAuth;
    return args;
}
export function gatherOptions(args) {
    const options = { seeds: args.seeds, timeoutMs: args.timeoutMs };
    if (args.name !== undefined)
        options.name = args.name;
    if (args.sentinelAuth)
        options.sentinelAuth = args.sentinelAuth;
    if (args.dataAuth)
        options.dataAuth = args.dataAuth;
    return options;
}

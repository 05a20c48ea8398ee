/** Command-line options of `npm run bench` (node dist/bench/run.js). */
import { parseArgs } from 'node:util';
export const SCENARIOS = ['throughput', 'memory', 'failover', 'partition'];
export const USAGE = `Usage: npm run bench -- [options]

Measures Vigil and the real redis-sentinel side by side on loopback and prints ratios.

  --quick              about one minute: fewer requests, 1 failover run, shorter windows
  --runs N             failover and partition runs per kind (default 3, --quick 1)
  --json FILE          also write every result to FILE as JSON
  --only LIST          comma-separated subset of: ${SCENARIOS.join(', ')}
  --requests N         requests per redis-benchmark run without pipelining
  --pipelined-requests N   requests per pipelined run
  --pipeline N         pipeline depth of the pipelined runs (default 16)
  --clients N          redis-benchmark connections (default 50)
  --masters N          masters for the many-masters memory/CPU test (default 100)
  --window SECONDS     CPU measuring window of the many-masters test (default 10, --quick 3)
  --extra-window SECONDS   how long to watch for a second +switch-master (default 10, --quick 5)
  --failover-detector  partition writers leave an old primary on +switch-master
                       (ioredis failoverDetector; default: ioredis's defaults)
  --keep               keep the temporary directory with every process's log
  -h, --help           this text

The partition scenario (issue #10) needs root: it builds Linux network namespaces with the ip
command of iproute2, and is reported as skipped otherwise. Each run cuts the primary's server
off for 10 s with two clients writing, for redis-sentinel, Vigil, and Vigil with the config line
'vigil fence-on-minority yes' (about 45 s per run and variant).
`;
function positiveInt(name, text, fallback) {
    if (text === undefined)
        return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0)
        throw new Error(`--${name} wants a positive integer, got '${text}'`);
    return value;
}
function positiveNumber(name, text, fallback) {
    if (text === undefined)
        return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
        throw new Error(`--${name} wants a positive number, got '${text}'`);
    return value;
}
/** Parse argv (without node and the script); throws with a readable message on bad input. */
export function parseOptions(argv) {
    const { values } = parseArgs({
        args: [...argv],
        strict: true,
        allowPositionals: false,
        options: {
            quick: { type: 'boolean', default: false },
            runs: { type: 'string' },
            json: { type: 'string' },
            only: { type: 'string' },
            requests: { type: 'string' },
            'pipelined-requests': { type: 'string' },
            pipeline: { type: 'string' },
            clients: { type: 'string' },
            masters: { type: 'string' },
            window: { type: 'string' },
            'extra-window': { type: 'string' },
            keep: { type: 'boolean', default: false },
            'failover-detector': { type: 'boolean', default: false },
            help: { type: 'boolean', short: 'h', default: false },
        },
    });
    const quick = values.quick === true;
    let only = new Set(SCENARIOS);
    if (values.only !== undefined) {
        only = new Set();
        for (const name of values.only
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)) {
            if (!SCENARIOS.includes(name))
                throw new Error(`--only: unknown benchmark '${name}' (known: ${SCENARIOS.join(', ')})`);
            only.add(name);
        }
    }
    return {
        quick,
        runs: positiveInt('runs', values.runs, quick ? 1 : 3),
        json: values.json ?? null,
        only,
        requests: positiveInt('requests', values.requests, quick ? 5_000 : 20_000),
        pipelinedRequests: positiveInt('pipelined-requests', values['pipelined-requests'], quick ? 10_000 : 100_000),
        pipeline: positiveInt('pipeline', values.pipeline, 16),
        clients: positiveInt('clients', values.clients, 50),
        masters: positiveInt('masters', values.masters, 100),
        windowMs: positiveNumber('window', values.window, quick ? 3 : 10) * 1000,
        extraWindowMs: positiveNumber('extra-window', values['extra-window'], quick ? 5 : 10) * 1000,
        keep: values.keep === true,
        failoverDetector: values['failover-detector'] === true,
        help: values.help === true,
    };
}

/**
 * `npm run bench`: Vigil and the real redis-sentinel measured side by side in one run, on
 * loopback only: command throughput and latency, memory and CPU, failover time; and, as root,
 * acknowledged writes lost when the primary's server is cut off (network namespaces with
 * 198.51.100.0/24 addresses, see partition.ts). Progress goes to stderr, the table to stdout,
 * and `--json FILE` writes every result. Every process and namespace started is removed at the
 * end, also on error or Ctrl-C.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findOnPath } from '../cli/local-processes.js';
import { runFailover } from './failover.js';
import { Fleet, KINDS } from './fleet.js';
import { renderTable } from './format.js';
import { runManyMasters, startDataServers, } from './memory.js';
import { parseOptions, USAGE } from './options.js';
import { destroyAllLabsNow, netnsUnavailable, PARTITION_VARIANTS, runPartition, sweepStaleNamespaces, } from './partition.js';
import { buildSections, headerLines } from './report.js';
import { runThroughput } from './throughput.js';
const NAMES_PER_SERVER = 10;
const repoRoot = () => resolve(fileURLToPath(import.meta.url), '..', '..', '..');
function versionOf(program, pattern) {
    try {
        const out = execFileSync(program, ['--version'], { encoding: 'utf8' });
        return pattern.exec(out)?.[1] ?? out.trim();
    }
    catch {
        return 'unknown';
    }
}
function vigilVersion() {
    try {
        const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
        return typeof pkg.version === 'string' ? pkg.version : 'unknown';
    }
    catch {
        return 'unknown';
    }
}
function findPrograms() {
    const vigilBin = join(repoRoot(), 'bin', 'vigil');
    if (!existsSync(join(repoRoot(), 'dist', 'cli', 'main.js')))
        return 'dist/cli/main.js is missing: run `npm run build`';
    const missing = [];
    const need = (name) => {
        const found = findOnPath(name);
        if (!found)
            missing.push(name);
        return found ?? name;
    };
    const programs = {
        node: process.execPath,
        vigilBin,
        redisServer: need('redis-server'),
        redisSentinel: need('redis-sentinel'),
        redisBenchmark: need('redis-benchmark'),
    };
    if (missing.length)
        return `not found on PATH: ${missing.join(', ')} (Debian/Ubuntu: apt-get install redis-server redis-tools)`;
    return programs;
}
function metaFor(options, programs) {
    return {
        date: new Date().toISOString(),
        node: process.version,
        vigilVersion: vigilVersion(),
        redisSentinelVersion: versionOf(programs.redisSentinel, /v=(\S+)/),
        redisBenchmarkVersion: versionOf(programs.redisBenchmark, /redis-benchmark (\S+)/),
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? '',
        quick: options.quick,
        requests: options.requests,
        pipelinedRequests: options.pipelinedRequests,
        pipeline: options.pipeline,
        clients: options.clients,
        masters: options.masters,
        mastersPerServer: NAMES_PER_SERVER,
        windowMs: options.windowMs,
        runs: options.runs,
        extraWindowMs: options.extraWindowMs,
        loadAvgStart: loadavg()[0] ?? 0,
        loadAvgEnd: 0,
        durationMs: 0,
    };
}
async function runAll(fleet, options, results, log) {
    // One kind at a time everywhere: on 2 cores the other kind's background work would be noise.
    if (options.only.has('throughput')) {
        log('== throughput and latency');
        for (const kind of KINDS) {
            results.throughput[kind] = await runThroughput(fleet, kind, {
                requests: options.requests,
                pipelinedRequests: options.pipelinedRequests,
                pipeline: options.pipeline,
                clients: options.clients,
                warmupRequests: options.quick ? 1000 : 3000,
                settleMs: options.quick ? 500 : 1500,
                discoveryTimeoutMs: 30_000,
                runTimeoutMs: 60_000,
            }, log);
        }
    }
    if (options.only.has('memory')) {
        log(`== memory and CPU with ${options.masters} masters`);
        const settings = {
            masters: options.masters,
            namesPerServer: NAMES_PER_SERVER,
            warmupMs: options.quick ? 1000 : 4000,
            windowMs: options.windowMs,
            readyTimeoutMs: 60_000,
        };
        const servers = await startDataServers(fleet, settings);
        try {
            for (const kind of KINDS) {
                results.manyMasters[kind] = await runManyMasters(fleet, kind, servers, settings, log);
            }
        }
        finally {
            await Promise.all(servers.map((s) => fleet.kill(s)));
        }
    }
    if (options.only.has('failover')) {
        log(`== failover, ${options.runs} run(s) per kind`);
        // Interleaved (Vigil, redis-sentinel, Vigil, ...) so a drift in machine load hits both.
        for (let run = 1; run <= options.runs; run++) {
            for (const kind of KINDS) {
                const runs = (results.failover[kind] ??= []);
                runs.push(await runFailover(fleet, kind, run, {
                    downAfterMs: 1000,
                    failoverTimeoutMs: 5000,
                    deadlineMs: 30_000,
                    extraWindowMs: options.extraWindowMs,
                    discoveryTimeoutMs: 30_000,
                }, log));
            }
        }
    }
    if (options.only.has('partition'))
        await runPartitions(fleet, options, results, log);
}
const PARTITION_SETTINGS = {
    warmupMs: 5000,
    cutMs: 10_000,
    afterMs: 3000,
    convergeTimeoutMs: 60_000,
    downAfterMs: 1000,
    failoverTimeoutMs: 10_000,
};
/**
 * The partition scenario (issue #10 §4): the primary's server cut off for 10 s, for
 * redis-sentinel, Vigil and Vigil with fence-on-minority, runs interleaved. A variant Vigil
 * refuses to start (the fencing directive on a Vigil without it) is reported as not available.
 */
async function runPartitions(fleet, options, results, log) {
    const settings = { ...PARTITION_SETTINGS, failoverDetector: options.failoverDetector };
    const writerScript = join(repoRoot(), 'test', 'partition', 'writer.mjs');
    let skipped = netnsUnavailable();
    if (skipped === null && !existsSync(writerScript))
        skipped = `${writerScript} is missing (run from a checkout)`;
    const runs = {};
    results.partition = { settings, skipped, runs };
    if (skipped !== null) {
        log(`== partition: skipped: ${skipped}`);
        return;
    }
    for (const ns of sweepStaleNamespaces())
        log(`removed the namespace ${ns} of a dead run`);
    log(`== partition, ${options.runs} run(s) per variant`);
    const programs = { ...fleet.programs, writerScript };
    for (let run = 1; run <= options.runs; run++) {
        for (const variant of PARTITION_VARIANTS) {
            const done = (runs[variant] ??= []);
            if (done.some((r) => r.unavailable !== null))
                continue;
            done.push(await runPartition(fleet.baseDir, programs, variant, run, settings, log));
        }
    }
}
export async function main(argv) {
    let options;
    try {
        options = parseOptions(argv);
    }
    catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
        return 2;
    }
    if (options.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    const programs = findPrograms();
    if (typeof programs === 'string') {
        process.stderr.write(`bench: ${programs}\n`);
        return 1;
    }
    const started = Date.now();
    const log = (line) => {
        process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
    };
    const baseDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
    const fleet = new Fleet(baseDir, programs);
    let keepDir = options.keep;
    const onExit = () => {
        fleet.killAllNow();
        destroyAllLabsNow();
    };
    const onSignal = (signal) => {
        log(`${signal}: killing every process the benchmark started`);
        fleet.killAllNow();
        destroyAllLabsNow();
        if (!keepDir)
            rmSync(baseDir, { recursive: true, force: true });
        process.exit(130);
    };
    process.on('exit', onExit);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const results = {
        meta: metaFor(options, programs),
        throughput: {},
        manyMasters: {},
        failover: {},
    };
    let code = 0;
    try {
        log(`working directory ${baseDir}`);
        await runAll(fleet, options, results, log);
    }
    catch (err) {
        code = 1;
        keepDir = true;
        log(`benchmark aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
    finally {
        await fleet.stopAll();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        process.off('exit', onExit);
    }
    results.meta.durationMs = Date.now() - started;
    results.meta.loadAvgEnd = loadavg()[0] ?? 0;
    const table = [...headerLines(results.meta), '', renderTable(buildSections(results)), ''].join('\n');
    process.stdout.write(table + '\n');
    if (options.json) {
        writeFileSync(options.json, JSON.stringify(results, null, 2) + '\n');
        log(`results written to ${options.json}`);
    }
    log(`done in ${(results.meta.durationMs / 1000).toFixed(0)} s`);
    if (keepDir)
        log(`logs kept in ${baseDir}`);
    else
        rmSync(baseDir, { recursive: true, force: true });
    return code;
}
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
    main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
        process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    });
}

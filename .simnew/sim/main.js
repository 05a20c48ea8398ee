/**
 * `npm run sim -- --seeds N [--seed S] [--masters M] [--sentinels K] [--quorum Q] [--down-after MS] [--no-shrink] [--full-trace]`
 * `npm run sim -- --schedule FILE.json [--trace | --full-trace]` (one schedule: seed, topology, faults)
 *
 * Runs N seeded deployments (seeds S, S+1, ...) and checks the invariants after every step.
 * A failing seed prints its fault schedule, a shrunk schedule, and the trace of inputs and
 * actions of the shrunk run; `--seed S --seeds 1` replays it exactly.
 */
import { readFileSync } from 'node:fs';
import { withFaults } from './faults.js';
import { formatSchedule, defaultTopology, runSeed, shrink } from './runner.js';
import { runSchedule } from './world.js';
function parseArgs(argv) {
    const args = new Map();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        if (!arg.startsWith('--'))
            continue;
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
            args.set(arg.slice(2), next);
            i++;
        }
        else
            args.set(arg.slice(2), 'true');
    }
    return args;
}
/** `--schedule FILE`: run one schedule written as JSON (faults only; times recomputed). */
function runScheduleFile(file, args) {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    const schedule = withFaults({ seed: data.seed ?? 1, topology: data.topology ?? defaultTopology(), faults: [], quietAt: 0, endAt: 0 }, data.faults);
    const result = runSchedule(schedule, args.has('trace') || args.has('full-trace'));
    console.log(formatSchedule(schedule));
    const tail = args.has('full-trace') ? result.trace : result.trace.slice(-400);
    for (const line of tail)
        console.log(`  ${line}`);
    console.log(result.ok
        ? `ok: ${result.stats.failovers} elected leaders, quiet from ${schedule.quietAt}ms, end ${schedule.endAt}ms`
        : `FAILED: ${result.violation}`);
    return result.ok ? 0 : 1;
}
function main() {
    const args = parseArgs(process.argv.slice(2));
    const file = args.get('schedule');
    if (file !== undefined)
        return runScheduleFile(file, args);
    const seeds = Number(args.get('seeds') ?? (args.has('seed') ? 1 : 100));
    const first = Number(args.get('seed') ?? 1);
    const topology = defaultTopology({
        masters: Number(args.get('masters') ?? 1),
        sentinels: Number(args.get('sentinels') ?? 3),
        ...(args.has('quorum') ? { quorum: Number(args.get('quorum')) } : {}),
        ...(args.has('down-after') ? { downAfterMs: Number(args.get('down-after')) } : {}),
        ...(args.has('fencing') ? { fencing: args.get('fencing') } : {}),
    });
    const maxFailures = Number(args.get('max-failures') ?? 1);
    const started = Date.now();
    let failures = 0;
    let failovers = 0;
    let crashes = 0;
    let virtualMs = 0;
    let dualAfter = 0;
    let dualAfterSeed = 0;
    let dualTotalMs = 0;
    let fences = 0;
    for (let i = 0; i < seeds; i++) {
        const seed = first + i;
        const { result, schedule } = runSeed(seed, topology);
        failovers += result.stats.failovers;
        crashes += result.stats.crashes;
        virtualMs += result.virtualMs;
        dualTotalMs += result.stats.dualPrimaryMs;
        fences += result.stats.fences;
        if (result.stats.dualAfterFaultMs > dualAfter) {
            dualAfter = result.stats.dualAfterFaultMs;
            dualAfterSeed = seed;
        }
        if (!result.ok) {
            failures++;
            console.log(`\nSEED ${seed} FAILED: ${result.violation}`);
            console.log(formatSchedule(schedule));
            const small = args.has('no-shrink') ? schedule : shrink(schedule);
            const replay = runSchedule(small, true);
            if (!replay.ok) {
                console.log(`shrunk to ${small.faults.length} fault(s): ${replay.violation}`);
                console.log(formatSchedule(small));
            }
            else
                console.log('(shrinking lost the failure; trace of the original schedule)');
            const traced = replay.ok ? runSchedule(schedule, true) : replay;
            const tail = args.has('full-trace') ? traced.trace : traced.trace.slice(-400);
            console.log(`trace (${tail.length} of ${traced.trace.length} lines):`);
            for (const line of tail)
                console.log(`  ${line}`);
            console.log(`replay: npm run sim -- --seed ${seed} --seeds 1${args.has('masters') ? ` --masters ${topology.masters}` : ''}${args.has('sentinels') ? ` --sentinels ${topology.sentinels}` : ''}${args.has('quorum') ? ` --quorum ${topology.quorum}` : ''}${args.has('down-after') ? ` --down-after ${topology.downAfterMs}` : ''}${args.has('fencing') ? ` --fencing ${topology.fencing}` : ''}`);
            if (failures >= maxFailures)
                break;
        }
        if (args.has('progress') && (i + 1) % 1000 === 0) {
            const secs = (Date.now() - started) / 1000;
            console.log(`${i + 1} seeds, ${failures} failing, ${secs.toFixed(0)}s, ${((i + 1) / secs).toFixed(1)} seeds/s`);
        }
    }
    const secs = (Date.now() - started) / 1000;
    console.log(`\n${seeds} seeds from ${first}: ${failures} failing; ${failovers} elected leaders, ${crashes} sentinel crashes, ${(virtualMs / 3_600_000).toFixed(1)} virtual hours in ${secs.toFixed(1)}s (${(seeds / secs).toFixed(1)} seeds/s); two primaries at most ${dualAfter}ms after the last fault (seed ${dualAfterSeed}); two writable primaries for ${(dualTotalMs / 1000).toFixed(1)} s in all; ${fences} CLIENT PAUSE sent (fencing ${topology.fencing ?? 'default'})`);
    return failures === 0 ? 0 : 1;
}
process.exitCode = main();

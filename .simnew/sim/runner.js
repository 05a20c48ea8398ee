/**
 * Seeds → schedules → runs, shrinking a failing schedule by dropping faults one at a time
 * while the run still fails (best effort: the network's random stream then shifts too).
 */
import { describeFault, generateSchedule, withFaults } from './faults.js';
import { runSchedule } from './world.js';
export function defaultTopology(partial = {}) {
    return { masters: 1, sentinels: 3, nodesPerMaster: 3, ...partial };
}
export function runSeed(seed, topology) {
    const schedule = generateSchedule(seed, topology);
    return { seed, schedule, result: runSchedule(schedule) };
}
/** Drop faults while the schedule still fails; at most `budget` extra runs. */
export function shrink(schedule, budget = 60) {
    let current = schedule;
    let runs = 0;
    let progress = true;
    while (progress && runs < budget) {
        progress = false;
        for (let i = 0; i < current.faults.length && runs < budget; i++) {
            const faults = current.faults.filter((_, j) => j !== i);
            const candidate = withFaults(current, faults);
            runs++;
            if (!runSchedule(candidate).ok) {
                current = candidate;
                progress = true;
                break;
            }
        }
    }
    return current;
}
export function formatSchedule(schedule) {
    const lines = [
        `seed ${schedule.seed}, ${schedule.topology.masters} master(s) x ${schedule.topology.nodesPerMaster} nodes, ${schedule.topology.sentinels} sentinels, quiet from ${schedule.quietAt}ms, end ${schedule.endAt}ms`,
    ];
    for (const f of schedule.faults)
        lines.push(`  ${describeFault(f)}`);
    return lines.join('\n');
}

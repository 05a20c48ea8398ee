/**
 * Small statistics for benchmark samples. Pure functions: no I/O, no clocks.
 */
/**
 * The p-th percentile (0..100) of `values`, interpolating linearly between the two nearest
 * ranks (the usual "type 7" definition). Null for an empty sample.
 */
export function percentile(values, p) {
    const finite = values.filter((v) => Number.isFinite(v));
    if (finite.length === 0 || !Number.isFinite(p))
        return null;
    const sorted = [...finite].sort((a, b) => a - b);
    const clamped = Math.min(100, Math.max(0, p));
    const rank = (clamped / 100) * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const low = sorted[lo];
    const high = sorted[hi];
    return low + (high - low) * (rank - lo);
}
export function median(values) {
    return percentile(values, 50);
}
export function maxOf(values) {
    const finite = values.filter((v) => Number.isFinite(v));
    return finite.length === 0 ? null : Math.max(...finite);
}
export function minOf(values) {
    const finite = values.filter((v) => Number.isFinite(v));
    return finite.length === 0 ? null : Math.min(...finite);
}
export function mean(values) {
    const finite = values.filter((v) => Number.isFinite(v));
    return finite.length === 0 ? null : finite.reduce((a, b) => a + b, 0) / finite.length;
}
export function summarize(values) {
    const present = values.filter((v) => v !== null && Number.isFinite(v));
    return { median: median(present), max: maxOf(present), count: present.length };
}
/**
 * CPU time used per second of wall time, in milliseconds, from two samples of a process's
 * utime+stime (in clock ticks) taken `wallMs` apart.
 */
export function cpuMsPerSecond(ticksBefore, ticksAfter, clockTicksPerSec, wallMs) {
    if (wallMs <= 0 || clockTicksPerSec <= 0 || ticksAfter < ticksBefore)
        return null;
    const cpuMs = ((ticksAfter - ticksBefore) / clockTicksPerSec) * 1000;
    return (cpuMs / wallMs) * 1000;
}

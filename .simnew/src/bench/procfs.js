/**
 * Reading a process's memory and CPU time from Linux /proc. The parsers are pure (they take the
 * file's text); the readers return null when the process is gone or /proc is not there.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
/** VmRSS from /proc/<pid>/status, in kB; null when the line is missing. */
export function parseVmRssKb(statusText) {
    const match = /^VmRSS:\s+(\d+)\s*kB/m.exec(statusText);
    return match ? Number(match[1]) : null;
}
/**
 * utime + stime (fields 14 and 15, in clock ticks) from /proc/<pid>/stat. The command name
 * (field 2) is in parentheses and may itself hold spaces or parentheses, so fields are counted
 * from after its last ')'.
 */
export function parseCpuTicks(statText) {
    const close = statText.lastIndexOf(')');
    if (close < 0)
        return null;
    // After ')': field 3 (state) is at index 0, so field n is at index n - 3.
    const fields = statText
        .slice(close + 1)
        .trim()
        .split(/\s+/);
    const utime = Number(fields[14 - 3]);
    const stime = Number(fields[15 - 3]);
    if (!Number.isInteger(utime) || !Number.isInteger(stime))
        return null;
    return utime + stime;
}
function readText(path) {
    try {
        return readFileSync(path, 'utf8');
    }
    catch {
        return null;
    }
}
export function readRssKb(pid) {
    const text = readText(`/proc/${pid}/status`);
    return text === null ? null : parseVmRssKb(text);
}
export function readCpuTicks(pid) {
    const text = readText(`/proc/${pid}/stat`);
    return text === null ? null : parseCpuTicks(text);
}
let clockTicks = null;
/** The kernel's USER_HZ (sysconf(_SC_CLK_TCK)); 100 on every usual Linux when getconf is absent. */
export function clockTicksPerSecond() {
    if (clockTicks !== null)
        return clockTicks;
    try {
        const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
        clockTicks = Number.isInteger(value) && value > 0 ? value : 100;
    }
    catch {
        clockTicks = 100;
    }
    return clockTicks;
}

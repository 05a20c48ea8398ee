/**
 * Benchmark 2, the many-masters half: one sentinel monitoring `masters` masters, spread over a
 * few real redis-server processes (10 names on each by default), then steady-state RSS and CPU
 * time per second over a quiet window. Both kinds use the same redis-servers, one after the
 * other, so they never see each other's hello messages.
 */
import { freePort } from '../cli/local-processes.js';
import { clockTicksPerSecond, readCpuTicks, readRssKb } from './procfs.js';
import { cpuMsPerSecond } from './stats.js';
import { pairs, sleep, until } from './wait.js';
/** `sentinel monitor` lines: names m000.. spread `namesPerServer` to a port, in port order. */
export function manyMasterLines(ports, masters, namesPerServer) {
    const lines = [];
    for (let i = 0; i < masters; i++) {
        const port = ports[Math.floor(i / namesPerServer) % ports.length];
        lines.push(`sentinel monitor m${String(i).padStart(3, '0')} 127.0.0.1 ${port} 2`);
    }
    return lines;
}
export async function startDataServers(fleet, settings) {
    const count = Math.max(1, Math.ceil(settings.masters / settings.namesPerServer));
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    return Promise.all(ports.map((port, i) => fleet.startRedis(`many-redis-${i + 1}`, port)));
}
export async function runManyMasters(fleet, kind, servers, settings, log) {
    const base = { kind, masters: settings.masters, servers: servers.length, windowMs: settings.windowMs };
    const port = await freePort();
    const lines = manyMasterLines(servers.map((s) => s.port), settings.masters, settings.namesPerServer);
    const started = performance.now();
    let sentinel = null;
    try {
        sentinel = await fleet.startSentinel(kind, `many-${kind}`, port, lines);
        const client = fleet.client(port);
        let readyMs;
        try {
            await client.connect();
            // Ready when every master is listed, reachable and has answered INFO at least once
            // (`info-refresh` counts from the epoch until the first INFO reply).
            await until(`${kind}: ${settings.masters} masters answering INFO`, settings.readyTimeoutMs, async () => {
                const masters = (await client.call('SENTINEL', 'MASTERS')).map(pairs);
                if (masters.length < settings.masters)
                    return false;
                return masters.every((m) => m.flags === 'master' && Number(m['info-refresh']) < 60_000);
            }, 250);
            readyMs = performance.now() - started;
        }
        finally {
            fleet.dropClient(client);
        }
        log(`${kind}: ${settings.masters} masters ready after ${Math.round(readyMs)} ms; measuring`);
        await sleep(settings.warmupMs);
        const ticksBefore = readCpuTicks(sentinel.pid);
        const windowStart = performance.now();
        await sleep(settings.windowMs);
        const ticksAfter = readCpuTicks(sentinel.pid);
        const wallMs = performance.now() - windowStart;
        const rssKb = readRssKb(sentinel.pid);
        const cpu = ticksBefore === null || ticksAfter === null
            ? null
            : cpuMsPerSecond(ticksBefore, ticksAfter, clockTicksPerSecond(), wallMs);
        log(`${kind}: ${settings.masters} masters: RSS ${rssKb ?? '?'} kB, CPU ${cpu?.toFixed(1) ?? '?'} ms/s`);
        return { ...base, rssKb, cpuMsPerSec: cpu, readyMs, error: null };
    }
    catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`${kind}: many-masters benchmark failed: ${error}`);
        return { ...base, rssKb: null, cpuMsPerSec: null, readyMs: null, error };
    }
    finally {
        if (sentinel)
            await fleet.kill(sentinel);
    }
}

import { startGroup, stopGroup, waitForDiscovery } from './topology.js';
import { sleep } from './wait.js';
/** Extra failovers in one run: the most `+switch-master` messages any one sentinel sent, less one. */
export function extraFailovers(switchCounts) {
    return Math.max(0, ...switchCounts.map((n) => n - 1));
}
/** A run that could not be measured: no timings, the reason in `error`. */
function failedRun(base, error) {
    const none = { sdownMs: null, odownMs: null, switchAllMs: null, promotedMs: null, promoted: null };
    return { ...base, ...none, switchCounts: [], extraFailovers: 0, error };
}
export async function runFailover(fleet, kind, run, settings, log) {
    const events = [];
    const base = { kind, run, events };
    let group;
    try {
        group = await startGroup(fleet, kind, `failover-${kind}-${run}`, {
            downAfterMs: settings.downAfterMs,
            failoverTimeoutMs: settings.failoverTimeoutMs,
        });
    }
    catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return failedRun(base, error);
    }
    const clients = [];
    try {
        await waitForDiscovery(fleet, group, settings.discoveryTimeoutMs);
        let killedAt = null;
        // Every event of every sentinel, as an operator would watch with PSUBSCRIBE *.
        for (const [index, sentinel] of group.sentinels.entries()) {
            const sub = fleet.client(sentinel.port);
            clients.push(sub);
            await sub.connect();
            sub.on('pmessage', (_pattern, channel, message) => {
                if (killedAt === null)
                    return;
                events.push({ sentinel: index, channel, message, atMs: performance.now() - killedAt });
            });
            await sub.psubscribe('*');
        }
        // Sentinel 7.0 ends a replica's normal clients (CLIENT KILL TYPE normal) when it promotes or
        // reconfigures it, so a poller whose connection is closed opens a new one.
        const replicaClients = group.replicas.map(() => null);
        const askRole = async (index) => {
            let client = replicaClients[index];
            if (!client || client.status === 'end' || client.status === 'close') {
                if (client)
                    fleet.dropClient(client);
                client = fleet.client(group.replicas[index].port);
                replicaClients[index] = client;
                clients.push(client);
                await client.connect();
            }
            return client.call('ROLE');
        };
        await Promise.all(group.replicas.map((_, i) => askRole(i)));
        killedAt = performance.now();
        const killed = fleet.kill(group.primary, 'SIGKILL');
        let promotedMs = null;
        let promoted = null;
        const deadline = killedAt + settings.deadlineMs;
        const switchesSeen = () => group.sentinels.every((_, i) => events.some((e) => e.sentinel === i && e.channel === '+switch-master'));
        while (performance.now() < deadline && (promotedMs === null || !switchesSeen())) {
            if (promotedMs === null) {
                const roles = await Promise.all(group.replicas.map((_, i) => askRole(i).catch(() => null)));
                const at = performance.now() - killedAt;
                const index = roles.findIndex((r) => Array.isArray(r) && r[0] === 'master');
                if (index >= 0) {
                    promotedMs = at;
                    promoted = `127.0.0.1:${group.replicas[index].port}`;
                }
            }
            await sleep(10);
        }
        await killed;
        const firstSwitch = events.find((e) => e.channel === '+switch-master');
        if (firstSwitch) {
            const windowEnd = killedAt + firstSwitch.atMs + settings.extraWindowMs;
            const rest = windowEnd - performance.now();
            if (rest > 0)
                await sleep(rest);
        }
        const inWindow = (e) => firstSwitch !== undefined && e.atMs <= firstSwitch.atMs + settings.extraWindowMs;
        const switchCounts = group.sentinels.map((_, i) => events.filter((e) => e.sentinel === i && e.channel === '+switch-master' && inWindow(e)).length);
        const sdown = events.find((e) => e.channel === '+sdown' && e.message.startsWith('master '));
        const odown = events.find((e) => e.channel === '+odown' && e.message.startsWith('master '));
        const lastSwitches = group.sentinels.map((_, i) => events.find((e) => e.sentinel === i && e.channel === '+switch-master')?.atMs ?? null);
        const switchAllMs = lastSwitches.some((t) => t === null) ? null : Math.max(...lastSwitches);
        const problems = [];
        if (switchAllMs === null)
            problems.push(`+switch-master seen on ${lastSwitches.filter((t) => t !== null).length}/3 sentinels`);
        if (promotedMs === null)
            problems.push('no replica promoted');
        const error = problems.length ? `within ${settings.deadlineMs} ms: ${problems.join(', ')}` : null;
        const result = {
            ...base,
            sdownMs: sdown?.atMs ?? null,
            odownMs: odown?.atMs ?? null,
            switchAllMs,
            promotedMs,
            switchCounts,
            extraFailovers: extraFailovers(switchCounts),
            promoted,
            error,
        };
        const ms = (v) => (v === null ? '-' : `${Math.round(v)} ms`);
        log(`${kind} run ${run}: +sdown ${ms(result.sdownMs)}, +odown ${ms(result.odownMs)}, role:master ${ms(promotedMs)}, ` +
            `+switch-master on all ${ms(switchAllMs)}, extra failovers ${result.extraFailovers}` +
            (error ? ` (${error})` : ''));
        return result;
    }
    catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`${kind} run ${run}: failed: ${error}`);
        return failedRun(base, error);
    }
    finally {
        for (const c of clients)
            fleet.dropClient(c);
        await stopGroup(fleet, group);
    }
}

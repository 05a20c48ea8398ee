/**
 * The deployment most benchmarks use: one primary, two replicas, three sentinels of one kind
 * with quorum 2, everything on fresh loopback ports.
 */
import { freePort } from '../cli/local-processes.js';
import { pairs, until } from './wait.js';
export const MASTER_NAME = 'mymaster';
export async function startGroup(fleet, kind, tag, timers = {}) {
    const [p0, p1, p2, s0, s1, s2] = await Promise.all([0, 1, 2, 3, 4, 5].map(() => freePort()));
    const started = [];
    const track = (proc) => {
        started.push(proc);
        return proc;
    };
    try {
        const primary = await track(fleet.startRedis(`${tag}-primary`, p0));
        const replicas = await Promise.all([
            track(fleet.startRedis(`${tag}-replica-1`, p1, p0)),
            track(fleet.startRedis(`${tag}-replica-2`, p2, p0)),
        ]);
        const lines = [`sentinel monitor ${MASTER_NAME} 127.0.0.1 ${p0} 2`];
        if (timers.downAfterMs !== undefined)
            lines.push(`sentinel down-after-milliseconds ${MASTER_NAME} ${timers.downAfterMs}`);
        if (timers.failoverTimeoutMs !== undefined)
            lines.push(`sentinel failover-timeout ${MASTER_NAME} ${timers.failoverTimeoutMs}`);
        const sentinels = await Promise.all([s0, s1, s2].map((port, i) => track(fleet.startSentinel(kind, `${tag}-${kind}-${i + 1}`, port, lines))));
        return { kind, primary, replicas, sentinels };
    }
    catch (err) {
        // Whatever did start must not keep running (and using CPU) during the next benchmark.
        const settled = await Promise.allSettled(started);
        await Promise.all(settled.flatMap((s) => (s.status === 'fulfilled' ? [fleet.kill(s.value)] : [])));
        throw err;
    }
}
/**
 * Wait until every sentinel lists both replicas as healthy (flags exactly `slave`, link `ok`)
 * and knows its two peers, and both replicas have finished their sync with the primary.
 */
export async function waitForDiscovery(fleet, group, timeoutMs) {
    const clients = [...group.sentinels, ...group.replicas].map((p) => fleet.client(p.port));
    try {
        await Promise.all(clients.map((c) => c.connect()));
        const sentinelClients = clients.slice(0, group.sentinels.length);
        const replicaClients = clients.slice(group.sentinels.length);
        await until(`${group.kind}: discovery of 2 replicas and 2 peers on every sentinel`, timeoutMs, async () => {
            for (const c of replicaClients) {
                const role = (await c.call('ROLE'));
                if (role[0] !== 'slave' || role[3] !== 'connected')
                    return false;
            }
            for (const c of sentinelClients) {
                const replicas = (await c.call('SENTINEL', 'REPLICAS', MASTER_NAME)).map(pairs);
                const peers = (await c.call('SENTINEL', 'SENTINELS', MASTER_NAME));
                if (replicas.length < 2 || peers.length < 2)
                    return false;
                if (!replicas.every((r) => r.flags === 'slave' && r['master-link-status'] === 'ok'))
                    return false;
            }
            return true;
        });
    }
    finally {
        for (const c of clients)
            fleet.dropClient(c);
    }
}
export async function stopGroup(fleet, group) {
    await Promise.all([...group.sentinels, group.primary, ...group.replicas].map((proc) => fleet.kill(proc)));
}

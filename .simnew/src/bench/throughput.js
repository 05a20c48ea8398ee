/**
 * Benchmark 1 (command throughput and latency) and the 1-master half of benchmark 2 (RSS at
 * idle after discovery and after the load). One kind at a time, so the two never compete for the
 * CPU: a primary with two replicas and three sentinels; redis-benchmark hits the first sentinel,
 * whose replies then carry two replicas and two peers, as in a real deployment.
 */
import { runRedisBenchmark } from './benchmark.js';
import { probeReply } from './probe.js';
import { readRssKb } from './procfs.js';
import { MASTER_NAME, startGroup, stopGroup, waitForDiscovery } from './topology.js';
import { sleep } from './wait.js';
export const COMMANDS = [
    { name: 'PING', args: ['PING'] },
    { name: 'GET-MASTER-ADDR-BY-NAME', args: ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME] },
    { name: 'SENTINEL MASTERS', args: ['SENTINEL', 'MASTERS'] },
    { name: 'SENTINEL REPLICAS', args: ['SENTINEL', 'REPLICAS', MASTER_NAME] },
    { name: 'INFO', args: ['INFO'] },
];
export async function runThroughput(fleet, kind, settings, log) {
    const commands = [];
    let rssIdleKb = null;
    let rssAfterLoadKb = null;
    const group = await startGroup(fleet, kind, `load-${kind}`);
    try {
        await waitForDiscovery(fleet, group, settings.discoveryTimeoutMs);
        const target = group.sentinels[0];
        await sleep(settings.settleMs);
        rssIdleKb = readRssKb(target.pid);
        log(`${kind}: discovery done, idle RSS ${rssIdleKb ?? '?'} kB; warming up`);
        const pipelines = [1, settings.pipeline];
        for (const command of COMMANDS) {
            await runRedisBenchmark(fleet, target.port, command.args, {
                requests: settings.warmupRequests,
                clients: settings.clients,
                pipeline: 1,
                timeoutMs: settings.runTimeoutMs,
            });
        }
        for (const command of COMMANDS) {
            let replyBytes = null;
            let replyError = null;
            try {
                const probe = await probeReply(target.port, command.args);
                replyBytes = probe.bytes;
                replyError = probe.error;
            }
            catch (err) {
                replyError = err instanceof Error ? err.message : String(err);
            }
            const loads = {};
            for (const pipeline of pipelines) {
                const load = await runRedisBenchmark(fleet, target.port, command.args, {
                    requests: pipeline === 1 ? settings.requests : settings.pipelinedRequests,
                    clients: settings.clients,
                    pipeline,
                    timeoutMs: settings.runTimeoutMs,
                });
                loads[String(pipeline)] = load;
                const row = load.row;
                log(`${kind}: ${command.name} -P ${pipeline}: ` +
                    (row
                        ? `${row.rps ?? '?'} rps, p50 ${row.p50Ms ?? '?'} ms, p99 ${row.p99Ms ?? '?'} ms`
                        : String(load.error)));
            }
            commands.push({ command: command.name, replyBytes, replyError, loads });
        }
        rssAfterLoadKb = readRssKb(target.pid);
        log(`${kind}: RSS after load ${rssAfterLoadKb ?? '?'} kB`);
        return { kind, commands, rssIdleKb, rssAfterLoadKb, error: null };
    }
    catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        log(`${kind}: throughput benchmark failed: ${error}`);
        return { kind, commands, rssIdleKb, rssAfterLoadKb, error };
    }
    finally {
        await stopGroup(fleet, group);
    }
}

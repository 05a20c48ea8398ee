import { KINDS } from './fleet.js';
import { VARIANT_LABEL, } from './partition.js';
import { maxOf, minOf, summarize } from './stats.js';
function row(label, unit, better, decimals, value) {
    return { label, unit, better, decimals, vigil: value('vigil'), sentinel: value('redis-sentinel') };
}
const mb = (kb) => kb === null || kb === undefined ? null : kb / 1024;
function errorNotes(entries) {
    return entries.filter(([, e]) => e).map(([who, e]) => `! ${who}: ${e}`);
}
export function throughputSection(results) {
    const byKind = results.throughput;
    if (!KINDS.some((k) => byKind[k]))
        return null;
    const { requests, pipelinedRequests, pipeline, clients } = results.meta;
    const names = (byKind.vigil ?? byKind['redis-sentinel']).commands.map((c) => c.command);
    const rows = [];
    for (const name of names) {
        const cmd = (kind) => byKind[kind]?.commands.find((c) => c.command === name);
        for (const depth of [1, pipeline]) {
            const load = (kind) => cmd(kind)?.loads[String(depth)]?.row ?? null;
            const tag = `${name} -P ${depth}`;
            rows.push(row(`${tag} throughput`, 'req/s', 'higher', 0, (k) => load(k)?.rps ?? null));
            rows.push(row(`${tag} p50`, 'ms', 'lower', 3, (k) => load(k)?.p50Ms ?? null));
            rows.push(row(`${tag} p99`, 'ms', 'lower', 3, (k) => load(k)?.p99Ms ?? null));
        }
    }
    for (const name of names) {
        rows.push(row(`${name} reply size`, 'bytes', 'none', 0, (k) => byKind[k]?.commands.find((c) => c.command === name)?.replyBytes ?? null));
    }
    const notes = errorNotes(KINDS.flatMap((k) => [
        [k, byKind[k]?.error],
        ...(byKind[k]?.commands ?? []).flatMap((c) => [
            [`${k} ${c.command} reply`, c.replyError],
            ...Object.entries(c.loads).map(([d, l]) => [`${k} ${c.command} -P ${d}`, l.error]),
        ]),
    ]));
    return {
        title: `Throughput and latency: redis-benchmark -c ${clients}, -n ${requests} at -P 1, -n ${pipelinedRequests} at -P ${pipeline}`,
        rows,
        notes,
    };
}
export function memorySection(results) {
    const load = results.throughput;
    const many = results.manyMasters;
    if (!KINDS.some((k) => load[k] || many[k]))
        return null;
    const { masters, mastersPerServer, windowMs } = results.meta;
    const rows = [];
    if (KINDS.some((k) => load[k])) {
        rows.push(row('RSS idle, 1 master, after discovery', 'MB', 'lower', 1, (k) => mb(load[k]?.rssIdleKb)));
        rows.push(row('RSS after the throughput load', 'MB', 'lower', 1, (k) => mb(load[k]?.rssAfterLoadKb)));
    }
    if (KINDS.some((k) => many[k])) {
        rows.push(row(`RSS steady, ${masters} masters`, 'MB', 'lower', 1, (k) => mb(many[k]?.rssKb)));
        rows.push(row(`CPU time, ${masters} masters`, 'ms/s', 'lower', 1, (k) => many[k]?.cpuMsPerSec ?? null));
    }
    const servers = many.vigil?.servers ?? many['redis-sentinel']?.servers;
    const notes = [
        ...(servers !== undefined
            ? [
                `${masters} masters = ${mastersPerServer} names on each of ${servers} real redis-servers; CPU over ${windowMs / 1000} s`,
            ]
            : []),
        ...errorNotes(KINDS.map((k) => [`${k} ${masters} masters`, many[k]?.error])),
    ];
    return { title: 'Memory (VmRSS) and CPU (utime+stime)', rows, notes };
}
export function failoverSection(results) {
    const runs = results.failover;
    if (!KINDS.some((k) => runs[k]))
        return null;
    const pick = (kind, f) => summarize((runs[kind] ?? []).map(f));
    const rows = [];
    const metrics = [
        ['kill -9 to first +sdown', (r) => r.sdownMs],
        ['kill -9 to first +odown', (r) => r.odownMs],
        ['kill -9 to replica role:master', (r) => r.promotedMs],
        ['kill -9 to +switch-master on all 3', (r) => r.switchAllMs],
    ];
    for (const [label, f] of metrics) {
        rows.push(row(`${label}, median`, 'ms', 'lower', 0, (k) => pick(k, f).median));
        rows.push(row(`${label}, max`, 'ms', 'lower', 0, (k) => pick(k, f).max));
    }
    rows.push(row('extra failovers (total)', '', 'lower', 0, (k) => runs[k] ? runs[k].reduce((sum, r) => sum + r.extraFailovers, 0) : null));
    rows.push(row('failed runs', '', 'lower', 0, (k) => (runs[k] ? runs[k].filter((r) => r.error).length : null)));
    const { runs: n, extraWindowMs } = results.meta;
    return {
        title: `Failover: 3 sentinels, 1 primary, 2 replicas, down-after 1000 ms, failover-timeout 5000 ms, ${n} run(s) each`,
        rows,
        notes: [
            `extra failover = a second +switch-master from one sentinel within ${extraWindowMs / 1000} s of the first`,
            ...errorNotes(KINDS.flatMap((k) => (runs[k] ?? []).map((r) => [`${k} run ${r.run}`, r.error]))),
        ],
    };
}
/**
 * Partition rows compare one Vigil variant with redis-sentinel: the Vigil column holds Vigil
 * (default) in the first block and Vigil with fence-on-minority in the second.
 */
export function partitionSection(results) {
    const p = results.partition;
    if (!p)
        return null;
    const { settings } = p;
    const title = `Partition: the primary's server cut off for ${settings.cutMs / 1000} s (3 servers as network namespaces, ` +
        `quorum 2, down-after ${settings.downAfterMs} ms, 2 clients writing every 10 ms), ${results.meta.runs} run(s) each`;
    if (p.skipped)
        return { title, rows: [], notes: [`skipped: ${p.skipped}`] };
    const measured = (v) => (p.runs[v] ?? []).filter((r) => r.error === null && r.unavailable === null);
    const values = (v, f) => measured(v)
        .map(f)
        .filter((x) => x !== null);
    const block = (v, tag) => {
        const rowOf = (label, unit, better, decimals, pick, f) => ({
            label: `${label}${tag}`,
            unit,
            better,
            decimals,
            vigil: p.runs[v] ? pick(values(v, f)) : null,
            sentinel: p.runs['redis-sentinel'] ? pick(values('redis-sentinel', f)) : null,
        });
        const med = (vs) => summarize(vs).median;
        const share = (r) => r.acked === null || r.lost === null || r.acked === 0 ? null : (100 * r.lost) / r.acked;
        return [
            rowOf('acknowledged writes lost, median', '', 'lower', 0, med, (r) => r.lost),
            rowOf('acknowledged writes lost, min', '', 'lower', 0, minOf, (r) => r.lost),
            rowOf('acknowledged writes lost, max', '', 'lower', 0, maxOf, (r) => r.lost),
            rowOf('share of acknowledged writes lost, median', '%', 'lower', 1, med, share),
            rowOf('lost writes acknowledged after healing, median', '', 'lower', 0, med, (r) => r.lostAfterHeal),
            rowOf('acknowledged writes, median', '', 'none', 0, med, (r) => r.acked),
            rowOf('failovers per run, max', '', 'lower', 0, maxOf, (r) => r.failovers),
            rowOf('cut to +switch-master on the majority, median', 'ms', 'lower', 0, med, (r) => r.failoverMs),
            rowOf('heal to agreement, median', 'ms', 'lower', 0, med, (r) => r.convergeMs),
            rowOf('heal to agreement, max', 'ms', 'lower', 0, maxOf, (r) => r.convergeMs),
            {
                label: `failed runs${tag}`,
                unit: '',
                better: 'lower',
                decimals: 0,
                vigil: p.runs[v] ? p.runs[v].filter((r) => r.error !== null).length : null,
                sentinel: p.runs['redis-sentinel']
                    ? p.runs['redis-sentinel'].filter((r) => r.error !== null).length
                    : null,
            },
        ];
    };
    const fencedUnavailable = (p.runs['vigil-fenced'] ?? []).find((r) => r.unavailable !== null)?.unavailable;
    const rows = [...block('vigil', '')];
    if (p.runs['vigil-fenced'] && !fencedUnavailable)
        rows.push(...block('vigil-fenced', ' [fence-on-minority]'));
    const perRun = (v) => {
        const runs = p.runs[v];
        if (!runs || runs.length === 0)
            return null;
        // Said once below, with the reason.
        if (runs.every((r) => r.unavailable !== null))
            return null;
        const lost = runs.map((r) => (r.lost === null ? 'failed' : `${r.lost}/${r.acked}`)).join(', ');
        return `${VARIANT_LABEL[v]}: lost/acknowledged per run ${lost}`;
    };
    const isolated = ['redis-sentinel', 'vigil', 'vigil-fenced'].flatMap((v) => (p.runs[v] ?? [])
        .filter((r) => r.isolatedFailedOver)
        .map((r) => `! ${VARIANT_LABEL[v]} run ${r.run}: the cut-off sentinel tried a failover`));
    const notes = [
        ...['redis-sentinel', 'vigil', 'vigil-fenced']
            .map(perRun)
            .filter((n) => n !== null),
        ...(fencedUnavailable ? [`Vigil fence-on-minority: not available: ${fencedUnavailable}`] : []),
        'targets (issue #10): lost writes at most 0.5x redis-sentinel for Vigil, 0.1x with fence-on-minority',
        'ratio = Vigil variant / redis-sentinel; lost = acknowledged writes missing on the final primary',
        ...isolated,
        ...errorNotes(['redis-sentinel', 'vigil', 'vigil-fenced'].flatMap((v) => (p.runs[v] ?? []).map((r) => [`${VARIANT_LABEL[v]} run ${r.run}`, r.error]))),
    ];
    return { title, rows, notes };
}
export function buildSections(results) {
    return [
        throughputSection(results),
        memorySection(results),
        failoverSection(results),
        partitionSection(results),
    ].filter((s) => s !== null);
}
export function headerLines(meta) {
    return [
        `Vigil ${meta.vigilVersion} vs redis-sentinel ${meta.redisSentinelVersion} (redis-benchmark ${meta.redisBenchmarkVersion})`,
        `node ${meta.node}, ${meta.cpus} CPU(s) ${meta.cpuModel}, ${meta.date}${meta.quick ? ', --quick' : ''}`,
        `load average ${meta.loadAvgStart.toFixed(2)} at start, ${meta.loadAvgEnd.toFixed(2)} at end; run took ${Math.round(meta.durationMs / 1000)} s`,
        'ratio = Vigil / redis-sentinel; "Vigil is" reads the ratio in the direction that is better for each metric',
    ];
}

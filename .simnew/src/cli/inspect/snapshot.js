/**
 * Gathering: what every reachable sentinel says about its masters, and what the data nodes
 * they name say about themselves. The result is plain data (JSON-serialisable) so that the
 * doctor's rules and the status view are pure functions of it and can be tested on
 * handcrafted snapshots.
 */
import { NodeConnection, errorText } from './client.js';
import { commandCalls, entryAddress, formatAddress, listOfFields, pairsToFields, parseAddress, parseInfo, } from './parse.js';
export const CONFIG_KEYS = [
    'save',
    'appendonly',
    'min-replicas-to-write',
    'min-replicas-max-lag',
    'replica-priority',
];
export async function gather(options) {
    const takenAt = new Date().toISOString();
    const maxSentinels = options.maxSentinels ?? 32;
    const reports = [];
    const asked = new Set();
    let wave = [];
    for (const seed of options.seeds) {
        const address = formatAddress(seed);
        if (!asked.has(address)) {
            asked.add(address);
            wave.push({ address, source: 'seed' });
        }
    }
    while (wave.length > 0) {
        const answered = await Promise.all(wave.map((w) => askSentinel(w.address, w.source, options)));
        wave = [];
        for (const report of answered) {
            // The same sentinel under a second address (a seed given as localhost, say).
            if (report.runId !== undefined && reports.some((r) => r.runId === report.runId))
                continue;
            reports.push(report);
        }
        if (options.discover === false)
            break;
        const knownRunIds = new Set(reports.map((r) => r.runId).filter((id) => id !== undefined));
        for (const report of reports) {
            for (const view of Object.values(report.masters)) {
                for (const peer of view.sentinels) {
                    const address = entryAddress(peer);
                    if (asked.has(address) || (peer.runid !== undefined && knownRunIds.has(peer.runid)))
                        continue;
                    if (asked.size >= maxSentinels)
                        continue;
                    asked.add(address);
                    wave.push({ address, source: 'discovered' });
                }
            }
        }
    }
    const dataNodes = [];
    if (options.dataNodes ?? true) {
        const addresses = new Set();
        for (const report of reports) {
            for (const view of Object.values(report.masters)) {
                addresses.add(entryAddress(view.master));
                for (const replica of view.replicas)
                    addresses.add(entryAddress(replica));
            }
        }
        dataNodes.push(...(await Promise.all([...addresses].map((a) => askDataNode(a, options)))));
    }
    const snapshot = { takenAt, sentinels: reports, dataNodes };
    if (options.name !== undefined)
        snapshot.name = options.name;
    return snapshot;
}
async function askSentinel(address, source, options) {
    const name = options.name;
    const report = { address, source, reachable: false, masters: {} };
    let conn;
    try {
        conn = await NodeConnection.open(parseAddress(address), options.timeoutMs, options.sentinelAuth);
    }
    catch (err) {
        report.error = errorText(err);
        return report;
    }
    try {
        const info = parseInfo(String(await conn.call('INFO')));
        if (info.redis_mode !== undefined && info.redis_mode !== 'sentinel') {
            report.error = `not a sentinel (redis_mode:${info.redis_mode})`;
            return report;
        }
        report.reachable = true;
        // Peers list a sentinel under its sentinel id (SENTINEL MYID, what its hellos carry), not
        // under INFO's run_id, which is another id: merging by run id needs the former.
        const myid = await conn.tryCall('SENTINEL', 'MYID');
        const id = myid.error === undefined ? String(myid.value ?? '') : '';
        if (/^[0-9a-f]{40}$/i.test(id))
            report.runId = id;
        else if (info.run_id)
            report.runId = info.run_id;
        if (info.redis_version)
            report.version = info.redis_version;
        if (info.sentinel_tilt !== undefined)
            report.tilt = info.sentinel_tilt === '1';
        const vigil = await conn.tryCall('INFO', 'vigil');
        report.implementation = /vigil_/.test(String(vigil.value ?? '')) ? 'vigil' : 'redis-sentinel';
        const vigilInfo = parseInfo(String(vigil.value ?? ''));
        if (vigilInfo.vigil_maintenance !== undefined) {
            report.maintenance = vigilInfo.vigil_maintenance.split(',').filter((n) => n !== '');
        }
        const masters = listOfFields(await conn.call('SENTINEL', 'MASTERS'));
        const wanted = masters.filter((m) => name === undefined || m.name === name);
        await Promise.all(wanted.map(async (master) => {
            const masterName = master.name ?? '';
            const [replicas, sentinels, ckquorum] = await Promise.all([
                conn.tryCall('SENTINEL', 'REPLICAS', masterName),
                conn.tryCall('SENTINEL', 'SENTINELS', masterName),
                conn.tryCall('SENTINEL', 'CKQUORUM', masterName),
            ]);
            report.masters[masterName] = {
                master,
                replicas: listOfFields(replicas.value),
                sentinels: listOfFields(sentinels.value),
                ckquorum: ckquorum.error !== undefined
                    ? { ok: false, message: ckquorum.error }
                    : { ok: true, message: String(ckquorum.value) },
            };
        }));
    }
    catch (err) {
        report.error = errorText(err);
    }
    finally {
        conn.close();
    }
    return report;
}
async function askDataNode(address, options) {
    const report = { address, reachable: false, info: {}, commandCalls: {}, config: {} };
    let conn;
    try {
        conn = await NodeConnection.open(parseAddress(address), options.timeoutMs, options.dataAuth);
    }
    catch (err) {
        report.error = errorText(err);
        return report;
    }
    try {
        const info = await conn.tryCall('INFO', 'all');
        if (info.error !== undefined) {
            report.error = info.error;
            return report;
        }
        report.reachable = true;
        report.info = parseInfo(String(info.value));
        report.commandCalls = commandCalls(report.info);
        for (const key of Object.keys(report.info)) {
            if (key.startsWith('cmdstat_') || key.startsWith('latency_percentiles_'))
                delete report.info[key];
        }
        // One key per CONFIG GET: older servers take a single pattern.
        const configs = await Promise.all(CONFIG_KEYS.map((key) => conn.tryCall('CONFIG', 'GET', key)));
        CONFIG_KEYS.forEach((key, i) => {
            const reply = configs[i];
            const value = reply?.error === undefined ? pairsToFields(reply?.value)[key] : undefined;
            report.config[key] = value ?? null;
        });
    }
    catch (err) {
        report.error = errorText(err);
    }
    finally {
        conn.close();
    }
    return report;
}

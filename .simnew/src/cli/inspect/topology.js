import { entryAddress, flagsOf, looksDown, replicaLines } from './parse.js';
export function majorityOf(n) {
    return Math.floor(n / 2) + 1;
}
export function masterNames(snapshot) {
    const names = new Set();
    for (const s of snapshot.sentinels)
        for (const name of Object.keys(s.masters))
            names.add(name);
    return [...names].sort();
}
export function pictures(snapshot) {
    return masterNames(snapshot).map((name) => picture(snapshot, name));
}
export function picture(snapshot, name) {
    const views = [];
    for (const report of snapshot.sentinels) {
        const view = report.masters[name];
        if (!view)
            continue;
        views.push({
            report,
            view,
            primary: entryAddress(view.master),
            configEpoch: Number(view.master['config-epoch'] ?? 0),
        });
    }
    const byPrimary = new Map();
    for (const v of views)
        byPrimary.set(v.primary, [...(byPrimary.get(v.primary) ?? []), v]);
    const primaries = [...byPrimary.entries()].sort((a, b) => b[1].length - a[1].length);
    const primary = primaries[0]?.[0] ?? '?';
    const main = primaries[0]?.[1] ?? [];
    const node = (address) => snapshot.dataNodes.find((d) => d.address === address);
    // Sentinels: the answering ones, plus every peer they list, merged by run id or address.
    const sentinels = [];
    const find = (runId, address) => sentinels.find((s) => (runId !== undefined && s.runId === runId) || s.address === address);
    for (const v of views) {
        const known = { address: v.report.address, report: v.report, listedBy: 0, seenDownBy: 0 };
        if (v.report.runId !== undefined)
            known.runId = v.report.runId;
        sentinels.push(known);
    }
    for (const v of views) {
        for (const peer of v.view.sentinels) {
            const address = entryAddress(peer);
            let known = find(peer.runid, address);
            if (!known) {
                known = { address, listedBy: 0, seenDownBy: 0 };
                if (peer.runid !== undefined)
                    known.runId = peer.runid;
                // We may have asked it (and failed) without it answering for this master.
                const report = snapshot.sentinels.find((s) => s.address === address || (s.runId !== undefined && s.runId === peer.runid));
                if (report)
                    known.report = report;
                sentinels.push(known);
            }
            if (address !== known.address && !(known.listedAs ?? []).includes(address)) {
                known.listedAs = [...(known.listedAs ?? []), address];
            }
            known.listedBy++;
            if (looksDown(peer))
                known.seenDownBy++;
        }
    }
    const voters = Math.max(0, ...views.map((v) => 1 + v.view.sentinels.length));
    const primaryNode = node(primary);
    const lines = primaryNode ? replicaLines(primaryNode.info) : [];
    const masterOffset = Number(primaryNode?.info.master_repl_offset ?? NaN);
    const replicas = [];
    for (const v of main) {
        for (const entry of v.view.replicas) {
            const address = entryAddress(entry);
            let known = replicas.find((r) => r.address === address);
            if (!known) {
                known = { address, entries: [], seenDownBy: 0 };
                const n = node(address);
                if (n)
                    known.node = n;
                replicas.push(known);
            }
            known.entries.push(entry);
            if (looksDown(entry))
                known.seenDownBy++;
        }
    }
    for (const r of replicas) {
        const own = r.node?.reachable ? (r.node.info.slave_priority ?? r.node.info.replica_priority) : undefined;
        const fromSentinel = r.entries.find((e) => e['slave-priority'] !== undefined)?.['slave-priority'];
        const priority = Number(own ?? fromSentinel ?? NaN);
        if (Number.isFinite(priority))
            r.priority = priority;
        const line = lines.find((l) => l.address === r.address);
        if (line) {
            r.link = { state: line.state, lagSeconds: line.lag };
            if (Number.isFinite(masterOffset) && Number.isFinite(line.offset)) {
                r.link.bytesBehind = Math.max(0, masterOffset - line.offset);
            }
        }
    }
    replicas.sort((a, b) => a.address.localeCompare(b.address));
    const quorum = Number(main[0]?.view.master.quorum ?? 0);
    const result = { name, views, primaries, primary, quorum, sentinels, voters, replicas };
    if (primaryNode)
        result.primaryNode = primaryNode;
    return result;
}
/** A sentinel we could not ask, or that its peers see down: a dead voter. */
export function isDeadSentinel(s) {
    if (s.report?.reachable)
        return false;
    return s.report !== undefined || (s.listedBy > 0 && s.seenDownBy === s.listedBy);
}
export function masterFlags(view) {
    return flagsOf(view.master);
}

import { entryAddress, flagsOf } from './parse.js';
import { isDeadSentinel, majorityOf, pictures } from './topology.js';
export function statusOf(snapshot) {
    const masters = pictures(snapshot).map((p) => {
        const flagsUnion = new Set(p.views.flatMap((v) => [...flagsOf(v.view.master)]));
        const failover = p.views.find((v) => flagsOf(v.view.master).has('failover_in_progress'));
        return {
            name: p.name,
            primary: {
                address: p.primary,
                reachable: p.primaryNode?.reachable ?? false,
                role: p.primaryNode?.info.role ?? null,
            },
            disputedPrimaries: p.primaries.slice(1).map(([a]) => a),
            configEpochs: [...new Set(p.views.map((v) => v.configEpoch))].sort((a, b) => a - b),
            quorum: p.quorum,
            voters: p.voters,
            majority: majorityOf(p.voters),
            odown: flagsUnion.has('o_down'),
            sdownBy: p.views.filter((v) => flagsOf(v.view.master).has('s_down')).map((v) => v.report.address),
            failoverInProgress: failover !== undefined,
            failoverState: failover?.view.master['failover-state'] ?? null,
            maintenance: maintenanceOf(p),
            replicas: p.replicas.map((r) => {
                // The replica's own word when it answered; a sentinel's last INFO of it otherwise
                // (unless we asked and it did not answer: then nobody knows).
                const link = r.node
                    ? r.node.reachable
                        ? r.node.info.master_link_status
                        : undefined
                    : r.entries[0]?.['master-link-status'] === 'ok'
                        ? 'up'
                        : r.entries[0]?.['master-link-status'];
                return {
                    address: r.address,
                    flags: [...flagsOf(r.entries[0])],
                    link: link ?? 'unknown',
                    lagSeconds: r.link && Number.isFinite(r.link.lagSeconds) ? r.link.lagSeconds : null,
                    bytesBehind: r.link?.bytesBehind ?? null,
                    priority: r.priority ?? null,
                    reachable: r.node?.reachable ?? false,
                };
            }),
            sentinels: [...p.sentinels]
                .sort((a, b) => a.address.localeCompare(b.address))
                .map((s) => {
                const view = s.report?.masters[p.name];
                const reachable = s.report?.reachable ?? false;
                return {
                    address: s.address,
                    runId: s.runId ?? null,
                    implementation: s.report?.implementation ?? null,
                    version: s.report?.version ?? null,
                    reachable: reachable && !isDeadSentinel(s),
                    error: s.report?.error ?? null,
                    tilt: s.report?.tilt ?? null,
                    primary: view ? entryAddress(view.master) : null,
                    configEpoch: view ? Number(view.master['config-epoch'] ?? 0) : null,
                    flags: view ? [...flagsOf(view.master)] : [],
                    knownReplicas: view ? view.replicas.length : null,
                    knownSentinels: view ? view.sentinels.length + 1 : null,
                    seenDownBy: s.seenDownBy,
                    listedBy: s.listedBy,
                    ckquorum: view ? view.ckquorum.message : null,
                    maintenance: reachable && s.report?.maintenance ? s.report.maintenance.includes(p.name) : null,
                };
            }),
        };
    });
    return {
        takenAt: snapshot.takenAt,
        asked: snapshot.sentinels.map((s) => ({
            address: s.address,
            reachable: s.reachable,
            error: s.error ?? null,
        })),
        masters,
    };
}
/** See StatusMaster.maintenance. */
export function maintenanceOf(p) {
    const said = p.views.map((v) => v.report.maintenance).filter((m) => m !== undefined);
    if (said.length === 0)
        return null;
    return said.some((names) => names.includes(p.name));
}

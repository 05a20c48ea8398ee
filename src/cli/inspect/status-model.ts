/**
 * What `vigil status` shows, as plain data: `--json` prints it, the text view renders it.
 * Pure function of a snapshot.
 */
import type { Snapshot } from './snapshot.js';
import { entryAddress, flagsOf } from './parse.js';
import { isDeadSentinel, majorityOf, pictures, type MasterPicture } from './topology.js';

export interface StatusReplica {
  address: string;
  /** What the sentinels' entries say (flags of the first one listing it). */
  flags: string[];
  /** `up`/`down` from the replica's own INFO, else from a sentinel's entry. */
  link: string;
  /** Seconds since the primary last heard from it (primary's INFO), when known. */
  lagSeconds: number | null;
  /** Replication bytes behind the primary, when known. */
  bytesBehind: number | null;
  priority: number | null;
  reachable: boolean;
}

export interface StatusSentinel {
  address: string;
  runId: string | null;
  implementation: string | null;
  version: string | null;
  reachable: boolean;
  error: string | null;
  tilt: boolean | null;
  /** The primary it names, its config epoch and flags for the master. */
  primary: string | null;
  configEpoch: number | null;
  flags: string[];
  knownReplicas: number | null;
  knownSentinels: number | null;
  /** Down or disconnected for how many of the peers listing it. */
  seenDownBy: number;
  listedBy: number;
  ckquorum: string | null;
  /** In maintenance for this master (`INFO vigil`); null when it does not say (redis-sentinel). */
  maintenance: boolean | null;
}

export interface StatusMaster {
  name: string;
  primary: { address: string; reachable: boolean; role: string | null };
  /** Other primaries named by a minority of sentinels. */
  disputedPrimaries: string[];
  configEpochs: number[];
  quorum: number;
  voters: number;
  majority: number;
  odown: boolean;
  sdownBy: string[];
  failoverInProgress: boolean;
  failoverState: string | null;
  /**
   * Maintenance mode (no automatic failover): true when a sentinel that answered lists the
   * master in `INFO vigil`, false when some answered with that section and none lists it,
   * null when none has the section (redis-sentinel only): unknown.
   */
  maintenance: boolean | null;
  replicas: StatusReplica[];
  sentinels: StatusSentinel[];
}

export interface Status {
  takenAt: string;
  asked: { address: string; reachable: boolean; error: string | null }[];
  masters: StatusMaster[];
}

export function statusOf(snapshot: Snapshot): Status {
  const masters = pictures(snapshot).map((p): StatusMaster => {
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
export function maintenanceOf(p: MasterPicture): boolean | null {
  const said = p.views.map((v) => v.report.maintenance).filter((m) => m !== undefined);
  if (said.length === 0) return null;
  return said.some((names) => names.includes(p.name));
}

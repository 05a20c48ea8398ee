/**
 * The picture a snapshot gives of each monitored master, merged over every sentinel that
 * answered: which primary they name, the replicas and sentinels they know, and what the data
 * nodes say. Pure: the status view and the doctor's rules both read this.
 */
import type { DataNodeReport, SentinelMasterView, SentinelReport, Snapshot } from './snapshot.js';
import { entryAddress, flagsOf, looksDown, replicaLines, type Fields } from './parse.js';

export interface SentinelInView {
  report: SentinelReport;
  view: SentinelMasterView;
  /** The primary this sentinel names. */
  primary: string;
  configEpoch: number;
}

export interface KnownSentinel {
  /** Run id when known (always for listed peers). */
  runId?: string;
  address: string;
  /** Our own report, when we asked it (under this address or run id). */
  report?: SentinelReport;
  /** Peers listing it, and how many of them see it down or disconnected. */
  listedBy: number;
  seenDownBy: number;
  /** Other addresses its peers list it under (what it announces), when not `address`. */
  listedAs?: string[];
}

export interface KnownReplica {
  address: string;
  /** Sentinel entries for it (one per answering sentinel that lists it). */
  entries: Fields[];
  seenDownBy: number;
  node?: DataNodeReport;
  /** From the replica's own INFO when answered, else from a sentinel's entry. */
  priority?: number;
  /** From the primary's INFO replication. */
  link?: { state: string; lagSeconds: number; bytesBehind?: number };
}

export interface MasterPicture {
  name: string;
  /** The sentinels that answered for this master. */
  views: SentinelInView[];
  /** Primary address to the sentinels naming it, most named first. */
  primaries: [string, SentinelInView[]][];
  /** The most named primary. */
  primary: string;
  primaryNode?: DataNodeReport;
  quorum: number;
  /** Every sentinel that answered or is listed by one that did, deduplicated by run id. */
  sentinels: KnownSentinel[];
  /** The largest voter count among the answering views (1 + peers it lists). */
  voters: number;
  replicas: KnownReplica[];
}

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function masterNames(snapshot: Snapshot): string[] {
  const names = new Set<string>();
  for (const s of snapshot.sentinels) for (const name of Object.keys(s.masters)) names.add(name);
  return [...names].sort();
}

export function pictures(snapshot: Snapshot): MasterPicture[] {
  return masterNames(snapshot).map((name) => picture(snapshot, name));
}

export function picture(snapshot: Snapshot, name: string): MasterPicture {
  const views: SentinelInView[] = [];
  for (const report of snapshot.sentinels) {
    const view = report.masters[name];
    if (!view) continue;
    views.push({
      report,
      view,
      primary: entryAddress(view.master),
      configEpoch: Number(view.master['config-epoch'] ?? 0),
    });
  }
  const byPrimary = new Map<string, SentinelInView[]>();
  for (const v of views) byPrimary.set(v.primary, [...(byPrimary.get(v.primary) ?? []), v]);
  const primaries = [...byPrimary.entries()].sort((a, b) => b[1].length - a[1].length);
  const primary = primaries[0]?.[0] ?? '?';
  const main = primaries[0]?.[1] ?? [];
  const node = (address: string): DataNodeReport | undefined =>
    snapshot.dataNodes.find((d) => d.address === address);

  // Sentinels: the answering ones, plus every peer they list, merged by run id or address.
  const sentinels: KnownSentinel[] = [];
  const find = (runId: string | undefined, address: string): KnownSentinel | undefined =>
    sentinels.find((s) => (runId !== undefined && s.runId === runId) || s.address === address);
  for (const v of views) {
    const known: KnownSentinel = { address: v.report.address, report: v.report, listedBy: 0, seenDownBy: 0 };
    if (v.report.runId !== undefined) known.runId = v.report.runId;
    sentinels.push(known);
  }
  for (const v of views) {
    for (const peer of v.view.sentinels) {
      const address = entryAddress(peer);
      let known = find(peer.runid, address);
      if (!known) {
        known = { address, listedBy: 0, seenDownBy: 0 };
        if (peer.runid !== undefined) known.runId = peer.runid;
        // We may have asked it (and failed) without it answering for this master.
        const report = snapshot.sentinels.find(
          (s) => s.address === address || (s.runId !== undefined && s.runId === peer.runid),
        );
        if (report) known.report = report;
        sentinels.push(known);
      }
      if (address !== known.address && !(known.listedAs ?? []).includes(address)) {
        known.listedAs = [...(known.listedAs ?? []), address];
      }
      known.listedBy++;
      if (looksDown(peer)) known.seenDownBy++;
    }
  }
  const voters = Math.max(0, ...views.map((v) => 1 + v.view.sentinels.length));

  const primaryNode = node(primary);
  const lines = primaryNode ? replicaLines(primaryNode.info) : [];
  const masterOffset = Number(primaryNode?.info.master_repl_offset ?? NaN);
  const replicas: KnownReplica[] = [];
  for (const v of main) {
    for (const entry of v.view.replicas) {
      const address = entryAddress(entry);
      let known = replicas.find((r) => r.address === address);
      if (!known) {
        known = { address, entries: [], seenDownBy: 0 };
        const n = node(address);
        if (n) known.node = n;
        replicas.push(known);
      }
      known.entries.push(entry);
      if (looksDown(entry)) known.seenDownBy++;
    }
  }
  for (const r of replicas) {
    const own = r.node?.reachable ? (r.node.info.slave_priority ?? r.node.info.replica_priority) : undefined;
    const fromSentinel = r.entries.find((e) => e['slave-priority'] !== undefined)?.['slave-priority'];
    const priority = Number(own ?? fromSentinel ?? NaN);
    if (Number.isFinite(priority)) r.priority = priority;
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
  const result: MasterPicture = { name, views, primaries, primary, quorum, sentinels, voters, replicas };
  if (primaryNode) result.primaryNode = primaryNode;
  return result;
}

/** A sentinel we could not ask, or that its peers see down: a dead voter. */
export function isDeadSentinel(s: KnownSentinel): boolean {
  if (s.report?.reachable) return false;
  return s.report !== undefined || (s.listedBy > 0 && s.seenDownBy === s.listedBy);
}

export function masterFlags(view: SentinelMasterView): Set<string> {
  return flagsOf(view.master);
}

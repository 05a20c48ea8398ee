/**
 * Gathering: what every reachable sentinel says about its masters, and what the data nodes
 * they name say about themselves. The result is plain data (JSON-serialisable) so that the
 * doctor's rules and the status view are pure functions of it and can be tested on
 * handcrafted snapshots.
 */
import { NodeConnection, errorText, type Credentials } from './client.js';
import {
  commandCalls,
  entryAddress,
  formatAddress,
  listOfFields,
  pairsToFields,
  parseAddress,
  parseInfo,
  type Address,
  type Fields,
} from './parse.js';

export interface SentinelMasterView {
  /** `SENTINEL MASTERS` entry: ip, port, flags, config-epoch, quorum, num-slaves, ... */
  master: Fields;
  replicas: Fields[];
  sentinels: Fields[];
  ckquorum: { ok: boolean; message: string };
}

export interface SentinelReport {
  /** The address we asked it on. */
  address: string;
  /** `seed` when given on the command line, else found in another sentinel's list. */
  source: 'seed' | 'discovered';
  reachable: boolean;
  error?: string;
  /** Its sentinel id (SENTINEL MYID), as its peers list it; INFO's run_id when MYID fails. */
  runId?: string;
  implementation?: 'vigil' | 'redis-sentinel';
  version?: string;
  tilt?: boolean;
  /**
   * The masters in maintenance, from `INFO vigil` (`vigil_maintenance:a,b`); absent when the
   * sentinel has no such section (redis-sentinel): unknown.
   */
  maintenance?: string[];
  /** Master name to what this sentinel says about it (only the one asked with --name). */
  masters: Record<string, SentinelMasterView>;
}

export interface DataNodeReport {
  address: string;
  reachable: boolean;
  error?: string;
  /** Every INFO field (`INFO all`). */
  info: Fields;
  /** Command name to calls, from INFO commandstats. */
  commandCalls: Record<string, number>;
  /** CONFIG GET results; null when the node refused CONFIG (renamed, ACL): unknown. */
  config: Record<string, string | null>;
}

export interface Snapshot {
  /** ISO time the gathering started. */
  takenAt: string;
  /** The master name asked for (--name), if any. */
  name?: string;
  sentinels: SentinelReport[];
  dataNodes: DataNodeReport[];
}

export interface GatherOptions {
  seeds: Address[];
  name?: string;
  /** Per connection and per command. */
  timeoutMs: number;
  /** Ask the sentinels other sentinels list. @default true */
  discover?: boolean;
  /** Ask the primaries and replicas too. @default true */
  dataNodes?: boolean;
  /** Never ask more sentinels than this. @default 32 */
  maxSentinels?: number;
  /** AUTH for the sentinels (`requirepass` of a sentinel). */
  sentinelAuth?: Credentials;
  /** AUTH for the primaries and replicas (what `sentinel auth-pass` holds). */
  dataAuth?: Credentials;
}

export const CONFIG_KEYS = [
  'save',
  'appendonly',
  'min-replicas-to-write',
  'min-replicas-max-lag',
  'replica-priority',
] as const;

export async function gather(options: GatherOptions): Promise<Snapshot> {
  const takenAt = new Date().toISOString();
  const maxSentinels = options.maxSentinels ?? 32;
  const reports: SentinelReport[] = [];
  const asked = new Set<string>();
  let wave: { address: string; source: 'seed' | 'discovered' }[] = [];
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
      if (report.runId !== undefined && reports.some((r) => r.runId === report.runId)) continue;
      reports.push(report);
    }
    if (options.discover === false) break;
    const knownRunIds = new Set(reports.map((r) => r.runId).filter((id) => id !== undefined));
    for (const report of reports) {
      for (const view of Object.values(report.masters)) {
        for (const peer of view.sentinels) {
          const address = entryAddress(peer);
          if (asked.has(address) || (peer.runid !== undefined && knownRunIds.has(peer.runid))) continue;
          if (asked.size >= maxSentinels) continue;
          asked.add(address);
          wave.push({ address, source: 'discovered' });
        }
      }
    }
  }

  const dataNodes: DataNodeReport[] = [];
  if (options.dataNodes ?? true) {
    const addresses = new Set<string>();
    for (const report of reports) {
      for (const view of Object.values(report.masters)) {
        addresses.add(entryAddress(view.master));
        for (const replica of view.replicas) addresses.add(entryAddress(replica));
      }
    }
    dataNodes.push(...(await Promise.all([...addresses].map((a) => askDataNode(a, options)))));
  }
  const snapshot: Snapshot = { takenAt, sentinels: reports, dataNodes };
  if (options.name !== undefined) snapshot.name = options.name;
  return snapshot;
}

async function askSentinel(
  address: string,
  source: 'seed' | 'discovered',
  options: GatherOptions,
): Promise<SentinelReport> {
  const name = options.name;
  const report: SentinelReport = { address, source, reachable: false, masters: {} };
  let conn: NodeConnection;
  try {
    conn = await NodeConnection.open(parseAddress(address), options.timeoutMs, options.sentinelAuth);
  } catch (err) {
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
    if (/^[0-9a-f]{40}$/i.test(id)) report.runId = id;
    else if (info.run_id) report.runId = info.run_id;
    if (info.redis_version) report.version = info.redis_version;
    if (info.sentinel_tilt !== undefined) report.tilt = info.sentinel_tilt === '1';
    const vigil = await conn.tryCall('INFO', 'vigil');
    report.implementation = /vigil_/.test(String(vigil.value ?? '')) ? 'vigil' : 'redis-sentinel';
    const vigilInfo = parseInfo(String(vigil.value ?? ''));
    if (vigilInfo.vigil_maintenance !== undefined) {
      report.maintenance = vigilInfo.vigil_maintenance.split(',').filter((n) => n !== '');
    }

    const masters = listOfFields(await conn.call('SENTINEL', 'MASTERS'));
    const wanted = masters.filter((m) => name === undefined || m.name === name);
    await Promise.all(
      wanted.map(async (master) => {
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
          ckquorum:
            ckquorum.error !== undefined
              ? { ok: false, message: ckquorum.error }
              : { ok: true, message: String(ckquorum.value) },
        };
      }),
    );
  } catch (err) {
    report.error = errorText(err);
  } finally {
    conn.close();
  }
  return report;
}

async function askDataNode(address: string, options: GatherOptions): Promise<DataNodeReport> {
  const report: DataNodeReport = { address, reachable: false, info: {}, commandCalls: {}, config: {} };
  let conn: NodeConnection;
  try {
    conn = await NodeConnection.open(parseAddress(address), options.timeoutMs, options.dataAuth);
  } catch (err) {
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
      if (key.startsWith('cmdstat_') || key.startsWith('latency_percentiles_')) delete report.info[key];
    }
    // One key per CONFIG GET: older servers take a single pattern.
    const configs = await Promise.all(CONFIG_KEYS.map((key) => conn.tryCall('CONFIG', 'GET', key)));
    CONFIG_KEYS.forEach((key, i) => {
      const reply = configs[i];
      const value = reply?.error === undefined ? pairsToFields(reply?.value)[key] : undefined;
      report.config[key] = value ?? null;
    });
  } catch (err) {
    report.error = errorText(err);
  } finally {
    conn.close();
  }
  return report;
}

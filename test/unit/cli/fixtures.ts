/**
 * Handcrafted snapshots for the doctor's rules and the status view: a healthy production-like
 * deployment (one primary, replicas, one sentinel beside each data node, each on its own
 * machine) that each test breaks in one way.
 */
import type {
  DataNodeReport,
  SentinelMasterView,
  SentinelReport,
  Snapshot,
} from '../../../src/cli/inspect/snapshot.js';
import type { Fields } from '../../../src/cli/inspect/parse.js';

export const NOW_S = 1_800_000_000;

export interface FixtureOptions {
  sentinels?: number;
  replicas?: number;
  quorum?: number;
  /** Host of the i-th sentinel. @default 10.0.0.<i+1> */
  sentinelHost?: (i: number) => string;
  /** Host of data node i (0 = primary). @default 10.0.0.<i+1> */
  nodeHost?: (i: number) => string;
  name?: string;
}

export function replicaEntry(host: string, port = 6379, extra: Fields = {}): Fields {
  return {
    name: `${host}:${port}`,
    ip: host,
    port: String(port),
    runid: `replica-${host}`,
    flags: 'slave',
    'master-link-status': 'ok',
    'slave-priority': '100',
    'slave-repl-offset': '1000',
    ...extra,
  };
}

export function sentinelEntry(host: string, port = 26379, extra: Fields = {}): Fields {
  return {
    name: `run-${host}:${port}`,
    ip: host,
    port: String(port),
    runid: `run-${host}:${port}`,
    flags: 'sentinel',
    ...extra,
  };
}

export function dataNode(
  host: string,
  role: 'master' | 'slave',
  extra: Partial<DataNodeReport> = {},
): DataNodeReport {
  return {
    address: `${host}:6379`,
    reachable: true,
    info: {
      role,
      server_time_usec: String(NOW_S * 1_000_000),
      rdb_last_save_time: String(NOW_S - 60),
      rdb_changes_since_last_save: '5',
      rdb_last_bgsave_status: 'ok',
      aof_enabled: '0',
      aof_last_write_status: 'ok',
      aof_last_bgrewrite_status: 'ok',
      master_repl_offset: '1000',
      ...(role === 'slave' ? { master_link_status: 'up', slave_priority: '100' } : {}),
      ...(extra.info ?? {}),
    },
    commandCalls: extra.commandCalls ?? {},
    config: {
      save: '3600 1',
      appendonly: 'no',
      'min-replicas-to-write': '1',
      'min-replicas-max-lag': '10',
      'replica-priority': '100',
      ...(extra.config ?? {}),
    },
    ...(extra.error !== undefined ? { error: extra.error } : {}),
    ...(extra.reachable !== undefined ? { reachable: extra.reachable } : {}),
  };
}

export function healthy(options: FixtureOptions = {}): Snapshot {
  const n = options.sentinels ?? 3;
  const r = options.replicas ?? 2;
  const name = options.name ?? 'mymaster';
  const quorum = options.quorum ?? Math.floor(n / 2) + 1;
  const sHost = options.sentinelHost ?? ((i: number) => `10.0.0.${i + 1}`);
  const dHost = options.nodeHost ?? ((i: number) => `10.0.0.${i + 1}`);
  const primaryHost = dHost(0);
  const replicaHosts = Array.from({ length: r }, (_, i) => dHost(i + 1));
  const sentinelHosts = Array.from({ length: n }, (_, i) => sHost(i));
  const sentinels: SentinelReport[] = sentinelHosts.map((host, i) => {
    const view: SentinelMasterView = {
      master: {
        name,
        ip: primaryHost,
        port: '6379',
        flags: 'master',
        'config-epoch': '3',
        quorum: String(quorum),
        'num-slaves': String(r),
        'num-other-sentinels': String(n - 1),
      },
      replicas: replicaHosts.map((h) => replicaEntry(h)),
      sentinels: sentinelHosts.filter((_, j) => j !== i).map((h) => sentinelEntry(h)),
      ckquorum: {
        ok: true,
        message: `OK ${n} usable Sentinels. Quorum and failover authorization can be reached`,
      },
    };
    return {
      address: `${host}:26379`,
      source: i === 0 ? 'seed' : 'discovered',
      reachable: true,
      runId: `run-${host}:26379`,
      implementation: 'vigil',
      version: '7.0.15',
      tilt: false,
      masters: { [name]: view },
    };
  });
  const primary = dataNode(primaryHost, 'master');
  replicaHosts.forEach((h, i) => {
    primary.info[`slave${i}`] = `ip=${h},port=6379,state=online,offset=1000,lag=0`;
  });
  return {
    takenAt: new Date(NOW_S * 1000).toISOString(),
    sentinels,
    dataNodes: [primary, ...replicaHosts.map((h) => dataNode(h, 'slave'))],
  };
}

/** The given sentinel's view of `mymaster`. */
export function viewOf(snapshot: Snapshot, index: number, name = 'mymaster'): SentinelMasterView {
  const view = snapshot.sentinels[index]?.masters[name];
  if (!view) throw new Error(`no view ${index}`);
  return view;
}

export function node(snapshot: Snapshot, address: string): DataNodeReport {
  const n = snapshot.dataNodes.find((d) => d.address === address);
  if (!n) throw new Error(`no node ${address}`);
  return n;
}

/**
 * Convergence checks of the mixed-group e2e tests: every sentinel lists every running peer,
 * healthy; and sentinels, their hellos and the data nodes agree on one primary and config epoch.
 */
import { waitFor } from '../../helpers/waitFor.js';
import type { MixedGroup } from './group.js';
import { instancesOf, masterFields, replicationOf } from './queries.js';

/**
 * Each running sentinel lists every other running one under its own runid and address, with
 * plain `sentinel` flags (not s_down/disconnected), and no extra entries.
 */
export async function waitForMutualDiscovery(g: MixedGroup, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      for (const [i, s] of g.sentinels.entries()) {
        if (!s.running) continue;
        const peers = await instancesOf(s.port, 'SENTINELS');
        if (peers.length !== g.sentinels.length - 1) throw new Error(`s${i} lists ${peers.length} peers`);
        for (const [j, other] of g.sentinels.entries()) {
          if (j === i || !other.running) continue;
          const entry = peers.find((p) => Number(p.port) === other.port);
          if (entry?.runid !== g.runids[j] || entry.flags !== 'sentinel') {
            throw new Error(`s${i} sees s${j} as ${JSON.stringify(entry && [entry.runid, entry.flags])}`);
          }
        }
      }
      return true;
    },
    { timeoutMs, intervalMs: 200, description: 'every sentinel to list every running peer, healthy' },
  );
}

export interface Converged {
  masterPort: number;
  configEpoch: number;
}

/**
 * Every running sentinel names the same primary with the same config epoch, no failover in
 * progress, lists each other running data node as a healthy replica of it, and advertises
 * that configuration in its hellos; the data nodes agree (role, master, link up).
 */
export async function waitForConvergence(g: MixedGroup, timeoutMs = 30_000): Promise<Converged> {
  const started = Date.now();
  return waitFor(
    async () => {
      const running = g.sentinels.filter((s) => s.running);
      const views = await Promise.all(running.map((s) => masterFields(s.port)));
      const summary = views
        .map((v, i) => `${running[i]?.name}:${v.port}@${v['config-epoch']}/${v.flags}`)
        .join(', ');
      if (new Set(views.map((v) => `${v.port}@${v['config-epoch']}`)).size !== 1)
        throw new Error(`disagree: ${summary}`);
      if (views.some((v) => v.flags !== 'master')) throw new Error(`busy: ${summary}`);
      const masterPort = Number(views[0]?.port);
      const configEpoch = Number(views[0]?.['config-epoch']);
      for (const node of g.dataNodes.filter((n) => n.running)) {
        const r = await replicationOf(node.port);
        const ok =
          node.port === masterPort
            ? r?.role === 'master'
            : r?.role === 'slave' && r.masterPort === masterPort && r.linkUp;
        if (!ok) throw new Error(`:${node.port} is ${JSON.stringify(r)}, sentinels name :${masterPort}`);
      }
      for (const s of running) {
        const replicas = await instancesOf(s.port, 'REPLICAS');
        for (const node of g.dataNodes.filter((n) => n.running && n.port !== masterPort)) {
          const r = replicas.find((x) => Number(x.port) === node.port);
          if (r?.flags !== 'slave' || Number(r['master-port']) !== masterPort) {
            throw new Error(
              `${s.name} lists :${node.port} as ${JSON.stringify(r && [r.flags, r['master-port']])}`,
            );
          }
        }
        const hello = g.hellos.latest(s.port, started);
        if (hello?.masterPort !== masterPort || hello.configEpoch !== configEpoch) {
          throw new Error(`${s.name} hello since the wait began: ${hello?.raw}`);
        }
      }
      return { masterPort, configEpoch };
    },
    { timeoutMs, intervalMs: 200, description: 'sentinels, hellos and data nodes to converge' },
  );
}

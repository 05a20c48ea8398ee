/**
 * Interoperability: Vigil and the reference redis-sentinel 7.0.15 in one group (quorum 2),
 * as {2 redis-sentinel + 1 Vigil} and {1 redis-sentinel + 2 Vigils}. They discover each
 * other through hello, agree on ODOWN, vote for each other's failovers, converge on the same
 * primary and config epoch whichever kind leads, and a Vigil restarted mid-way rejoins.
 *
 * Who leads an ODOWN failover is made deterministic without stopping anyone: every other
 * process is first asked for its vote by a third party (Sentinel 7.0: a vote for another
 * sentinel keeps the voter from starting its own failover for 2 × failover-timeout), so
 * only the chosen one starts, and the others vote for it.
 */
import { cleanupMixed } from './mixed-util/clients.js';
import { MASTER, type Kind } from './mixed-util/config.js';
import { waitForConvergence, waitForMutualDiscovery, type Converged } from './mixed-util/convergence.js';
import { startMixedGroup, withDiagnostics, type MixedGroup } from './mixed-util/group.js';
import { blockFromLeading, forceFailover, watchVotes } from './mixed-util/leadership.js';
import { command, instancesOf, masterFields } from './mixed-util/queries.js';
import type { ManagedProcess, RedisServerHandle } from '../helpers/processes.js';
import { textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';

const COMPOSITIONS: [string, Kind[]][] = [
  ['two redis-sentinel + one Vigil', ['redis-sentinel', 'redis-sentinel', 'vigil']],
  ['one redis-sentinel + two Vigils', ['redis-sentinel', 'vigil', 'vigil']],
];

const ip = '127\\.0\\.0\\.1';

/** Waits until each of `sentinels` has published +switch-master away from `oldPort` since `since`. */
async function switchedOn(
  g: MixedGroup,
  sentinels: number[],
  oldPort: number,
  since: number,
): Promise<number> {
  const pattern = new RegExp(`^${MASTER} ${ip} ${oldPort} ${ip} (\\d+)$`);
  const events = await waitFor(
    () => {
      const found = sentinels.map(
        (i) => g.events.select('+switch-master', { sentinel: i, since, payload: pattern })[0],
      );
      return found.every((e) => e !== undefined) ? found : undefined;
    },
    {
      timeoutMs: 30_000,
      description: `+switch-master away from :${oldPort} on sentinels ${sentinels.join(', ')}`,
    },
  );
  const ports = new Set(events.map((e) => pattern.exec(e?.payload ?? '')?.[1]));
  expect(ports.size).toBe(1);
  return Number([...ports][0]);
}

/**
 * Kills the primary with only sentinel `leader` free to start a failover; checks its ODOWN,
 * a single +elected-leader, the others' votes (their events and, on the
 * leader, SENTINEL SENTINELS voted-leader), then convergence with the old primary back as
 * a replica.
 */
async function odownFailoverLedBy(g: MixedGroup, leader: number): Promise<Converged> {
  const others = g.sentinels.map((_, i) => i).filter((i) => i !== leader);
  const before = await waitForConvergence(g);
  const blockedEpoch = await blockFromLeading(g, others);
  const failoverEpoch = blockedEpoch + 1;
  const oldPrimary = g.dataNodes.find((n) => n.port === before.masterPort);
  if (!oldPrimary) throw new Error(`no data node on :${before.masterPort}`);

  const votes = watchVotes(g.ports);
  const since = Date.now();
  oldPrimary.kill('SIGKILL');
  await oldPrimary.waitForExit();
  let newPort: number;
  try {
    newPort = await switchedOn(g, [0, 1, 2], before.masterPort, since);
  } finally {
    await votes.stop();
  }

  // Only the leader is sure to reach ODOWN first: the others may learn of the switch before
  // their own down-after has run out (the group-wide agreement is checked on a paused primary).
  const odown = new RegExp(`^master ${MASTER} ${ip} ${before.masterPort} #quorum [23]/2$`);
  expect(g.events.select('+odown', { sentinel: leader, since, payload: odown })).toHaveLength(1);
  expect(g.events.select('+elected-leader', { since }).map((e) => e.sentinel)).toEqual([leader]);
  expect(g.events.select('+try-failover', { since }).map((e) => e.sentinel)).toEqual([leader]);
  const leaderRunid = g.runids[leader] as string;
  for (const i of [0, 1, 2]) {
    // Each process's one vote in this failover: for the leader, at the failover epoch.
    const cast = g.events.select('+vote-for-leader', { sentinel: i, since }).map((e) => e.payload);
    expect([i, cast]).toEqual([i, [`${leaderRunid} ${failoverEpoch}`]]);
  }
  for (const o of others) {
    // The leader parsed each voter's is-master-down-by-addr reply as a vote for itself.
    expect(votes.seen).toContain(`${g.ports[leader]} ${g.ports[o]} ${leaderRunid} ${failoverEpoch}`);
  }

  const after = await waitForConvergence(g);
  expect(after).toEqual({ masterPort: newPort, configEpoch: failoverEpoch });
  // The old primary comes back as a master of nobody and is turned into a replica.
  const restartedAt = Date.now();
  await oldPrimary.restart();
  await g.events.waitFor('+convert-to-slave', {
    since: restartedAt,
    payload: new RegExp(`^slave ${ip}:${oldPrimary.port} `),
  });
  expect(await waitForConvergence(g)).toEqual(after);
  await waitForMutualDiscovery(g);
  return after;
}

describe.each(COMPOSITIONS)('mixed group: %s, quorum 2', (_label, kinds) => {
  let group: MixedGroup | undefined;

  afterEach(async () => {
    group = undefined;
    await cleanupMixed();
  });

  test('every process discovers the others through hello, and all agree on ODOWN', async () => {
    group = await startMixedGroup(kinds);
    const g = group;
    await withDiagnostics(
      () => g,
      async () => {
        const primary = g.dataNodes[0]?.port;
        const since = Date.now();
        // Every process's hello reaches every data node, in the 7.0 format, with its own runid.
        await waitFor(
          () =>
            g.ports.every((port, i) =>
              g.dataNodes.every((n) =>
                g.hellos.hellos.some(
                  (h) => h.at >= since && h.port === port && h.node === n.port && h.runid === g.runids[i],
                ),
              ),
            ),
          { timeoutMs: 5000, description: 'a hello from every sentinel on every data node' },
        );
        expect(g.hellos.malformed).toEqual([]);
        for (const h of g.hellos.hellos.filter((x) => x.at >= since)) {
          expect([h.raw, h.masterPort, h.configEpoch, h.currentEpoch]).toEqual([h.raw, primary, 0, 0]);
        }

        for (const [i, port] of g.ports.entries()) {
          const master = await masterFields(port);
          expect([i, master['num-other-sentinels'], master['num-slaves'], master.quorum]).toEqual([
            i,
            '2',
            '2',
            '2',
          ]);
          for (const peer of await instancesOf(port, 'SENTINELS')) {
            const j = g.ports.indexOf(Number(peer.port));
            expect([i, peer.ip, peer.runid, peer.flags]).toEqual([i, '127.0.0.1', g.runids[j], 'sentinel']);
            // Hellos every 500 ms: the last one from each peer is recent.
            expect(Number(peer['last-hello-message'])).toBeLessThan(2500);
            expect([peer['voted-leader'], peer['voted-leader-epoch']]).toEqual(['?', '0']);
          }
          const info = textOf((await command(port, 'INFO', 'sentinel')).value);
          expect(info).toContain(
            `master0:name=${MASTER},status=ok,address=127.0.0.1:${primary},slaves=2,sentinels=3`,
          );
          expect(textOf((await command(port, 'SENTINEL', 'CKQUORUM', MASTER)).value)).toBe(
            'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
          );
        }

        // Agreement on ODOWN: nobody may start a failover (each has just voted for a third
        // party), the primary hangs, and each process counts both others as seeing it down.
        await blockFromLeading(g, [0, 1, 2]);
        const primaryNode = g.dataNodes[0] as RedisServerHandle;
        const pausedAt = Date.now();
        primaryNode.pause();
        const odown = new RegExp(`^master ${MASTER} ${ip} ${primary} #quorum [23]/2$`);
        await waitFor(
          async () => {
            for (const [i, port] of g.ports.entries()) {
              if (g.events.select('+odown', { sentinel: i, since: pausedAt, payload: odown }).length === 0) {
                throw new Error(`no +odown on s${i} yet`);
              }
              const flags = (await instancesOf(port, 'SENTINELS')).map((p) => p.flags);
              if (!flags.every((f) => f === 'sentinel,master_down')) throw new Error(`s${i} peers: ${flags}`);
              const master = await masterFields(port);
              if (master.flags !== 's_down,o_down,master') throw new Error(`s${i} master: ${master.flags}`);
            }
            return true;
          },
          { timeoutMs: 10_000, description: 'every process in ODOWN, counting both peers' },
        );
        const resumedAt = Date.now();
        primaryNode.resume();
        for (const i of [0, 1, 2]) await g.events.waitFor('-odown', { sentinel: i, since: resumedAt });
        expect(await waitForConvergence(g)).toEqual({ masterPort: primary, configEpoch: 0 });
        expect(g.events.select('+try-failover', { since: pausedAt })).toEqual([]);
      },
    );
  });

  test('ODOWN failovers led by a redis-sentinel, then by a Vigil: the others vote for the leader', async () => {
    group = await startMixedGroup(kinds);
    const g = group;
    await withDiagnostics(
      () => g,
      async () => {
        const first = await odownFailoverLedBy(g, g.indexesOf('redis-sentinel')[0] as number);
        const second = await odownFailoverLedBy(g, g.indexesOf('vigil')[0] as number);
        expect(second.configEpoch).toBe(first.configEpoch + 2);
        expect(second.masterPort).not.toBe(first.masterPort);
      },
    );
  }, 120_000);

  test('SENTINEL FAILOVER on a Vigil, then on a redis-sentinel while a Vigil restarts', async () => {
    group = await startMixedGroup(kinds);
    const g = group;
    await withDiagnostics(
      () => g,
      async () => {
        const vigils = g.indexesOf('vigil');
        const vigil = vigils[0] as number;
        const redisSentinel = g.indexesOf('redis-sentinel')[0] as number;
        const start = await waitForConvergence(g);

        // Led by the Vigil: the redis-sentinels take the new configuration from its hellos.
        const since1 = Date.now();
        await forceFailover(g.ports[vigil] as number);
        const port1 = await switchedOn(g, [0, 1, 2], start.masterPort, since1);
        expect(g.events.select('+elected-leader', { since: since1 }).map((e) => e.sentinel)).toEqual([vigil]);
        const after1 = await waitForConvergence(g);
        expect(after1).toEqual({ masterPort: port1, configEpoch: start.configEpoch + 1 });

        // Led by the redis-sentinel; the last Vigil is down from the election to the switch.
        const restarted = vigils[vigils.length - 1] as number;
        const since2 = Date.now();
        await forceFailover(g.ports[redisSentinel] as number);
        await g.events.waitFor('+elected-leader', { sentinel: redisSentinel, since: since2 });
        await g.sentinels[restarted]?.stop();
        const stillUp = [0, 1, 2].filter((i) => i !== restarted);
        const port2 = await switchedOn(g, stillUp, port1, since2);
        await g.restartSentinel(restarted);
        // It comes back on its saved (old) configuration and takes the new one from a hello.
        // Read from its log: the event may come before our subscriber has reconnected.
        const vigilProcess = g.sentinels[restarted] as ManagedProcess;
        const line = await vigilProcess.waitForLog(
          new RegExp(`"pid":${vigilProcess.pid},"event":"\\+config-update-from"`),
        );
        expect(line).toContain(`"payload":"sentinel `);
        await vigilProcess.waitForLog(
          new RegExp(
            `"pid":${vigilProcess.pid},"event":"\\+switch-master","payload":"${MASTER} 127\\.0\\.0\\.1 ${port1} 127\\.0\\.0\\.1 ${port2}"`,
          ),
        );
        expect(Number((await masterFields(g.ports[restarted] as number)).port)).toBe(port2);
        expect(g.events.select('+elected-leader', { since: since2 }).map((e) => e.sentinel)).toEqual([
          redisSentinel,
        ]);
        const after2 = await waitForConvergence(g);
        expect(after2).toEqual({ masterPort: port2, configEpoch: after1.configEpoch + 1 });
        await waitForMutualDiscovery(g);
        // Nobody started a failover of its own meanwhile.
        expect(g.events.select('+try-failover', { since: since1 }).map((e) => e.sentinel)).toEqual([
          vigil,
          redisSentinel,
        ]);
      },
    );
  }, 120_000);
});

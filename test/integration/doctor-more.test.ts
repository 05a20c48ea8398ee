/**
 * `vigil doctor` against more real deployments that each break a rule (doctor.test.ts has the
 * rest). Two deployments, started in parallel:
 * - four Vigils with quorum 5 and one replica: an even number of sentinels and an unreachable
 *   quorum; then a Vigil stalled (SIGSTOP) past tilt-trigger, so in TILT; then the primary
 *   stopped, so SDOWN without ODOWN; then one Vigil at quorum 1 with its peers stopped, so
 *   ODOWN and a failover stuck waiting for votes;
 * - three Vigils and two replicas: a Vigil announcing a loopback port nobody listens on, a
 *   replica stopped until its primary sees it lag, a replica whose primary refuses it PSYNC
 *   (link down), then an RDB save and an AOF rewrite into a directory that no longer exists.
 */
import * as fs from 'node:fs';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { makeTempDir, stopAll, type ManagedProcess } from '../helpers/processes.js';
import { getFreePort } from '../helpers/ports.js';
import { callOnce, okOnce, plain, sendOnce, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { doctorJson, type DoctorJson } from './cli-run.js';

const doctor = doctorJson;

const ids = (d: DoctorJson): string[] => d.findings.map((f) => f.id);
const finding = (d: DoctorJson, id: string): DoctorJson['findings'][number] | undefined =>
  d.findings.find((f) => f.id === id);

async function info(port: number, section: string): Promise<string> {
  return textOf(await callOnce(port, 'INFO', section));
}

async function masterFlags(sentinel: ManagedProcess): Promise<string> {
  const fields = plain(await callOnce(sentinel.port, 'SENTINEL', 'MASTER', 'mymaster')) as string[];
  return fields[fields.indexOf('flags') + 1] ?? '';
}

let four: Deployment;
let three: Deployment;

beforeAll(async () => {
  [four, three] = await Promise.all([
    startDeployment({
      sentinels: [{ kind: 'vigil' }, { kind: 'vigil' }, { kind: 'vigil' }, { kind: 'vigil' }],
      replicas: 1,
      quorum: 5,
      failoverTimeoutMs: 60_000,
    }),
    startDeployment({
      sentinels: [{ kind: 'vigil' }, { kind: 'vigil' }, { kind: 'vigil' }],
      replicas: 2,
      // `dir` is a protected config: allowed here to make saves fail.
      redisConfig: ['enable-protected-configs yes'],
    }),
  ]);
}, 45_000);

afterAll(stopAll);

describe('vigil doctor on four sentinels with quorum 5', () => {
  test('an even number of sentinels and a quorum above their count', async () => {
    const d = await doctor(four.sentinels[0]!.port);
    expect(d.code).toBe(2);
    expect(finding(d, 'even-sentinels')).toMatchObject({ severity: 'warning' });
    expect(finding(d, 'quorum-unreachable')).toMatchObject({ severity: 'error' });
    expect(d.sentinels.filter((s) => s.reachable)).toHaveLength(4);
  });

  test('a Vigil stalled for longer than tilt-trigger is in TILT', async () => {
    const stalled = four.sentinels[3]!;
    const others = four.sentinels.slice(0, 3);
    const since = Date.now();
    stalled.kill('SIGSTOP');
    try {
      // TILT needs a gap of more than 2 s between two timer runs: wait until the peers have
      // seen it down and that much time has passed.
      await waitFor(
        async () => {
          const peers = JSON.stringify(
            plain(await callOnce(others[0]!.port, 'SENTINEL', 'SENTINELS', 'mymaster')),
          );
          return peers.includes('s_down') && Date.now() - since > 2500;
        },
        { timeoutMs: 10_000, intervalMs: 100, description: 'the stalled Vigil to be seen down for 2.5 s' },
      );
    } finally {
      stalled.kill('SIGCONT');
    }
    await waitFor(async () => /^sentinel_tilt:1\r?$/m.test(await info(stalled.port, 'sentinel')), {
      description: `${stalled.name} to report sentinel_tilt:1`,
    });
    const d = await doctor(four.sentinels[0]!.port);
    const tilt = finding(d, 'tilt');
    expect(tilt).toMatchObject({ severity: 'warning' });
    expect(tilt?.title).toContain(`127.0.0.1:${stalled.port}`);
    expect(d.code).toBe(2);
  });

  test('the primary stopped: SDOWN, and no ODOWN with quorum 5', async () => {
    four.primary.pause();
    const watching = four.sentinels.slice(0, 3);
    await waitFor(
      async () => (await Promise.all(watching.map(masterFlags))).every((f) => f.includes('s_down')),
      {
        description: 'three Vigils to see the primary SDOWN',
      },
    );
    const d = await doctor(four.sentinels[0]!.port, '--timeout', '1000');
    expect(d.code).toBe(2);
    expect(finding(d, 'primary-sdown')).toMatchObject({ severity: 'warning' });
    expect(ids(d)).not.toContain('primary-odown');
    expect(ids(d)).not.toContain('failover-in-progress');
  });

  test('one Vigil at quorum 1 with its peers stopped: ODOWN and a failover waiting for votes', async () => {
    // The primary is still stopped. The peers cannot vote, so the failover stays in its
    // election (up to 10 s with failover-timeout 60 s) with failover_in_progress set.
    const [lone, ...peers] = four.sentinels as [ManagedProcess, ...ManagedProcess[]];
    for (const p of peers) p.kill('SIGSTOP');
    await okOnce(lone.port, 'SENTINEL', 'SET', 'mymaster', 'quorum', '1');
    await waitFor(
      async () => {
        const flags = await masterFlags(lone);
        return flags.includes('o_down') && flags.includes('failover_in_progress');
      },
      { description: `${lone.name} to flag the primary o_down with a failover in progress` },
    );
    const d = await doctor(lone.port, '--timeout', '500');
    expect(d.code).toBe(2);
    expect(finding(d, 'primary-odown')).toMatchObject({ severity: 'error' });
    expect(finding(d, 'failover-in-progress')).toMatchObject({ severity: 'info' });
    expect(ids(d)).not.toContain('primary-sdown');
  });
});

describe('vigil doctor on three sentinels and two replicas', () => {
  test('a Vigil announcing a port nobody listens on', async () => {
    const [a, b, c] = three.sentinels as [ManagedProcess, ManagedProcess, ManagedProcess];
    const deadPort = await getFreePort();
    await okOnce(c.port, 'SENTINEL', 'CONFIG', 'SET', 'announce-port', String(deadPort));
    await waitFor(
      async () => {
        const peers = await Promise.all(
          [a, b].map(async (s) =>
            JSON.stringify(plain(await callOnce(s.port, 'SENTINEL', 'SENTINELS', 'mymaster'))),
          ),
        );
        return peers.every((p) => p.includes(String(deadPort)) && /s_down|disconnected/.test(p));
      },
      { description: `both peers to see ${c.name} at port ${deadPort}, down` },
    );
    const d = await doctor(a.port, '--sentinel', `127.0.0.1:${c.port}`);
    const f = finding(d, 'announce-unreachable');
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f?.title).toContain(`sentinel 127.0.0.1:${c.port} announced as 127.0.0.1:${deadPort}`);
    expect(ids(d)).not.toContain('dead-sentinels');
    // The announced address is not asked: the peers list it under the id of one that answered.
    expect(d.sentinels).toHaveLength(3);
    expect(d.code).toBe(1);
    await okOnce(c.port, 'SENTINEL', 'CONFIG', 'SET', 'announce-port', '0');
  });

  test('a replica stopped until its primary sees it lag', async () => {
    const replica = three.replicas[0]!;
    replica.pause();
    try {
      await waitFor(
        async () => {
          const lines = (await info(three.primary.port, 'replication')).match(/^slave\d+:.*$/gm) ?? [];
          const mine = lines.find((l) => l.includes(`port=${replica.port},`));
          return Number(/lag=(\d+)/.exec(mine ?? '')?.[1] ?? 0) >= 5;
        },
        {
          timeoutMs: 12_000,
          intervalMs: 200,
          description: `the primary to report lag >= 5 for ${replica.name}`,
        },
      );
      const d = await doctor(three.sentinels[0]!.port, '--timeout', '1000');
      const f = finding(d, 'replica-lag');
      expect(f).toMatchObject({ severity: 'warning' });
      expect(f?.title).toContain(`127.0.0.1:${replica.port}`);
    } finally {
      replica.resume();
    }
  });

  test('a replica whose primary refuses it PSYNC: link down', async () => {
    const replica = three.replicas[1]!;
    const primary = three.primary.port;
    await okOnce(primary, 'ACL', 'SETUSER', 'default', '-psync', '-sync');
    try {
      await sendOnce(replica.port, 'CLIENT', 'KILL', 'TYPE', 'master');
      await waitFor(
        async () => /^master_link_status:down\r?$/m.test(await info(replica.port, 'replication')),
        {
          description: `${replica.name} to report master_link_status:down`,
        },
      );
      const d = await doctor(three.sentinels[0]!.port);
      const f = finding(d, 'replica-link-down');
      expect(f).toMatchObject({ severity: 'warning' });
      expect(f?.title).toContain(`127.0.0.1:${replica.port}`);
    } finally {
      await okOnce(primary, 'ACL', 'SETUSER', 'default', '+@all');
    }
  });

  test('an RDB save and an AOF rewrite into a directory that is gone', async () => {
    // Left failing: the last test on this deployment.
    const primary = three.primary.port;
    const replica = three.replicas[0]!.port;
    for (const port of [primary, replica]) {
      const gone = makeTempDir('gone');
      await okOnce(port, 'CONFIG', 'SET', 'dir', gone);
      fs.rmSync(gone, { recursive: true, force: true });
    }
    await sendOnce(primary, 'BGSAVE');
    // Turning AOF on starts a rewrite, which fails at once: CONFIG SET answers an error.
    await sendOnce(replica, 'CONFIG', 'SET', 'appendonly', 'yes');
    await waitFor(async () => /^rdb_last_bgsave_status:err\r?$/m.test(await info(primary, 'persistence')), {
      description: 'the primary to report rdb_last_bgsave_status:err',
    });
    expect(await info(replica, 'persistence')).toMatch(/^aof_last_bgrewrite_status:err\r?$/m);
    const d = await doctor(three.sentinels[0]!.port);
    expect(d.code).toBe(2);
    const rdb = finding(d, 'rdb-save-failing');
    expect(rdb).toMatchObject({ severity: 'error' });
    expect(rdb?.title).toContain(`127.0.0.1:${primary}`);
    const aof = finding(d, 'aof-failing');
    expect(aof).toMatchObject({ severity: 'error' });
    expect(aof?.title).toContain(`127.0.0.1:${replica}`);
  });
});

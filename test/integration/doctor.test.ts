/**
 * `vigil doctor` against real deployments that each break a rule: one sentinel without a
 * replica, two sentinels (a Vigil and a redis-sentinel) with one replica, the recommended
 * 3/quorum 2/2 replicas on loopback (warnings only), then the same deployment broken in turn:
 * quorum 1, every replica at priority 0, persistence and min-replicas on, a read-heavy then
 * write-heavy workload, a sentinel monitoring another primary under the same name, a dead
 * sentinel still counted, two dead (CKQUORUM failing), none answering.
 */
import { Redis } from 'ioredis';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { startRedisServer, startVigil, stopAll } from '../helpers/processes.js';
import { callOnce, okOnce, plain } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { at, doctorJson, runVigil, type DoctorJson } from './cli-run.js';

const doctor = doctorJson;

const ids = (d: DoctorJson): string[] => d.findings.map((f) => f.id);

let recommended: Deployment;
let lone: Deployment;
let pair: Deployment;

beforeAll(async () => {
  [recommended, lone, pair] = await Promise.all([
    startDeployment({ sentinels: [{ kind: 'vigil' }, { kind: 'vigil' }, { kind: 'vigil' }], replicas: 2 }),
    startDeployment({ sentinels: [{ kind: 'vigil' }], replicas: 0 }),
    startDeployment({ sentinels: [{ kind: 'vigil' }, { kind: 'redis-sentinel' }], replicas: 1 }),
  ]);
}, 45_000);

afterAll(stopAll);

describe('vigil doctor', () => {
  test('the recommended layout on loopback: warnings only, exit 1', async () => {
    const [json, text] = await Promise.all([
      doctor(recommended.sentinels[0]!.port),
      runVigil(['doctor', ...at(recommended.sentinels[0]!.port)]),
    ]);
    expect(json.code).toBe(1);
    expect(json.exitCode).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(json.sentinels.filter((s) => s.reachable)).toHaveLength(3);
    expect(ids(json)).toEqual(
      expect.arrayContaining([
        'sentinels-one-machine',
        'primary-with-sentinel-majority',
        'persistence-off',
        'min-replicas-off',
      ]),
    );
    const minReplicas = json.findings.find((f) => f.id === 'min-replicas-off');
    expect(minReplicas?.meaning).toContain('2,000 of 6,000');
    expect(minReplicas?.fix).toContain('fence-on-minority');
    // Piped: plain text, same findings, same exit code.
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain('\x1b[');
    expect(text.stdout).toContain('WARNING persistence is off on every data node');
    expect(text.stdout).toContain('fix: ');
  });

  test('one sentinel and no replica: errors, exit 2', async () => {
    const d = await doctor(lone.sentinels[0]!.port);
    expect(d.code).toBe(2);
    expect(ids(d)).toEqual(expect.arrayContaining(['single-sentinel', 'no-replica']));
  });

  test('two sentinels (Vigil and redis-sentinel) and one replica', async () => {
    const d = await doctor(pair.sentinels[1]!.port);
    expect(d.code).toBe(2);
    const two = d.findings.find((f) => f.id === 'two-sentinels');
    expect(two?.severity).toBe('error');
    expect(two?.meaning).toContain('majority of 2 is 2');
    expect(ids(d)).toContain('one-replica');
    expect(d.sentinels.map((s) => s.reachable)).toEqual([true, true]);
  });

  test('three sentinels with quorum 1', async () => {
    const ports = recommended.sentinels.map((s) => s.port);
    await Promise.all(ports.map((p) => okOnce(p, 'SENTINEL', 'SET', 'mymaster', 'quorum', '1')));
    try {
      const d = await doctor(ports[1]!);
      expect(d.findings.find((f) => f.id === 'quorum-below-majority')).toMatchObject({ severity: 'warning' });
    } finally {
      await Promise.all(ports.map((p) => okOnce(p, 'SENTINEL', 'SET', 'mymaster', 'quorum', '2')));
    }
  });

  test('every replica at replica-priority 0', async () => {
    const replicas = recommended.replicas.map((r) => r.port);
    await Promise.all(replicas.map((p) => okOnce(p, 'CONFIG', 'SET', 'replica-priority', '0')));
    try {
      const d = await doctor(recommended.sentinels[0]!.port);
      expect(d.code).toBe(2);
      expect(d.findings.find((f) => f.id === 'no-promotable-replica')).toMatchObject({ severity: 'error' });
    } finally {
      await Promise.all(replicas.map((p) => okOnce(p, 'CONFIG', 'SET', 'replica-priority', '100')));
    }
  });

  test('persistence and min-replicas-to-write turned on: those findings go', async () => {
    const replica = recommended.replicas[0]!.port;
    const primary = recommended.primary.port;
    await okOnce(replica, 'CONFIG', 'SET', 'appendonly', 'yes');
    await okOnce(primary, 'CONFIG', 'SET', 'min-replicas-to-write', '1');
    try {
      const d = await doctor(recommended.sentinels[0]!.port);
      expect(ids(d)).not.toContain('persistence-off');
      expect(ids(d)).not.toContain('min-replicas-off');
      expect(d.code).toBe(1);
    } finally {
      await okOnce(replica, 'CONFIG', 'SET', 'appendonly', 'no');
      await okOnce(primary, 'CONFIG', 'SET', 'min-replicas-to-write', '0');
    }
  });

  test('INFO commandstats: read-heavy, then write-heavy', async () => {
    const client = new Redis({ host: '127.0.0.1', port: recommended.primary.port, lazyConnect: true });
    await client.connect();
    try {
      const burst = async (n: number, command: 'get' | 'set'): Promise<void> => {
        const pipeline = client.pipeline();
        for (let i = 0; i < n; i++) {
          if (command === 'get') pipeline.get(`k${i % 10}`);
          else pipeline.set(`k${i % 10}`, 'v');
        }
        await pipeline.exec();
      };
      await burst(1200, 'get');
      const reads = await doctor(recommended.sentinels[0]!.port);
      expect(reads.findings.find((f) => f.id === 'read-heavy')).toMatchObject({ severity: 'info' });
      await burst(3000, 'set');
      const writes = await doctor(recommended.sentinels[0]!.port);
      expect(writes.findings.find((f) => f.id === 'write-heavy')?.fix).toContain('shard');
      expect(ids(writes)).not.toContain('read-heavy');
    } finally {
      client.disconnect();
    }
  });

  test('a sentinel monitoring another primary under the same name', async () => {
    const other = await startRedisServer();
    const stray = await startVigil({ monitors: [{ name: 'mymaster', port: other.port, quorum: 1 }] });
    const d = await doctor(recommended.sentinels[0]!.port, '--sentinel', `127.0.0.1:${stray.port}`);
    expect(d.code).toBe(2);
    const f = d.findings.find((x) => x.id === 'primary-disagreement');
    expect(f?.title).toContain(`127.0.0.1:${other.port}`);
    expect(f?.title).toContain(`127.0.0.1:${recommended.primary.port}`);
    await stray.stop();
  });

  test('a dead sentinel still counted as a voter', async () => {
    const dead = recommended.sentinels[2]!;
    await dead.stop();
    const d = await doctor(recommended.sentinels[0]!.port);
    const f = d.findings.find((x) => x.id === 'dead-sentinels');
    expect(f?.title).toContain(`127.0.0.1:${dead.port}`);
    expect(f?.fix).toContain('SENTINEL RESET');
    expect(d.sentinels.find((s) => s.address === `127.0.0.1:${dead.port}`)?.reachable).toBe(false);
    // The peers see it down too once down-after has passed: still the same finding, no crash.
    await waitFor(
      async () => {
        const peers = plain(
          await callOnce(recommended.sentinels[0]!.port, 'SENTINEL', 'SENTINELS', 'mymaster'),
        );
        return JSON.stringify(peers).includes('s_down');
      },
      { timeoutMs: 10_000, description: 'the peers to see the dead sentinel down' },
    );
    expect(ids(await doctor(recommended.sentinels[1]!.port))).toContain('dead-sentinels');
  });

  test('two of three sentinels dead: CKQUORUM fails and no failover is possible', async () => {
    const second = recommended.sentinels[1]!;
    await second.stop();
    const survivor = recommended.sentinels[0]!.port;
    await waitFor(
      async () => {
        const peers = JSON.stringify(plain(await callOnce(survivor, 'SENTINEL', 'SENTINELS', 'mymaster')));
        return (peers.match(/s_down/g) ?? []).length === 2;
      },
      { timeoutMs: 10_000, description: 'the survivor to see both peers down' },
    );
    const d = await doctor(survivor);
    expect(d.code).toBe(2);
    expect(ids(d)).toEqual(
      expect.arrayContaining(['dead-sentinels', 'failover-impossible', 'ckquorum-failed']),
    );
  });

  test('no sentinel answering: exit 2 with the reason', async () => {
    const d = await doctor(recommended.sentinels[2]!.port);
    expect(d.code).toBe(2);
    expect(d.findings[0]?.id).toBe('no-sentinel');
  });
});

/**
 * `vigil status` against one real deployment of two Vigils and a redis-sentinel watching a
 * primary and two replicas: plain text when piped, --json, asking the redis-sentinel, a
 * sentinel that does not answer, and --watch following an event until SIGINT.
 */
import { spawn } from 'node:child_process';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { startRedisServer, startVigil, stopAll } from '../helpers/processes.js';
import { okOnce } from '../helpers/resp.js';
import { waitFor, withDeadline } from '../helpers/waitFor.js';
import { VIGIL_BIN, at, runVigil } from './cli-run.js';
import type { Status } from '../../src/cli/inspect/status-model.js';

let d: Deployment;

beforeAll(async () => {
  d = await startDeployment({
    sentinels: [{ kind: 'vigil' }, { kind: 'vigil' }, { kind: 'redis-sentinel' }],
    replicas: 2,
  });
}, 40_000);

afterAll(stopAll);

const addr = (port: number): string => `127.0.0.1:${port}`;

describe('vigil status', () => {
  test('piped: plain text with the primary, replicas, sentinels and epochs', async () => {
    const { code, stdout } = await runVigil(['status', ...at(d.sentinels[0]!.port)]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\x1b[');
    expect(stdout).toContain(`mymaster  primary ${addr(d.primary.port)}  config-epoch 0`);
    expect(stdout).toContain('quorum 2, 3 sentinels counted');
    expect(stdout).toContain('state: ok');
    for (const r of d.replicas) expect(stdout).toMatch(new RegExp(`${addr(r.port)} +link up {2}lag \\d+ s`));
    for (const s of d.sentinels) expect(stdout).toContain(addr(s.port));
    expect(stdout).toContain('vigil 7.0.15');
    expect(stdout).toContain('redis-sentinel 7.0.15');
    expect(stdout).toContain('sees 2 replicas, 3 sentinels');
  });

  test('--json, asking the redis-sentinel only', async () => {
    const { code, stdout } = await runVigil(['status', ...at(d.sentinels[2]!.port), '--json']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as Status;
    expect(status.masters).toHaveLength(1);
    const m = status.masters[0]!;
    expect(m.name).toBe('mymaster');
    expect(m.primary).toEqual({ address: addr(d.primary.port), reachable: true, role: 'master' });
    expect(m.configEpochs).toEqual([0]);
    expect(m.quorum).toBe(2);
    expect(m.odown).toBe(false);
    expect(m.failoverInProgress).toBe(false);
    expect(m.replicas.map((r) => r.address).sort()).toEqual(d.replicas.map((r) => addr(r.port)).sort());
    expect(m.replicas.every((r) => r.link === 'up' && r.lagSeconds !== null && r.priority === 100)).toBe(
      true,
    );
    expect(m.sentinels.map((s) => s.address).sort()).toEqual(d.sentinels.map((s) => addr(s.port)).sort());
    const kinds = Object.fromEntries(m.sentinels.map((s) => [s.address, s.implementation]));
    expect(kinds[addr(d.sentinels[2]!.port)]).toBe('redis-sentinel');
    expect(kinds[addr(d.sentinels[0]!.port)]).toBe('vigil');
    expect(
      m.sentinels.every((s) => s.reachable && s.configEpoch === 0 && s.primary === addr(d.primary.port)),
    ).toBe(true);
  });

  test('an unknown --name, a sentinel that does not answer, a data node given as a sentinel', async () => {
    const [other, none, dataNode] = await Promise.all([
      runVigil(['status', ...at(d.sentinels[1]!.port), '--name', 'nosuch']),
      runVigil(['status', '--sentinel', '127.0.0.1:1', '--timeout', '500']),
      runVigil(['status', ...at(d.primary.port)]),
    ]);
    expect(dataNode.code).toBe(1);
    expect(dataNode.stdout).toContain('not a sentinel (redis_mode:standalone)');
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('monitor no master');
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('no sentinel answered');
    expect(none.stdout).toContain('127.0.0.1:1 did not answer');
  });

  test('AUTH: passwords for the sentinels and the data nodes, from options or the environment', async () => {
    const primary = await startRedisServer({ config: ['requirepass data-secret'] });
    const sentinel = await startVigil({
      monitors: [{ name: 'locked', port: primary.port, quorum: 1 }],
      extraConfig: ['sentinel auth-pass locked data-secret', 'requirepass sentinel-secret'],
    });
    const env = { ...process.env, VIGIL_SENTINEL_PASSWORD: 'sentinel-secret' };
    const [withEnv, withOptions, without] = await Promise.all([
      runVigil(['status', ...at(sentinel.port), '--json', '--password', 'data-secret'], env),
      runVigil(['doctor', ...at(sentinel.port), '--json', '--sentinel-password', 'sentinel-secret'], {
        ...process.env,
        VIGIL_PASSWORD: 'data-secret',
      }),
      runVigil(['status', ...at(sentinel.port)]),
    ]);
    expect(withEnv.code).toBe(0);
    expect((JSON.parse(withEnv.stdout) as Status).masters[0]?.primary).toMatchObject({
      reachable: true,
      role: 'master',
    });
    const findings = (JSON.parse(withOptions.stdout) as { findings: { id: string }[] }).findings.map(
      (f) => f.id,
    );
    expect(findings).toContain('no-replica');
    expect(findings).not.toContain('primary-unreachable-here');
    expect(without.code).toBe(1);
    expect(without.stdout).toMatch(/NOAUTH/);
    await sentinel.stop();
    await primary.stop();
  });

  test('maintenance: off, then on after SENTINEL SET on one Vigil (the redis-sentinel: unknown)', async () => {
    const vigil = d.sentinels[0]!.port;
    const before = await runVigil(['status', ...at(d.sentinels[2]!.port), '--json']);
    expect((JSON.parse(before.stdout) as Status).masters[0]?.maintenance).toBe(false);
    await okOnce(vigil, 'SENTINEL', 'SET', 'mymaster', 'vigil-maintenance', 'yes');
    try {
      const [json, text] = await Promise.all([
        runVigil(['status', ...at(vigil), '--json']),
        runVigil(['status', ...at(vigil)]),
      ]);
      const m = (JSON.parse(json.stdout) as Status).masters[0]!;
      expect(m.maintenance).toBe(true);
      const mine = m.sentinels.find((s) => s.address === addr(vigil));
      expect(mine?.maintenance).toBe(true);
      expect(m.sentinels.find((s) => s.address === addr(d.sentinels[2]!.port))?.maintenance).toBeNull();
      expect(text.stdout).toContain('  maintenance: on');
    } finally {
      await okOnce(vigil, 'SENTINEL', 'SET', 'mymaster', 'vigil-maintenance', 'no');
    }
  });

  test('vigil --help lists status and doctor within 80 columns', async () => {
    const { stdout } = await runVigil(['--help']);
    expect(stdout).toContain('vigil status [--sentinel host:port ...]');
    expect(stdout).toContain('vigil doctor [--sentinel host:port ...]');
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  test('--watch prints the summary, then events as they come; SIGINT exits 0', async () => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'status', '--watch', ...at(d.sentinels[0]!.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      await waitFor(() => out.includes('sentinels (3)'), {
        timeoutMs: 15_000,
        description: 'the first summary',
      });
      // The summary is printed once the sentinels' events are subscribed.
      const replica = d.replicas[1]!;
      await replica.stop();
      await waitFor(() => new RegExp(`\\+sdown slave ${addr(replica.port)}`).test(out), {
        timeoutMs: 15_000,
        description: `+sdown of ${replica.name} in the watch output`,
      });
    } finally {
      child.kill('SIGINT');
    }
    expect(await withDeadline(exited, 10_000, 'status --watch to exit on SIGINT')).toBe(0);
    expect(out).not.toContain('\x1b[2J');
  });
});

/**
 * redis-py from Debian's python3-redis (4.3.4, RESP2 only) against three Vigils, driven
 * through test/e2e/clients/redis_py_client.py: `Sentinel(...).discover_master` and
 * `discover_slaves` (which use SENTINEL MASTERS and SLAVES, never GET-MASTER-ADDR-BY-NAME),
 * `master_for` writes and reads, `slave_for` reads from a replica, `sentinel_kwargs` with a
 * password, and one long-lived process following a kill -9 failover (clients.md section 3).
 */
import { waitFor } from '../helpers/waitFor.js';
import {
  ClientDeployment,
  HOST,
  MASTER,
  RecordingProxy,
  RedisPyClient,
  cleanupClients,
  withLogs,
} from './clients-util.js';

const PASSWORD = 'sentinel-secret';

interface Node {
  port: number;
  role: string;
  master_port: number | null;
}

let plain: ClientDeployment | undefined;
let secured: ClientDeployment | undefined;
let keySeq = 0;
const key = (prefix: string): string => `clients:redis-py:${prefix}:${++keySeq}`;

beforeAll(async () => {
  plain = await ClientDeployment.start();
  secured = await ClientDeployment.start({ sentinelPassword: PASSWORD });
}, 90_000);

afterAll(async () => {
  await cleanupClients();
});

/** The checks every deployment gets: discovery, master_for, slave_for, then a failover. */
function suite(label: string, deployment: () => ClientDeployment, password: string | undefined): void {
  describe(label, () => {
    const d = deployment;
    let py: RedisPyClient | undefined;
    let proxy: RecordingProxy | undefined;
    const client = (): RedisPyClient => py as RedisPyClient;

    beforeAll(async () => {
      // The first sentinel is reached through a recording proxy: it shows what redis-py sends.
      proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      py = RedisPyClient.start({ sentinelPorts: [proxy.port, ...d().sentinelPorts.slice(1)], password });
      expect(await client().value('version')).toBe('4.3.4');
    });

    test('discover_master uses SENTINEL MASTERS and finds the primary', () =>
      withLogs(d, async () => {
        const primary = await d().primaryPort();
        expect(await client().value('discover_master')).toEqual([HOST, primary]);
        const names = proxy?.commandNames() ?? [];
        expect(names).toContain('SENTINEL MASTERS');
        expect(names).not.toContain('SENTINEL GET-MASTER-ADDR-BY-NAME');
        expect(names).not.toContain('HELLO'); // 4.x speaks RESP2 only
        if (password !== undefined) expect(names).toContain('AUTH');

        // redis-py's own parser: int-typed fields must parse, flags become booleans.
        const masters = await client().value<Record<string, Record<string, unknown>>>('sentinel_masters');
        const m = masters[MASTER] as Record<string, unknown>;
        expect(m).toMatchObject({
          name: MASTER,
          ip: HOST,
          port: primary,
          flags: 'master',
          is_master: true,
          is_sdown: false,
          is_odown: false,
          'num-other-sentinels': 2,
          'num-slaves': 2,
          quorum: 2,
        });
        for (const f of [
          'config-epoch',
          'down-after-milliseconds',
          'failover-timeout',
          'parallel-syncs',
          'last-ping-reply',
        ]) {
          expect(typeof m[f]).toBe('number');
        }
      }));

    test('discover_slaves uses SENTINEL SLAVES and lists both replicas', () =>
      withLogs(d, async () => {
        const primary = await d().primaryPort();
        const slaves = await client().value<[string, number][]>('discover_slaves');
        expect(slaves.map(([, port]) => port).sort()).toEqual(d().replicaPortsOf(primary).sort());
        expect(proxy?.commandNames()).toContain('SENTINEL SLAVES');
        const parsed = await client().value<Record<string, unknown>[]>('sentinel_slaves');
        expect(parsed.every((s) => s.is_slave === true && typeof s['master-port'] === 'number')).toBe(true);
        const sentinels = await client().value<Record<string, unknown>[]>('sentinel_sentinels');
        expect(sentinels.map((s) => s.is_sentinel)).toEqual([true, true]);
        expect(await client().value('sentinel_get_master_addr', { master: MASTER })).toEqual([HOST, primary]);
        expect(await client().value('sentinel_get_master_addr', { master: 'no-such-master' })).toBeNull();
      }));

    test('master_for writes and reads on the primary; slave_for reads from a replica', () =>
      withLogs(d, async () => {
        const primary = await d().primaryPort();
        const k = key('rw');
        expect(await client().value('set', { key: k, value: 'v' })).toBe(true);
        expect(await client().value('get', { key: k })).toBe('v');
        expect(await client().value<Node>('master_node')).toMatchObject({ port: primary, role: 'master' });
        await waitFor(async () => (await client().value('replica_get', { key: k })) === 'v', {
          description: `${k} to be readable through slave_for`,
        });
        const replica = await client().value<Node>('replica_node');
        expect(replica.role).toBe('slave');
        expect(replica.master_port).toBe(primary);
        expect(d().replicaPortsOf(primary)).toContain(replica.port);
      }));

    test('the same master_for and slave_for objects follow a kill -9 failover', () =>
      withLogs(d, async () => {
        const outcome = await d().failover();
        await waitFor(
          async () => {
            const node = await client().value<Node>('master_node');
            if (node.port !== outcome.newPort) return false;
            const k = key('after-failover');
            return (
              (await client().value('set', { key: k, value: 'w' })) === true &&
              (await client().value('get', { key: k })) === 'w'
            );
          },
          { timeoutMs: 20_000, description: `master_for to write on :${outcome.newPort}` },
        );
        expect(await client().value('discover_master')).toEqual([HOST, outcome.newPort]);
        await waitFor(
          async () => {
            const node = await client().value<Node>('replica_node');
            return node.role === 'slave' && node.master_port === outcome.newPort;
          },
          { timeoutMs: 20_000, description: `slave_for to read from a replica of :${outcome.newPort}` },
        );
      }));
  });
}

suite('redis-py, sentinels without a password', () => plain as ClientDeployment, undefined);
suite(
  'redis-py with sentinel_kwargs password, sentinels with requirepass',
  () => secured as ClientDeployment,
  PASSWORD,
);

describe('redis-py without the sentinels password', () => {
  test('discover_master finds no master when every sentinel refuses it', () =>
    withLogs(
      () => secured,
      async () => {
        const py = RedisPyClient.start({ sentinelPorts: (secured as ClientDeployment).sentinelPorts });
        const result = await py.call('discover_master');
        expect(result).toEqual({ ok: false, error: `MasterNotFoundError: No master found for '${MASTER}'` });
      },
    ));
});

/**
 * Foundation §4, links: for every monitored master and replica one command and one pub/sub
 * connection named `sentinel-<id8>-cmd|pubsub`; one command connection per peer sentinel,
 * shared by every master both monitor; reconnects paced at most once per ping period; a
 * blackholed address never delays the other instances. Real redis-server and Vigil processes.
 */
import * as net from 'node:net';
import {
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { callOnce as call, okOnce as ok, fieldsOf, itemsOf, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { waitForReplicationLink } from '../helpers/topology.js';
import { startBlackhole, stopAll as stopServers } from './runtime/servers.js';

/** CLIENT LIST as one field map per connection. */
async function clientList(port: number): Promise<Record<string, string>[]> {
  const text = textOf(await call(port, 'CLIENT', 'LIST'));
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) =>
      Object.fromEntries(
        l
          .trim()
          .split(' ')
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      ),
    );
}

/** How many connections of each name, for the names that start with `sentinel-`. */
async function sentinelNames(port: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of await clientList(port)) {
    const name = c.name ?? '';
    if (name.startsWith('sentinel-')) out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

async function instances(
  port: number,
  sub: 'REPLICAS' | 'SENTINELS',
  master: string,
): Promise<Record<string, string>[]> {
  return itemsOf(await call(port, 'SENTINEL', sub, master)).map(fieldsOf);
}

async function masterFields(port: number, master: string): Promise<Record<string, string>> {
  return fieldsOf(await call(port, 'SENTINEL', 'MASTER', master));
}

let m1: RedisServerHandle;
let r1: RedisServerHandle;
let m2: RedisServerHandle;
let a: ManagedProcess;
let b: ManagedProcess;
const id8 = new Map<ManagedProcess, string>();
const ids = new Map<ManagedProcess, string>();

beforeAll(async () => {
  [m1, m2] = await Promise.all([startRedisServer(), startRedisServer()]);
  r1 = await startRedisServer({ replicaOf: { port: m1.port } });
  await waitForReplicationLink(r1);
  const monitors = [
    { name: 'm1', port: m1.port, quorum: 2, downAfterMs: 5000 },
    { name: 'm2', port: m2.port, quorum: 2, downAfterMs: 5000 },
  ];
  [a, b] = await Promise.all([startVigil({ monitors }), startVigil({ monitors })]);
  for (const v of [a, b]) {
    const id = textOf(await call(v.port, 'SENTINEL', 'MYID'));
    ids.set(v, id);
    id8.set(v, id.slice(0, 8));
  }
}, 30_000);

afterAll(async () => {
  await stopAll();
  await stopServers();
});

describe('links of a monitored group (2 Vigils, 2 masters, 1 replica)', () => {
  test('each peer is discovered under both masters, through one shared command link', async () => {
    for (const [self, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      await waitFor(
        async () => {
          for (const m of ['m1', 'm2']) {
            const peers = await instances(self.port, 'SENTINELS', m);
            if (peers.length !== 1 || peers[0]?.runid !== ids.get(peer))
              throw new Error(`${m}: ${JSON.stringify(peers)}`);
          }
          return true;
        },
        { timeoutMs: 15_000, description: `${self.name} to list its peer under m1 and m2` },
      );
      // Sentinel 7.0: the link of the same runid is shared across masters (refcount 2).
      const [p1, p2] = [
        (await instances(self.port, 'SENTINELS', 'm1'))[0],
        (await instances(self.port, 'SENTINELS', 'm2'))[0],
      ];
      expect(p1?.['link-refcount']).toBe('2');
      expect(p2?.['link-refcount']).toBe('2');
    }
    // Each Vigil holds exactly one command connection to its peer and no pub/sub connection.
    for (const [self, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      const names = await waitFor(
        async () => {
          const n = await sentinelNames(peer.port);
          return n[`sentinel-${id8.get(self)}-cmd`] === 1 ? n : null;
        },
        { description: `${peer.name} to hold one cmd connection of ${self.name}` },
      );
      expect(names).toEqual({ [`sentinel-${id8.get(self)}-cmd`]: 1 });
    }
  });

  test('every master and replica holds exactly one cmd and one pubsub connection per Vigil', async () => {
    await waitFor(
      async () => {
        const replicas = await instances(a.port, 'REPLICAS', 'm1');
        return replicas.length === 1 && replicas[0]?.port === String(r1.port);
      },
      { timeoutMs: 15_000, description: 'the replica to be discovered' },
    );
    const expected: Record<string, number> = {};
    for (const v of [a, b]) {
      expected[`sentinel-${id8.get(v)}-cmd`] = 1;
      expected[`sentinel-${id8.get(v)}-pubsub`] = 1;
    }
    for (const node of [m1, r1, m2]) {
      await waitFor(
        async () => {
          const n = await sentinelNames(node.port);
          if (
            JSON.stringify(n, Object.keys(n).sort()) !==
            JSON.stringify(expected, Object.keys(expected).sort())
          )
            throw new Error(JSON.stringify(n));
          return true;
        },
        { timeoutMs: 15_000, description: `${node.name} to hold one cmd + one pubsub connection per Vigil` },
      );
      // The pub/sub connection is subscribed to the hello channel only; the cmd one to nothing.
      for (const c of await clientList(node.port)) {
        if (c.name?.endsWith('-pubsub')) expect(c.sub).toBe('1');
        if (c.name?.endsWith('-cmd')) expect(c.sub).toBe('0');
      }
    }
  });
});

/** A TCP server that accepts and at once closes each connection, recording accept times. */
async function startSlammer(): Promise<{ port: number; accepts: number[]; close(): Promise<void> }> {
  const accepts: number[] = [];
  const server = net.createServer((s) => {
    accepts.push(Date.now());
    s.on('error', () => {});
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** Accept times grouped into attempts: connections less than 60 ms apart are one attempt. */
function attempts(times: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (const t of times) {
    const last = groups[groups.length - 1];
    if (last && t - (last[0] as number) < 60) last.push(t);
    else groups.push([t]);
  }
  return groups;
}

function gaps(starts: readonly number[]): number[] {
  return starts.slice(1).map((t, i) => t - (starts[i] as number));
}

describe('reconnect pacing', () => {
  test('a master that drops every connection is retried at most once per ping period, cmd + pubsub', async () => {
    const slam = await startSlammer();
    try {
      await ok(a.port, 'SENTINEL', 'MONITOR', 'flaky', '127.0.0.1', slam.port, 2);
      await waitFor(() => slam.accepts.length > 0, { description: 'a first connection attempt' });
      const first = slam.accepts[0] as number;
      await waitFor(() => Date.now() - first >= 3300, {
        timeoutMs: 5000,
        intervalMs: 100,
        description: '3.3 s of attempts',
      });
      const window = slam.accepts.filter((t) => t - first < 3300);
      const groups = attempts(window);
      // Default ping-period 1000: attempts at 0, ~1, ~2, ~3 s; each opens cmd and pubsub at most.
      expect(groups.length).toBeGreaterThanOrEqual(3);
      expect(groups.length).toBeLessThanOrEqual(4);
      for (const g of groups) expect(g.length).toBeLessThanOrEqual(2);
      expect(window.length).toBeLessThanOrEqual(8);
      for (const gap of gaps(groups.map((g) => g[0] as number))) expect(gap).toBeGreaterThanOrEqual(900);

      // SENTINEL DEBUG ping-period 100: the pacing follows the override down to 100 ms.
      await ok(a.port, 'SENTINEL', 'DEBUG', 'ping-period', 100);
      try {
        const from = Date.now();
        await waitFor(() => Date.now() - from >= 1500, {
          timeoutMs: 3000,
          intervalMs: 100,
          description: '1.5 s more',
        });
        const fast = attempts(slam.accepts.filter((t) => t >= from + 200 && t < from + 1500));
        expect(fast.length).toBeGreaterThanOrEqual(4);
        // Never a tight loop: still at most one attempt per 100 ms (a tick is 52..100 ms).
        expect(fast.length).toBeLessThanOrEqual(13);
        // Accept times carry this process's event-loop jitter: each gap gets some slack, their
        // mean none to speak of.
        const fastGaps = gaps(fast.map((g) => g[0] as number));
        for (const gap of fastGaps) expect(gap).toBeGreaterThanOrEqual(50);
        expect(fastGaps.reduce((x, y) => x + y, 0) / fastGaps.length).toBeGreaterThanOrEqual(95);
      } finally {
        await ok(a.port, 'SENTINEL', 'DEBUG', 'ping-period', 1000);
      }
    } finally {
      await ok(a.port, 'SENTINEL', 'REMOVE', 'flaky');
      await slam.close();
    }
  });
});

describe('a blackholed address', () => {
  test('a master whose connects never complete does not delay the other master', async () => {
    const hole = await startBlackhole();
    // The blackholed master first, so it comes first in every loop over masters.
    const c = await startVigil({
      monitors: [
        { name: 'hole', port: hole, quorum: 2, downAfterMs: 1000 },
        { name: 'm1', port: m1.port, quorum: 2, downAfterMs: 1000 },
      ],
    });
    try {
      await ok(c.port, 'SENTINEL', 'DEBUG', 'info-period', 300);
      const started = Date.now();
      await waitFor(
        async () => {
          const replicas = await instances(c.port, 'REPLICAS', 'm1');
          return (
            replicas.length === 1 &&
            replicas[0]?.flags === 'slave' &&
            replicas[0]?.['master-link-status'] === 'ok'
          );
        },
        { timeoutMs: 5000, description: 'm1 replica discovered while the other master hangs' },
      );
      // Replica discovery needs only the first INFO of m1: well under one connect timeout.
      expect(Date.now() - started).toBeLessThan(4000);
      const hung = await waitFor(
        async () => {
          const f = await masterFields(c.port, 'hole');
          return f.flags?.split(',').includes('s_down') ? f : null;
        },
        { timeoutMs: 5000, description: 'the blackholed master to be s_down' },
      );
      expect(hung.flags).toBe('s_down,master,disconnected');
      // Meanwhile m1 is polled and pinged on time, and Vigil answers at once.
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        const f = await masterFields(c.port, 'm1');
        expect(Date.now() - t0).toBeLessThan(1000);
        expect(f.flags).toBe('master');
        expect(Number(f['info-refresh'])).toBeLessThan(1500);
        expect(Number(f['last-ok-ping-reply'])).toBeLessThan(2000);
        const at = Date.now();
        await waitFor(() => Date.now() - at >= 300, { intervalMs: 50, description: 'a moment' });
      }
    } finally {
      await c.stop();
    }
  });
});

/**
 * node-redis 6 (RESP3 by default, no RESP2 fallback) and node-redis 5 (RESP2) `createSentinel`
 * against three Vigils, configured as the node-redis Sentinel guide shows (`name` +
 * `sentinelRootNodes`): observe (SENTINEL SENTINELS / MASTER / REPLICAS), writes and reads,
 * replica reads with `replicaPoolSize`, the control PSUBSCRIBE patterns, `sentinelClientOptions`
 * with a password, and following a kill -9 failover (clients.md section 2).
 */
import { createSentinel as createSentinel5 } from 'redis5';
import { createSentinel as createSentinel6 } from 'redis6';
import { fieldsOf, itemsOf, textOf, type RespValue } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  ClientDeployment,
  HOST,
  MASTER,
  RecordingProxy,
  cleanupClients,
  sentinelCommand,
  track,
  withLogs,
} from './clients-util.js';

interface RedisNode {
  host: string;
  port: number;
}

/** The part of both majors' RedisSentinel API these tests use. */
interface NodeRedisSentinel {
  connect(): Promise<unknown>;
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<unknown>;
  sendCommand(isReadonly: boolean, args: string[]): Promise<unknown>;
  getMasterNode(): RedisNode | undefined;
  getReplicaNodes(): Map<RedisNode, number>;
  setTracer(tracer?: string[]): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  destroy(): Promise<void> | void;
}

interface Lib {
  name: string;
  resp: 2 | 3;
  create(options: Record<string, unknown>): NodeRedisSentinel;
}

const LIBS: Lib[] = [
  {
    name: 'node-redis 6',
    resp: 3,
    create: (o) =>
      createSentinel6(o as unknown as Parameters<typeof createSentinel6>[0]) as unknown as NodeRedisSentinel,
  },
  {
    name: 'node-redis 5',
    resp: 2,
    create: (o) =>
      createSentinel5(o as unknown as Parameters<typeof createSentinel5>[0]) as unknown as NodeRedisSentinel,
  },
];

/** The control patterns node-redis subscribes to on one sentinel (clients.md section 2). */
const CONTROL_PATTERNS = [
  'switch-master',
  '[-+]sdown',
  '+slave',
  '+sentinel',
  '[-+]odown',
  '+slave-reconf-done',
];

const PASSWORD = 'sentinel-secret';

let plain: ClientDeployment | undefined;
let secured: ClientDeployment | undefined;
let keySeq = 0;
const key = (prefix: string): string => `clients:node-redis:${prefix}:${++keySeq}`;

/** createSentinel as the guide shows it, connected; errors are expected during failovers. */
async function sentinelClient(
  lib: Lib,
  rootPorts: number[],
  options: Record<string, unknown> = {},
): Promise<NodeRedisSentinel & { errors: string[]; trace: string[] }> {
  const client = lib.create({
    name: MASTER,
    sentinelRootNodes: rootPorts.map((port) => ({ host: HOST, port })),
    ...options,
  });
  const errors: string[] = [];
  const trace: string[] = [];
  client.on('error', (err) => errors.push(String(err instanceof Error ? err.message : err)));
  client.setTracer(trace);
  track(async () => {
    await client.destroy();
  });
  await client.connect();
  return Object.assign(client, { errors, trace });
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString() : String(value);
}

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(info)?.[1];
}

/**
 * The data node a command reaches through the client: `readonly` ones go to the replica pool
 * when there is one (INFO is flagged read-only in node-redis), the others to the master.
 */
async function nodeThrough(
  client: NodeRedisSentinel,
  readonly: boolean,
): Promise<{ port: number; role: string; masterPort: number }> {
  const info = text(await client.sendCommand(readonly, ['INFO']));
  return {
    port: Number(field(info, 'tcp_port')),
    role: field(info, 'role') ?? '?',
    masterPort: Number(field(info, 'master_port') ?? 0),
  };
}

async function masterPortThrough(client: NodeRedisSentinel): Promise<number> {
  return (await nodeThrough(client, false)).port;
}

async function writeRead(client: NodeRedisSentinel, prefix: string): Promise<void> {
  const k = key(prefix);
  expect(await client.set(k, 'v')).toBe('OK');
  expect(text(await client.get(k))).toBe('v');
}

/** `cmdstat_get` calls on a data node. */
async function getCalls(port: number): Promise<number> {
  const info = textOf((await sentinelCommand(port, undefined, 'INFO', 'commandstats')).value);
  return Number(/^cmdstat_get:calls=(\d+)/m.exec(info)?.[1] ?? 0);
}

/** Redis glob semantics for the patterns used here: `*`, `?`, `[...]` with ranges. */
function globMatches(pattern: string, channel: string): boolean {
  const source = pattern.replace(/\[[^\]]*\]|[*?]|[^[*?]+/g, (part) => {
    if (part === '*') return '.*';
    if (part === '?') return '.';
    if (part.startsWith('[')) return `[${part.slice(1, -1).replace(/\\/g, '\\\\')}]`;
    return part.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  });
  return new RegExp(`^${source}$`).test(channel);
}

/**
 * Waits until the client's master is `port` and `check` passes; on timeout the error carries
 * the client's trace (node-redis setTracer: observe / analyze / transform and pub/sub lines).
 */
async function follows(
  client: NodeRedisSentinel & { trace: string[]; errors: string[] },
  lib: Lib,
  port: number,
  check: () => Promise<boolean>,
): Promise<void> {
  try {
    await waitFor(async () => client.getMasterNode()?.port === port && (await check()), {
      timeoutMs: 20_000,
      description: `${lib.name} to follow the failover to :${port}`,
    });
  } catch (err) {
    const trace = client.trace.filter((t) => !t.startsWith('attemping to send')).slice(-60);
    throw new Error(
      `${(err as Error).message}\nmaster node ${JSON.stringify(client.getMasterNode())}; errors: ${client.errors.slice(-5).join(' | ')}\ntrace:\n  ${trace.join('\n  ')}`,
    );
  }
}

beforeAll(async () => {
  // One after the other: six Vigils starting at once on a busy 2-core machine may miss
  // their start deadline.
  plain = await ClientDeployment.start();
  secured = await ClientDeployment.start({ sentinelPassword: PASSWORD });
}, 90_000);

afterAll(async () => {
  await cleanupClients();
});

describe.each(LIBS)('$name createSentinel', (lib) => {
  const d = (): ClientDeployment => plain as ClientDeployment;
  // A failover test leaves the old primary down: the next test first brings it back as a
  // replica (also after a failure), so every test starts from one primary and two replicas.
  beforeEach(async () => {
    await plain?.heal();
  }, 60_000);

  test('observes the topology, writes and reads on the primary', () =>
    withLogs(d, async () => {
      const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      const client = await sentinelClient(lib, [proxy.port]);
      await writeRead(client, 'discover');
      const primary = await d().primaryPort();
      expect(client.getMasterNode()).toEqual({ host: HOST, port: primary });
      expect(await masterPortThrough(client)).toBe(primary);

      const names = proxy.commandNames();
      for (const sub of ['SENTINELS', 'MASTER', 'REPLICAS']) expect(names).toContain(`SENTINEL ${sub}`);
      const master = proxy.replyTo((c) => c[1]?.toUpperCase() === 'MASTER');
      const replicas = proxy.replyTo((c) => c[1]?.toUpperCase() === 'REPLICAS');
      const hello = proxy.replyTo((c) => c[0]?.toUpperCase() === 'HELLO');
      if (lib.resp === 3) {
        // node-redis 6 indexes RESP3 maps directly: flat arrays would break parseNode.
        expect(hello?.command.slice(0, 2)).toEqual(['HELLO', '3']);
        expect(hello?.reply.kind).toBe('map');
        expect(master?.reply.kind).toBe('map');
        expect(itemsOf(replicas?.reply as RespValue).map((r) => r.kind)).toEqual(['map', 'map']);
      } else {
        expect(hello).toBeUndefined();
        expect(master?.reply.kind).toBe('array');
      }
      expect(fieldsOf(master?.reply as RespValue)).toMatchObject({
        name: MASTER,
        port: String(primary),
        flags: 'master',
      });

      // The control subscription: exactly the documented patterns, each confirmed.
      const psub = proxy.connections
        .flatMap((c) => c.commands)
        .find((c) => c[0]?.toUpperCase() === 'PSUBSCRIBE');
      expect(psub?.slice(1)).toEqual(CONTROL_PATTERNS);
    }));

  test('with replicaPoolSize reads from the replicas', () =>
    withLogs(d, async () => {
      const client = await sentinelClient(lib, d().sentinelPorts, { replicaPoolSize: 1 });
      const primary = await d().primaryPort();
      const replicas = d().replicaPortsOf(primary);
      expect([...client.getReplicaNodes().keys()].map((n) => n.port).sort()).toEqual([...replicas].sort());
      const k = key('replica-read');
      await client.set(k, 'replicated');
      const before = await Promise.all(replicas.map(getCalls));
      const primaryBefore = await getCalls(primary);
      // Replication is asynchronous: read until the value shows up on the replicas.
      await waitFor(async () => text(await client.get(k)) === 'replicated', {
        description: `${k} on a replica`,
      });
      for (let i = 0; i < 4; i++) await client.get(k);
      const after = await Promise.all(replicas.map(getCalls));
      expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
      expect(await getCalls(primary)).toBe(primaryBefore);
    }));

  test('follows a kill -9 failover, re-observing on its PSUBSCRIBE control messages', () =>
    withLogs(d, async () => {
      const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      const client = await sentinelClient(lib, [proxy.port]);
      // Replica pools are rebuilt only when an observation lists the replicas healthy, which
      // right after a switch they may not be yet: the guide's scanInterval re-observes.
      const reader = await sentinelClient(lib, d().sentinelPorts, { replicaPoolSize: 1, scanInterval: 1000 });
      await writeRead(client, 'before-failover');
      const outcome = await d().failover();
      await follows(client, lib, outcome.newPort, async () => {
        if ((await masterPortThrough(client)) !== outcome.newPort) return false;
        await writeRead(client, 'after-failover');
        return true;
      });
      const k = key('read-after-failover');
      let step = '';
      await waitFor(
        async () => {
          step = 'INFO on the master';
          if ((await masterPortThrough(reader)) !== outcome.newPort) return false;
          step = 'SET';
          await reader.set(k, 'v');
          step = 'INFO on a replica';
          const replica = await nodeThrough(reader, true);
          step = 'GET';
          return (
            replica.role === 'slave' &&
            replica.masterPort === outcome.newPort &&
            text(await reader.get(k)) === 'v'
          );
        },
        { timeoutMs: 20_000, description: `${lib.name} to read from a replica of :${outcome.newPort}` },
      ).catch((err: Error) => {
        const trace = reader.trace.filter((t) => !t.startsWith('attemping to send')).slice(-60);
        throw new Error(
          `${err.message}\nstep: ${step}; replicas ${JSON.stringify([...reader.getReplicaNodes().keys()])}, trace:\n  ${trace.join('\n  ')}`,
        );
      });
      const replicaPorts = [...reader.getReplicaNodes().keys()].map((n) => n.port);
      expect(replicaPorts).not.toContain(outcome.newPort);
      expect(replicaPorts).not.toContain(outcome.oldPort); // s_down: parseNode drops it

      // What arrived on the control subscription: pmessage frames whose channel matches the
      // pattern they name, with the `[-+]` classes matching, and nothing for `switch-master`
      // (the real channel is `+switch-master`).
      const pmessages = (): string[][] =>
        proxy.connections
          .flatMap((c) => c.frames)
          .filter((f) => (f.kind === 'push' || f.kind === 'array') && f.items.length === 4)
          .map((f) => itemsOf(f).map((i) => textOf(i)))
          .filter(([type]) => type === 'pmessage');
      // The old primary stays down, listed as a replica now: every sentinel publishes +sdown
      // for it, which node-redis receives through its `[-+]sdown` class pattern.
      await waitFor(
        () => pmessages().some(([, pattern, channel]) => pattern === '[-+]sdown' && channel === '+sdown'),
        {
          description: 'a pmessage for [-+]sdown on the control subscription',
        },
      );
      for (const [, pattern, channel] of pmessages()) {
        expect(CONTROL_PATTERNS).toContain(pattern);
        expect(globMatches(pattern as string, channel as string)).toBe(true);
      }
      // (+odown/-odown reach only sentinels that saw ODOWN themselves before the switch.)
      expect(pmessages().map(([, pattern]) => pattern)).not.toContain('switch-master');
      if (lib.resp === 3) {
        expect(proxy.connections.flatMap((c) => c.frames).some((f) => f.kind === 'push')).toBe(true);
      }
      expect(client.trace.some((t) => t.startsWith('pubsub control channel message on '))).toBe(true);
    }));
});

describe.each(LIBS)('$name createSentinel, sentinels with requirepass', (lib) => {
  const d = (): ClientDeployment => secured as ClientDeployment;
  beforeEach(async () => {
    await secured?.heal();
  }, 60_000);

  test('with sentinelClientOptions.password observes, writes, reads and follows a failover', () =>
    withLogs(d, async () => {
      const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      const client = await sentinelClient(lib, [proxy.port], {
        sentinelClientOptions: { password: PASSWORD },
        replicaPoolSize: 1,
      });
      await writeRead(client, 'auth');
      expect(client.getMasterNode()?.port).toBe(await d().primaryPort());
      const auth = proxy.replyTo((c) => ['AUTH', 'HELLO'].includes(c[0]?.toUpperCase() ?? ''));
      if (lib.resp === 3) {
        expect(auth?.command.slice(0, 5)).toEqual(['HELLO', '3', 'AUTH', 'default', PASSWORD]);
        expect(auth?.reply.kind).toBe('map');
      } else {
        expect(auth?.command).toEqual(['AUTH', PASSWORD]);
        expect(auth?.reply).toEqual({ kind: 'simple', value: 'OK' });
      }

      const outcome = await d().failover();
      await follows(client, lib, outcome.newPort, async () => {
        await writeRead(client, 'auth-after');
        return true;
      });
    }));

  test('without the password it cannot observe the topology', () =>
    withLogs(d, async () => {
      const client = lib.create({
        name: MASTER,
        sentinelRootNodes: d().sentinelPorts.map((port) => ({ host: HOST, port })),
        maxCommandRediscovers: 0,
      });
      const errors: string[] = [];
      client.on('error', (err) => errors.push(String(err instanceof Error ? err.message : err)));
      track(async () => {
        await client.destroy();
      });
      await expect(client.connect()).rejects.toThrow();
      expect(errors.join('\n')).toMatch(/NOAUTH|Authentication required/);
    }));
});

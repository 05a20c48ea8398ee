/**
 * ioredis 6 (RESP3 by default) and ioredis 5 (RESP2) in Sentinel mode against three Vigils,
 * configured as their README says (`sentinels` + `name`): discovery of the primary, writes and
 * reads, `role: 'slave'`, `updateSentinels`, `failoverDetector`, `sentinelPassword`, and
 * following a kill -9 failover without being restarted. A recording proxy in front of the
 * first sentinel shows what each major sends (clients.md section 1).
 */
import { Redis as Redis5 } from 'ioredis';
import { Redis as Redis6 } from 'ioredis6';
import { fieldsOf, itemsOf, textOf, type RespValue } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  ClientDeployment,
  HOST,
  MASTER,
  RecordingProxy,
  cleanupClients,
  track,
  withLogs,
} from './clients-util.js';

/** The part of both majors' API these tests use. */
interface IoRedisClient {
  status: string;
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<string | null>;
  info(section: string): Promise<string>;
  disconnect(reconnect?: boolean): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

interface Lib {
  name: string;
  resp: 2 | 3;
  create(options: Record<string, unknown>): IoRedisClient;
}

const LIBS: Lib[] = [
  { name: 'ioredis 6', resp: 3, create: (o) => new Redis6(o) as unknown as IoRedisClient },
  { name: 'ioredis 5', resp: 2, create: (o) => new Redis5(o) as unknown as IoRedisClient },
];

const PASSWORD = 'sentinel-secret';

let plain: ClientDeployment | undefined;
let secured: ClientDeployment | undefined;
let keySeq = 0;
/** sentinelError events of the master-role clients. */
const sentinelErrors: string[] = [];
const key = (prefix: string): string => `clients:ioredis:${prefix}:${++keySeq}`;

/** A client in Sentinel mode, as the ioredis README shows it; errors are expected in failovers. */
function sentinelClient(
  lib: Lib,
  sentinelPorts: number[],
  options: Record<string, unknown> = {},
): IoRedisClient & { errors: string[]; history: string[]; startedAt: number } {
  const client = lib.create({
    sentinels: sentinelPorts.map((port) => ({ host: HOST, port })),
    name: MASTER,
    ...options,
  });
  const errors: string[] = [];
  const history: string[] = [];
  const t0 = Date.now();
  client.on('error', (err) => {
    errors.push((err as Error).message);
    history.push(`+${Date.now() - t0}ms error ${(err as Error).message}`);
  });
  for (const event of ['connect', 'ready', 'close', 'reconnecting', 'end']) {
    client.on(event, () => history.push(`+${Date.now() - t0}ms ${event}`));
  }
  client.on('sentinelError', (err) => {
    // For a role: 'slave' client "invalid reply" just means no usable replica was listed at
    // that moment (legitimate right after a switch); for the master it is a broken reply.
    if (options.role !== 'slave') {
      sentinelErrors.push(`${(err as Error).message} (in "${expect.getState().currentTestName ?? '?'}")`);
    }
    history.push(`+${Date.now() - t0}ms sentinelError ${(err as Error).message}`);
  });
  track(async () => {
    // A client that gave up is already ended: disconnecting again would arm ioredis's
    // disconnectTimeout timer on its dead stream, which then outlives the test file.
    if (client.status === 'end') return;
    client.disconnect();
    await waitFor(() => client.status === 'end', { timeoutMs: 5000, description: 'ioredis to end' });
  });
  return Object.assign(client, { errors, history, startedAt: t0 });
}

/** Verb and subcommand lower-cased (clients differ in case; the arguments are kept). */
const lower = (cmd: string[] | undefined): string[] | undefined =>
  cmd?.map((a, i) =>
    i < 2 || (cmd[0]?.toLowerCase() === 'hello' && a.toUpperCase() === 'AUTH') ? a.toLowerCase() : a,
  );

function field(text: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(text)?.[1];
}

/** The port and role of the data node the client is connected to, asked through the client. */
async function nodeOf(client: IoRedisClient): Promise<{ port: number; role: string; masterPort?: number }> {
  const server = String(await client.info('server'));
  const replication = String(await client.info('replication'));
  const masterPort = field(replication, 'master_port');
  return {
    port: Number(field(server, 'tcp_port')),
    role: field(replication, 'role') ?? '?',
    masterPort: masterPort === undefined ? undefined : Number(masterPort),
  };
}

/** Writes through the client and reads the value back. */
async function writeRead(client: IoRedisClient, prefix: string): Promise<void> {
  const k = key(prefix);
  expect(await client.set(k, 'v')).toBe('OK');
  expect(await client.get(k)).toBe('v');
}

/** Sentinel connections currently subscribed (`sub=1` in CLIENT LIST) on each sentinel. */
async function subscribersOn(d: ClientDeployment): Promise<number[]> {
  return Promise.all(
    d.sentinelPorts.map(async (_, i) => {
      const text = textOf(await d.sentinel(i, 'CLIENT', 'LIST'));
      return text.split('\n').filter((l) => /\bsub=[1-9]/.test(l) && /\bcmd=subscribe\b/.test(l)).length;
    }),
  );
}

/** Waits until `followed` holds for a client after a failover; a timeout shows its history. */
async function follow(
  c: { label: string; client: { history: string[]; status: string } },
  port: number,
  followed: () => Promise<boolean>,
): Promise<void> {
  try {
    await waitFor(followed, {
      timeoutMs: 20_000,
      description: `${c.label} to follow the failover to :${port}`,
    });
  } catch (err) {
    const history = c.client.history.slice(-30).join('\n  ');
    throw new Error(
      `${(err as Error).message}\n${c.label} (status ${c.client.status}) events:\n  ${history}`,
    );
  }
}

/** A subscriber to +switch-master on every sentinel, noting when the first message came. */
async function watchSwitchMaster(ports: number[]): Promise<{ firstAt(): number | undefined; close(): void }> {
  let first: number | undefined;
  const subscribers = ports.map((port) => new Redis5({ host: HOST, port }));
  const close = (): void => subscribers.forEach((s) => s.disconnect());
  const untrack = track(close);
  for (const s of subscribers) {
    s.on('message', () => (first ??= Date.now()));
    await s.subscribe('+switch-master');
  }
  return {
    firstAt: () => first,
    close: () => {
      untrack();
      close();
    },
  };
}

/**
 * The only way a failoverDetector client may end in a kill -9 failover: the ioredis race
 * described above. Its signature: "Connection is closed." reported and the client ended within
 * moments of the first +switch-master, before it was ever ready again after the kill.
 */
function expectIoredisDetectorRace(
  c: { label: string; client: { history: string[]; errors: string[]; startedAt: number } },
  killedAt: number,
  firstSwitchAt: number | undefined,
): void {
  const context = `${c.label} ended; events:\n  ${c.client.history.slice(-12).join('\n  ')}`;
  expect({ context, lastError: c.client.errors.at(-1) }).toEqual({
    context,
    lastError: 'Connection is closed.',
  });
  const ended = c.client.history
    .filter((h) => h.endsWith(' end'))
    .map((h) => Number(/^\+(\d+)ms/.exec(h)?.[1]));
  expect(ended).toHaveLength(1);
  expect(firstSwitchAt).toBeDefined();
  const endedAt = c.client.startedAt + (ended[0] as number);
  expect({ context, nearFirstSwitch: Math.abs(endedAt - (firstSwitchAt as number)) < 250 }).toEqual({
    context,
    nearFirstSwitch: true,
  });
  const readyAfterKill = c.client.history.some((h) => {
    const at = c.client.startedAt + Number(/^\+(\d+)ms/.exec(h)?.[1]);
    return h.endsWith(' ready') && at > killedAt && at < endedAt;
  });
  expect({ context, readyAfterKill }).toEqual({ context, readyAfterKill: false });
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

describe('ioredis, sentinels without a password', () => {
  const d = (): ClientDeployment => plain as ClientDeployment;
  // A failover test leaves the old primary down: the next test first brings it back as a
  // replica (also after a failure), so every test starts from one primary and two replicas.
  beforeEach(async () => {
    await plain?.heal();
  }, 60_000);

  test.each(LIBS)('$name discovers the primary, writes and reads', (lib) =>
    withLogs(d, async () => {
      const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      const client = sentinelClient(lib, [proxy.port]);
      await writeRead(client, 'discover');
      const primary = await d().primaryPort();
      expect(await nodeOf(client)).toMatchObject({ port: primary, role: 'master' });

      // What the library sent to the sentinel and how it was answered.
      const names = proxy.commandNames();
      expect(names).toContain('SENTINEL GET-MASTER-ADDR-BY-NAME');
      expect(names).toContain('SENTINEL SENTINELS'); // updateSentinels defaults to true
      expect(names).not.toContain('CLIENT SETNAME'); // sentinel connections carry no name
      const addr = proxy.replyTo((c) => c[1]?.toLowerCase() === 'get-master-addr-by-name');
      expect(lower(addr?.command)).toEqual(['sentinel', 'get-master-addr-by-name', MASTER]);
      expect(itemsOf(addr?.reply as RespValue).map(textOf)).toEqual([HOST, String(primary)]);
      const hello = proxy.replyTo((c) => c[0]?.toUpperCase() === 'HELLO');
      if (lib.resp === 3) {
        expect(lower(hello?.command)).toEqual(['hello', '3']);
        expect(hello?.reply.kind).toBe('map');
        expect(fieldsOf(hello?.reply as RespValue)).toMatchObject({ proto: '3', mode: 'sentinel' });
        const sentinels = proxy.replyTo((c) => c[1]?.toLowerCase() === 'sentinels');
        expect(itemsOf(sentinels?.reply as RespValue).every((e) => e.kind === 'map')).toBe(true);
      } else {
        expect(hello).toBeUndefined();
      }
    }),
  );

  test.each(LIBS)("$name with role: 'slave' reads from a replica", (lib) =>
    withLogs(d, async () => {
      const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      const writer = sentinelClient(lib, d().sentinelPorts);
      const reader = sentinelClient(lib, [proxy.port], { role: 'slave' });
      const k = key('replica-read');
      await writer.set(k, 'replicated');
      // Replication is asynchronous: poll the replica until the write arrived.
      await waitFor(async () => (await reader.get(k)) === 'replicated', {
        description: `${k} to be readable from the replica`,
      });
      const primary = await d().primaryPort();
      const node = await nodeOf(reader);
      expect(node.role).toBe('slave');
      expect(node.masterPort).toBe(primary);
      expect(d().replicaPortsOf(primary)).toContain(node.port);
      // ioredis uses the old subcommand name.
      expect(proxy.commandNames()).toContain('SENTINEL SLAVES');
    }),
  );

  test.each(LIBS)(
    '$name with updateSentinels finds the other sentinels when its only configured one vanishes',
    (lib) =>
      withLogs(d, async () => {
        const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
        const client = sentinelClient(lib, [proxy.port], { sentinelRetryStrategy: () => 100 });
        await writeRead(client, 'update-sentinels');
        await proxy.close();
        client.disconnect(true); // reconnect: the configured address is gone now
        await waitFor(
          async () => {
            await writeRead(client, 'update-sentinels-again');
            return true;
          },
          { timeoutMs: 15_000, description: 'the client to reconnect through a discovered sentinel' },
        );
      }),
  );

  test.each(LIBS)(
    '$name without updateSentinels gives up when its only configured sentinel vanishes',
    (lib) =>
      withLogs(d, async () => {
        const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
        const client = sentinelClient(lib, [proxy.port], {
          updateSentinels: false,
          sentinelRetryStrategy: () => null,
        });
        await writeRead(client, 'no-update-sentinels');
        expect(proxy.commandNames()).not.toContain('SENTINEL SENTINELS');
        await proxy.close();
        client.disconnect(true);
        await waitFor(() => client.errors.some((e) => e.includes('All sentinels are unreachable')), {
          description: 'ioredis to report that no sentinel is reachable',
        });
      }),
  );

  test.each(LIBS)(
    '$name with failoverDetector: true follows +switch-master away from a hung primary',
    (lib) =>
      withLogs(d, async () => {
        const ports = d().sentinelPorts;
        const before = await subscribersOn(d());
        const detector = {
          label: `${lib.name} failoverDetector`,
          client: sentinelClient(lib, ports, { failoverDetector: true }),
        };
        const plainClient = sentinelClient(lib, ports);
        await writeRead(detector.client, 'detector-before');
        await writeRead(plainClient, 'detector-before');
        // The detector holds SUBSCRIBE +switch-master on every sentinel it knows.
        await waitFor(
          async () => {
            const now = await subscribersOn(d());
            return now.every((n, i) => n > (before[i] ?? 0));
          },
          { description: 'the failover detector to subscribe on every sentinel' },
        );

        // SIGSTOP: the old primary keeps its sockets open, so only the detector can tell the
        // client that the sentinels switched (ioredis has no command timeout by default).
        const outcome = await d().failover({ pause: true });
        let plainSettled = false;
        const plainWrite = plainClient.set(key('hung'), 'v').then(
          () => undefined,
          () => undefined,
        );
        void plainWrite.finally(() => (plainSettled = true));
        await follow(detector, outcome.newPort, async () => {
          if ((await nodeOf(detector.client)).port !== outcome.newPort) return false;
          await writeRead(detector.client, 'detector-after');
          return true;
        });
        expect(plainSettled).toBe(false); // without the detector the client still waits on the hung primary
        await d().heal();
        await plainWrite;
      }),
  );

  // On a kill -9 the detector client is already reconnecting when +switch-master arrives. If
  // the first one lands while SentinelConnector.connect() awaits a sentinel, the detector's
  // connector.disconnect() clears `connecting`, connect() throws "Connection is closed." and
  // Redis.connect() ends the client for good. That is a race inside ioredis (5.11 and 6.0 have
  // the same code) and redis-sentinel 7.0.15 meets it too (2 of 24 clients in one loaded run,
  // Vigil 0 of 48; docs/compatibility.md). So a client may end only with exactly that
  // signature, every other client must follow, and a run in which no client of the major
  // followed is repeated (at most three runs).
  test.each(LIBS)('$name with failoverDetector: true follows a kill -9 failover', (lib) =>
    withLogs(d, async () => {
      const ports = d().sentinelPorts;
      for (let run = 1; ; run++) {
        if (run > 1) await d().heal();
        const switches = await watchSwitchMaster(ports);
        // Two clients on different reconnect schedules: ioredis's default and a slower one, so
        // one unlucky timing cannot hit both.
        const clients = [undefined, (times: number) => Math.min(times * 70, 2000)].map(
          (retryStrategy, i) => ({
            label: `${lib.name} failoverDetector #${i + 1}`,
            client: sentinelClient(lib, ports, {
              failoverDetector: true,
              ...(retryStrategy ? { retryStrategy } : {}),
            }),
          }),
        );
        for (const c of clients) await writeRead(c.client, 'detector-kill-before');
        const outcome = await d().failover();
        let followed = 0;
        for (const c of clients) {
          await follow(c, outcome.newPort, async () => {
            if (c.client.status === 'end') return true;
            if ((await nodeOf(c.client)).port !== outcome.newPort) return false;
            await writeRead(c.client, 'detector-kill-after');
            return true;
          });
          if (c.client.status === 'end') expectIoredisDetectorRace(c, outcome.killedAt, switches.firstAt());
          else followed++;
        }
        switches.close();
        if (followed > 0) break;
        if (run === 3) throw new Error(`no ${lib.name} failoverDetector client followed in three runs`);
      }
    }),
  );

  test('master and role: slave clients follow a kill -9 failover without being restarted', () =>
    withLogs(d, async () => {
      const ports = d().sentinelPorts;
      const clients = LIBS.flatMap((lib) => [
        { label: `${lib.name} master`, role: 'master', client: sentinelClient(lib, ports) },
        { label: `${lib.name} slave`, role: 'slave', client: sentinelClient(lib, ports, { role: 'slave' }) },
      ]);
      for (const c of clients) await c.client.get(key('warm-up'));
      const outcome = await d().failover();
      for (const c of clients) {
        await follow(c, outcome.newPort, async () => {
          const node = await nodeOf(c.client);
          if (c.role === 'master') {
            if (node.port !== outcome.newPort) return false;
            await writeRead(c.client, 'after-failover');
            return true;
          }
          // A replica of the new primary (the promoted one was a replica before).
          return (
            node.role === 'slave' &&
            node.masterPort === outcome.newPort &&
            (await c.client.get(key('x'))) === null
          );
        });
      }
    }));
});

describe('ioredis, sentinels with requirepass', () => {
  const d = (): ClientDeployment => secured as ClientDeployment;
  beforeEach(async () => {
    await secured?.heal();
  }, 60_000);

  test.each(LIBS)('$name with sentinelPassword discovers the primary and a replica', (lib) =>
    withLogs(d, async () => {
      const proxy = await RecordingProxy.start(d().sentinelPorts[0] as number);
      const master = sentinelClient(lib, [proxy.port], { sentinelPassword: PASSWORD });
      await writeRead(master, 'auth');
      expect((await nodeOf(master)).port).toBe(await d().primaryPort());
      const auth = proxy.replyTo((c) => ['AUTH', 'HELLO'].includes(c[0]?.toUpperCase() ?? ''));
      if (lib.resp === 3) {
        expect(lower(auth?.command)).toEqual(['hello', '3', 'auth', 'default', PASSWORD]);
        expect(auth?.reply.kind).toBe('map');
      } else {
        expect(lower(auth?.command)).toEqual(['auth', PASSWORD]);
        expect(auth?.reply).toEqual({ kind: 'simple', value: 'OK' });
      }

      const replica = sentinelClient(lib, d().sentinelPorts, { sentinelPassword: PASSWORD, role: 'slave' });
      expect((await nodeOf(replica)).role).toBe('slave');
    }),
  );

  test.each(LIBS)('$name without sentinelPassword is refused by the sentinels', (lib) =>
    withLogs(d, async () => {
      const client = sentinelClient(lib, d().sentinelPorts, { sentinelRetryStrategy: () => null });
      await waitFor(() => client.errors.some((e) => e.includes('All sentinels are unreachable')), {
        description: 'ioredis to give up on the password-protected sentinels',
      });
      expect(client.status).not.toBe('ready');
    }),
  );

  test('clients with sentinelPassword follow a kill -9 failover', () =>
    withLogs(d, async () => {
      const clients = LIBS.map((lib) => ({
        label: lib.name,
        client: sentinelClient(lib, d().sentinelPorts, { sentinelPassword: PASSWORD }),
      }));
      for (const c of clients) await writeRead(c.client, 'auth-before');
      const outcome = await d().failover();
      for (const c of clients) {
        await follow(c, outcome.newPort, async () => {
          if ((await nodeOf(c.client)).port !== outcome.newPort) return false;
          await writeRead(c.client, 'auth-after');
          return true;
        });
      }
    }));
});

test('no sentinel ever gave ioredis a reply it could not use', () => {
  // ioredis reports "connected to sentinel ... successfully, but got an invalid reply" when
  // GET-MASTER-ADDR-BY-NAME is not the [ip, port] array it expects (clients.md section 1).
  expect(sentinelErrors.filter((e) => e.includes('invalid reply'))).toEqual([]);
});

/**
 * What Jedis, go-redis and Lettuce send and parse (clients.md sections 4-7), replayed at the
 * protocol level against three Vigils because those libraries cannot run here: the handshakes
 * and their error texts (compared byte for byte with a reference redis-sentinel group), nil
 * for an unknown master, the exact `+switch-master` payload split, the event text prefixes
 * Lettuce's topology refresh matches, and the client disconnections on the reconfigured data
 * nodes that clients without pub/sub (redis-py) rely on.
 */
import { getFreePort } from '../helpers/ports.js';
import { startSentinelLike } from '../helpers/processes.js';
import { RespClient, fieldsOf, itemsOf, textOf, type PubSubMessage } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  ClientDeployment,
  HOST,
  MASTER,
  cleanupClients,
  sentinelKind,
  track,
  withLogs,
} from './clients-util.js';

let subject: ClientDeployment | undefined;
let reference: ClientDeployment | undefined;
const d = (): ClientDeployment => subject as ClientDeployment;

beforeAll(async () => {
  subject = await ClientDeployment.start({ kind: sentinelKind() });
  reference = await ClientDeployment.start({ kind: 'redis-sentinel' });
}, 90_000);

afterAll(async () => {
  await cleanupClients();
});

async function connect(port: number): Promise<RespClient> {
  const client = await RespClient.connect(port);
  track(() => client.close());
  return client;
}

/**
 * Sends the same command sequence on a fresh connection to the subject and to the reference
 * and returns both replies' bytes (as text) for each step.
 */
async function bothRaw(
  steps: (string | number)[][],
  options: { resp3?: boolean } = {},
): Promise<{ ours: string[]; theirs: string[] }> {
  const runOn = async (port: number): Promise<string[]> => {
    const client = await connect(port);
    if (options.resp3) await client.hello3();
    const out: string[] = [];
    for (const step of steps) out.push((await client.request(step)).raw.toString());
    await client.close();
    return out;
  };
  return {
    ours: await runOn(d().sentinelPorts[0] as number),
    theirs: await runOn((reference as ClientDeployment).sentinelPorts[0] as number),
  };
}

describe('handshakes every client library sends', () => {
  test('RESP2 handshakes (Jedis, go-redis and Lettuce fallbacks, redis-py 4): same bytes as redis-sentinel', () =>
    withLogs(d, async () => {
      const steps = [
        ['CLIENT', 'SETINFO', 'LIB-NAME', 'jedis'],
        ['CLIENT', 'SETINFO', 'LIB-VER', '5.1.0'],
        ['CLIENT', 'SETNAME', 'go-redis-app'],
        ['PING'],
        // AUTH texts ioredis and redis-py match: no password configured, wrong arity.
        ['AUTH', 'secret'],
        ['AUTH', 'default', 'secret'],
        ['AUTH'],
        ['HELLO', '2'],
      ];
      const { ours, theirs } = await bothRaw(steps);
      // HELLO 2 carries the id and version: compare its field names and kinds only.
      expect(ours.slice(0, -1)).toEqual(theirs.slice(0, -1));
      // Sentinel 7.0 has no CLIENT SETINFO (7.2 added it): an error every library ignores.
      expect(ours.slice(2, 4)).toEqual(['+OK\r\n', '+PONG\r\n']);
      expect(ours[6]).toBe("-ERR wrong number of arguments for 'auth' command\r\n");
      expect(ours[4]).toContain('without any password configured for the default user');
    }));

  test('HELLO 3 (ioredis 6, node-redis 6, go-redis, Lettuce, redis-py 8): a map with proto 3; fallback error texts', () =>
    withLogs(d, async () => {
      const client = await connect(d().sentinelPorts[0] as number);
      const hello = await client.send('HELLO', '3', 'SETNAME', 'lettuce');
      expect(hello.value.kind).toBe('map');
      const fields = fieldsOf(hello.value);
      // Jedis throws without proto; redis-py 8 requires it to be 3. (Sentinel 7.0 sends no
      // `role`: the fields are those of redis-sentinel.)
      const reference3 = await connect((reference as ClientDeployment).sentinelPorts[0] as number);
      const referenceFields = fieldsOf((await reference3.send('HELLO', '3', 'SETNAME', 'lettuce')).value);
      expect(Object.keys(fields)).toEqual(Object.keys(referenceFields));
      expect(fields).toMatchObject({
        server: 'redis',
        version: '7.0.15',
        proto: '3',
        mode: 'sentinel',
        modules: '[]',
      });
      const proto = (hello.value.kind === 'map' ? hello.value.entries : []).find(
        ([k]) => textOf(k) === 'proto',
      )?.[1];
      expect(proto).toEqual({ kind: 'integer', value: 3 });

      // What the fallbacks look for when HELLO fails: Lettuce "NOPROTO" prefix or "ERR" +
      // "unknown"; ioredis "NOPROTO" or "UNKNOWN COMMAND" + "HELLO"; go-redis any error.
      const { ours, theirs } = await bothRaw([
        ['HELLO', '4'],
        ['HELLO', '1'],
        ['HELLO', '3', 'AUTH'],
        ['HELLO', 'x'],
      ]);
      expect(ours).toEqual(theirs);
      expect(ours[0]).toMatch(/^-NOPROTO /);
    }));

  test('with requirepass: AUTH and HELLO AUTH texts match redis-sentinel', () =>
    withLogs(d, async () => {
      // One password-protected sentinel of each kind, watching an address nobody serves so
      // that they never touch the deployment.
      const deadPort = await getFreePort();
      const start = (kind: 'vigil' | 'redis-sentinel') =>
        startSentinelLike(kind, {
          monitors: [{ name: 'authcheck', port: deadPort, quorum: 1 }],
          extraConfig: ['requirepass pw'],
        });
      const [ours, theirs] = await Promise.all([start(sentinelKind()), start('redis-sentinel')]);
      const steps = [
        ['SENTINEL', 'MASTERS'],
        ['HELLO', '3'],
        ['AUTH', 'wrong'],
        ['HELLO', '3', 'AUTH', 'default', 'wrong'],
        ['AUTH', 'pw'],
        ['CLIENT', 'SETINFO', 'LIB-NAME', 'go-redis'],
      ];
      const raw = async (port: number): Promise<string[]> => {
        const client = await connect(port);
        const out: string[] = [];
        for (const s of steps) out.push((await client.request(s)).raw.toString());
        return out;
      };
      const got = await raw(ours.port);
      expect(got).toEqual(await raw(theirs.port));
      expect(got[0]).toMatch(/^-NOAUTH /);
      expect(got[3]).toMatch(/^-WRONGPASS /);
      await Promise.all([ours.stop(), theirs.stop()]);
    }));
});

describe('replies the libraries parse', () => {
  test('GET-MASTER-ADDR-BY-NAME: [ip, port] bulk strings; nil for an unknown master (RESP2 and RESP3)', () =>
    withLogs(d, async () => {
      const primary = await d().primaryPort();
      const client = await connect(d().sentinelPorts[0] as number);
      const known = await client.send('SENTINEL', 'get-master-addr-by-name', MASTER);
      // Jedis: null or size != 2 means "not monitoring"; go-redis indexes [0] and [1].
      expect(known.raw.toString()).toBe(
        `*2\r\n$9\r\n${HOST}\r\n$${String(primary).length}\r\n${primary}\r\n`,
      );
      for (const resp3 of [false, true]) {
        const { ours, theirs } = await bothRaw([['SENTINEL', 'get-master-addr-by-name', 'no-such-master']], {
          resp3,
        });
        expect(ours).toEqual(theirs);
        expect(ours[0]).toBe(resp3 ? '_\r\n' : '*-1\r\n');
      }
    }));

  test('SENTINEL MASTER / REPLICAS / SENTINELS carry what Lettuce and go-redis read, under both protocols', () =>
    withLogs(d, async () => {
      const primary = await d().primaryPort();
      for (const resp3 of [false, true]) {
        const client = await connect(d().sentinelPorts[0] as number);
        if (resp3) await client.hello3();
        const master = (await client.send('SENTINEL', 'MASTER', MASTER)).value;
        expect(master.kind).toBe(resp3 ? 'map' : 'array');
        expect(fieldsOf(master)).toMatchObject({
          name: MASTER,
          ip: HOST,
          port: String(primary),
          flags: 'master',
        });
        const replicas = itemsOf((await client.send('SENTINEL', 'REPLICAS', MASTER)).value);
        const sentinels = itemsOf((await client.send('SENTINEL', 'SENTINELS', MASTER)).value);
        for (const entry of [...replicas, ...sentinels]) {
          expect(entry.kind).toBe(resp3 ? 'map' : 'array');
          const f = fieldsOf(entry);
          // go-redis parseReplicaAddrs: non-empty ip and port; drops s_down/o_down/disconnected.
          expect(f.ip).toBe(HOST);
          expect(f.port).toMatch(/^\d+$/);
          expect(f.flags).toMatch(/^(slave|sentinel)$/);
        }
        expect(replicas.map((r) => Number(fieldsOf(r).port)).sort()).toEqual(
          d().replicaPortsOf(primary).sort(),
        );
        expect(sentinels).toHaveLength(2);
      }
    }));

  test('PING in RESP2 subscribed mode answers ["pong", ""] as redis-sentinel does (redis-py health check)', () =>
    withLogs(d, async () => {
      const run = async (port: number): Promise<string> => {
        const client = await connect(port);
        await client.subscribe('+switch-master');
        const reply = await client.sendRaw('*1\r\n$4\r\nPING\r\n');
        return (reply[0] as { raw: Buffer }).raw.toString();
      };
      const ours = await run(d().sentinelPorts[0] as number);
      expect(ours).toBe(await run((reference as ClientDeployment).sentinelPorts[0] as number));
      expect(ours).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    }));
});

describe('a kill -9 failover as Jedis, go-redis and Lettuce see it', () => {
  test('+switch-master splits into 5 parts, event texts carry the prefixes Lettuce matches, data-node clients are cut', () =>
    withLogs(d, async () => {
      const ports = d().sentinelPorts;
      const primary = await d().primaryPort();
      // Jedis: one RESP2 SUBSCRIBE +switch-master per sentinel. go-redis: RESP3 SUBSCRIBE of
      // +switch-master and +replica-reconf-done. Lettuce: PSUBSCRIBE * (RESP3) on every sentinel.
      const jedis = await Promise.all(ports.map(connect));
      for (const c of jedis) await c.subscribe('+switch-master');
      const goRedis = await connect(ports[1] as number);
      await goRedis.hello3();
      const confirmations = await goRedis.subscribe('+switch-master', '+replica-reconf-done');
      expect(confirmations.map((f) => f.value.kind)).toEqual(['push', 'push']);
      const lettuce = await Promise.all(ports.map(connect));
      for (const c of lettuce) {
        await c.hello3();
        await c.psubscribe('*');
      }
      // Connections on the data nodes: Sentinel 7.0 reconfigures them with CLIENT KILL TYPE
      // normal, which is how redis-py's slave_for and ioredis role=slave leave a promoted replica.
      const onReplicas = await Promise.all(
        d()
          .replicaPortsOf(primary)
          .map((p) => RespClient.connect(p)),
      );
      for (const c of onReplicas) track(() => c.close());

      const outcome = await d().failover();
      const expected = `${MASTER} ${HOST} ${outcome.oldPort} ${HOST} ${outcome.newPort}`;
      for (const c of [...jedis, goRedis]) {
        const m = await c.waitForMessage((x) => x.channel === '+switch-master', { timeoutMs: 15_000 });
        expect(m.type).toBe('message');
        const parts = m.payload.split(' ');
        expect(parts).toHaveLength(5);
        expect(parts[0]).toBe(MASTER); // Jedis and go-redis filter on parts[0]
        expect(`${parts[3]}:${parts[4]}`).toBe(`${HOST}:${outcome.newPort}`); // and take [3]:[4]
        expect(m.payload).toBe(expected);
      }
      expect(goRedis.messages.every((x) => x.raw[0] === '>'.charCodeAt(0))).toBe(true);

      // Lettuce's topology refresh triggers, checked on every event every sentinel published.
      const events: PubSubMessage[] = [];
      const drain = (): void => {
        for (const c of lettuce) events.push(...c.messages.splice(0));
      };
      await waitFor(
        () => {
          drain();
          return (
            events.some((e) => e.channel === '+failover-end') &&
            events.filter((e) => e.channel === '+switch-master').length === 3
          );
        },
        {
          timeoutMs: 15_000,
          description: '+failover-end and three +switch-master on the PSUBSCRIBE * connections',
        },
      );
      expect(
        events.every((e) => e.type === 'pmessage' && e.pattern === '*' && e.raw[0] === '>'.charCodeAt(0)),
      ).toBe(true);
      const problems: string[] = [];
      for (const e of events) {
        const ok = lettuceMatches(e.channel, e.payload);
        if (ok === false) problems.push(`${e.channel} ${e.payload}`);
      }
      expect(problems).toEqual([]);
      const elected = events.filter((e) => e.channel === '+elected-leader');
      expect(elected).toHaveLength(1);

      // Both replicas were reconfigured (one promoted, one pointed at it): connections cut.
      await Promise.all(onReplicas.map((c) => c.whenClosed(10_000)));

      // +convert-to-slave when the old primary comes back as a master of nobody.
      await d().heal();
      await waitFor(
        () => {
          drain();
          return events.some((e) => e.channel === '+convert-to-slave');
        },
        { timeoutMs: 15_000, description: '+convert-to-slave for the restarted old primary' },
      );
      const convert = events.filter((e) => e.channel === '+convert-to-slave').map((e) => e.payload);
      for (const payload of convert) expect(lettuceMatches('+convert-to-slave', payload)).toBe(true);
      expect(convert).toContain(
        `slave ${HOST}:${outcome.oldPort} ${HOST} ${outcome.oldPort} @ ${MASTER} ${HOST} ${outcome.newPort}`,
      );

      // +reset-master (a refresh trigger too): on a throwaway master nobody serves.
      await d().sentinel(0, 'SENTINEL', 'MONITOR', 'extra', HOST, 1, 2);
      await d().sentinel(0, 'SENTINEL', 'RESET', 'extra');
      const reset = await (lettuce[0] as RespClient).waitForMessage((x) => x.channel === '+reset-master');
      expect(reset.payload).toBe(`master extra ${HOST} 1`);
      expect(reset.payload.startsWith('master extra ')).toBe(true);
      await d().sentinel(0, 'SENTINEL', 'REMOVE', 'extra');
    }));
});

/**
 * Lettuce SentinelTopologyRefresh's text checks (clients.md section 6); true when the event
 * triggers the refresh it should, false when its text would make Lettuce miss it, undefined
 * for channels Lettuce ignores.
 */
function lettuceMatches(channel: string, payload: string): boolean | undefined {
  switch (channel) {
    case '+elected-leader':
    case '+reset-master':
      return payload.startsWith(`master ${MASTER} `) || payload.startsWith('master extra ');
    case '+slave':
    case '+sdown':
    case '-sdown':
    case '+fix-slave-config':
    case '+convert-to-slave':
    case '+role-change':
      // Sentinels' own +sdown/-sdown (`sentinel <id> ...`) also carry `@ <name> `.
      return payload.includes(` @ ${MASTER} `) || payload.startsWith(`master ${MASTER} `);
    case '+switch-master':
      return payload.startsWith(`${MASTER} `);
    case '+sentinel':
      return payload.startsWith('sentinel ');
    default:
      return undefined;
  }
}

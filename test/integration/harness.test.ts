/**
 * Tests of the test harness itself, against real redis-server and redis-sentinel only: if
 * these fail, no integration or e2e result can be trusted.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { getFreePorts } from '../helpers/ports.js';
import { StopWaiting, waitFor, WaitTimeoutError } from '../helpers/waitFor.js';
import { parseFrame, fieldsOf, itemsOf, textOf, RespClient, type RespValue } from '../helpers/resp.js';
import {
  compareReplies,
  expectSameReply,
  instanceNormalisers,
  normalisers,
  inText,
} from '../helpers/compare.js';
import { pidExists, runningProcesses, startRedisServer, stopAll } from '../helpers/processes.js';
import {
  sentinelInstances,
  startDeployment,
  waitForReplicationLink,
  type Deployment,
} from '../helpers/topology.js';

afterAll(async () => {
  await stopAll();
});

describe('ports', () => {
  test('hands out distinct ports that can be listened on and are locked for other workers', async () => {
    const ports = await getFreePorts(20);
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const lock = path.join(os.tmpdir(), 'vigil-test-ports', String(port));
      expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    }
  });
});

describe('waitFor', () => {
  test('returns the first truthy value', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? `done after ${n}` : false), { intervalMs: 1 })).resolves.toBe(
      'done after 3',
    );
  });

  test('times out with the description, the last value and the last error', async () => {
    let polls = 0;
    await expect(waitFor(() => ++polls - polls, { timeoutMs: 100, description: 'the moon' })).rejects.toThrow(
      /waiting for the moon; last value: 0/,
    );
    expect(polls).toBeGreaterThan(1);
    await expect(
      waitFor(
        () => {
          throw new Error('not ready yet');
        },
        { timeoutMs: 100, description: 'x' },
      ),
    ).rejects.toThrow(/last error: Error: not ready yet/);
  });

  test('StopWaiting ends the wait at once; a hung poll is cut off at the deadline', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new StopWaiting('process exited');
        },
        { timeoutMs: 10_000 },
      ),
    ).rejects.toThrow('process exited');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(
      waitFor(() => new Promise<boolean>(() => undefined), { timeoutMs: 100 }),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
  });
});

describe('RESP parser', () => {
  const wire = Buffer.from(
    '%2\r\n$6\r\nserver\r\n+redis\r\n$5\r\nitems\r\n*5\r\n:-7\r\n_\r\n#t\r\n=8\r\ntxt:ab\r\n\r\n' +
      '~1\r\n,1.5\r\n>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$0\r\n\r\n*-1\r\n$-1\r\n!4\r\nERR \r\n-ERR x\r\n',
  );

  test('decodes every RESP2/RESP3 type and keeps them distinct', () => {
    const values: RespValue[] = [];
    let offset = 0;
    for (let frame = parseFrame(wire, offset); frame; frame = parseFrame(wire, offset)) {
      values.push(frame.value);
      offset = frame.end;
    }
    expect(offset).toBe(wire.length);
    expect(values.map((v) => v.kind)).toEqual(['map', 'push', 'nullArray', 'nullBulk', 'blobError', 'error']);
    expect(values[0]).toEqual({
      kind: 'map',
      entries: [
        [
          { kind: 'bulk', value: 'server' },
          { kind: 'simple', value: 'redis' },
        ],
        [
          { kind: 'bulk', value: 'items' },
          {
            kind: 'array',
            items: [
              { kind: 'integer', value: -7 },
              { kind: 'null' },
              { kind: 'boolean', value: true },
              { kind: 'verbatim', format: 'txt', value: 'ab\r\n' },
              { kind: 'set', items: [{ kind: 'double', value: '1.5' }] },
            ],
          },
        ],
      ],
    });
  });

  test('reports an incomplete frame at every cut point, and rejects garbage', () => {
    const first = parseFrame(wire, 0);
    expect(first).toBeDefined();
    for (let cut = 1; cut < (first?.end ?? 0); cut++)
      expect(parseFrame(wire.subarray(0, cut), 0)).toBeUndefined();
    expect(() => parseFrame(Buffer.from('?x\r\n'), 0)).toThrow(/unknown RESP type/);
  });
});

describe('compare', () => {
  const bulk = (value: string): RespValue => ({ kind: 'bulk', value });
  const pairs = (...kv: string[]): RespValue => ({ kind: 'array', items: kv.map(bulk) });

  test('a different wire type, key order or error text is a difference', () => {
    expect(compareReplies({ kind: 'simple', value: 'OK' }, bulk('OK')).differences[0]).toMatch(
      /type simple \(vigil\) vs bulk \(redis-sentinel\)/,
    );
    const m1: RespValue = {
      kind: 'map',
      entries: [
        [bulk('a'), bulk('1')],
        [bulk('b'), bulk('2')],
      ],
    };
    const m2: RespValue = {
      kind: 'map',
      entries: [
        [bulk('b'), bulk('2')],
        [bulk('a'), bulk('1')],
      ],
    };
    expect(compareReplies(m1, m2).differences[0]).toMatch(
      /map keys differ: vigil \[a, b\] vs redis-sentinel \[b, a\]/,
    );
    expect(compareReplies({ kind: 'error', value: 'ERR a' }, { kind: 'error', value: 'ERR b' }).equal).toBe(
      false,
    );
  });

  test('normalisers apply by field name and form, and are named in failures', () => {
    const a = pairs('name', 'm', 'runid', 'a'.repeat(40), 'last-ping-sent', '12', 'port', '2');
    const b = pairs('name', 'm', 'runid', 'b'.repeat(40), 'last-ping-sent', '0', 'port', '3');
    const result = compareReplies(a, b, { normalisers: instanceNormalisers });
    expect(result).toEqual({ equal: true, differences: [], applied: ['runid', 'millis', 'port'] });
    // The port normaliser does not apply to `name`; a malformed run id is not hidden.
    const c = pairs('name', 'x', 'runid', 'zz', 'last-ping-sent', '1', 'port', '2');
    expect(() => expectSameReply(c, b, { normalisers: instanceNormalisers })).toThrow(
      /\[1\]: "x" \(vigil\) vs "m" \(redis-sentinel\); normalisers tried: none[\s\S]*\[3\]: "zz".*normalisers tried: runid \(form not matched by vigil\)/,
    );
    const text = inText('event-port', /\b\d{4,5}\b/);
    expect(
      compareReplies(bulk('slave 127.0.0.1:2345 @ m'), bulk('slave 127.0.0.1:6789 @ m'), {
        normalisers: [text],
      }).equal,
    ).toBe(true);
    expect(normalisers.ids.appliesTo({ path: '.id', key: 'id' })).toBe(true);
  });
});

describe('real redis-server and redis-sentinel', () => {
  let d: Deployment;
  const pids: number[] = [];

  beforeAll(async () => {
    d = await startDeployment({
      replicas: 2,
      sentinels: [{ kind: 'redis-sentinel' }, { kind: 'redis-sentinel' }],
      quorum: 2,
      downAfterMs: 1000,
      failoverTimeoutMs: 5000,
      // The tests below check discovery themselves.
      waitForDiscovery: false,
    });
    pids.push(...d.all().map((p) => p.pid));
  });

  test('a failed start is reported with the log and leaves nothing registered', async () => {
    const before = runningProcesses().length;
    await expect(startRedisServer({ config: ['no-such-directive yes'] })).rejects.toThrow(
      /redis-server:\d+ did not start: .*exited[\s\S]*no-such-directive/,
    );
    expect(runningProcesses()).toHaveLength(before);
  });

  test('the sentinel lists both replicas within a deadline (RESP2 and RESP3)', async () => {
    const client = await RespClient.connect(d.sentinels[0]!.port);
    const expected = d.replicas.map((r) => r.port).sort();
    await waitFor(
      async () => {
        const replicas = await sentinelInstances(client, 'REPLICAS', d.masterName);
        const ports = replicas.map((r) => Number(r.port)).sort();
        return (
          JSON.stringify(ports) === JSON.stringify(expected) && replicas.every((r) => r.flags === 'slave')
        );
      },
      { timeoutMs: 15_000, description: 'SENTINEL REPLICAS to list both replicas' },
    );
    const hello = await client.hello3();
    expect(hello.value.kind).toBe('map');
    expect(fieldsOf(hello.value)).toMatchObject({ server: 'redis', proto: '3', mode: 'sentinel' });
    const replicas = await client.send('SENTINEL', 'REPLICAS', d.masterName);
    expect(itemsOf(replicas.value).map((r) => r.kind)).toEqual(['map', 'map']);
    await client.close();
  });

  test('raw bytes and error texts; two redis-sentinels agree once normalised', async () => {
    const [a, b] = await Promise.all(d.sentinels.map((s) => RespClient.connect(s.port)));
    expect((await a!.send('PING')).raw.toString()).toBe('+PONG\r\n');
    const errA = await a!.send('SENTINEL', 'MASTER', 'nosuch');
    expect(errA.raw.toString()).toBe('-ERR No such master with that name\r\n');
    expectSameReply(errA.value, (await b!.send('SENTINEL', 'MASTER', 'nosuch')).value, {
      labels: ['s1', 's2'],
    });
    await d.waitForDiscovery(20_000);
    const masterA = await a!.send('SENTINEL', 'MASTER', d.masterName);
    const masterB = await b!.send('SENTINEL', 'MASTER', d.masterName);
    expect(textOf(itemsOf(masterA.value)[0]!)).toBe('name');
    expectSameReply(masterA.value, masterB.value, { normalisers: instanceNormalisers, labels: ['s1', 's2'] });
    await Promise.all([a!.close(), b!.close()]);
  });

  test('pause and resume a server; a late reply is not taken for the next one', async () => {
    const replica = d.replicas[0]!;
    const client = await RespClient.connect(replica.port);
    replica.pause();
    await expect(client.request(['PING'], { timeoutMs: 200 })).rejects.toThrow(/no reply within 200 ms/);
    replica.resume();
    expect((await client.send('ECHO', 'after')).raw.toString()).toBe('$5\r\nafter\r\n');
    await client.close();
  });

  test('restart keeps the port, changes the pid and the replica reconnects', async () => {
    const replica = d.replicas[0]!;
    const oldPid = replica.pid;
    await replica.restart();
    expect(replica.pid).not.toBe(oldPid);
    expect(pidExists(oldPid)).toBe(false);
    pids.push(replica.pid);
    await waitForReplicationLink(replica);
  });

  test('killing a replica publishes +sdown to RESP2 and RESP3 subscribers', async () => {
    const victim = d.replicas[1]!;
    const resp2 = await RespClient.connect(d.sentinels[0]!.port);
    const resp3 = await RespClient.connect(d.sentinels[0]!.port);
    await resp3.hello3();
    const [confirm] = await resp2.subscribe('+sdown');
    expect(confirm!.raw.toString()).toBe('*3\r\n$9\r\nsubscribe\r\n$6\r\n+sdown\r\n:1\r\n');
    const [confirm3] = await resp3.psubscribe('+s*');
    expect(confirm3!.value.kind).toBe('push');

    victim.kill('SIGKILL');
    const expected = `slave 127.0.0.1:${victim.port} 127.0.0.1 ${victim.port} @ ${d.masterName} 127.0.0.1 ${d.primary.port}`;
    const m2 = await resp2.waitForMessage((m) => m.payload === expected, {
      timeoutMs: 10_000,
      description: '+sdown',
    });
    expect(m2.raw.toString()).toBe(
      `*3\r\n$7\r\nmessage\r\n$6\r\n+sdown\r\n$${expected.length}\r\n${expected}\r\n`,
    );
    const m3 = await resp3.waitForMessage((m) => m.channel === '+sdown' && m.payload === expected, {
      timeoutMs: 10_000,
    });
    expect(m3).toMatchObject({ type: 'pmessage', pattern: '+s*' });
    expect(m3.raw.subarray(0, 4).toString()).toBe('>4\r\n');
    await victim.waitForExit();
    await Promise.all([resp2.close(), resp3.close()]);
  });

  test('stopAll stops everything: the registry is empty and no PID is left', async () => {
    expect(runningProcesses().length).toBeGreaterThan(0);
    await stopAll();
    expect(runningProcesses()).toEqual([]);
    expect(pids.filter(pidExists)).toEqual([]);
    expect(d.all().every((p) => !p.running)).toBe(true);
  });
});

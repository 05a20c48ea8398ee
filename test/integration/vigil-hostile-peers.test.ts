/**
 * Bad input from the other side of Vigil's own links: garbage on the `__sentinel__:hello`
 * channel of a real master, and a fake "data node" that answers every command with seeded
 * random garbage (broken RESP, absurd lengths, INFO texts with nonsense fields, dropped
 * connections). Vigil must log and go on: the process stays up, keeps answering, and what it
 * knows about the healthy master (its replica, its peer, epochs) is untouched.
 */
import * as net from 'node:net';
import {
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { callOnce as call, fieldsOf, itemsOf, textOf } from '../helpers/resp.js';
import { waitForReplicationLink } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';

/** mulberry32: a small seeded PRNG, so a failure can be replayed with the printed seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20261125);
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const randomText = (n: number): string =>
  Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
const randomBytes = (n: number): Buffer =>
  Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

let primary: RedisServerHandle;
let replica: RedisServerHandle;
let vigil: ManagedProcess;
let peer: ManagedProcess;
let hostile: net.Server;
let hostilePort: number;
let hostileCommands = 0;
const hostileSockets = new Set<net.Socket>();

/** An INFO reply whose fields have the right names and absurd values. */
function nonsenseInfo(): string {
  const lines = [
    '# Replication',
    `role:${pick(['master', 'slave', 'sentinel', '', 'mastermaster', randomText(5)])}`,
    `run_id:${pick(['', 'z'.repeat(40), randomText(40), '0'.repeat(39)])}`,
    `connected_slaves:${pick(['-1', '99999999999999999999', 'x', ''])}`,
    `slave0:${pick(['ip=,port=', 'ip=1.2.3.4', 'port=-5,state=online', 'ip=127.0.0.1,port=99999', randomText(30)])}`,
    `slave1:ip=127.0.0.1,port=${pick(['0', '65536', 'NaN', '1e9', '-0'])},state=online,offset=x,lag=-1`,
    `master_host:${pick(['', '::::', '127.0.0.1', randomText(12)])}`,
    `master_port:${pick(['0', '-1', 'abc', '70000'])}`,
    `master_link_status:${pick(['up', 'down', '', 'sideways'])}`,
    `master_link_down_since_seconds:${pick(['-1', 'abc', '1e308', ''])}`,
    `slave_repl_offset:${pick(['-9', 'x', '18446744073709551616'])}`,
    `slave_priority:${pick(['-1', 'x', '0', '4294967296'])}`,
    `min_slaves_good_slaves:${pick(['x', '-1'])}`,
    randomText(40),
  ];
  return lines.filter(() => random() < 0.8).join('\r\n');
}

/** One reply from the hostile node: sometimes plausible, mostly not. */
function hostileReply(command: string): Buffer | 'close' {
  const roll = random();
  if (roll < 0.05) return 'close';
  if (command.includes('INFO') && roll < 0.5) {
    const text = nonsenseInfo();
    return Buffer.from(`$${Buffer.byteLength(text)}\r\n${text}\r\n`);
  }
  return Buffer.from(
    pick([
      '+PONG\r\n',
      '-LOADING Redis is loading\r\n',
      '-MASTERDOWN\r\n',
      '$999999999999\r\n',
      '$-7\r\n',
      '*-3\r\n',
      ':abc\r\n',
      '%3\r\n',
      '*2\r\n$4\r\nPONG\r\n',
      '+OK\r\n+OK\r\n+OK\r\n',
      `$5\r\n${randomText(9)}\r\n`,
      '\r\n\r\n',
    ]),
  ).subarray(0, roll < 0.2 ? Math.floor(random() * 6) : undefined);
}

beforeAll(async () => {
  primary = await startRedisServer();
  replica = await startRedisServer({ replicaOf: { port: primary.port } });
  await waitForReplicationLink(replica);

  hostile = net.createServer((socket) => {
    hostileSockets.add(socket);
    socket.on('close', () => hostileSockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      // Commands arrive as multibulks; answer each `*` header, sometimes with raw bytes.
      const commands = chunk.toString('latin1').split('*').slice(1);
      for (const command of commands) {
        hostileCommands++;
        const reply = random() < 0.1 ? randomBytes(1 + Math.floor(random() * 64)) : hostileReply(command);
        if (reply === 'close') {
          socket.destroy();
          return;
        }
        socket.write(reply);
      }
    });
  });
  hostilePort = await new Promise<number>((resolve) =>
    hostile.listen({ port: 0, host: '127.0.0.1' }, () =>
      resolve((hostile.address() as net.AddressInfo).port),
    ),
  );

  const monitors = [
    { name: 'good', port: primary.port, quorum: 2 },
    { name: 'hostile', port: hostilePort, quorum: 2 },
  ];
  [vigil, peer] = await Promise.all([
    startVigil({ monitors }),
    startVigil({ monitors: monitors.slice(0, 1) }),
  ]);
  for (const s of [vigil, peer]) {
    expect(textOf(await call(s.port, 'SENTINEL', 'DEBUG', 'ping-period', 100, 'info-period', 200))).toBe(
      'OK',
    );
  }
}, 60_000);

afterAll(async () => {
  for (const socket of hostileSockets) socket.destroy();
  await new Promise<void>((resolve) => hostile?.close(() => resolve()));
  await stopAll();
});

/** What Vigil knows about the healthy master, to compare before and after the abuse. */
async function goodView(): Promise<{ addr: string; epoch: string; replicas: string[]; peers: number }> {
  const master = fieldsOf(await call(vigil.port, 'SENTINEL', 'MASTER', 'good'));
  const replicas = itemsOf(await call(vigil.port, 'SENTINEL', 'REPLICAS', 'good')).map(
    (r) => `${fieldsOf(r).ip}:${fieldsOf(r).port}`,
  );
  const peers = itemsOf(await call(vigil.port, 'SENTINEL', 'SENTINELS', 'good')).length;
  return { addr: `${master.ip}:${master.port}`, epoch: master['config-epoch'] ?? '?', replicas, peers };
}

describe(`hostile peers (seed ${SEED}, VIGIL_FUZZ_SEED to replay)`, () => {
  let before: Awaited<ReturnType<typeof goodView>>;

  test('the healthy master, its replica and the peer are known first', async () => {
    before = await waitFor(
      async () => {
        const view = await goodView();
        return view.replicas.length === 1 && view.peers === 1 ? view : undefined;
      },
      { timeoutMs: 20_000, description: 'Vigil to know the replica and the peer' },
    );
    expect(before).toEqual({
      addr: `127.0.0.1:${primary.port}`,
      epoch: '0',
      replicas: [`127.0.0.1:${replica.port}`],
      peers: 1,
    });
  });

  test('a data node answering garbage to hundreds of commands is survived', async () => {
    await waitFor(() => hostileCommands >= 150, {
      timeoutMs: 30_000,
      description: `the hostile node to receive 150 commands (got ${hostileCommands})`,
    });
    expect(textOf(await call(vigil.port, 'PING'))).toBe('PONG');
    expect(vigil.running).toBe(true);
    const master = fieldsOf(await call(vigil.port, 'SENTINEL', 'MASTER', 'hostile'));
    expect(master.name).toBe('hostile');
    for (const r of itemsOf(await call(vigil.port, 'SENTINEL', 'REPLICAS', 'hostile')).map(fieldsOf)) {
      // Whatever the INFO said, a listed replica has a real address.
      expect(Number(r.port)).toBeGreaterThan(0);
      expect(Number(r.port)).toBeLessThan(65536);
    }
  });

  test('malformed hellos on the real master are ignored', async () => {
    const myid = textOf(await call(vigil.port, 'SENTINEL', 'MYID'));
    // Hellos that Sentinel 7.0 itself drops: not 8 fields, an unknown master, our own id, a
    // port outside 0..65535. (A well-formed hello that lies, with the right master name, is
    // accepted by Sentinel too; that is the protocol, not bad input.)
    const payloads = [
      '',
      'garbage',
      '1,2,3',
      ',,,,,,,',
      `127.0.0.1,26379,${'a'.repeat(40)},1,nosuch,127.0.0.1,${primary.port},0`,
      `127.0.0.1,99999,${'d'.repeat(40)},0,good,127.0.0.1,${primary.port},0`,
      `127.0.0.1,26379,${myid},1,good,127.0.0.1,${primary.port},0,extra,fields`,
      `127.0.0.1,26379,${myid},0,good,127.0.0.1,${primary.port},0`,
      ...Array.from({ length: 40 }, () => randomText(Math.floor(random() * 120))),
      ...Array.from({ length: 20 }, () =>
        [
          pick(['127.0.0.1', '', '::1', randomText(8)]),
          pick(['0', '65536', '-1', '26379', 'x']),
          randomText(40),
          pick(['0', '-1', '1e3', 'x']),
          pick(['nosuch', '', 'GOOD', 'good ']),
          '127.0.0.1',
          String(primary.port),
          pick(['0', '-1', 'x', '18446744073709551616']),
        ].join(','),
      ),
    ];
    for (const payload of payloads) await call(primary.port, 'PUBLISH', '__sentinel__:hello', payload);
    // A PING after the last PUBLISH: the messages before it have been handled.
    expect(textOf(await call(vigil.port, 'PING'))).toBe('PONG');
    await waitFor(async () => (await goodView()).peers === 1, {
      timeoutMs: 10_000,
      description: 'the peer list to stay the one real peer',
    });
    expect(await goodView()).toEqual(before);
    for (const p of itemsOf(await call(vigil.port, 'SENTINEL', 'SENTINELS', 'good')).map(fieldsOf)) {
      expect(p.runid).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(textOf(await call(vigil.port, 'SENTINEL', 'MYID'))).toBe(myid);
    expect(Number(fieldsOf(await call(vigil.port, 'SENTINEL', 'MASTER', 'good'))['config-epoch'])).toBe(0);
  });

  test('after all that the daemon still serves and its view of the healthy master is unchanged', async () => {
    expect(vigil.running).toBe(true);
    expect(await goodView()).toEqual(before);
    const info = textOf(await call(vigil.port, 'INFO', 'sentinel'));
    expect(info).toContain(`master0:name=`);
    expect(info).toMatch(/sentinel_masters:2/);
  });
});

/**
 * Foundation §4 / spec §19, addresses as Sentinel 7 handles them: hostnames with
 * `resolve-hostnames` (and `announce-hostnames` in replies and events), MONITOR of a hostname
 * refused without it, IPv6 (`::1`, replica keys `[::1]:port`), and `announce-ip` /
 * `announce-port` as peers see them. Each scenario runs a Vigil beside a real redis-sentinel
 * with the same config, and what both show must be the same.
 */
import * as fs from 'node:fs';
import { getFreePort } from '../helpers/ports.js';
import {
  startRedisServer,
  startRedisSentinel,
  startVigil,
  stopAll,
  type ManagedProcess,
  type MonitorSpec,
  type RedisServerHandle,
  type SentinelOptions,
} from '../helpers/processes.js';
import {
  callOnce as call,
  okOnce as ok,
  RespClient,
  fieldsOf,
  itemsOf,
  plain,
  textOf,
  type PubSubMessage,
  type RespValue,
} from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { waitForReplicationLink } from '../helpers/topology.js';

const FAST_SYNC = 'repl-diskless-sync-delay 0';

async function myid(port: number): Promise<string> {
  return textOf(await call(port, 'SENTINEL', 'MYID'));
}

/** A Vigil and a redis-sentinel from the same options, with quick hellos. */
async function pair(options: SentinelOptions): Promise<[ManagedProcess, ManagedProcess]> {
  const both = await Promise.all([startVigil(options), startRedisSentinel(options)]);
  for (const s of both) await ok(s.port, 'SENTINEL', 'DEBUG', 'publish-period', 500, 'info-period', 500);
  return both;
}

/**
 * What a sentinel shows about a master: its address in every reply that carries it, its
 * replicas, and its peers (other sentinels' ports replaced by `peer`, as they differ).
 */
async function view(s: ManagedProcess, name: string, peerPorts: readonly number[]): Promise<unknown> {
  const m = fieldsOf(await call(s.port, 'SENTINEL', 'MASTER', name));
  const addr = plain(await call(s.port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name));
  const replicas = itemsOf(await call(s.port, 'SENTINEL', 'REPLICAS', name))
    .map(fieldsOf)
    .map((r) =>
      [r.name, r.ip, r.port, r.flags, r['master-host'], r['master-port'], r['master-link-status']].join(' '),
    )
    .sort();
  const peers = itemsOf(await call(s.port, 'SENTINEL', 'SENTINELS', name))
    .map(fieldsOf)
    .map((p) => [p.ip, peerPorts.includes(Number(p.port)) ? 'peer' : p.port, p.flags].join(' '))
    .sort();
  const info = textOf(await call(s.port, 'INFO', 'sentinel'))
    .split('\r\n')
    .filter((l) => l.includes(`name=${name},`));
  return {
    master: [m.ip, m.port, m.flags, m['num-slaves'], m['num-other-sentinels']].join(' '),
    addr,
    replicas,
    peers,
    info,
  };
}

/** Waits until the Vigil and the redis-sentinel show the same view, meeting `settled`. */
async function sameView(
  vigil: ManagedProcess,
  real: ManagedProcess,
  name: string,
  settled: (v: { master: string; replicas: string[]; peers: string[] }) => boolean,
): Promise<unknown> {
  const ports = [vigil.port, real.port];
  let last: unknown;
  await waitFor(
    async () => {
      const [a, b] = [await view(vigil, name, ports), await view(real, name, ports)];
      last = { vigil: a, real: b };
      return (
        JSON.stringify(a) === JSON.stringify(b) &&
        settled(a as { master: string; replicas: string[]; peers: string[] })
      );
    },
    { timeoutMs: 15_000, description: `the same settled view of ${name} from Vigil and redis-sentinel` },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\nlast: ${JSON.stringify(last, null, 1)}`);
  });
  return view(vigil, name, ports);
}

/** Subscribes to every channel of a sentinel. */
async function events(s: ManagedProcess): Promise<RespClient> {
  const c = await RespClient.connect(s.port);
  await c.psubscribe('*');
  return c;
}

async function seen(c: RespClient, channel: string, description: string): Promise<string> {
  const m = await waitFor(() => c.messages.find((x: PubSubMessage) => x.channel === channel), {
    timeoutMs: 10_000,
    description: `${description} on ${c.port}`,
  });
  return m.payload;
}

let m: RedisServerHandle;
let r: RedisServerHandle;

beforeAll(async () => {
  m = await startRedisServer({ config: ['bind 127.0.0.1 ::1', FAST_SYNC] });
  r = await startRedisServer({ replicaOf: { port: m.port }, config: ['bind 127.0.0.1 ::1'] });
  await waitForReplicationLink(r);
}, 30_000);

afterAll(async () => {
  await stopAll();
});

describe('hostnames', () => {
  const monitor = (name: string): MonitorSpec => ({
    name,
    host: 'localhost',
    port: m.port,
    quorum: 2,
    downAfterMs: 1000,
  });

  test('resolve-hostnames yes, announce-hostnames no: monitors `localhost`, shows its IP everywhere', async () => {
    const [v, s] = await pair({
      monitors: [monitor('by-ip')],
      extraConfig: ['sentinel resolve-hostnames yes'],
    });
    const shown = await sameView(
      v,
      s,
      'by-ip',
      (x) => x.replicas.length === 1 && x.peers.length === 1 && x.master.includes(' master '),
    );
    expect(shown).toMatchObject({
      master: `127.0.0.1 ${m.port} master 1 1`,
      addr: ['127.0.0.1', String(m.port)],
      replicas: [`127.0.0.1:${r.port} 127.0.0.1 ${r.port} slave 127.0.0.1 ${m.port} ok`],
    });
    // Both resolved the configured hostname at load: the startup +monitor shows the IP.
    for (const w of [v, s]) {
      expect(w.logs(200)).toContain(`+monitor master by-ip 127.0.0.1 ${m.port} quorum 2`);
    }
    // Sentinel 7.0 rewrites the address as it announces it: the IP, with announce-hostnames no.
    for (const w of [v, s]) {
      await waitFor(
        () =>
          fs.readFileSync(w.configPath, 'utf8').includes(`sentinel known-replica by-ip 127.0.0.1 ${r.port}`),
        {
          description: `${w.name} to flush the discovered replica`,
        },
      );
      expect(fs.readFileSync(w.configPath, 'utf8')).toMatch(
        new RegExp(`^sentinel monitor by-ip 127\\.0\\.0\\.1 ${m.port} 2$`, 'm'),
      );
    }
  });

  test('announce-hostnames yes: replies and events give the hostname', async () => {
    const extraConfig = ['sentinel resolve-hostnames yes', 'sentinel announce-hostnames yes'];
    const [v, s] = await pair({ monitors: [monitor('by-name')], extraConfig });
    const shown = await sameView(
      v,
      s,
      'by-name',
      (x) => x.replicas.length === 1 && x.peers.length === 1 && x.master.includes(' master '),
    );
    expect(shown).toMatchObject({
      master: `localhost ${m.port} master 1 1`,
      addr: ['localhost', String(m.port)],
      info: [`master0:name=by-name,status=ok,address=localhost:${m.port},slaves=1,sentinels=2`],
    });
    // An event about the master: SENTINEL SET publishes `+set` with the master's address.
    const [ev, es] = await Promise.all([events(v), events(s)]);
    await Promise.all([
      ok(v.port, 'SENTINEL', 'SET', 'by-name', 'quorum', 2),
      ok(s.port, 'SENTINEL', 'SET', 'by-name', 'quorum', 2),
    ]);
    const [pv, ps] = [await seen(ev, '+set', '+set'), await seen(es, '+set', '+set')];
    expect(pv).toBe(`master by-name localhost ${m.port} quorum 2`);
    expect(pv).toBe(ps);
    // ...and the config keeps the hostname.
    for (const w of [v, s]) {
      await waitFor(
        () =>
          fs
            .readFileSync(w.configPath, 'utf8')
            .includes(`sentinel known-replica by-name 127.0.0.1 ${r.port}`),
        {
          description: `${w.name} to flush the discovered replica`,
        },
      );
      expect(fs.readFileSync(w.configPath, 'utf8')).toMatch(
        new RegExp(`^sentinel monitor by-name localhost ${m.port} 2$`, 'm'),
      );
    }
  });
});

describe('IPv6', () => {
  test('data nodes and sentinels on ::1: bracketed replica keys, peers at ::1, same views as Sentinel', async () => {
    const m6 = await startRedisServer({ config: ['bind 127.0.0.1 ::1', FAST_SYNC] });
    const r6 = await startRedisServer({
      replicaOf: { host: '::1', port: m6.port },
      config: ['bind 127.0.0.1 ::1'],
    });
    await waitForReplicationLink(r6);
    const [v, s] = await pair({
      monitors: [{ name: 'six', host: '::1', port: m6.port, quorum: 2, downAfterMs: 1000 }],
      extraConfig: ['bind 127.0.0.1 ::1'],
    });
    const shown = await sameView(
      v,
      s,
      'six',
      (x) => x.replicas.length === 1 && x.peers.length === 1 && x.master.includes(' master '),
    );
    expect(shown).toEqual({
      master: `::1 ${m6.port} master 1 1`,
      addr: ['::1', String(m6.port)],
      replicas: [`[::1]:${r6.port} ::1 ${r6.port} slave ::1 ${m6.port} ok`],
      // Each announces the local address of its link to the master: ::1.
      peers: ['::1 peer sentinel'],
      info: expect.any(Array),
    });
    // The discoveries are flushed to the config, as Sentinel writes them.
    const [vid, sid] = [await myid(v.port), await myid(s.port)];
    await waitFor(
      () => {
        const text = fs.readFileSync(v.configPath, 'utf8');
        return (
          text.includes(`sentinel known-replica six ::1 ${r6.port}`) &&
          text.includes(`sentinel known-sentinel six ::1 ${s.port} ${sid}`)
        );
      },
      { description: 'known-replica and known-sentinel lines with ::1' },
    );
    expect(fs.readFileSync(s.configPath, 'utf8')).toContain(
      `sentinel known-sentinel six ::1 ${v.port} ${vid}`,
    );
  });

  test("without resolve-hostnames, MONITOR of a hostname is refused with Sentinel's text", async () => {
    const [v, s] = await pair({ monitors: [] });
    const [a, b] = [
      await call(v.port, 'SENTINEL', 'MONITOR', 'h', 'localhost', m.port, 1),
      await call(s.port, 'SENTINEL', 'MONITOR', 'h', 'localhost', m.port, 1),
    ];
    expect(plain(a)).toEqual({ error: 'ERR Invalid IP address or hostname specified' });
    expect(plain(a)).toEqual(plain(b));
    // A numeric IPv6 address is fine.
    expect(plain(await call(v.port, 'SENTINEL', 'MONITOR', 'h6', '::1', m.port, 1))).toBe('OK');
    expect(
      textOf(itemsOf(await call(v.port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'h6'))[0] as RespValue),
    ).toBe('::1');
  });
});

describe('announce-ip and announce-port', () => {
  test('peers list the announced address; a new announce-port is an address switch, then SDOWN', async () => {
    const monitors = [{ name: 'ann', port: m.port, quorum: 2, downAfterMs: 1000 }];
    const announced = await startVigil({
      monitors,
      extraConfig: ['bind 127.0.0.1 127.0.0.2', 'sentinel announce-ip 127.0.0.2'],
    });
    await ok(announced.port, 'SENTINEL', 'DEBUG', 'publish-period', 500);
    const id = await myid(announced.port);
    const [v, s] = await pair({ monitors });
    const entry = async (w: ManagedProcess): Promise<Record<string, string> | undefined> =>
      itemsOf(await call(w.port, 'SENTINEL', 'SENTINELS', 'ann'))
        .map(fieldsOf)
        .find((p) => p.runid === id);
    for (const w of [v, s]) {
      const e = await waitFor(
        async () => {
          const x = await entry(w);
          return x?.flags === 'sentinel' && Number(x['last-ok-ping-reply']) < 1000 ? x : null;
        },
        { timeoutMs: 10_000, description: `${w.name} to list and reach the announced Vigil` },
      );
      expect([e.ip, e.port]).toEqual(['127.0.0.2', String(announced.port)]);
    }

    // Nothing listens on the new announced port.
    const newPort = await getFreePort();
    const [ev, es] = await Promise.all([events(v), events(s)]);
    await ok(announced.port, 'SENTINEL', 'CONFIG', 'SET', 'announce-port', newPort);
    const switches = [
      await seen(ev, '+sentinel-address-switch', 'address switch'),
      await seen(es, '+sentinel-address-switch', 'address switch'),
    ];
    expect(switches[0]).toBe(`master ann 127.0.0.1 ${m.port} ip 127.0.0.2 port ${newPort} for ${id}`);
    expect(switches[0]).toBe(switches[1]);
    const downs = [await seen(ev, '+sdown', '+sdown'), await seen(es, '+sdown', '+sdown')];
    expect(downs[0]).toBe(`sentinel ${id} 127.0.0.2 ${newPort} @ ann 127.0.0.1 ${m.port}`);
    expect(downs[0]).toBe(downs[1]);
    // The config keeps the new address.
    await waitFor(
      () =>
        fs
          .readFileSync(v.configPath, 'utf8')
          .includes(`sentinel known-sentinel ann 127.0.0.2 ${newPort} ${id}`),
      {
        description: 'the known-sentinel line to follow the switch',
      },
    );
  });
});

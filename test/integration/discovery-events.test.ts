/**
 * Foundation §4, discovery events with real processes, each seen on the Vigils' pub/sub with
 * Sentinel 7.0's exact text: `+monitor`, `+slave` and `+sentinel` (each flushed to the config
 * as known-replica / known-sentinel), `+reboot` on a new run_id, `-role-change` /
 * `+role-change`, `+sdown` / `-sdown` for a master, a replica and a sentinel, the forced
 * reconnect of links idle longer than min-link-reconnect-period, `+sentinel-address-switch`
 * when a peer comes back on another port with the same config, and `+sentinel-invalid-addr`
 * when another id shows up at a known address.
 */
import * as fs from 'node:fs';
import { getFreePort } from '../helpers/ports.js';
import {
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { callOnce as call, okOnce as ok, RespClient, fieldsOf, itemsOf, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { waitForReplicationLink } from '../helpers/topology.js';

/** Waits for a message `<channel> <payload>` on a psubscribe('*') client, without consuming. */
async function event(c: RespClient, channel: string, payload: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => c.messages.some((m) => m.channel === channel && m.payload === payload), {
    timeoutMs,
    description: `"${channel} ${payload}" on ${c.port}; seen: ${c.messages
      .slice(-15)
      .map((m) => `${m.channel} ${m.payload}`)
      .join(' | ')}`,
  });
}

function config(s: ManagedProcess): string {
  return fs.readFileSync(s.configPath, 'utf8');
}

async function waitConfig(
  s: ManagedProcess,
  test: (text: string) => boolean,
  description: string,
): Promise<void> {
  await waitFor(() => test(config(s)), { description: `${s.name} config: ${description}` });
}

/** CLIENT LIST ids of the connections named `name`. */
async function connectionIds(node: RedisServerHandle, name: string): Promise<string[]> {
  const text = textOf(await call(node.port, 'CLIENT', 'LIST'));
  return text
    .split('\n')
    .filter((l) => l.includes(` name=${name} `))
    .map((l) => /^id=(\d+)/.exec(l)?.[1] ?? '?');
}

let m: RedisServerHandle;
let r: RedisServerHandle;
/** A second master, so that peers are known twice over one shared link. */
let m2: RedisServerHandle;
let a: ManagedProcess;
let b: ManagedProcess;
let ea: RespClient;
let eb: RespClient;
const id = new Map<ManagedProcess, string>();
/** `@ m 127.0.0.1 <port>`: how every event about a replica or a sentinel ends. */
let at: string;

beforeAll(async () => {
  [m, m2] = await Promise.all([
    startRedisServer({ config: ['repl-diskless-sync-delay 0'] }),
    startRedisServer(),
  ]);
  r = await startRedisServer({ replicaOf: { port: m.port } });
  await waitForReplicationLink(r);
  [a, b] = await Promise.all([startVigil({ monitors: [] }), startVigil({ monitors: [] })]);
  for (const s of [a, b]) id.set(s, textOf(await call(s.port, 'SENTINEL', 'MYID')));
  [ea, eb] = await Promise.all([RespClient.connect(a.port), RespClient.connect(b.port)]);
  await Promise.all([ea.psubscribe('*'), eb.psubscribe('*')]);
  at = `@ m 127.0.0.1 ${m.port}`;
}, 30_000);

afterAll(async () => {
  await stopAll();
});

describe('discovery events (2 Vigils, 1 master, 1 replica)', () => {
  test('+monitor, +slave and +sentinel, each flushed to the config', async () => {
    for (const s of [a, b]) {
      // Quorum 3 of 2 sentinels: SDOWN never becomes ODOWN, so no failover interferes.
      await ok(s.port, 'SENTINEL', 'MONITOR', 'm', '127.0.0.1', m.port, 3);
      await ok(s.port, 'SENTINEL', 'SET', 'm', 'down-after-milliseconds', 1000);
      await ok(s.port, 'SENTINEL', 'MONITOR', 'm2', '127.0.0.1', m2.port, 3);
      await ok(s.port, 'SENTINEL', 'SET', 'm2', 'down-after-milliseconds', 1000);
      await ok(s.port, 'SENTINEL', 'DEBUG', 'info-period', 500, 'publish-period', 500);
    }
    for (const [s, e, peer] of [
      [a, ea, b],
      [b, eb, a],
    ] as const) {
      await event(e, '+monitor', `master m 127.0.0.1 ${m.port} quorum 3`);
      await event(e, '+slave', `slave 127.0.0.1:${r.port} 127.0.0.1 ${r.port} ${at}`);
      await waitConfig(
        s,
        (t) => t.includes(`sentinel known-replica m 127.0.0.1 ${r.port}\n`),
        'known-replica',
      );
      await event(e, '+sentinel', `sentinel ${id.get(peer)} 127.0.0.1 ${peer.port} ${at}`);
      await waitConfig(
        s,
        (t) => t.includes(`sentinel known-sentinel m 127.0.0.1 ${peer.port} ${id.get(peer)}\n`),
        'known-sentinel',
      );
    }
  });

  test('+reboot when the replica restarts with a new run_id', async () => {
    const runid = async (): Promise<string | undefined> =>
      itemsOf(await call(a.port, 'SENTINEL', 'REPLICAS', 'm')).map(fieldsOf)[0]?.runid;
    const before = await waitFor(runid, { description: 'the replica run id' });
    await r.restart();
    for (const e of [ea, eb])
      await event(e, '+reboot', `slave 127.0.0.1:${r.port} 127.0.0.1 ${r.port} ${at}`);
    const after = await runid();
    expect(after).toMatch(/^[0-9a-f]{40}$/);
    expect(after).not.toBe(before);
    await waitForReplicationLink(r);
  });

  test('-role-change when the replica reports the master role, +role-change when it is a replica again', async () => {
    const subject = `slave 127.0.0.1:${r.port} 127.0.0.1 ${r.port} ${at}`;
    await ok(r.port, 'REPLICAOF', 'NO', 'ONE');
    for (const e of [ea, eb]) await event(e, '-role-change', `${subject} new reported role is master`);
    // Put it back before Sentinel's own fix (after 4 publish periods) would.
    await ok(r.port, 'REPLICAOF', '127.0.0.1', m.port);
    for (const e of [ea, eb]) await event(e, '+role-change', `${subject} new reported role is slave`);
    await waitForReplicationLink(r);
  });

  test('+sdown / -sdown for the replica; an idle link is reconnected only past min-link-reconnect-period', async () => {
    // A forces reconnects of idle links after 100 ms of age, B only after a minute.
    await ok(a.port, 'SENTINEL', 'DEBUG', 'min-link-reconnect-period', 100);
    await ok(b.port, 'SENTINEL', 'DEBUG', 'min-link-reconnect-period', 60_000);
    const names = (s: ManagedProcess): [string, string] => [
      `sentinel-${id.get(s)?.slice(0, 8)}-cmd`,
      `sentinel-${id.get(s)?.slice(0, 8)}-pubsub`,
    ];
    const idsOf = async (s: ManagedProcess): Promise<string[][]> =>
      Promise.all(names(s).map((n) => connectionIds(r, n)));
    const settled = async (s: ManagedProcess): Promise<string[][]> =>
      waitFor(
        async () => {
          const ids = await idsOf(s);
          return ids.every((x) => x.length === 1) ? ids : null;
        },
        { description: `one cmd and one pubsub connection of ${s.name} on the replica` },
      );
    const [beforeA, beforeB] = [await settled(a), await settled(b)];

    const subject = `slave 127.0.0.1:${r.port} 127.0.0.1 ${r.port} ${at}`;
    r.pause();
    try {
      for (const e of [ea, eb]) await event(e, '+sdown', subject);
      // A's pub/sub link is idle after 3 publish periods (1.5 s), its PING pending after down-after/2.
      const pausedAt = Date.now();
      await waitFor(() => Date.now() - pausedAt > 2000, { timeoutMs: 5000, description: '2 s paused' });
    } finally {
      r.resume();
    }
    for (const e of [ea, eb]) await event(e, '-sdown', subject);
    const [afterA, afterB] = [await settled(a), await settled(b)];
    // A closed both stuck connections and opened new ones; B kept its own.
    expect(afterA[0]).not.toEqual(beforeA[0]);
    expect(afterA[1]).not.toEqual(beforeA[1]);
    expect(afterB).toEqual(beforeB);
    await ok(a.port, 'SENTINEL', 'DEBUG', 'min-link-reconnect-period', 15_000);
  });

  test('+sdown / -sdown for the master', async () => {
    m.pause();
    try {
      for (const e of [ea, eb]) await event(e, '+sdown', `master m 127.0.0.1 ${m.port}`);
    } finally {
      m.resume();
    }
    for (const e of [ea, eb]) await event(e, '-sdown', `master m 127.0.0.1 ${m.port}`);
  });

  test('+sdown / -sdown for a peer sentinel', async () => {
    const subject = `sentinel ${id.get(b)} 127.0.0.1 ${b.port} ${at}`;
    b.kill('SIGSTOP');
    try {
      await event(ea, '+sdown', subject);
    } finally {
      b.kill('SIGCONT');
    }
    await event(ea, '-sdown', subject);
  });

  test('+sentinel-address-switch when the peer comes back on another port with its config', async () => {
    const idB = id.get(b) as string;
    const kept = config(b)
      .split('\n')
      .filter((l) => l.trim() !== '' && !/^(port|bind|dir) /.test(l));
    await b.stop();
    const moved = await startVigil({ port: await getFreePort(), monitors: [], extraConfig: kept });
    expect(textOf(await call(moved.port, 'SENTINEL', 'MYID'))).toBe(idB);
    await ok(moved.port, 'SENTINEL', 'DEBUG', 'publish-period', 500);
    // The first hello (about either master) is the switch; the other master's entry follows
    // it as an address update, and both share one link again.
    const found = await waitFor(
      () =>
        ea.messages.find(
          (x) =>
            x.channel === '+sentinel-address-switch' &&
            x.payload.endsWith(` ip 127.0.0.1 port ${moved.port} for ${idB}`),
        ),
      { description: '+sentinel-address-switch' },
    );
    const [, name, , port] = found.payload.split(' ');
    expect(found.payload).toBe(`master ${name} 127.0.0.1 ${port} ip 127.0.0.1 port ${moved.port} for ${idB}`);
    expect([`${m.port}`, `${m2.port}`]).toContain(port);
    await event(
      ea,
      '+sentinel-address-update',
      `sentinel ${idB} 127.0.0.1 ${moved.port} @ ${name} 127.0.0.1 ${port} 1 additional matching instances`,
    );
    await waitConfig(
      a,
      (t) =>
        t.includes(`sentinel known-sentinel m 127.0.0.1 ${moved.port} ${idB}\n`) &&
        t.includes(`sentinel known-sentinel m2 127.0.0.1 ${moved.port} ${idB}\n`) &&
        !t.includes(` ${b.port} ${idB}`),
      'known-sentinel at the new port only',
    );
    for (const master of ['m', 'm2']) {
      const peers = await waitFor(
        async () => {
          const list = itemsOf(await call(a.port, 'SENTINEL', 'SENTINELS', master)).map(fieldsOf);
          return list.length === 1 && list[0]?.flags === 'sentinel' ? list : null;
        },
        { description: `the moved peer reachable under ${master}` },
      );
      expect(peers.map((p) => `${p.runid}@${p.port} refcount ${p['link-refcount']}`)).toEqual([
        `${idB}@${moved.port} refcount 2`,
      ]);
    }
    // One command connection from A to the moved peer.
    const names = textOf(await call(moved.port, 'CLIENT', 'LIST'))
      .split('\n')
      .filter((l) => l.includes(` name=sentinel-${id.get(a)?.slice(0, 8)}-`));
    expect(names).toHaveLength(1);
    id.set(moved, idB);
    b = moved;
  });

  test('+sentinel-invalid-addr when another id shows up at a known address', async () => {
    const idB = id.get(b) as string;
    const port = b.port;
    await b.stop();
    const c = await startVigil({ port, monitors: [{ name: 'm', port: m.port, quorum: 3 }] });
    const idC = textOf(await call(c.port, 'SENTINEL', 'MYID'));
    await ok(c.port, 'SENTINEL', 'DEBUG', 'publish-period', 500);
    await event(ea, '+sentinel-invalid-addr', `sentinel ${idB} 127.0.0.1 ${port} ${at}`);
    await event(ea, '+sentinel', `sentinel ${idC} 127.0.0.1 ${port} ${at}`);
    await waitConfig(
      a,
      (t) => t.includes(`sentinel known-sentinel m 127.0.0.1 ${port} ${idC}\n`) && !t.includes(idB),
      'the new id in place of the old one',
    );
    const peers = itemsOf(await call(a.port, 'SENTINEL', 'SENTINELS', 'm')).map(fieldsOf);
    expect(peers.map((p) => `${p.runid}@${p.port}`)).toEqual([`${idC}@${port}`]);
    // The stale id is forgotten under every master (C does not monitor m2).
    expect(itemsOf(await call(a.port, 'SENTINEL', 'SENTINELS', 'm2'))).toEqual([]);
  });
});

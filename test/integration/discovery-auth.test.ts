/**
 * Foundation §4, link handshake: `auth-pass` (requirepass), `auth-user` + `auth-pass` (ACL
 * user) and `rename-command` on real data nodes. Monitoring works (no SDOWN, INFO refreshed,
 * replicas discovered, hellos exchanged), and a wrong password is seen as a down master, as
 * Sentinel 7.0 does (its PING gets an auth error, which is no valid reply).
 */
import {
  startRedisServer,
  startRedisSentinel,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { callOnce as call, RespClient, fieldsOf, itemsOf, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';

const DOWN_AFTER = 1000;
/** A replica's first sync at once (7.0 waits 5 s for more replicas before a diskless sync). */
const FAST_SYNC = ['repl-diskless-sync-delay 0'];

/** A command on a data node, after `AUTH <auth...>` when given. */
async function nodeCall(port: number, auth: string[] | null, ...args: string[]): Promise<string> {
  const client = await RespClient.connect(port);
  try {
    if (auth) {
      const r = (await client.send('AUTH', ...auth)).value;
      if (r.kind === 'error') throw new Error(`AUTH: ${r.value}`);
    }
    const v = (await client.send(...args)).value;
    if (v.kind === 'error') throw new Error(`${args.join(' ')}: ${v.value}`);
    return textOf(v);
  } finally {
    await client.close();
  }
}

function clients(text: string): Record<string, string>[] {
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

async function master(port: number, name = 'm'): Promise<Record<string, string>> {
  return fieldsOf(await call(port, 'SENTINEL', 'MASTER', name));
}

async function list(
  port: number,
  sub: 'REPLICAS' | 'SENTINELS',
  name = 'm',
): Promise<Record<string, string>[]> {
  return itemsOf(await call(port, 'SENTINEL', sub, name)).map(fieldsOf);
}

async function myid8(port: number): Promise<string> {
  return textOf(await call(port, 'SENTINEL', 'MYID')).slice(0, 8);
}

/** The master is healthy, its replica discovered and healthy, INFO and PING fresh. */
async function waitHealthy(v: ManagedProcess, replica: RedisServerHandle | null): Promise<void> {
  await waitFor(
    async () => {
      const m = await master(v.port);
      const rs = await list(v.port, 'REPLICAS');
      const r = rs[0];
      const masterGood =
        m.flags === 'master' && Number(m['info-refresh']) < 1500 && Number(m['last-ok-ping-reply']) < 1500;
      const good =
        replica === null
          ? masterGood && rs.length === 0
          : masterGood &&
            m['num-slaves'] === '1' &&
            r?.port === String(replica.port) &&
            r.flags === 'slave' &&
            r['master-link-status'] === 'ok' &&
            Number(r['last-ok-ping-reply']) < 1500;
      if (!good) throw new Error(JSON.stringify({ master: m, replicas: rs }));
      return true;
    },
    { timeoutMs: 10_000, description: `${v.name} to see a healthy master and replica` },
  );
}

/** Stays healthy for longer than down-after: no SDOWN of the master or the replica. */
async function staysHealthy(v: ManagedProcess): Promise<void> {
  const until = Date.now() + DOWN_AFTER * 2;
  while (Date.now() < until) {
    const m = await master(v.port);
    expect(m.flags).toBe('master');
    for (const r of await list(v.port, 'REPLICAS')) expect(r.flags).toBe('slave');
    const at = Date.now();
    await waitFor(() => Date.now() - at >= 200, { intervalMs: 50, description: 'a moment' });
  }
}

async function waitMasterSdown(v: ManagedProcess): Promise<Record<string, string>> {
  return waitFor(
    async () => {
      const m = await master(v.port);
      return m.flags?.split(',').includes('s_down') ? m : null;
    },
    { timeoutMs: 8000, description: `${v.name} to see the master s_down` },
  );
}

afterAll(async () => {
  await stopAll();
});

describe('auth-pass on a requirepass data node', () => {
  let m: RedisServerHandle;
  let r: RedisServerHandle;
  let good: ManagedProcess;
  let bad: ManagedProcess;
  const auth = ['s3cret'];
  beforeAll(async () => {
    const conf = ['requirepass s3cret', 'masterauth s3cret', ...FAST_SYNC];
    m = await startRedisServer({ config: conf });
    r = await startRedisServer({ replicaOf: { port: m.port }, config: conf });
    const monitors = [{ name: 'm', port: m.port, quorum: 2, downAfterMs: DOWN_AFTER }];
    [good, bad] = await Promise.all([
      startVigil({ monitors, extraConfig: ['sentinel auth-pass m s3cret'] }),
      startVigil({ monitors, extraConfig: ['sentinel auth-pass m wrong'] }),
    ]);
  });

  test('monitoring works: replica discovered, no SDOWN, named authenticated connections', async () => {
    const v = good;
    await call(v.port, 'SENTINEL', 'DEBUG', 'info-period', 500);
    await waitHealthy(v, r);
    await staysHealthy(v);
    const id8 = await myid8(v.port);
    for (const node of [m, r]) {
      const names = clients(await nodeCall(node.port, auth, 'CLIENT', 'LIST'))
        .filter((c) => c.name?.startsWith(`sentinel-${id8}`))
        .map((c) => `${c.name} ${c.user}`)
        .sort();
      expect(names).toEqual([`sentinel-${id8}-cmd default`, `sentinel-${id8}-pubsub default`]);
    }
    await v.stop();
  });

  test('a wrong auth-pass: PING gets an auth error, the master goes SDOWN', async () => {
    const v = bad;
    const down = await waitMasterSdown(v);
    expect(down['num-slaves']).toBe('0');
    await v.stop();
  });
});

describe('auth-user with an ACL user (default user off)', () => {
  let m: RedisServerHandle;
  let r: RedisServerHandle;
  let good: ManagedProcess;
  let bad: ManagedProcess;
  const auth = ['watcher', 'w4tch'];
  beforeAll(async () => {
    const conf = [
      'user default off',
      'user watcher on >w4tch ~* &* +@all',
      'masteruser watcher',
      'masterauth w4tch',
      ...FAST_SYNC,
    ];
    m = await startRedisServer({ config: conf });
    r = await startRedisServer({ replicaOf: { port: m.port }, config: conf });
    const monitors = [{ name: 'm', port: m.port, quorum: 2, downAfterMs: DOWN_AFTER }];
    [good, bad] = await Promise.all([
      startVigil({ monitors, extraConfig: ['sentinel auth-user m watcher', 'sentinel auth-pass m w4tch'] }),
      // auth-pass alone authenticates as `default`, which is off.
      startVigil({ monitors, extraConfig: ['sentinel auth-pass m w4tch'] }),
    ]);
  });

  test('AUTH <user> <pass> on every connection: monitoring works as that user', async () => {
    const v = good;
    await call(v.port, 'SENTINEL', 'DEBUG', 'info-period', 500);
    await waitHealthy(v, r);
    await staysHealthy(v);
    const id8 = await myid8(v.port);
    for (const node of [m, r]) {
      const names = clients(await nodeCall(node.port, auth, 'CLIENT', 'LIST'))
        .filter((c) => c.name?.startsWith(`sentinel-${id8}`))
        .map((c) => `${c.name} ${c.user}`)
        .sort();
      expect(names).toEqual([`sentinel-${id8}-cmd watcher`, `sentinel-${id8}-pubsub watcher`]);
    }
    await v.stop();
  });

  test('auth-pass without auth-user authenticates as default, which is off: SDOWN', async () => {
    const v = bad;
    await waitMasterSdown(v);
    await v.stop();
  });
});

describe('rename-command', () => {
  const table = (pairs: [string, string][], prefix: string): string[] =>
    pairs.map(([from, to]) => `${prefix}rename-command ${prefix ? 'm ' : ''}${from} ${to}`);

  test('renamed PING, INFO, CLIENT and PUBLISH: monitoring and hellos work, beside a real redis-sentinel', async () => {
    // No replica here: a replica's handshake PINGs its master, which a renamed PING breaks.
    const renames: [string, string][] = [
      ['PING', 'MYPING'],
      ['INFO', 'MYINFO'],
      ['CLIENT', 'MYCLIENT'],
      ['PUBLISH', 'MYPUBLISH'],
    ];
    const m = await startRedisServer({ config: table(renames, '') });
    const monitors = [{ name: 'm', port: m.port, quorum: 2, downAfterMs: DOWN_AFTER }];
    const extraConfig = table(renames, 'sentinel ');
    const [v, s] = await Promise.all([
      startVigil({ monitors, extraConfig }),
      startRedisSentinel({ monitors, extraConfig }),
    ]);
    await call(v.port, 'SENTINEL', 'DEBUG', 'info-period', 500);
    await waitHealthy(v, null);
    await staysHealthy(v);
    // INFO answered: the run id is known.
    expect((await master(v.port)).runid).toMatch(/^[0-9a-f]{40}$/);

    const id8 = await myid8(v.port);
    const names = clients(await nodeCall(m.port, null, 'MYCLIENT', 'LIST'))
      .filter((c) => c.name?.startsWith(`sentinel-${id8}`))
      .map((c) => c.name)
      .sort();
    expect(names).toEqual([`sentinel-${id8}-cmd`, `sentinel-${id8}-pubsub`]);

    // Hellos go out as MYPUBLISH: each side discovers the other.
    const [vid, sid] = [
      textOf(await call(v.port, 'SENTINEL', 'MYID')),
      textOf(await call(s.port, 'SENTINEL', 'MYID')),
    ];
    const peerOf = async (port: number, id: string): Promise<Record<string, string> | undefined> =>
      (await list(port, 'SENTINELS')).find((p) => p.runid === id);
    await waitFor(async () => (await peerOf(v.port, sid)) !== undefined, {
      timeoutMs: 10_000,
      description: 'Vigil to discover redis-sentinel',
    });
    await waitFor(async () => (await peerOf(s.port, vid)) !== undefined, {
      timeoutMs: 10_000,
      description: 'redis-sentinel to discover Vigil',
    });

    // Sentinel 7.0 maps every command through the master's table, PINGs to peer sentinels
    // included, so a peer answers MYPING with an error and is flagged s_down: Vigil does the same.
    const sView = await waitFor(
      async () => {
        const p = await peerOf(s.port, vid);
        return p?.flags?.includes('s_down') ? p : null;
      },
      { timeoutMs: 8000, description: 'redis-sentinel to flag Vigil s_down' },
    );
    const vView = await waitFor(
      async () => {
        const p = await peerOf(v.port, sid);
        return p?.flags?.includes('s_down') ? p : null;
      },
      { timeoutMs: 8000, description: 'Vigil to flag redis-sentinel s_down' },
    );
    expect(vView.flags).toBe(sView.flags);
    // The master itself stays up for both.
    expect((await master(v.port)).flags).toBe('master');
    expect((await master(s.port)).flags).toBe('master');
    await Promise.all([v.stop(), s.stop()]);
  });

  test('renamed INFO, CLIENT, PUBLISH and CONFIG on a master and its replica: the replica is found and healthy', async () => {
    const renames: [string, string][] = [
      ['INFO', 'XINFO2'],
      ['CLIENT', 'XCLIENT'],
      ['PUBLISH', 'XPUBLISH'],
      ['CONFIG', 'XCONFIG'],
    ];
    const m = await startRedisServer({ config: [...table(renames, ''), ...FAST_SYNC] });
    const r = await startRedisServer({
      replicaOf: { port: m.port },
      config: [...table(renames, ''), ...FAST_SYNC],
    });
    const v = await startVigil({
      monitors: [{ name: 'm', port: m.port, quorum: 2, downAfterMs: DOWN_AFTER }],
      extraConfig: table(renames, 'sentinel '),
    });
    await call(v.port, 'SENTINEL', 'DEBUG', 'info-period', 500);
    await waitHealthy(v, r);
    await staysHealthy(v);
    const id8 = await myid8(v.port);
    for (const node of [m, r]) {
      const names = clients(await nodeCall(node.port, null, 'XCLIENT', 'LIST'))
        .filter((c) => c.name?.startsWith(`sentinel-${id8}`))
        .map((c) => c.name)
        .sort();
      expect(names).toEqual([`sentinel-${id8}-cmd`, `sentinel-${id8}-pubsub`]);
    }
    await v.stop();
  });
});

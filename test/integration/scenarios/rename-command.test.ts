/**
 * Scenario differential (#8 §2): `SENTINEL SET <name> rename-command` takes effect on the
 * wire at once, on the links that are already up. Renaming PING to a command the data node
 * does not know makes every PING fail, so the master goes `s_down` after down-after; renaming
 * it back brings it back. redis-sentinel maps each command through the table as it sends it.
 */
import { runDifferential, stopAll, traces } from '../../helpers/scenario.js';
// For the scenarios after the first.
import { MASTER, type ScenarioRun } from '../../helpers/scenario.js';
import { RespClient, plain } from '../../helpers/resp.js';

afterAll(stopAll);

test('renaming PING at runtime: s_down, then back up when renamed back', async () => {
  const result = await runDifferential({ downAfterMs: 1000 }, async (run) => {
    await run.waitFlags('healthy at start', 'master', ['master', '!s_down', '!disconnected']);
    await run.recordReply(
      'rename PING to PONG',
      'SENTINEL',
      'SET',
      'mymaster',
      'rename-command',
      'PING',
      'PONG',
    );
    await run.waitFlags('s_down with PING renamed', 'master', ['s_down'], 8000);
    await run.waitEvent('+sdown published', '+sdown', /^master mymaster 127\.0\.0\.1 <primary>$/);
    await run.recordReply(
      'rename PING back',
      'SENTINEL',
      'SET',
      'mymaster',
      'rename-command',
      'PING',
      'PING',
    );
    await run.waitFlags('up again', 'master', ['!s_down'], 8000);
    await run.waitEvent('-sdown published', '-sdown', /^master mymaster 127\.0\.0\.1 <primary>$/);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 60_000);

/** `SENTINEL SET mymaster rename-command <from> <to>`, recorded. */
async function rename(run: ScenarioRun, from: string, to: string): Promise<void> {
  await run.recordReply(`rename ${from} to ${to}`, 'SENTINEL', 'SET', MASTER, 'rename-command', from, to);
}

/** Milliseconds since the last INFO reply of the master, or of the replica on `port`. */
async function infoRefresh(run: ScenarioRun, port?: number): Promise<number> {
  const fields = port === undefined ? await run.master() : (await run.replicaTable()).get(port);
  return Number(fields?.['info-refresh'] ?? NaN);
}

/** One command on a data node, its reply in plain form. */
async function onDataNode(port: number, ...args: string[]): Promise<unknown> {
  const client = await RespClient.connect(port);
  try {
    return plain((await client.send(...args)).value);
  } finally {
    await client.close();
  }
}

test('renaming INFO at runtime: PING keeps the master up, INFO stops refreshing for master and replica, then resumes', async () => {
  const result = await runDifferential({ downAfterMs: 1000, replicas: 1 }, async (run) => {
    const replica = run.replicas[0]!.port;
    await run.waitFlags('healthy at start', 'master', ['master', '!s_down', '!disconnected']);
    await run.waitFlags('replica found', replica, ['slave', '!s_down', '!disconnected']);
    // INFO every 500 ms, so that a refresh older than 3 s means several INFO failed.
    await run.recordReply('info-period 500', 'SENTINEL', 'DEBUG', 'info-period', '500');
    const fresh = async (port?: number): Promise<boolean> => {
      const ms = await infoRefresh(run, port);
      return ms > 0 && ms < 1000;
    };
    await run.waitUntil('master INFO refreshed', () => fresh());
    await run.waitUntil('replica INFO refreshed', () => fresh(replica));
    await rename(run, 'INFO', 'NOSUCHINFO');
    await run.waitUntil('master INFO stale', async () => (await infoRefresh(run)) > 3000, 8000);
    await run.waitUntil('replica INFO stale', async () => (await infoRefresh(run, replica)) > 3000, 8000);
    await run.waitFlags('master still up (PING works)', 'master', ['master', '!s_down', '!disconnected']);
    await rename(run, 'INFO', 'INFO');
    await run.waitUntil('master INFO fresh again', async () => (await infoRefresh(run)) < 1000, 8000);
    await run.waitUntil(
      'replica INFO fresh again',
      async () => (await infoRefresh(run, replica)) < 1000,
      8000,
    );
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 60_000);

test('a data node with renamed commands: down without the table, recovered by SENTINEL SET alone', async () => {
  // No SUBSCRIBE rename: redis-sentinel 7.0.15 aborts (hiredis assertion) when its pub/sub
  // connection subscribes under another name and a message arrives.
  const renamed: [string, string][] = [
    ['PING', 'MYPING'],
    ['INFO', 'MYINFO'],
    ['PUBLISH', 'MYPUBLISH'],
    ['CLIENT', 'MYCLIENT'],
    ['CONFIG', 'MYCONFIG'],
    ['SLAVEOF', 'MYSLAVEOF'],
    ['REPLICAOF', 'MYREPLICAOF'],
  ];
  const dataNodeConfig = renamed.map(([from, to]) => `rename-command ${from} ${to}`);
  const result = await runDifferential({ downAfterMs: 1000, dataNodeConfig }, async (run) => {
    const primary = run.primary.port;
    const hellos = await RespClient.connect(primary);
    await hellos.subscribe('__sentinel__:hello');
    const ours = (): number =>
      hellos.messages.filter((m) => String(m.payload).startsWith(`127.0.0.1,${run.port},`)).length;
    try {
      await run.waitFlags('s_down: PING unknown to the data node', 'master', ['s_down'], 8000);
      await run.waitEvent('+sdown published', '+sdown', /^master mymaster 127\.0\.0\.1 <primary>$/);
      run.record('no INFO answered: no run id', (await run.master()).runid);

      await rename(run, 'PING', 'MYPING');
      await run.waitFlags('up once PING is renamed', 'master', ['master', '!s_down', '!disconnected'], 8000);
      await run.waitEvent('-sdown published', '-sdown', /^master mymaster 127\.0\.0\.1 <primary>$/);

      await rename(run, 'INFO', 'MYINFO');
      await run.waitUntil('INFO answered: run id known', async () => (await run.master()).runid !== '', 8000);

      // Hellos have been due every 2 s since the start, and all failed.
      run.record('no hello reached the primary yet', ours());
      await rename(run, 'PUBLISH', 'MYPUBLISH');
      await run.waitUntil('hello published on the primary', async () => ours() > 0, 8000);

      // CLIENT SETNAME is part of the handshake: a later rename names the next connections.
      await rename(run, 'CLIENT', 'MYCLIENT');
      // The rest of the table, as an operator would complete it (used by the failover scenario).
      for (const [from, to] of renamed.slice(4)) await rename(run, from, to);
      const named = async (): Promise<boolean> => {
        const list = String(await onDataNode(primary, 'MYCLIENT', 'LIST'));
        return /name=sentinel-[0-9a-f]{8}-cmd /.test(list) && /name=sentinel-[0-9a-f]{8}-pubsub /.test(list);
      };
      run.record('connections opened before the rename are unnamed', await named());
      await run.recordReply('reset', 'SENTINEL', 'RESET', MASTER);
      await run.waitUntil('reconnected connections named with MYCLIENT SETNAME', named, 8000);
      await run.waitFlags('healthy after the reset', 'master', ['master', '!s_down', '!disconnected'], 8000);
    } finally {
      await hellos.close();
    }
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 60_000);

test('forced failover with SLAVEOF, CONFIG, CLIENT, MULTI and EXEC renamed on both data nodes, renames set at runtime', async () => {
  const renamed: [string, string][] = [
    ['SLAVEOF', 'MYSLAVEOF'],
    ['REPLICAOF', 'MYREPLICAOF'],
    ['CONFIG', 'MYCONFIG'],
    ['CLIENT', 'MYCLIENT'],
    ['MULTI', 'MYMULTI'],
    ['EXEC', 'MYEXEC'],
  ];
  // The replica syncs at once instead of after the default 5 s diskless-sync delay.
  const dataNodeConfig = [
    ...renamed.map(([from, to]) => `rename-command ${from} ${to}`),
    'repl-diskless-sync-delay 0',
  ];
  const result = await runDifferential(
    { downAfterMs: 1000, replicas: 1, quorum: 1, dataNodeConfig },
    async (run) => {
      const replica = run.replicas[0]!.port;
      await run.waitFlags('healthy at start', 'master', ['master', '!s_down', '!disconnected']);
      await run.waitFlags('replica found', replica, ['slave', '!s_down', '!disconnected']);
      // A replica is only selected once its INFO is in (else FAILOVER answers NOGOODSLAVE).
      await run.waitUntil('replica INFO in, link to its primary up', async () => {
        const fields = (await run.replicaTable()).get(replica);
        return fields?.['master-link-status'] === 'ok' && Number(fields['info-refresh']) > 0;
      });
      // The links to both data nodes are up: the renames apply to them as they are. (Sentinel
      // sends SLAVEOF, never REPLICAOF: that entry is set as an operator would, and is inert.)
      for (const [from, to] of renamed) await rename(run, from, to);
      await run.recordReply('failover', 'SENTINEL', 'FAILOVER', MASTER);
      await run.waitEvent(
        '+switch-master',
        '+switch-master',
        /^mymaster 127\.0\.0\.1 <primary> 127\.0\.0\.1 <replica0>$/,
        20_000,
      );
      await run.waitUntil(
        'the promoted replica is a master',
        async () => String(await onDataNode(replica, 'INFO', 'replication')).includes('role:master'),
        8000,
      );
      // Sentinel 7.0 waits 4 × publish-period (8 s) of the old primary reporting itself master.
      await run.waitEvent(
        'old primary converted to a replica',
        '+convert-to-slave',
        /^slave 127\.0\.0\.1:<primary> 127\.0\.0\.1 <primary> @ mymaster 127\.0\.0\.1 <replica0>$/,
        20_000,
      );
      await run.waitUntil(
        'the old primary replicates from the new one',
        async () => {
          const info = String(await onDataNode(run.primary.port, 'INFO', 'replication'));
          return info.includes('role:slave') && info.includes(`master_port:${replica}\r\n`);
        },
        8000,
      );
    },
  );
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 90_000);

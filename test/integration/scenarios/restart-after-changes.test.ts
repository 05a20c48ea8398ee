/**
 * Scenario differential (#8 §1, §5): a restart after each kind of runtime change keeps what
 * redis-sentinel keeps and forgets what it forgets: a master added with MONITOR or dropped
 * with REMOVE, a RESET, a failover (the new primary, its config epoch, the old primary as a
 * replica), options set back to their defaults or cleared, and SENTINEL DEBUG timers (never
 * saved). Each scenario runs against both programs; the traces must be equal.
 */
import { readFileSync } from 'node:fs';
import { startRedisServer } from '../../helpers/processes.js';
import { itemsOf, plain } from '../../helpers/resp.js';
import { MASTER, runDifferential, stopAll, traces, type ScenarioRun } from '../../helpers/scenario.js';

afterAll(stopAll);

/** Names, addresses and quorums of every monitored master. */
async function masters(run: ScenarioRun): Promise<string[]> {
  const reply = await run.call('SENTINEL', 'MASTERS');
  return itemsOf(reply)
    .map((m) => {
      const f = plain(m) as string[];
      const at = (k: string): string => f[f.indexOf(k) + 1] as string;
      return `${at('name')} ${at('ip')}:${at('port')} q${at('quorum')} epoch ${at('config-epoch')}`;
    })
    .sort();
}

async function replicaNames(run: ScenarioRun): Promise<string[]> {
  return [...(await run.replicaTable()).values()].map((r) => `${r.ip}:${r.port}`).sort();
}

test('MONITOR and REMOVE at runtime: the set of masters survives a restart', async () => {
  const result = await runDifferential({}, async (run) => {
    const other = await startRedisServer();
    run.nameRole(other.port, 'other-primary');
    await run.recordReply('MONITOR another', 'SENTINEL', 'MONITOR', 'other', '127.0.0.1', other.port, 1);
    await run.waitEvent('+monitor', '+monitor', /^master other /);
    await run.recordReply('REMOVE mymaster', 'SENTINEL', 'REMOVE', MASTER);
    run.record('masters before restart', await masters(run));
    await run.restart();
    run.record('masters after restart', await masters(run));
    await run.recordReply('mymaster is gone', 'SENTINEL', 'MASTER', MASTER);
    await run.recordReply(
      'MONITOR mymaster again',
      'SENTINEL',
      'MONITOR',
      MASTER,
      '127.0.0.1',
      run.primary.port,
      2,
    );
    await run.restart();
    run.record('masters after the second restart', await masters(run));
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 60_000);

test('RESET, then restart: the replica is known again only once rediscovered', async () => {
  const result = await runDifferential({ replicas: 1 }, async (run) => {
    await run.waitUntil('replica discovered', async () => (await replicaNames(run)).length === 1);
    await run.recordReply('RESET', 'SENTINEL', 'RESET', MASTER);
    await run.waitUntil(
      'replica rediscovered after RESET',
      async () => (await replicaNames(run)).length === 1,
      // Both rediscover it with their next INFO of the master (10 s period): 9.1 and 9.9 s here.
      25_000,
    );
    await run.restart();
    run.record('replicas right after restart', await replicaNames(run));
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 60_000);

test('a failover, then restart: the new primary, its config epoch and the old one as a replica', async () => {
  const result = await runDifferential({ replicas: 1, quorum: 1 }, async (run) => {
    await run.waitUntil('replica ready to promote', async () => {
      const replica = (await run.replicaTable()).get(run.replicas[0]!.port);
      return replica !== undefined && replica['master-link-status'] === 'ok';
    });
    await run.recordReply('FAILOVER', 'SENTINEL', 'FAILOVER', MASTER);
    await run.waitEvent(
      '+switch-master',
      '+switch-master',
      /^mymaster 127\.0\.0\.1 <primary> 127\.0\.0\.1 <replica0>$/,
      20_000,
    );
    run.record('masters before restart', await masters(run));
    await run.restart();
    run.record('masters after restart', await masters(run));
    run.record('replicas after restart', await replicaNames(run));
    await run.waitFlags('the old primary is a replica', run.primary.port, ['slave', '!s_down'], 15_000);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
}, 90_000);

test('options set back to defaults or cleared, and DEBUG timers: what a restart shows', async () => {
  const result = await runDifferential(
    { sentinelConfig: ['sentinel deny-scripts-reconfig no'] },
    async (run) => {
      await run.recordReply('SET down-after', 'SENTINEL', 'SET', MASTER, 'down-after-milliseconds', 7000);
      await run.recordReply(
        'SET down-after back to default',
        'SENTINEL',
        'SET',
        MASTER,
        'down-after-milliseconds',
        30000,
      );
      await run.recordReply('SET auth-pass', 'SENTINEL', 'SET', MASTER, 'auth-pass', 'x');
      await run.recordReply('clear auth-pass', 'SENTINEL', 'SET', MASTER, 'auth-pass', '');
      await run.recordReply('SET rename', 'SENTINEL', 'SET', MASTER, 'rename-command', 'CONFIG', 'CFG');
      await run.recordReply('rename back', 'SENTINEL', 'SET', MASTER, 'rename-command', 'CONFIG', 'CONFIG');
      await run.recordReply('DEBUG timers', 'SENTINEL', 'DEBUG', 'ping-period', 500, 'info-period', 2000);
      await run.restart();
      const fields = await run.master();
      run.record('down-after after restart', fields['down-after-milliseconds']);
      await run.recordReply('DEBUG after restart (defaults)', 'SENTINEL', 'DEBUG');
    },
  );
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
  // Nothing set back to its default, or cleared, is left in either file.
  for (const run of Object.values(result.runs)) {
    const text = readFileSync(run.configPath, 'utf8');
    expect(text).not.toMatch(/down-after-milliseconds|auth-pass|rename-command/);
  }
}, 60_000);

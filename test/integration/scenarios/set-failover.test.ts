/**
 * SENTINEL SET options whose effect shows during a failover: notification-script and
 * client-reconfig-script (each script appends its argv to a file) and parallel-syncs (how many
 * replicas are sent REPLICAOF before the first one is done).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../../helpers/processes.js';
import { MASTER, runDifferential, stopAll, traces, type ScenarioRun } from '../../helpers/scenario.js';
import { callOnce, itemsOf } from '../../helpers/resp.js';

afterAll(async () => {
  await stopAll();
});

/** A script that appends `<label> <argv>` to `log`. */
function argvScript(dir: string, label: string, log: string): string {
  const file = path.join(dir, `${label}.sh`);
  fs.writeFileSync(file, `#!/bin/sh\necho "${label} $*" >> '${log}'\n`, { mode: 0o755 });
  return file;
}

const noDelay = ['repl-diskless-sync-delay 0'];

test('notification-script and client-reconfig-script set at runtime run with the expected argv', async () => {
  const result = await runDifferential(
    { replicas: 1, dataNodeConfig: noDelay, sentinelConfig: ['sentinel deny-scripts-reconfig no'] },
    async (run) => {
      const dir = makeTempDir(`scripts-${run.kind}`);
      const log = path.join(dir, 'argv.log');
      const notify = argvScript(dir, 'notify', log);
      const reconf = argvScript(dir, 'reconf', log);
      await run.recordReply('not executable', 'SENTINEL', 'SET', MASTER, 'notification-script', log);
      await run.recordReply(
        'set both',
        'SENTINEL',
        'SET',
        MASTER,
        'notification-script',
        notify,
        'client-reconfig-script',
        reconf,
      );
      await run.waitFlags('replica ready', run.replicas[0]!.port, ['slave', '!s_down']);
      await run.waitUntil('failover accepted', async () => {
        const reply = await run.call('SENTINEL', 'FAILOVER', MASTER);
        return reply.kind === 'simple';
      });
      await run.waitEvent('+switch-master', '+switch-master', /^mymaster /, 20_000);
      const lines = (): string[] =>
        fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
      await run.waitUntil(
        'scripts ran',
        async () =>
          lines().some((l) => l.startsWith('notify +switch-master')) &&
          lines().some((l) => l.startsWith('reconf ')) &&
          itemsOf(await run.call('SENTINEL', 'PENDING-SCRIPTS')).length === 0,
        10_000,
      );
      run.record(
        'reconfig script argv',
        lines().filter((l) => l.startsWith('reconf ')),
      );
      run.record(
        'notification script argv (+switch-master, +failover-end)',
        lines()
          .filter((l) => /^notify (\+switch-master|\+failover-end) /.test(l))
          .sort(),
      );
    },
  );
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

/** How many +slave-reconf-sent events came before the first +slave-reconf-done. */
function sentBeforeFirstDone(run: ScenarioRun): number {
  let sent = 0;
  for (const m of run.events) {
    if (m.channel === '+slave-reconf-done') return sent;
    if (m.channel === '+slave-reconf-sent') sent++;
  }
  return sent;
}

async function failoverWith(run: ScenarioRun, parallelSyncs: number): Promise<void> {
  await run.recordReply(
    `set parallel-syncs ${parallelSyncs}`,
    'SENTINEL',
    'SET',
    MASTER,
    'parallel-syncs',
    parallelSyncs,
  );
  run.record('parallel-syncs field', (await run.master())['parallel-syncs']);
  run.events.splice(0);
  await run.waitUntil(`failover accepted (${parallelSyncs})`, async () => {
    const reply = await run.call('SENTINEL', 'FAILOVER', MASTER);
    return reply.kind === 'simple';
  });
  await run.waitEvent(`+failover-end (${parallelSyncs})`, '+failover-end', /^master mymaster /, 30_000);
  await run.waitEvent(`+switch-master (${parallelSyncs})`, '+switch-master', /^mymaster /, 5000);
  run.record(
    `replicas sent REPLICAOF before the first was done (${parallelSyncs})`,
    sentBeforeFirstDone(run),
  );
  run.record(`reconf-done count (${parallelSyncs})`, run.eventsOn('+slave-reconf-done').length);
}

test('parallel-syncs set at runtime bounds the replicas reconfigured at once', async () => {
  const result = await runDifferential({ replicas: 3, dataNodeConfig: noDelay }, async (run) => {
    // Distinct priorities make the promoted replica the same for both subjects: replica0 first,
    // then replica1 (the old primary comes back with the default 100).
    await run.recordReply('fast INFO', 'SENTINEL', 'DEBUG', 'info-period', 500);
    for (const [i, r] of run.replicas.entries()) {
      await callOnce(r.port, 'CONFIG', 'SET', 'replica-priority', 10 * (i + 1));
    }
    for (const [i, r] of run.replicas.entries()) {
      await run.waitUntil('replica ready with its priority', async () => {
        const f = (await run.replicaTable()).get(r.port);
        return f?.flags === 'slave' && f['slave-priority'] === String(10 * (i + 1));
      });
    }
    await failoverWith(run, 1);
    // After the switch the replicas are known again only once the new primary's INFO lists them.
    await run.waitUntil('three replicas again', async () => (await run.replicaTable()).size === 3, 20_000);
    await failoverWith(run, 3);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

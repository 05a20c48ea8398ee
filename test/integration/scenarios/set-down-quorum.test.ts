/**
 * SENTINEL SET at runtime, judged by behaviour rather than by the reply: the new
 * down-after-milliseconds decides when a hung primary turns s_down (and reaches the replicas),
 * quorum decides whether s_down becomes o_down, failover-timeout gates the next automatic
 * failover attempt, master-reboot-down-after-period turns a rebooted primary s_down.
 */
import { MASTER, runDifferential, stopAll, traces, type ScenarioRun } from '../../helpers/scenario.js';

afterAll(async () => {
  await stopAll();
});

const tries = (run: ScenarioRun): number => run.eventsOn('+try-failover').length;
const aborts = (run: ScenarioRun): number => run.eventsOn('-failover-abort-no-good-slave').length;

test('down-after-milliseconds changed at runtime decides when a hung primary is s_down', async () => {
  const result = await runDifferential({ replicas: 1, downAfterMs: 30_000 }, async (run) => {
    const replica = run.replicas[0]!.port;
    await run.waitFlags('replica discovered', replica, ['slave', '!s_down']);
    await run.recordReply('set 1000', 'SENTINEL', 'SET', MASTER, 'down-after-milliseconds', 1000);
    run.record('master down-after', (await run.master())['down-after-milliseconds']);
    run.record('replica down-after', (await run.replicaTable()).get(replica)?.['down-after-milliseconds']);
    run.primary.pause();
    await run.waitFlags('s_down with the new period', 'master', ['s_down'], 5000);
    run.primary.resume();
    await run.waitFlags('back up', 'master', ['!s_down']);
    await run.recordReply('set 3000', 'SENTINEL', 'SET', MASTER, 'down-after-milliseconds', 3000);
    run.primary.pause();
    await run.holdFlags('not s_down before 3000 ms', 'master', ['!s_down'], 1800);
    await run.waitFlags('s_down after 3000 ms', 'master', ['s_down'], 5000);
    run.primary.resume();
    await run.waitFlags('back up again', 'master', ['!s_down']);
    await run.waitEvent('-sdown event', '-sdown', /^master mymaster/);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
  for (const run of Object.values(result.runs)) {
    expect(run.trace.timings.get('s_down with the new period')).toBeLessThan(4000);
  }
});

test('quorum above the known sentinels keeps s_down from o_down; failover-timeout gates the retry', async () => {
  const result = await runDifferential({ quorum: 2 }, async (run) => {
    await run.recordReply('ckquorum 2', 'SENTINEL', 'CKQUORUM', MASTER);
    await run.recordReply(
      'scripts denied by default',
      'SENTINEL',
      'SET',
      MASTER,
      'notification-script',
      '/bin/true',
    );
    run.primary.pause();
    await run.waitFlags('s_down', 'master', ['s_down'], 5000);
    await run.holdFlags('never o_down with quorum 2 of 1', 'master', ['s_down', '!o_down'], 2000);
    await run.recordReply('set quorum 1', 'SENTINEL', 'SET', MASTER, 'quorum', 1);
    await run.recordReply('ckquorum 1', 'SENTINEL', 'CKQUORUM', MASTER);
    await run.waitFlags('o_down with quorum 1', 'master', ['s_down', 'o_down'], 5000);
    await run.waitEvent('+odown', '+odown', /^master mymaster .* #quorum 1\/1$/);
    await run.waitEvent('+try-failover', '+try-failover', /^master mymaster/);
    // No replica: the attempt ends with no-good-slave (Vigil waits for replica INFO a while).
    await run.waitUntil('first abort', async () => aborts(run) >= 1, 15_000);
    // The default failover-timeout (180 s) blocks the next attempt for 2 x 180 s.
    await run.holdTrue('no retry with the default failover-timeout', async () => tries(run) === 1, 2500);
    await run.recordReply('set failover-timeout 1000', 'SENTINEL', 'SET', MASTER, 'failover-timeout', 1000);
    run.record('failover-timeout field', (await run.master())['failover-timeout']);
    await run.waitUntil('retry after 2 x 1000 ms', async () => tries(run) >= 2, 10_000);
    await run.recordReply(
      'set failover-timeout 60000',
      'SENTINEL',
      'SET',
      MASTER,
      'failover-timeout',
      60_000,
    );
    await run.waitUntil('second abort', async () => aborts(run) >= 2, 15_000);
    await run.holdTrue('no third attempt with 60000', async () => tries(run) === 2, 3000);
    run.primary.resume();
    await run.waitFlags('up again', 'master', ['!s_down', '!o_down'], 10_000);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

test('master-reboot-down-after-period: a rebooted primary is s_down until it answers PONG', async () => {
  // down-after 5 s: the restart itself (up to a second or so) must not make it s_down.
  const result = await runDifferential({ downAfterMs: 5000 }, async (run) => {
    // The reboot is seen in INFO: poll it every second rather than every 10 s.
    await run.recordReply('debug info-period', 'SENTINEL', 'DEBUG', 'info-period', 1000);
    // info-refresh reads 0 before the first INFO too: the run id is what says INFO was read.
    await run.waitUntil('primary INFO seen', async () => (await run.master()).runid !== '');
    // Default 0: a reboot is only an event.
    await run.primary.restart();
    await run.waitEvent('+reboot (period 0)', '+reboot', /^master mymaster/, 15_000);
    await run.holdFlags('no s_down after a reboot with period 0', 'master', ['!s_down'], 1500);
    run.events.splice(0);
    await run.recordReply('set period', 'SENTINEL', 'SET', MASTER, 'master-reboot-down-after-period', 100);
    await run.primary.restart();
    await run.waitEvent('+reboot (period 100)', '+reboot', /^master mymaster/, 15_000);
    await run.waitEvent('+sdown after the reboot', '+sdown', /^master mymaster/, 5000);
    await run.waitEvent('-sdown at the next PONG', '-sdown', /^master mymaster/, 5000);
    run.record(
      'event order',
      run.events.map((m) => m.channel),
    );
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

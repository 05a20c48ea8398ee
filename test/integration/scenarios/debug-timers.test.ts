/**
 * SENTINEL DEBUG: the timer listing, and the effect of changed timers on what SENTINEL MASTER,
 * SENTINEL REPLICAS and the hello channel show; the timers are not kept across a restart.
 */
import { RespClient, fieldsOf } from '../../helpers/resp.js';
import { runDifferential, stopAll, traces, type ScenarioRun } from '../../helpers/scenario.js';

afterAll(async () => {
  await stopAll();
});

const field = async (run: ScenarioRun, name: string): Promise<number> => Number((await run.master())[name]);

test('SENTINEL DEBUG ping-period, info-period, publish-period and the defaults for new masters', async () => {
  const result = await runDifferential({ replicas: 1 }, async (run) => {
    const replica = run.replicas[0]!.port;
    await run.recordReply('debug listing', 'SENTINEL', 'DEBUG');
    await run.recordReply('unknown timer', 'SENTINEL', 'DEBUG', 'no-such-period', 100);
    await run.recordReply('zero', 'SENTINEL', 'DEBUG', 'ping-period', 0);
    await run.recordReply('odd count', 'SENTINEL', 'DEBUG', 'ping-period');
    await run.waitFlags('replica discovered', replica, ['slave']);
    // With the default info-period (10 s) the INFO ages past 1.5 s.
    await run.waitUntil(
      'info-refresh past 1500 with the default',
      async () => (await field(run, 'info-refresh')) > 1500,
    );
    await run.recordReply('set timers', 'SENTINEL', 'DEBUG', 'ping-period', 200, 'info-period', 500);
    await run.waitUntil('info-refresh back under 700', async () => (await field(run, 'info-refresh')) < 700);
    await run.holdTrue(
      'info-refresh and last-ok-ping-reply stay small',
      async () => (await field(run, 'info-refresh')) < 1500 && (await field(run, 'last-ok-ping-reply')) < 700,
      2000,
    );
    const replicaRefresh = async (): Promise<number> =>
      Number((await run.replicaTable()).get(replica)?.['info-refresh']);
    await run.waitUntil('replica info-refresh under 700', async () => (await replicaRefresh()) < 700);
    await run.holdTrue(
      'replica INFO refreshed every 500 ms too',
      async () => (await replicaRefresh()) < 1500,
      1000,
    );
    // publish-period: count our hellos on the primary's channel.
    await run.recordReply('publish-period', 'SENTINEL', 'DEBUG', 'publish-period', 200);
    const sub = await RespClient.connect(run.primary.port);
    try {
      await sub.send('SUBSCRIBE', '__sentinel__:hello');
      const started = Date.now();
      await run.waitUntil(
        'five hellos within 2 s',
        async () => sub.messages.filter((m) => String(m.payload).includes(`,${run.port},`)).length >= 5,
        2000,
      );
      run.record('hellos came faster than the default 2000 ms', Date.now() - started < 2000);
    } finally {
      await sub.close();
    }
    await run.recordReply(
      'defaults',
      'SENTINEL',
      'DEBUG',
      'default-down-after',
      7000,
      'default-failover-timeout',
      9000,
    );
    await run.recordReply('listing after', 'SENTINEL', 'DEBUG');
    await run.recordReply('monitor other', 'SENTINEL', 'MONITOR', 'other', '127.0.0.1', run.primary.port, 2);

    const f = fieldsOf(await run.call('SENTINEL', 'MASTER', 'other'));
    run.record('new master takes the debug defaults', {
      'down-after-milliseconds': f['down-after-milliseconds'],
      'failover-timeout': f['failover-timeout'],
    });
    const m = await run.master();
    run.record('existing master keeps its own', {
      'down-after-milliseconds': m['down-after-milliseconds'],
      'failover-timeout': m['failover-timeout'],
    });
    await run.restart();
    await run.recordReply('listing after restart (not persisted)', 'SENTINEL', 'DEBUG');
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

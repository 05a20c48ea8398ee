/**
 * Stage 1: a single primary without replicas, one sentinel, quorum 1. Killing the primary is
 * detected (+sdown, +odown with quorum 1/1) and a failover is attempted, elected, and given up
 * with -failover-abort-no-good-slave (Sentinel 7.0: no replica to select). Nothing else
 * changes: the sentinel keeps naming the dead primary, config epoch 0, no switch.
 */
import { expectNoEvents } from './stage-util/assertions.js';
import { MASTER, sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { masterFields, masterPortOf } from './stage-util/queries.js';

describe.each(sentinelKinds())('stage 1: single node, one sentinel (%s)', (kind) => {
  const groups = groupPerTest(kind);

  test('killing the primary gives +sdown, +odown and -failover-abort-no-good-slave, and nothing else', () =>
    groups.run({ sentinels: 1, replicas: 0, quorum: 1 }, async (g) => {
      const primaryPort = g.primary.port;
      const sentinel = g.sentinels[0]!.port;
      const killedAt = Date.now();
      g.primary.kill('SIGKILL');
      await g.primary.waitForExit();

      const abort = await g.recorder.waitFor('-failover-abort-no-good-slave', { since: killedAt }, 15_000);
      const master = `master ${MASTER} 127.0.0.1 ${primaryPort}`;
      // The first attempt, in Sentinel's order, up to the abort.
      const attempt = g.recorder.events.filter((e) => e.at >= killedAt && e.at <= abort.at);
      const channels = attempt.map((e) => e.channel);
      expect(channels).toEqual([
        '+sdown',
        '+odown',
        '+new-epoch',
        '+try-failover',
        '+vote-for-leader',
        '+elected-leader',
        '+failover-state-select-slave',
        '-failover-abort-no-good-slave',
      ]);
      expect(attempt.find((e) => e.channel === '+sdown')?.payload).toBe(master);
      expect(attempt.find((e) => e.channel === '+odown')?.payload).toBe(`${master} #quorum 1/1`);
      expect(attempt.find((e) => e.channel === '+new-epoch')?.payload).toBe('1');
      expect(abort.payload).toBe(master);

      // Nothing else changes, for longer than failover-timeout.
      await expectNoEvents(
        g,
        ['+switch-master', '+selected-slave', '+promoted-slave', '-sdown', '-odown', '+config-update-from'],
        killedAt,
        g.failoverTimeoutMs + 1500,
      );
      expect(await masterPortOf(sentinel)).toBe(primaryPort);
      const fields = await masterFields(sentinel);
      expect(fields['config-epoch']).toBe('0');
      expect(fields.flags?.split(',')).toEqual(expect.arrayContaining(['s_down', 'o_down', 'master']));
      expect(fields['num-slaves']).toBe('0');
    }));
});

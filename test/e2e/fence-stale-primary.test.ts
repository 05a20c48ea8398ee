/**
 * Issue #10 §2 on real processes: an old primary that comes back after a failover (SIGSTOP
 * for longer than down-after, a failover, then SIGCONT) must stop acknowledging writes at
 * once. A client that connects to it right after SIGCONT writes every 10 ms; every write it
 * gets OK for on the old primary is lost when the old primary resynchronises from the new one.
 * Vigil pauses its writes (CLIENT PAUSE WRITE) as soon as its INFO shows the old replication
 * history, converts it early, and the new primary is never fenced. redis-sentinel lets it
 * accept writes until +convert-to-slave, 4 × publish-period after the role was seen
 * (`VIGIL_E2E_SENTINEL=both` runs that side too, for the comparison).
 */
import { expectExactlyOneFailover } from './stage-util/assertions.js';
import { DOWN_AFTER_MS, sentinelKinds } from './stage-util/config.js';
import { groupPerTest } from './stage-util/group.js';
import { masterPortOf, replicationOf } from './stage-util/queries.js';
import { RespClient } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';

/** Writes SET <prefix>:<n> every 10 ms on one connection; counts the OKs. */
class DirectWriter {
  acknowledged: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly client: RespClient,
    prefix: string,
  ) {
    this.done = this.loop(prefix);
  }

  private async loop(prefix: string): Promise<void> {
    for (let n = 0; !this.stopped && !this.client.closed; n++) {
      const key = `${prefix}:${n}`;
      try {
        // A paused write waits; it is acknowledged only if OK comes back.
        const reply = await this.client.request(['SET', key, 'x'], { timeoutMs: 30_000 });
        if (reply.value.kind === 'simple' && reply.value.value === 'OK') this.acknowledged.push(key);
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client.close();
    await this.done;
  }
}

describe.each(sentinelKinds())('old primary back after a failover (%s)', (kind) => {
  const groups = groupPerTest(kind);

  test('its writes are fenced within a second, it is converted, nothing acknowledged is lost beyond that', () =>
    groups.run({ sentinels: 3, replicas: 1, quorum: 2 }, async (g) => {
      const oldPort = g.primary.port;
      const replica = g.replicas[0]!;
      const pausedAt = Date.now();
      g.primary.pause();
      const outcome = await expectExactlyOneFailover(g, {
        sentinels: [0, 1, 2],
        oldPort,
        since: pausedAt,
        windowMs: 0,
      });
      expect(outcome.newPrimaryPort).toBe(replica.port);

      const resumedAt = Date.now();
      g.primary.resume();
      const writer = new DirectWriter(await RespClient.connect(oldPort), 'after-resume');
      const converted = await g.recorder.waitFor(
        '+convert-to-slave',
        { since: resumedAt, payload: new RegExp(`^slave 127\\.0\\.0\\.1:${oldPort} `) },
        20_000,
      );
      await waitFor(async () => (await replicationOf(oldPort))?.role === 'slave', {
        timeoutMs: 10_000,
        description: 'the old primary to report the replica role',
      });
      await writer.stop();
      const lost = writer.acknowledged.length;
      g.notes.push(`acknowledged on the old primary after SIGCONT: ${lost}`);
      g.notes.push(`+convert-to-slave ${converted.at - resumedAt} ms after SIGCONT`);
      // The new primary holds none of them: each acknowledged write was lost.
      const survivors = await Promise.all(
        writer.acknowledged.slice(0, 20).map(async (key) => {
          const client = await RespClient.connect(replica.port);
          try {
            return (await client.send('EXISTS', key)).value;
          } finally {
            await client.close();
          }
        }),
      );
      expect(survivors.every((v) => v.kind === 'integer' && v.value === 0)).toBe(true);

      if (kind === 'vigil') {
        const fenced = await g.recorder.waitFor(
          '+fence',
          { since: resumedAt, payload: new RegExp(`^slave 127\\.0\\.0\\.1:${oldPort} .*#stale-primary`) },
          5000,
        );
        // Fenced at the first INFO after SIGCONT; writes every 10 ms, so a second of them is
        // 100: at most half of that gets through before the pause.
        expect(fenced.at - resumedAt).toBeLessThan(DOWN_AFTER_MS);
        expect(lost).toBeLessThanOrEqual(50);
        // The new primary is never fenced.
        expect(
          g.recorder.count('+fence', { since: pausedAt, payload: new RegExp(`:${replica.port} `) }),
        ).toBe(0);
        // Lifted once it reports the replica role.
        await g.recorder.waitFor('-fence', { since: resumedAt, payload: /#stale-primary converted$/ }, 5000);
      }
      for (const s of g.sentinels) expect(await masterPortOf(s.port)).toBe(replica.port);
    }));
});

/**
 * #9 §2.3: a master whose pub/sub connection alone is lost is still probed. With the command
 * connection up and every pub/sub reconnect refused (a proxy, an output-buffer limit, an ACL
 * without SUBSCRIBE), PING and INFO must keep going out on the command connection, so a
 * master that then stops answering is flagged down after down-after. Before, the periodic
 * commands stopped with the pub/sub connection and the down-after clock never ran.
 */
import type { Action } from '../../../src/core/actions.js';
import { events, startedWithMaster } from './brain-helpers.js';

test('pub/sub connection lost for good, then the master hangs: +sdown after down-after', () => {
  const { b, m } = startedWithMaster(1000);
  let answering = true;
  const seen: string[] = [];
  let pingsAfterLoss = 0;
  let lossAt = Infinity;
  const perform = (actions: Action[], now: number): void => {
    seen.push(...events(actions));
    for (const a of actions) {
      if (a.type === 'ping') {
        if (now >= lossAt) pingsAfterLoss++;
        if (answering) b.handle({ type: 'pingReply', linkId: a.linkId, reply: 'PONG' }, now);
      }
      // Every new pub/sub connection is refused at once.
      if (a.type === 'connect' && a.which === 'pubsub' && now >= lossAt) {
        b.handle({ type: 'linkDown', linkId: a.spec.linkId, which: 'pubsub', error: 'refused' }, now);
      }
    }
    const more = b.takeActions();
    if (more.length > 0) perform(more, now);
  };
  let now = 100;
  for (; now < 2000; now += 100) {
    b.handle({ type: 'tick' }, now);
    perform(b.takeActions(), now);
  }
  lossAt = now;
  b.handle({ type: 'linkDown', linkId: m.link.id, which: 'pubsub', error: 'killed' }, now);
  perform(b.takeActions(), now);
  for (; now < 4000; now += 100) {
    b.handle({ type: 'tick' }, now);
    perform(b.takeActions(), now);
  }
  expect(m.flags.sDown).toBe(false);
  // One PING a second (min(down-after, ping-period)), as before the loss.
  expect(pingsAfterLoss).toBeGreaterThanOrEqual(2);
  // The master hangs: PINGs go unanswered.
  answering = false;
  const hungAt = now;
  for (; now < hungAt + 3000 && !m.flags.sDown; now += 100) {
    b.handle({ type: 'tick' }, now);
    perform(b.takeActions(), now);
  }
  expect(seen).toContain('+sdown master m 127.0.0.1 6379');
  // Down-after (1000 ms) from the first unanswered PING, which goes out within a ping period.
  expect(m.sDownSince - hungAt).toBeLessThanOrEqual(1000 + 1000 + 200);
});

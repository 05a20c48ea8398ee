/**
 * #9 §2.4: an INFO without a `role:` line records "no role known" and restarts the role's
 * stability clock, as Sentinel 7.0 does. A replica that reports the master role is converted
 * only after that role has been reported, without a gap, for 4 × publish-period; before, an
 * INFO with no role line kept the old role and its time, so the conversion could come before
 * the role had been seen stable for the required time.
 */
import type { Brain } from '../../../src/core/brain.js';
import type { ReplicaInstance } from '../../../src/core/model.js';
import { events, linkUp, master, newBrain, tick } from './brain-helpers.js';

const MASTER_INFO = 'role:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=10,lag=0\r\n';
const ROGUE = 'run_id:' + '1'.repeat(40) + '\r\nrole:master\r\n';
const NO_ROLE = 'run_id:' + '1'.repeat(40) + '\r\nconnected_clients:3\r\n';

function world(): { b: Brain; replica: ReplicaInstance; at: (now: number, replicaInfo: string) => string[] } {
  const b = newBrain();
  const m = master(b);
  tick(b, 10);
  linkUp(b, m, 10);
  b.handle({ type: 'infoReply', linkId: m.link.id, text: MASTER_INFO }, 10);
  const replica = m.replicas.get('127.0.0.1:6380')!;
  linkUp(b, replica, 10);
  b.takeActions();
  /** One moment: the master answers PING and INFO (sane), then the replica's INFO arrives. */
  const at = (now: number, replicaInfo: string): string[] => {
    b.handle({ type: 'tick' }, now);
    b.handle({ type: 'pingReply', linkId: m.link.id, reply: 'PONG' }, now);
    b.handle({ type: 'infoReply', linkId: m.link.id, text: MASTER_INFO }, now);
    b.handle({ type: 'infoReply', linkId: replica.link.id, text: replicaInfo }, now);
    return events(b.takeActions());
  };
  return { b, replica, at };
}

/** Drives the world every 500 ms from `from` to `to`, with the replica's INFO of each moment. */
function drive(
  at: (now: number, text: string) => string[],
  from: number,
  to: number,
  text: (now: number) => string,
) {
  const seen: [number, string][] = [];
  for (let now = from; now <= to; now += 500) for (const e of at(now, text(now))) seen.push([now, e]);
  return seen;
}

test('a role:master that was interrupted by an INFO without a role waits the full 8 s again', () => {
  const { replica, at } = world();
  // role:master from 1000; at 5000 one INFO without a role line; role:master again from 5500.
  const seen = drive(at, 1000, 20_000, (now) => (now === 5000 ? NO_ROLE : ROGUE));
  const converted = seen.find(([, e]) => e.startsWith('+convert-to-slave'));
  expect(converted).toBeDefined();
  // 4 × publish-period (8 s) after the role was reported again at 5500, not after 1000.
  expect(converted![0]).toBeGreaterThan(5500 + 8000);
  expect(converted![0]).toBeLessThanOrEqual(5500 + 8000 + 500);
  expect(replica.roleReported).toBe('master');
});

test('while no role is known nothing is acted on, and SENTINEL REPLICAS shows it as 7.0 does', () => {
  const { replica, at } = world();
  expect(drive(at, 1000, 12_000, () => NO_ROLE).filter(([, e]) => e.startsWith('+convert-to-slave'))).toEqual(
    [],
  );
  expect(replica.roleReported).toBe('unknown');
});

test('without the interruption the conversion comes 8 s after the first report', () => {
  const { at } = world();
  const seen = drive(at, 1000, 20_000, () => ROGUE);
  const converted = seen.find(([, e]) => e.startsWith('+convert-to-slave'));
  expect(converted![0]).toBeGreaterThan(1000 + 8000);
  expect(converted![0]).toBeLessThanOrEqual(1000 + 8000 + 500);
});

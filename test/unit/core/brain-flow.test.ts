/**
 * The Brain wired to the election and failover modules: a master dies, a peer agrees, we win
 * the election, promote the replica, and switch the master, all through inputs and actions.
 */
import type { Brain } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import { hello, linkUp, master, MYID, newBrain, PEER } from './brain-helpers.js';

const REPLICA_INFO =
  'role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:up\r\nslave_repl_offset:100\r\n';

/** A tiny world: answers PING/INFO/PUBLISH on live links, and the peer's votes. */
class World {
  alive = new Set<string>();
  replicaRole = 'slave';
  log: string[] = [];
  constructor(
    readonly b: Brain,
    readonly replicaLink: () => string,
  ) {}

  step(now: number): void {
    this.b.handle({ type: 'tick' }, now);
    this.drain(now);
  }

  private drain(now: number): void {
    for (let guard = 0; guard < 10; guard++) {
      const actions = this.b.takeActions();
      if (actions.length === 0) return;
      for (const a of actions) this.perform(a, now);
    }
  }

  private perform(a: Action, now: number): void {
    const b = this.b;
    switch (a.type) {
      case 'event':
        this.log.push(`${a.name} ${a.payload}`);
        break;
      case 'ping':
        if (this.alive.has(a.linkId)) b.handle({ type: 'pingReply', linkId: a.linkId, reply: 'PONG' }, now);
        break;
      case 'info':
        if (!this.alive.has(a.linkId)) break;
        if (a.linkId === this.replicaLink()) {
          const text = this.replicaRole === 'master' ? 'role:master\r\n' : REPLICA_INFO;
          b.handle({ type: 'infoReply', linkId: a.linkId, text }, now);
        }
        break;
      case 'publishHello':
        if (this.alive.has(a.linkId)) b.handle({ type: 'publishReply', linkId: a.linkId, ok: true }, now);
        break;
      case 'askMasterDown': {
        const voteFor = a.args[3] === '*' ? '*' : a.args[3];
        const epoch = voteFor === '*' ? 0 : Number(a.args[2]);
        b.handle(
          {
            type: 'askReply',
            linkId: a.linkId,
            masterName: a.masterName,
            peerRunId: a.peerRunId,
            reply: [1, voteFor, epoch],
          },
          now,
        );
        break;
      }
      case 'replicaOf':
        this.log.push(`REPLICAOF ${a.host ?? 'NO'} ${a.host === null ? 'ONE' : a.port}`);
        if (a.host === null) this.replicaRole = 'master';
        b.handle({ type: 'commandReply', linkId: a.linkId, count: 6 }, now);
        break;
      default:
        break;
    }
  }
}

test('SDOWN → ODOWN → election → promotion → +switch-master', () => {
  const b = newBrain();
  const m = master(b);
  b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
  b.applyConfigDirective(['failover-timeout', 'm', '10000'], 0);
  b.start(1);
  const world = new World(b, () => m.replicas.get('127.0.0.1:6380')?.link.id ?? '');
  world.step(10);
  linkUp(b, m, 10);
  world.alive.add(m.link.id);
  b.handle(
    {
      type: 'infoReply',
      linkId: m.link.id,
      text: 'role:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0\r\n',
    },
    10,
  );
  b.handle(
    { type: 'hello', linkId: null, payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0) },
    10,
  );
  const r = m.replicas.get('127.0.0.1:6380')!;
  const peer = m.sentinels.get(PEER)!;
  linkUp(b, r, 10);
  linkUp(b, peer, 10);
  world.alive.add(r.link.id);
  world.alive.add(peer.link.id);
  let now = 10;
  for (; now < 2000; now += 100) world.step(now);
  expect(r.infoRefresh).toBeGreaterThan(0);

  // The master dies.
  world.alive.delete(m.link.id);
  for (; now < 30000; now += 100) {
    world.step(now);
    if (world.log.some((l) => l.startsWith('+switch-master'))) break;
  }
  const names = world.log.map((l) => l.split(' ')[0]);
  expect(names).toEqual(
    expect.arrayContaining([
      '+sdown',
      '+odown',
      '+try-failover',
      '+vote-for-leader',
      '+elected-leader',
      '+selected-slave',
      '+promoted-slave',
      '+failover-end',
      '+switch-master',
    ]),
  );
  expect(world.log).toContain('+switch-master m 127.0.0.1 6379 127.0.0.1 6380');
  expect(world.log).toContain('REPLICAOF NO ONE');
  expect(world.log).toContain(`+vote-for-leader ${MYID} 1`);
  expect(m.addr.port).toBe(6380);
  expect([...m.replicas.keys()]).toEqual(['127.0.0.1:6379']);
  expect(m.configEpoch).toBe(1n);
  expect(m.sentinels.has(PEER)).toBe(true);
});

import type { Brain } from '../../../src/core/brain.js';
import { events, hello, linkUp, master, MYID, newBrain, ofType, PEER, PEER2, tick } from './brain-helpers.js';

function receive(
  b: Brain,
  payload: string,
  now: number,
  linkId: string | null = null,
): ReturnType<Brain['takeActions']> {
  b.handle({ type: 'hello', linkId, payload }, now);
  return b.takeActions();
}

describe('peer discovery', () => {
  test('+sentinel and a flush for a new peer; nothing new the second time; last hello time', () => {
    const b = newBrain();
    const m = master(b);
    const h = hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0);
    const actions = receive(b, h, 100, m.link.id);
    expect(events(actions)).toEqual([`+sentinel sentinel ${PEER} 127.0.0.1 26380 @ m 127.0.0.1 6379`]);
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    const peer = m.sentinels.get(PEER)!;
    expect(peer).toMatchObject({
      name: PEER,
      runId: PEER,
      addr: { host: '127.0.0.1', ip: '127.0.0.1', port: 26380 },
    });
    expect(peer.lastHelloTime).toBe(100);
    expect(receive(b, h, 200)).toEqual([]);
    expect(peer.lastHelloTime).toBe(200);
    expect(m.link.pubsubLastActivity).toBe(100);
  });

  test('our own hello and hellos about unknown masters are ignored', () => {
    const b = newBrain();
    expect(receive(b, hello('127.0.0.1', 26379, MYID, 5, 'm', '127.0.0.1', 6379, 9), 100)).toEqual([]);
    expect(receive(b, hello('127.0.0.1', 26380, PEER, 5, 'other', '127.0.0.1', 6379, 9), 100)).toEqual([]);
    expect(b.state.currentEpoch).toBe(0n);
    expect(master(b).sentinels.size).toBe(0);
  });

  test('garbage never throws and changes nothing', () => {
    const b = newBrain();
    const samples = [
      '',
      ',,,,,,,',
      'a,b,c,d,m,f,g,h',
      `127.0.0.1,26380,${PEER},0,m,127.0.0.1,6379`,
      `127.0.0.1,26380,${PEER},0,m,127.0.0.1,6379,0,extra`,
      `127.0.0.1,26380,,0,m,127.0.0.1,6379,0`,
      `not-an-ip,26380,${PEER},0,m,127.0.0.1,6379,0`,
      '\u0000'.repeat(1000),
      'x'.repeat(100000),
    ];
    for (const payload of samples) {
      expect(() => receive(b, payload, 100)).not.toThrow();
    }
    expect(master(b).sentinels.size).toBe(0);
    expect(b.state.currentEpoch).toBe(0n);
  });

  test('address switch: same runid at a new address', () => {
    const b = newBrain();
    b.applyConfigDirective(['monitor', 'n', '127.0.0.1', '6390', '2'], 0);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0), 100);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'n', '127.0.0.1', 6390, 0), 100);
    const peerN = master(b, 'n').sentinels.get(PEER)!;
    // Bring the shared link up so the switch has something to close.
    linkUp(b, peerN, 150);
    b.takeActions();
    const actions = receive(b, hello('127.0.0.2', 26381, PEER, 0, 'm', '127.0.0.1', 6379, 0), 200);
    expect(events(actions)).toEqual([
      `+sentinel-address-switch master m 127.0.0.1 6379 ip 127.0.0.2 port 26381 for ${PEER}`,
      `+sentinel-address-update sentinel ${PEER} 127.0.0.2 26381 @ m 127.0.0.1 6379 1 additional matching instances`,
    ]);
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    expect(master(b).sentinels.get(PEER)?.addr).toEqual({ host: '127.0.0.2', ip: '127.0.0.2', port: 26381 });
    expect(master(b, 'n').sentinels.get(PEER)?.addr).toEqual({
      host: '127.0.0.2',
      ip: '127.0.0.2',
      port: 26381,
    });
    expect(ofType(actions, 'closeLink')).toContainEqual({
      type: 'closeLink',
      linkId: peerN.link.id,
      which: 'both',
    });
  });

  test('invalid address: another runid at a known address is forgotten under every master', () => {
    const b = newBrain();
    b.applyConfigDirective(['monitor', 'n', '127.0.0.1', '6390', '2'], 0);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0), 100);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'n', '127.0.0.1', 6390, 0), 100);
    const actions = receive(b, hello('127.0.0.1', 26380, PEER2, 0, 'm', '127.0.0.1', 6379, 0), 200);
    expect(events(actions)).toEqual([
      `+sentinel-invalid-addr sentinel ${PEER} 127.0.0.1 26380 @ m 127.0.0.1 6379`,
      `+sentinel sentinel ${PEER2} 127.0.0.1 26380 @ m 127.0.0.1 6379`,
    ]);
    expect([...master(b).sentinels.keys()]).toEqual([PEER2]);
    expect(master(b, 'n').sentinels.size).toBe(0);
  });
});

describe('epochs and configuration', () => {
  test('a higher current epoch is adopted: flush and +new-epoch (to the notification script)', () => {
    const b = newBrain();
    b.applyConfigDirective(['notification-script', 'm', '/bin/notify'], 0);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0), 100);
    const actions = receive(b, hello('127.0.0.1', 26380, PEER, 7, 'm', '127.0.0.1', 6379, 0), 200);
    expect(b.state.currentEpoch).toBe(7n);
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    const ev = ofType(actions, 'event');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      level: 'warning',
      name: '+new-epoch',
      payload: '7',
      notificationScript: '/bin/notify',
    });
    // A lower one is not.
    expect(receive(b, hello('127.0.0.1', 26380, PEER, 3, 'm', '127.0.0.1', 6379, 0), 300)).toEqual([]);
  });

  test('a higher config epoch with the same address is adopted silently', () => {
    const b = newBrain();
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0), 100);
    expect(receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 4), 200)).toEqual([]);
    expect(master(b).configEpoch).toBe(4n);
  });

  test('a higher config epoch with a new address: +config-update-from, +switch-master, reset, observer script', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['client-reconfig-script', 'm', '/bin/reconf'], 0);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6380'], 0);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6381'], 0);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0), 100);
    tick(b, 150);
    linkUp(b, m, 150);
    b.takeActions();
    const actions = receive(b, hello('127.0.0.1', 26380, PEER, 5, 'm', '127.0.0.1', 6380, 5), 200);
    expect(events(actions)).toEqual([
      '+new-epoch 5',
      `+config-update-from sentinel ${PEER} 127.0.0.1 26380 @ m 127.0.0.1 6379`,
      '+switch-master m 127.0.0.1 6379 127.0.0.1 6380',
      '+slave slave 127.0.0.1:6381 127.0.0.1 6381 @ m 127.0.0.1 6380',
      '+slave slave 127.0.0.1:6379 127.0.0.1 6379 @ m 127.0.0.1 6380',
    ]);
    expect(ofType(actions, 'runScript')).toEqual([
      {
        type: 'runScript',
        argv: ['/bin/reconf', 'm', 'observer', 'start', '127.0.0.1', '6379', '127.0.0.1', '6380'],
      },
    ]);
    expect(ofType(actions, 'closeLink')).toContainEqual({
      type: 'closeLink',
      linkId: m.link.id,
      which: 'both',
    });
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    expect(m.addr).toEqual({ host: '127.0.0.1', ip: '127.0.0.1', port: 6380 });
    expect(m.configEpoch).toBe(5n);
    expect([...m.replicas.keys()]).toEqual(['127.0.0.1:6381', '127.0.0.1:6379']);
    // Sentinels are kept across the switch.
    expect(m.sentinels.has(PEER)).toBe(true);
  });

  test('after a switch the link to the new primary reconnects at once, not a ping-period later (Vigil)', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
    receive(b, hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0), 100);
    tick(b, 150);
    linkUp(b, m, 150);
    b.takeActions();
    // A reconnect attempt just happened (the old primary died), so the throttle is armed.
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'Connection refused' }, 1000);
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'pubsub', error: 'Connection refused' }, 1000);
    expect(ofType(tick(b, 1200), 'connect')).toHaveLength(2);
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'Connection refused' }, 1210);
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'pubsub', error: 'Connection refused' }, 1210);
    receive(b, hello('127.0.0.1', 26380, PEER, 5, 'm', '127.0.0.1', 6380, 5), 1300);
    // Sentinel 7.0 would wait until 2200 here; with down-after 1000 the new primary could then
    // be +sdown before its first PONG.
    const connects = ofType(tick(b, 1350), 'connect').filter((c) => c.spec.port === 6380);
    expect(connects.map((c) => [c.which, c.spec.port])).toEqual([
      ['cmd', 6380],
      ['pubsub', 6380],
    ]);
  });

  test('a config epoch from a hello we cannot place (bad address) is not adopted', () => {
    const b = newBrain();
    receive(b, hello('bad host', 26380, PEER, 0, 'm', '127.0.0.1', 6380, 9), 100);
    expect(master(b).configEpoch).toBe(0n);
    expect(master(b).addr.port).toBe(6379);
  });
});

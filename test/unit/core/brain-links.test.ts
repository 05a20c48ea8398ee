import { Brain } from '../../../src/core/brain.js';
import { events, linkUp, master, MYID, newBrain, ofType, PEER, PEER2, pong, tick } from './brain-helpers.js';

describe('link connection', () => {
  test('first tick connects cmd and pubsub with the master auth, rename table and client name', () => {
    const b = newBrain();
    b.applyConfigDirective(['auth-pass', 'm', 'secret'], 0);
    b.applyConfigDirective(['auth-user', 'm', 'alice'], 0);
    b.applyConfigDirective(['rename-command', 'm', 'CONFIG', 'xconfig'], 0);
    const connects = ofType(tick(b, 100), 'connect');
    expect(connects.map((c) => c.which)).toEqual(['cmd', 'pubsub']);
    expect(connects[0].spec).toEqual({
      linkId: master(b).link.id,
      kind: 'instance',
      host: '127.0.0.1',
      port: 6379,
      auth: { user: 'alice', pass: 'secret' },
      renamedCommands: { config: 'xconfig' },
      clientNamePrefix: `sentinel-${MYID.slice(0, 8)}`,
      resolveHostnames: false,
    });
  });

  test('auth-user without auth-pass sends no AUTH', () => {
    const b = newBrain();
    b.applyConfigDirective(['auth-user', 'm', 'alice'], 0);
    expect(ofType(tick(b, 100), 'connect')[0].spec.auth).toBeNull();
  });

  test('reconnects at most once per ping-period, only the connections that are down', () => {
    const b = newBrain();
    const m = master(b);
    expect(ofType(tick(b, 100), 'connect')).toHaveLength(2);
    // Still connecting: nothing new, even after a ping-period.
    expect(ofType(tick(b, 500), 'connect')).toHaveLength(0);
    expect(ofType(tick(b, 1500), 'connect')).toHaveLength(0);
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'ECONNREFUSED' }, 1600);
    expect(events(b.takeActions())).toEqual(['-cmd-link-reconnection master m 127.0.0.1 6379 #ECONNREFUSED']);
    // last_reconn_time was 100 (the 1500 tick found both connections still opening).
    expect(ofType(tick(b, 1700), 'connect').map((c) => c.which)).toEqual(['cmd']);
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'x' }, 1800);
    expect(ofType(tick(b, 2600), 'connect')).toHaveLength(0);
    expect(ofType(tick(b, 2700), 'connect').map((c) => c.which)).toEqual(['cmd']);
  });

  test('port 0 never connects', () => {
    const b = newBrain({}, false);
    b.applyConfigDirective(['monitor', 'z', '127.0.0.1', '0', '1'], 0);
    for (let t = 0; t < 5000; t += 100) expect(ofType(tick(b, t), 'connect')).toHaveLength(0);
  });

  test('a fresh link starts its ping clocks at creation', () => {
    const b = new Brain();
    b.applyConfigDirective(['monitor', 'm', '127.0.0.1', '6379', '2'], 12345);
    const link = master(b).link;
    expect([link.actPingTime, link.lastAvailTime, link.lastPongTime, link.lastPingTime]).toEqual([
      12345, 12345, 12345, 0,
    ]);
    expect(link.id).toMatch(/^L\d+$/);
  });

  test('linkUp sends an immediate PING; linkDown clears the pending count', () => {
    const b = newBrain();
    const m = master(b);
    tick(b, 100);
    b.handle({ type: 'linkUp', linkId: m.link.id, which: 'cmd', localIp: '127.0.0.1' }, 200);
    expect(b.takeActions()).toEqual([{ type: 'ping', linkId: m.link.id, command: 'PING' }]);
    expect(m.link.pendingCommands).toBe(1);
    expect(m.link.cmdConnTime).toBe(200);
    expect(m.link.lastPingTime).toBe(200);
    b.handle({ type: 'linkUp', linkId: m.link.id, which: 'pubsub', localIp: '127.0.0.1' }, 200);
    tick(b, 300); // INFO, and more
    expect(m.link.pendingCommands).toBeGreaterThan(1);
    b.handle({ type: 'linkDown', linkId: m.link.id, which: 'cmd', error: 'reset' }, 400);
    expect(m.link.pendingCommands).toBe(0);
    expect(m.link.cmdConnected).toBe(false);
  });

  test('resolvedIp on linkUp updates the address', () => {
    const b = newBrain({ settings: { resolveHostnames: true } }, false);
    expect(b.applyConfigDirective(['monitor', 'h', 'db.example', '6379', '1'], 0)).toBeNull();
    const m = master(b, 'h');
    expect(m.addr).toEqual({ host: 'db.example', ip: '', port: 6379 });
    expect(ofType(tick(b, 100), 'connect')[0].spec.host).toBe('db.example');
    b.handle(
      { type: 'linkUp', linkId: m.link.id, which: 'cmd', localIp: '10.0.0.1', resolvedIp: '10.0.0.9' },
      150,
    );
    expect(m.addr.ip).toBe('10.0.0.9');
  });
});

describe('peer sentinel links', () => {
  test('auth with sentinel-user/sentinel-pass, else requirepass without user; one connection', () => {
    const b = newBrain({ settings: { requirePass: 'shared' } });
    b.handle({ type: 'hello', linkId: null, payload: `127.0.0.1,26380,${PEER},0,m,127.0.0.1,6379,0` }, 10);
    b.takeActions();
    let connects = ofType(tick(b, 100), 'connect').filter((c) => c.spec.kind === 'sentinel');
    expect(connects).toHaveLength(1);
    expect(connects[0].which).toBe('cmd');
    expect(connects[0].spec.auth).toEqual({ user: null, pass: 'shared' });
    expect(connects[0].spec.port).toBe(26380);

    const b2 = newBrain({ settings: { requirePass: 'shared', sentinelUser: 'su', sentinelPass: 'sp' } });
    b2.handle({ type: 'hello', linkId: null, payload: `127.0.0.1,26380,${PEER},0,m,127.0.0.1,6379,0` }, 10);
    connects = ofType(tick(b2, 100), 'connect').filter((c) => c.spec.kind === 'sentinel');
    expect(connects[0].spec.auth).toEqual({ user: 'su', pass: 'sp' });
  });

  test('the same runid under two masters shares one link (refcount 2); removing one keeps it', () => {
    const b = newBrain();
    b.applyConfigDirective(['monitor', 'n', '127.0.0.1', '6380', '2'], 0);
    b.handle({ type: 'hello', linkId: null, payload: `127.0.0.1,26380,${PEER},0,m,127.0.0.1,6379,0` }, 10);
    b.handle({ type: 'hello', linkId: null, payload: `127.0.0.1,26380,${PEER},0,n,127.0.0.1,6380,0` }, 10);
    const a = master(b, 'm').sentinels.get(PEER);
    const c = master(b, 'n').sentinels.get(PEER);
    expect(a?.link).toBe(c?.link);
    expect(a?.link.refcount).toBe(2);
    b.takeActions();
    // Only one connect for the shared link.
    expect(ofType(tick(b, 100), 'connect').filter((x) => x.spec.kind === 'sentinel')).toHaveLength(1);
    b.handle({ type: 'linkUp', linkId: a!.link.id, which: 'cmd', localIp: '127.0.0.1' }, 110);
    b.takeActions();
    expect(b.remove('n', 200)).toBe(true);
    expect(ofType(b.takeActions(), 'closeLink').map((x) => x.linkId)).not.toContain(a!.link.id);
    expect(a!.link.refcount).toBe(1);
    b.remove('m', 300);
    expect(ofType(b.takeActions(), 'closeLink').map((x) => x.linkId)).toContain(a!.link.id);
  });

  test('known-sentinel directives share the link too', () => {
    const b = newBrain();
    b.applyConfigDirective(['monitor', 'n', '127.0.0.1', '6380', '2'], 0);
    b.applyConfigDirective(['known-sentinel', 'm', '127.0.0.1', '26380', PEER2], 0);
    b.applyConfigDirective(['known-sentinel', 'n', '127.0.0.1', '26380', PEER2], 0);
    expect(master(b, 'm').sentinels.get(PEER2)?.link.refcount).toBe(2);
  });
});

describe('periodic commands', () => {
  function connected(): { b: Brain; now: number } {
    const b = newBrain();
    tick(b, 1);
    linkUp(b, master(b), 1);
    b.takeActions();
    return { b, now: 0 };
  }

  test('INFO every tick until the first reply, then every info-period', () => {
    const { b } = connected();
    const m = master(b);
    expect(ofType(tick(b, 100), 'info')).toHaveLength(1);
    expect(ofType(tick(b, 200), 'info')).toHaveLength(1);
    b.handle({ type: 'infoReply', linkId: m.link.id, text: 'role:master\r\n' }, 250);
    b.handle({ type: 'infoReply', linkId: m.link.id, text: 'role:master\r\n' }, 250);
    b.takeActions();
    expect(ofType(tick(b, 5000), 'info')).toHaveLength(0);
    expect(ofType(tick(b, 10250), 'info')).toHaveLength(0);
    expect(ofType(tick(b, 10251), 'info')).toHaveLength(1);
  });

  test('PING when the last reply is older than min(down-after, ping-period) and the last send older than half', () => {
    const { b } = connected();
    const m = master(b);
    pong(b, m, 10); // the immediate ping
    expect(m.link.actPingTime).toBe(0);
    expect(ofType(tick(b, 1010), 'ping')).toHaveLength(0);
    expect(ofType(tick(b, 1011), 'ping')).toHaveLength(1);
    // No reply: next one once last_ping_time is older than 500 ms.
    expect(ofType(tick(b, 1500), 'ping')).toHaveLength(0);
    expect(ofType(tick(b, 1512), 'ping')).toHaveLength(1);
    expect(m.link.actPingTime).toBe(1011);
    expect(m.link.lastPingTime).toBe(1512);
  });

  test('PING interval follows a down-after shorter than ping-period', () => {
    const { b } = connected();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '400'], 0);
    pong(b, m, 0);
    expect(ofType(tick(b, 400), 'ping')).toHaveLength(0);
    expect(ofType(tick(b, 401), 'ping')).toHaveLength(1);
    expect(ofType(tick(b, 600), 'ping')).toHaveLength(0);
    expect(ofType(tick(b, 602), 'ping')).toHaveLength(1);
  });

  test('no INFO/PING/PUBLISH once 100 × refcount commands are pending', () => {
    const { b } = connected();
    const m = master(b);
    m.link.pendingCommands = 100;
    const actions = tick(b, 5000);
    expect(actions.filter((a) => ['info', 'ping', 'publishHello'].includes(a.type))).toHaveLength(0);
    m.link.pendingCommands = 99;
    expect(
      tick(b, 5001).filter((a) => ['info', 'ping', 'publishHello'].includes(a.type)).length,
    ).toBeGreaterThan(0);
  });

  test('replica INFO every second when the master is ODOWN or the replica link to it is down', () => {
    const { b } = connected();
    const m = master(b);
    b.handle(
      {
        type: 'infoReply',
        linkId: m.link.id,
        text: 'role:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0\r\n',
      },
      1,
    );
    const r = m.replicas.get('127.0.0.1:6380')!;
    linkUp(b, r, 1);
    b.handle({ type: 'infoReply', linkId: r.link.id, text: 'role:slave\r\nmaster_link_status:up\r\n' }, 1);
    b.takeActions();
    const infoTo = (now: number): number =>
      ofType(tick(b, now), 'info').filter((a) => a.linkId === r.link.id).length;
    expect(infoTo(1500)).toBe(0);
    // ODOWN is recomputed from SDOWN on every tick, so use the other trigger of the same rule.
    m.flags.failoverInProgress = true;
    expect(infoTo(1501)).toBe(1);
    m.flags.failoverInProgress = false;
    b.handle(
      { type: 'infoReply', linkId: r.link.id, text: 'role:slave\r\nmaster_link_down_since_seconds:3\r\n' },
      2000,
    );
    expect(r.masterLinkDownTime).toBe(3000);
    expect(infoTo(3001)).toBe(1);
  });
});

describe('ping replies', () => {
  test('LOADING and MASTERDOWN are acceptable; other errors only update last_pong_time', () => {
    const b = newBrain();
    const m = master(b);
    tick(b, 1);
    linkUp(b, m, 1);
    pong(b, m, 100, 'LOADING Redis is loading the dataset in memory');
    expect([m.link.lastAvailTime, m.link.actPingTime, m.link.lastPongTime]).toEqual([100, 0, 100]);
    tick(b, 2000);
    pong(b, m, 2100, 'ERR something');
    expect([m.link.lastAvailTime, m.link.actPingTime, m.link.lastPongTime]).toEqual([100, 2000, 2100]);
    tick(b, 3200);
    pong(b, m, 3300, 'MASTERDOWN Link with MASTER is down');
    expect(m.link.lastAvailTime).toBe(3300);
  });

  test('a PONG ends the master reboot window', () => {
    const b = newBrain();
    const m = master(b);
    m.flags.masterReboot = true;
    tick(b, 1);
    linkUp(b, m, 1);
    pong(b, m, 10, 'LOADING');
    expect(m.flags.masterReboot).toBe(true);
    tick(b, 1100);
    pong(b, m, 1110);
    expect(m.flags.masterReboot).toBe(false);
  });

  test('BUSY while SDOWN sends SCRIPT KILL once, re-armed by -sdown', () => {
    const b = newBrain();
    const m = master(b);
    tick(b, 1);
    linkUp(b, m, 1);
    // A script keeps the server busy: every PING gets BUSY, never a good reply.
    const log: string[] = [];
    for (let t = 1000; t <= 40000; t += 1000) {
      for (const a of tick(b, t)) {
        if (a.type === 'event') log.push(a.name);
        if (a.type === 'scriptKill') log.push('SCRIPT KILL');
      }
      pong(b, m, t + 1, 'BUSY Redis is busy');
      for (const a of b.takeActions()) if (a.type === 'scriptKill') log.push('SCRIPT KILL');
    }
    expect(log).toEqual(['+sdown', 'SCRIPT KILL']);
    expect(m.flags.scriptKillSent).toBe(true);
    pong(b, m, 40002);
    expect(events(tick(b, 40003))).toContain('-sdown master m 127.0.0.1 6379');
    expect(m.flags.scriptKillSent).toBe(false);
  });
});

describe('forced reconnects', () => {
  test('cmd closed when connected > 15 s and a PING waits > down-after/2 with no reply at all', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['down-after-milliseconds', 'm', '60000'], 0);
    tick(b, 1);
    linkUp(b, m, 1);
    b.takeActions();
    // The immediate ping (act 0) never answered; pubsub is kept alive by messages.
    for (let t = 1000; t <= 30000; t += 1000) {
      b.handle({ type: 'pubsubActivity', linkId: m.link.id }, t);
      const closes = ofType(tick(b, t), 'closeLink');
      expect(closes).toHaveLength(0);
    }
    b.handle({ type: 'pubsubActivity', linkId: m.link.id }, 30001);
    expect(ofType(tick(b, 30001), 'closeLink')).toHaveLength(0);
    b.handle({ type: 'pubsubActivity', linkId: m.link.id }, 30002);
    expect(ofType(tick(b, 30002), 'closeLink')).toEqual([
      { type: 'closeLink', linkId: m.link.id, which: 'cmd' },
    ]);
    expect(m.link.cmdConnected).toBe(false);
    expect(m.link.pendingCommands).toBe(0);
  });

  test('pubsub closed after 15 s connected and 6 s without activity', () => {
    const b = newBrain();
    const m = master(b);
    tick(b, 1);
    linkUp(b, m, 1);
    for (let t = 100; t <= 16000; t += 100) {
      // Inputs in time order: one arriving after a gap would run the timer first (TILT).
      if (t === 10000) b.handle({ type: 'pubsubActivity', linkId: m.link.id }, 10000);
      pong(b, m, t);
      expect(ofType(tick(b, t), 'closeLink')).toHaveLength(0);
    }
    pong(b, m, 16001);
    expect(ofType(tick(b, 16001), 'closeLink')).toEqual([
      { type: 'closeLink', linkId: m.link.id, which: 'pubsub' },
    ]);
    // It is reconnected on a later tick (last_reconn_time was 0).
    expect(ofType(tick(b, 16100), 'connect').map((c) => c.which)).toEqual(['pubsub']);
  });
});

describe('hello publishing', () => {
  test('payload, period, and last_pub_time only on a non-error reply', () => {
    const b = newBrain({ settings: { port: 26999 } });
    const m = master(b);
    b.applyConfigDirective(['config-epoch', 'm', '3'], 0);
    b.applyConfigDirective(['current-epoch', '7'], 0);
    tick(b, 0);
    linkUp(b, m, 0, '127.0.0.5');
    pong(b, m, 0);
    expect(ofType(tick(b, 2000), 'publishHello')).toHaveLength(0);
    const pubs = ofType(tick(b, 2001), 'publishHello');
    expect(pubs).toEqual([
      {
        type: 'publishHello',
        linkId: m.link.id,
        command: 'PUBLISH',
        payload: `127.0.0.5,26999,${MYID},7,m,127.0.0.1,6379,3`,
      },
    ]);
    // Error reply: still due.
    b.handle({ type: 'publishReply', linkId: m.link.id, ok: false }, 2050);
    expect(ofType(tick(b, 2100), 'publishHello')).toHaveLength(1);
    b.handle({ type: 'publishReply', linkId: m.link.id, ok: true }, 2150);
    expect(m.lastPubTime).toBe(2150);
    expect(ofType(tick(b, 2200), 'publishHello')).toHaveLength(0);
  });

  test('announce-ip / announce-port / announce-hostnames shape the payload', () => {
    const b = newBrain(
      {
        settings: {
          announceIp: '10.9.9.9',
          announcePort: 5000,
          announceHostnames: true,
          resolveHostnames: true,
        },
      },
      false,
    );
    b.applyConfigDirective(['monitor', 'm', 'db.local', '6379', '2'], 0);
    const m = master(b);
    tick(b, 0);
    b.handle(
      { type: 'linkUp', linkId: m.link.id, which: 'cmd', localIp: '127.0.0.1', resolvedIp: '127.0.0.1' },
      0,
    );
    b.handle({ type: 'linkUp', linkId: m.link.id, which: 'pubsub', localIp: '127.0.0.1' }, 0);
    expect(ofType(tick(b, 2001), 'publishHello')[0].payload).toBe(
      `10.9.9.9,5000,${MYID},0,m,db.local,6379,0`,
    );
  });

  test('the promoted replica is advertised once the failover reached reconf_slaves; forceHello resends', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6380'], 0);
    const r = m.replicas.get('127.0.0.1:6380')!;
    tick(b, 1);
    linkUp(b, m, 1);
    pong(b, m, 0);
    tick(b, 2001);
    b.handle({ type: 'publishReply', linkId: m.link.id, ok: true }, 2001);
    m.flags.failoverInProgress = true;
    m.promoted = r;
    m.failoverState = 'reconf_slaves';
    m.configEpoch = 4n;
    b.forceHello(m);
    expect(ofType(tick(b, 2002), 'publishHello')[0].payload).toBe(
      `127.0.0.1,26379,${MYID},0,m,127.0.0.1,6380,4`,
    );
  });
});

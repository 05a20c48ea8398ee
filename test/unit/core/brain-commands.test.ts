import { events, hello, linkUp, master, newBrain, ofType, PEER, tick } from './brain-helpers.js';

describe('SENTINEL MONITOR / REMOVE', () => {
  test('monitor: flush then +monitor; errors without the ERR prefix', () => {
    const b = newBrain({}, false);
    expect(b.monitor('x', { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 }, 2, 0)).toBeNull();
    const actions = b.takeActions();
    expect(actions.map((a) => a.type)).toEqual(['flushConfig', 'event']);
    expect(events(actions)).toEqual(['+monitor master x 127.0.0.1 6379 quorum 2']);
    expect(b.monitor('x', { host: '127.0.0.1', ip: '127.0.0.1', port: 6380 }, 2, 0)).toBe(
      'Duplicate master name.',
    );
    expect(b.monitor('y', { host: '127.0.0.1', ip: '127.0.0.1', port: 70000 }, 2, 0)).toBe(
      'Invalid port number.',
    );
    expect(b.monitor('y', { host: '127.0.0.1', ip: '127.0.0.1', port: 1 }, 0, 0)).toBe(
      'Quorum must be 1 or greater.',
    );
    expect(b.takeActions()).toEqual([]);
  });

  test('remove: -monitor, links closed, flush', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6380'], 0);
    tick(b, 10);
    linkUp(b, m, 10);
    b.takeActions();
    expect(b.remove('nope', 20)).toBe(false);
    expect(b.remove('m', 20)).toBe(true);
    const actions = b.takeActions();
    expect(events(actions)).toEqual(['-monitor master m 127.0.0.1 6379']);
    expect(ofType(actions, 'closeLink')).toContainEqual({
      type: 'closeLink',
      linkId: m.link.id,
      which: 'both',
    });
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    expect(b.state.masters.size).toBe(0);
    // Late replies on the released link are ignored.
    b.handle({ type: 'pingReply', linkId: m.link.id, reply: 'PONG' }, 30);
    b.handle({ type: 'infoReply', linkId: m.link.id, text: 'role:master\r\n' }, 30);
    expect(b.takeActions()).toEqual([]);
  });
});

describe('SENTINEL SET', () => {
  test('+set per option with the option as typed, auth-pass redacted, flush', () => {
    const b = newBrain();
    const m = master(b);
    expect(b.setOption('m', 'QUORUM', '3', undefined, 0)).toBeNull();
    expect(b.setOption('m', 'Down-After-Milliseconds', '4000', undefined, 0)).toBeNull();
    expect(b.setOption('m', 'auth-pass', 'secret', undefined, 0)).toBeNull();
    expect(b.setOption('m', 'rename-command', 'CONFIG', 'xc', 0)).toBeNull();
    const actions = b.takeActions();
    expect(events(actions)).toEqual([
      '+set master m 127.0.0.1 6379 QUORUM 3',
      '+set master m 127.0.0.1 6379 Down-After-Milliseconds 4000',
      '+set master m 127.0.0.1 6379 auth-pass ******',
      '+set master m 127.0.0.1 6379 rename-command CONFIG xc',
    ]);
    expect(ofType(actions, 'event').every((e) => e.level === 'warning')).toBe(true);
    expect(ofType(actions, 'flushConfig')).toHaveLength(1);
    expect([m.quorum, m.downAfterMs, m.authPass, m.renamedCommands.get('config')]).toEqual([
      3,
      4000,
      'secret',
      'xc',
    ]);
    // Renaming to itself removes the mapping; empty auth unsets.
    b.setOption('m', 'rename-command', 'config', 'CONFIG', 0);
    expect(m.renamedCommands.size).toBe(0);
    b.setOption('m', 'auth-pass', '', undefined, 0);
    expect(m.authPass).toBeNull();
  });

  test.each([
    ['down-after-milliseconds', '0', "Invalid argument '0' for SENTINEL SET 'down-after-milliseconds'"],
    ['failover-timeout', '-1', "Invalid argument '-1' for SENTINEL SET 'failover-timeout'"],
    ['parallel-syncs', '01', "Invalid argument '01' for SENTINEL SET 'parallel-syncs'"],
    ['parallel-syncs', ' 1', "Invalid argument ' 1' for SENTINEL SET 'parallel-syncs'"],
    ['QUORUM', 'abc', "Invalid argument 'abc' for SENTINEL SET 'QUORUM'"],
    [
      'master-reboot-down-after-period',
      '-1',
      "Invalid argument '-1' for SENTINEL SET 'master-reboot-down-after-period'",
    ],
    ['foo', '1', "Unknown option or number of arguments for SENTINEL SET 'foo'"],
  ])('%s %s → %s', (option, value, error) => {
    const b = newBrain();
    expect(b.setOption('m', option, value, undefined, 0)).toBe(error);
    expect(b.takeActions()).toEqual([]);
  });

  test('rename-command argument errors', () => {
    const b = newBrain();
    expect(b.setOption('m', 'rename-command', 'a', undefined, 0)).toBe(
      "Unknown option or number of arguments for SENTINEL SET 'rename-command'",
    );
    expect(b.setOption('m', 'rename-command', 'a', '', 0)).toBe(
      "Invalid argument '' for SENTINEL SET 'rename-command'",
    );
    expect(b.setOption('m', 'rename-command', '', 'b', 0)).toBe(
      "Invalid argument '' for SENTINEL SET 'rename-command'",
    );
    expect(b.setOption('nope', 'quorum', '1', undefined, 0)).toBe('No such master with that name');
  });

  test('scripts: refused while deny-scripts-reconfig, checked for X_OK, empty unsets', () => {
    const b = newBrain({ canExecute: (p) => p === '/bin/ok' });
    expect(b.setOption('m', 'notification-script', '/bin/ok', undefined, 0)).toBe(
      'Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig ' +
        'configuration directive in your Sentinel configuration',
    );
    b.state.settings.denyScriptsReconfig = false;
    expect(b.setOption('m', 'notification-script', '/bin/nope', undefined, 0)).toBe(
      'Notification script seems non existing or non executable',
    );
    expect(b.setOption('m', 'client-reconfig-script', '/bin/nope', undefined, 0)).toBe(
      'Client reconfiguration script seems non existing or non executable',
    );
    expect(b.setOption('m', 'notification-script', '/bin/ok', undefined, 0)).toBeNull();
    expect(master(b).notificationScript).toBe('/bin/ok');
    // The +set event itself goes to the (new) notification script.
    expect(ofType(b.takeActions(), 'event')[0].notificationScript).toBe('/bin/ok');
    expect(b.setOption('m', 'notification-script', '', undefined, 0)).toBeNull();
    expect(master(b).notificationScript).toBeNull();
  });

  test('auth changes drop master and replica connections', () => {
    const b = newBrain();
    const m = master(b);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6380'], 0);
    const r = m.replicas.get('127.0.0.1:6380')!;
    tick(b, 10);
    linkUp(b, m, 10);
    linkUp(b, r, 10);
    b.takeActions();
    b.setOption('m', 'auth-user', 'bob', undefined, 20);
    const closes = ofType(b.takeActions(), 'closeLink');
    expect(closes).toEqual([
      { type: 'closeLink', linkId: m.link.id, which: 'both' },
      { type: 'closeLink', linkId: r.link.id, which: 'both' },
    ]);
    expect(m.link.cmdConnected || r.link.pubsubConnected).toBe(false);
    // Reconnect carries the new auth.
    b.setOption('m', 'auth-pass', 'pw', undefined, 20);
    b.takeActions();
    const connects = ofType(tick(b, 2000), 'connect').filter((c) => c.spec.linkId === m.link.id);
    expect(connects[0].spec.auth).toEqual({ user: 'bob', pass: 'pw' });
  });
});

describe('SENTINEL RESET', () => {
  test('glob match, +reset-master, everything but the master forgotten, no flush', () => {
    const b = newBrain();
    b.applyConfigDirective(['monitor', 'other', '127.0.0.1', '7000', '2'], 0);
    b.applyConfigDirective(['monitor', 'mx', '127.0.0.1', '7001', '2'], 0);
    const m = master(b);
    b.applyConfigDirective(['known-replica', 'm', '127.0.0.1', '6380'], 0);
    b.handle(
      { type: 'hello', linkId: null, payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0) },
      0,
    );
    m.leader = PEER;
    m.leaderEpoch = 3n;
    m.flags.sDown = true;
    m.runId = 'r'.repeat(40);
    b.takeActions();
    expect(b.reset('m*', 100)).toBe(2);
    const actions = b.takeActions();
    expect(events(actions)).toEqual([
      '+reset-master master m 127.0.0.1 6379',
      '+reset-master master mx 127.0.0.1 7001',
    ]);
    expect(ofType(actions, 'flushConfig')).toHaveLength(0);
    expect([m.replicas.size, m.sentinels.size, m.leader, m.leaderEpoch, m.flags.sDown, m.runId]).toEqual([
      0,
      0,
      null,
      3n,
      false,
      null,
    ]);
    expect([m.link.actPingTime, m.link.lastAvailTime, m.link.lastPongTime, m.roleReportedTime]).toEqual([
      100, 100, 100, 100,
    ]);
    expect(master(b, 'other').replicas.size + b.reset('M*', 100) + b.reset('[a-l]*', 100)).toBe(0);
    expect(b.reset('?th?r', 100)).toBe(1);
    expect(b.reset('*', 100)).toBe(3);
  });
});

describe('SENTINEL CONFIG SET', () => {
  test('each parameter, with the 7.0 texts', () => {
    const b = newBrain();
    expect(b.configSet('resolve-hostnames', 'yes', 0)).toBeNull();
    expect(b.configSet('ANNOUNCE-HOSTNAMES', 'yes', 0)).toBeNull();
    expect(b.configSet('announce-ip', '10.0.0.1', 0)).toBeNull();
    expect(b.configSet('announce-port', '7777', 0)).toBeNull();
    expect(b.configSet('announce-port', '70000', 0)).toBe(
      "Invalid value '70000' to SENTINEL CONFIG SET 'announce-port'",
    );
    expect(b.configSet('resolve-hostnames', 'maybe', 0)).toBe(
      "Invalid value 'maybe' to SENTINEL CONFIG SET 'resolve-hostnames'",
    );
    expect(b.configSet('foo', '1', 0)).toBe("Invalid argument 'foo' to SENTINEL CONFIG SET");
    expect(b.state.settings).toMatchObject({
      resolveHostnames: true,
      announceHostnames: true,
      announceIp: '10.0.0.1',
      announcePort: 7777,
    });
    expect(ofType(b.takeActions(), 'flushConfig')).toHaveLength(1);
  });

  test('sentinel-user / sentinel-pass drop the peer connections; empty unsets', () => {
    const b = newBrain();
    b.handle(
      { type: 'hello', linkId: null, payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0) },
      0,
    );
    const peer = master(b).sentinels.get(PEER)!;
    tick(b, 10);
    linkUp(b, peer, 10);
    b.takeActions();
    expect(b.configSet('sentinel-pass', 'sp', 20)).toBeNull();
    expect(ofType(b.takeActions(), 'closeLink')).toEqual([
      { type: 'closeLink', linkId: peer.link.id, which: 'both' },
    ]);
    expect(b.state.settings.sentinelPass).toBe('sp');
    expect(b.configSet('sentinel-user', '', 20)).toBeNull();
    expect(b.state.settings.sentinelUser).toBeNull();
  });
});

describe('other command methods', () => {
  test('setTimer, setSimulateFailure, flushConfig, ckquorum/failover on unknown masters', () => {
    const b = newBrain();
    b.setTimer('ping-period', 250);
    expect(b.state.timers['ping-period']).toBe(250);
    b.setSimulateFailure(3);
    expect(b.state.simulateFailureFlags).toBe(3);
    b.flushConfig();
    b.flushConfig();
    expect(b.takeActions()).toEqual([{ type: 'flushConfig' }]);
    expect(b.ckquorum('nope')).toBeNull();
    expect(b.requestFailover('nope', 0)).toBe('NOMASTER');
  });
});

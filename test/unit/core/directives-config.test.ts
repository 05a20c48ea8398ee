import { Brain } from '../../../src/core/brain.js';
import { events, master, MYID, newBrain, ofType, PEER, seeded } from './brain-helpers.js';

const NO_MASTER = 'No such master with specified name.';
const UNRECOGNIZED = 'Unrecognized sentinel configuration statement.';

function apply(b: Brain, line: string): string | null {
  return b.applyConfigDirective(line.split(' '), 0);
}

describe('sentinel directives: error texts', () => {
  const b = newBrain({ canExecute: (p) => p === '/bin/ok' });
  test.each([
    ['monitor m2 127.0.0.1 6380 0', 'Quorum must be 1 or greater.'],
    ['monitor m2 127.0.0.1 6380 x', 'Quorum must be 1 or greater.'],
    ['monitor m 127.0.0.1 6380 2', 'Duplicate master name.'],
    ['monitor m2 127.0.0.1 70000 2', 'Invalid port number.'],
    ['monitor m2 127.0.0.1 -1 2', 'Invalid port number.'],
    ['monitor m2 localhost 6380 2', "Can't resolve instance hostname."],
    ['monitor m2 127.0.0.1 6380', UNRECOGNIZED],
    ['down-after-milliseconds m 0', 'negative or zero time parameter.'],
    ['down-after-milliseconds m -5', 'negative or zero time parameter.'],
    ['down-after-milliseconds nope 5', NO_MASTER],
    ['failover-timeout m 0', 'negative or zero time parameter.'],
    ['failover-timeout nope 5', NO_MASTER],
    ['parallel-syncs nope 5', NO_MASTER],
    ['notification-script m /bin/nope', 'Notification script seems non existing or non executable.'],
    [
      'client-reconfig-script m /bin/nope',
      'Client reconfiguration script seems non existing or non executable.',
    ],
    ['auth-pass nope x', NO_MASTER],
    ['auth-user nope x', NO_MASTER],
    ['myid abc', 'Malformed Sentinel id in myid option.'],
    ['config-epoch nope 1', NO_MASTER],
    ['leader-epoch nope 1', NO_MASTER],
    ['known-replica nope 127.0.0.1 6380', NO_MASTER],
    ['known-replica m bad.host 6380', "Can't resolve instance hostname."],
    ['known-sentinel nope 127.0.0.1 26380 ' + PEER, NO_MASTER],
    ['rename-command nope a b', NO_MASTER],
    ['deny-scripts-reconfig maybe', 'Please specify yes or no for the deny-scripts-reconfig options.'],
    ['resolve-hostnames maybe', 'Please specify yes or no for the resolve-hostnames option.'],
    ['announce-hostnames maybe', 'Please specify yes or no for the announce-hostnames option.'],
    ['master-reboot-down-after-period m -1', 'negative time parameter.'],
    ['master-reboot-down-after-period nope 1', NO_MASTER],
    ['foo', UNRECOGNIZED],
    ['announce-ip', UNRECOGNIZED],
    ['current-epoch 1 2', UNRECOGNIZED],
    ['known-sentinel m 127.0.0.1', UNRECOGNIZED],
  ])('%s → %s', (line, error) => {
    expect(apply(b, line)).toBe(error);
  });

  test('no arguments at all', () => {
    expect(b.applyConfigDirective([], 0)).toBe(UNRECOGNIZED);
  });

  test('duplicates of replicas, sentinels and renamed commands', () => {
    const c = newBrain();
    expect(apply(c, 'known-replica m 127.0.0.1 6380')).toBeNull();
    expect(apply(c, 'known-slave m 127.0.0.1 6380')).toBe('Duplicate hostname and port for replica.');
    expect(apply(c, `known-sentinel m 127.0.0.1 26380 ${PEER}`)).toBeNull();
    expect(apply(c, `known-sentinel m 127.0.0.2 26381 ${PEER}`)).toBe('Duplicate runid for sentinel.');
    expect(apply(c, 'rename-command m config c1')).toBeNull();
    expect(apply(c, 'rename-command m CONFIG c2')).toBe(
      'Same command renamed multiple times with rename-command.',
    );
  });
});

describe('sentinel directives: effects', () => {
  test('names are case-insensitive; numbers parse like atoi/strtoull', () => {
    const b = newBrain();
    const m = master(b);
    expect(apply(b, 'DOWN-AFTER-MILLISECONDS m 5000ms')).toBeNull();
    expect(m.downAfterMs).toBe(5000);
    expect(apply(b, 'Failover-Timeout m 60000')).toBeNull();
    expect(m.failoverTimeout).toBe(60000);
    expect(apply(b, 'parallel-syncs m -3')).toBeNull(); // no validation at load
    expect(m.parallelSyncs).toBe(-3);
    expect(apply(b, 'config-epoch m 12')).toBeNull();
    expect([m.configEpoch, b.state.currentEpoch]).toEqual([12n, 12n]);
    expect(apply(b, 'current-epoch 5')).toBeNull(); // only raises
    expect(b.state.currentEpoch).toBe(12n);
    expect(apply(b, 'current-epoch 20')).toBeNull();
    expect(b.state.currentEpoch).toBe(20n);
    expect(apply(b, 'leader-epoch m 9')).toBeNull();
    expect(m.leaderEpoch).toBe(9n);
    expect(apply(b, 'auth-pass m pw')).toBeNull();
    expect(apply(b, 'auth-user m us')).toBeNull();
    expect([m.authPass, m.authUser]).toEqual(['pw', 'us']);
    expect(apply(b, 'master-reboot-down-after-period m 7000')).toBeNull();
    expect(m.masterRebootDownAfterPeriod).toBe(7000);
    expect(apply(b, 'rename-command m CONFIG xconfig')).toBeNull();
    expect(m.renamedCommands.get('config')).toBe('xconfig');
  });

  test('down-after-milliseconds applies to replicas and sentinels', () => {
    const b = newBrain();
    apply(b, 'known-replica m 127.0.0.1 6380');
    apply(b, `known-sentinel m 127.0.0.1 26380 ${PEER}`);
    apply(b, 'down-after-milliseconds m 4321');
    const m = master(b);
    expect(m.replicas.get('127.0.0.1:6380')?.downAfterMs).toBe(4321);
    expect(m.sentinels.get(PEER)?.downAfterMs).toBe(4321);
    // New ones inherit it.
    apply(b, 'known-replica m 127.0.0.1 6381');
    expect(m.replicas.get('127.0.0.1:6381')?.downAfterMs).toBe(4321);
  });

  test('known-sentinel: the 4-token form is ignored, the 5-token form creates the peer', () => {
    const b = newBrain();
    expect(apply(b, 'known-sentinel m 127.0.0.1 26380')).toBeNull();
    expect(master(b).sentinels.size).toBe(0);
    expect(apply(b, `known-sentinel m 127.0.0.1 26380 ${PEER}`)).toBeNull();
    expect(master(b).sentinels.get(PEER)).toMatchObject({
      runId: PEER,
      addr: { ip: '127.0.0.1', port: 26380 },
    });
  });

  test('global settings', () => {
    const b = newBrain({}, false);
    for (const line of [
      'announce-ip 10.1.1.1',
      'announce-port 5555',
      'deny-scripts-reconfig NO',
      'sentinel-user su',
      'sentinel-pass sp',
      'resolve-hostnames yes',
      'announce-hostnames Yes',
    ]) {
      expect(apply(b, line)).toBeNull();
    }
    expect(b.state.settings).toMatchObject({
      announceIp: '10.1.1.1',
      announcePort: 5555,
      denyScriptsReconfig: false,
      sentinelUser: 'su',
      sentinelPass: 'sp',
      resolveHostnames: true,
      announceHostnames: true,
    });
    // Empty strings leave announce-ip / sentinel-user / sentinel-pass unset.
    const c = newBrain({}, false);
    expect(c.applyConfigDirective(['announce-ip', ''], 0)).toBeNull();
    expect(c.applyConfigDirective(['sentinel-pass', ''], 0)).toBeNull();
    expect([c.state.settings.announceIp, c.state.settings.sentinelPass]).toEqual([null, null]);
  });

  test('hostnames are accepted with resolve-hostnames, left unresolved for the runtime', () => {
    const b = newBrain({}, false);
    apply(b, 'resolve-hostnames yes');
    expect(apply(b, 'monitor h redis.example 6379 2')).toBeNull();
    expect(master(b, 'h').addr).toEqual({ host: 'redis.example', ip: '', port: 6379 });
    expect(apply(b, 'monitor v6 ::1 6379 2')).toBeNull();
    expect(master(b, 'v6').addr.ip).toBe('::1');
  });

  test('scripts are stored when executable', () => {
    const b = newBrain({ canExecute: () => true });
    expect(apply(b, 'notification-script m /bin/n')).toBeNull();
    expect(apply(b, 'client-reconfig-script m /bin/r')).toBeNull();
    expect([master(b).notificationScript, master(b).clientReconfigScript]).toEqual(['/bin/n', '/bin/r']);
  });
});

describe('start', () => {
  test('generates a 40-hex myid and flushes when missing, logs it, then +monitor per master', () => {
    const b = new Brain({ random: seeded(7) });
    b.applyConfigDirective(['monitor', 'a', '127.0.0.1', '6379', '2'], 0);
    b.applyConfigDirective(['monitor', 'b', '127.0.0.1', '6380', '1'], 0);
    b.start(0);
    const actions = b.takeActions();
    expect(b.state.myid).toMatch(/^[0-9a-f]{40}$/);
    expect(actions[0]).toEqual({ type: 'flushConfig' });
    expect(actions[1]).toEqual({ type: 'log', level: 'warning', message: `Sentinel ID is ${b.state.myid}` });
    expect(events(actions)).toEqual([
      '+monitor master a 127.0.0.1 6379 quorum 2',
      '+monitor master b 127.0.0.1 6380 quorum 1',
    ]);
    expect(ofType(actions, 'event').every((e) => e.level === 'warning')).toBe(true);
  });

  test('keeps a configured myid without flushing', () => {
    const b = newBrain();
    b.start(0);
    const actions = b.takeActions();
    expect(b.state.myid).toBe(MYID);
    expect(ofType(actions, 'flushConfig')).toHaveLength(0);
  });
});

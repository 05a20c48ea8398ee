import { renderSentinelState } from '../../../src/config/render.js';
import { addMaster, addReplica, addSentinel, addr, makeState } from './fixtures.js';

const ID = 'f'.repeat(40);
const PEER1 = '1'.repeat(40);
const PEER2 = '2'.repeat(40);

describe('renderSentinelState', () => {
  test('a fresh state: only the always-written lines', () => {
    const state = makeState({ myid: ID });
    addMaster(state, 'mymaster', addr('127.0.0.1', 6379), 2);
    expect(renderSentinelState(state)).toEqual([
      ['sentinel', 'myid', ID],
      ['sentinel', 'monitor', 'mymaster', '127.0.0.1', '6379', '2'],
      ['sentinel', 'config-epoch', 'mymaster', '0'],
      ['sentinel', 'leader-epoch', 'mymaster', '0'],
      ['sentinel', 'current-epoch', '0'],
    ]);
  });

  test('every line, in Sentinel 7.0 emission order', () => {
    const state = makeState({ myid: ID, currentEpoch: 7n });
    state.settings.denyScriptsReconfig = false;
    state.settings.resolveHostnames = true;
    state.settings.announceHostnames = false;
    state.settings.announceIp = '10.0.0.9';
    state.settings.announcePort = 26999;
    state.settings.sentinelUser = 'sentuser';
    state.settings.sentinelPass = 'sent pass';
    // SENTINEL DEBUG overrides are not persisted, so values are compared to the built-in defaults.
    state.timers['default-down-after'] = 5000;

    const m1 = addMaster(state, 'm1', addr('10.0.0.1', 6379, 'db1.example'), 3, {
      downAfterMs: 5000,
      failoverTimeout: 60000,
      parallelSyncs: 2,
      notificationScript: '/usr/local/bin/notify.sh',
      clientReconfigScript: '/usr/local/bin/reconf.sh',
      authPass: 'p@ss word',
      authUser: 'vigil',
      masterRebootDownAfterPeriod: 1000,
      configEpoch: 5n,
      leaderEpoch: 6n,
    });
    addReplica(m1, addr('10.0.0.2', 6379));
    addReplica(m1, addr('10.0.0.3', 6380));
    addSentinel(m1, addr('10.0.0.11', 26379), PEER1);
    addSentinel(m1, addr('10.0.0.12', 26379), null);
    addSentinel(m1, addr('10.0.0.13', 26379), PEER2);
    m1.renamedCommands.set('config', 'xconfig');
    m1.renamedCommands.set('slaveof', 'xslaveof');
    addMaster(state, 'm2', addr('10.0.1.1', 6379), 1);

    expect(renderSentinelState(state)).toEqual([
      ['sentinel', 'myid', ID],
      ['sentinel', 'deny-scripts-reconfig', 'no'],
      ['sentinel', 'resolve-hostnames', 'yes'],
      ['sentinel', 'monitor', 'm1', '10.0.0.1', '6379', '3'],
      ['sentinel', 'down-after-milliseconds', 'm1', '5000'],
      ['sentinel', 'failover-timeout', 'm1', '60000'],
      ['sentinel', 'parallel-syncs', 'm1', '2'],
      ['sentinel', 'notification-script', 'm1', '/usr/local/bin/notify.sh'],
      ['sentinel', 'client-reconfig-script', 'm1', '/usr/local/bin/reconf.sh'],
      ['sentinel', 'auth-pass', 'm1', 'p@ss word'],
      ['sentinel', 'auth-user', 'm1', 'vigil'],
      ['sentinel', 'master-reboot-down-after-period', 'm1', '1000'],
      ['sentinel', 'config-epoch', 'm1', '5'],
      ['sentinel', 'leader-epoch', 'm1', '6'],
      ['sentinel', 'known-replica', 'm1', '10.0.0.2', '6379'],
      ['sentinel', 'known-replica', 'm1', '10.0.0.3', '6380'],
      ['sentinel', 'known-sentinel', 'm1', '10.0.0.11', '26379', PEER1],
      ['sentinel', 'known-sentinel', 'm1', '10.0.0.13', '26379', PEER2],
      ['sentinel', 'rename-command', 'm1', 'config', 'xconfig'],
      ['sentinel', 'rename-command', 'm1', 'slaveof', 'xslaveof'],
      ['sentinel', 'monitor', 'm2', '10.0.1.1', '6379', '1'],
      ['sentinel', 'config-epoch', 'm2', '0'],
      ['sentinel', 'leader-epoch', 'm2', '0'],
      ['sentinel', 'current-epoch', '7'],
      ['sentinel', 'announce-ip', '10.0.0.9'],
      ['sentinel', 'announce-port', '26999'],
      ['sentinel', 'sentinel-user', 'sentuser'],
      ['sentinel', 'sentinel-pass', 'sent pass'],
    ]);
  });

  test('announce-hostnames: hostnames instead of IPs everywhere', () => {
    const state = makeState({ myid: ID });
    state.settings.resolveHostnames = true;
    state.settings.announceHostnames = true;
    const m = addMaster(state, 'm', addr('10.0.0.1', 6379, 'db1.example'), 2);
    addReplica(m, addr('10.0.0.2', 6379, 'db2.example'));
    addSentinel(m, addr('10.0.0.11', 26379, 's1.example'), PEER1);
    const lines = renderSentinelState(state);
    expect(lines).toContainEqual(['sentinel', 'announce-hostnames', 'yes']);
    expect(lines).toContainEqual(['sentinel', 'monitor', 'm', 'db1.example', '6379', '2']);
    expect(lines).toContainEqual(['sentinel', 'known-replica', 'm', 'db2.example', '6379']);
    expect(lines).toContainEqual(['sentinel', 'known-sentinel', 'm', 's1.example', '26379', PEER1]);
  });

  test('an unresolved hostname is written as the hostname, never as an empty IP', () => {
    const state = makeState({ myid: ID });
    state.settings.resolveHostnames = true;
    addMaster(state, 'm', addr('', 6379, 'not-yet.example'), 2);
    expect(renderSentinelState(state)).toContainEqual([
      'sentinel',
      'monitor',
      'm',
      'not-yet.example',
      '6379',
      '2',
    ]);
  });

  test.each(['none', 'wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion'] as const)(
    'failover state %s: the configured address is still the master',
    (failoverState) => {
      const state = makeState({ myid: ID });
      const m = addMaster(state, 'm', addr('10.0.0.1', 6379), 2, { failoverState });
      m.promoted = addReplica(m, addr('10.0.0.2', 6379));
      const lines = renderSentinelState(state);
      expect(lines).toContainEqual(['sentinel', 'monitor', 'm', '10.0.0.1', '6379', '2']);
      expect(lines).toContainEqual(['sentinel', 'known-replica', 'm', '10.0.0.2', '6379']);
    },
  );

  test.each(['reconf_slaves', 'update_config'] as const)(
    'failover state %s: promoted replica is the master, old master written as a replica',
    (failoverState) => {
      const state = makeState({ myid: ID });
      const m = addMaster(state, 'm', addr('10.0.0.1', 6379), 2, { failoverState });
      addReplica(m, addr('10.0.0.3', 6379));
      m.promoted = addReplica(m, addr('10.0.0.2', 6379));
      const lines = renderSentinelState(state).filter((l) => l[1] === 'monitor' || l[1] === 'known-replica');
      expect(lines).toEqual([
        ['sentinel', 'monitor', 'm', '10.0.0.2', '6379', '2'],
        ['sentinel', 'known-replica', 'm', '10.0.0.3', '6379'],
        ['sentinel', 'known-replica', 'm', '10.0.0.1', '6379'],
      ]);
    },
  );

  test('never writes the same known-replica twice', () => {
    const state = makeState({ myid: ID });
    const m = addMaster(state, 'm', addr('10.0.0.1', 6379), 2, { failoverState: 'reconf_slaves' });
    // The old master is already listed as a replica, and the promoted one maps onto it.
    addReplica(m, addr('10.0.0.1', 6379));
    m.promoted = addReplica(m, addr('10.0.0.2', 6379));
    const replicas = renderSentinelState(state).filter((l) => l[1] === 'known-replica');
    expect(replicas).toEqual([['sentinel', 'known-replica', 'm', '10.0.0.1', '6379']]);
  });
});

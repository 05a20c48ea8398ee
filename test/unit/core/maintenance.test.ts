/**
 * Issue #11 §5: maintenance mode (`SENTINEL SET <name> vigil-maintenance yes`, config line
 * `vigil maintenance <name> yes`). The master is monitored and reported (SDOWN, ODOWN), but no
 * automatic failover is started or voted for; SENTINEL FAILOVER still works.
 */
import { renderSentinelState } from '../../../src/config/render.js';
import { Brain } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import { events, MYID, PEER, ofType, startedWithMaster } from './brain-helpers.js';

/** Tick every 100 ms with nothing answering PINGs, until `until`; every action returned. */
function runSilent(b: Brain, from: number, until: number): Action[] {
  const all: Action[] = [];
  for (let now = from; now <= until; now += 100) {
    b.handle({ type: 'tick' }, now);
    all.push(...b.takeActions());
  }
  return all;
}

function hungMasterWithQuorumOne(maintenance: boolean): { b: Brain; actions: Action[] } {
  const { b } = startedWithMaster(1000);
  expect(b.setOption('m', 'quorum', '1', undefined, 20)).toBeNull();
  if (maintenance) expect(b.setOption('m', 'vigil-maintenance', 'yes', undefined, 20)).toBeNull();
  b.takeActions();
  return { b, actions: runSilent(b, 100, 6000) };
}

test('without maintenance the hung master is failed over (the baseline)', () => {
  const { actions } = hungMasterWithQuorumOne(false);
  const names = events(actions).map((e) => e.split(' ')[0]);
  expect(names).toContain('+odown');
  expect(names).toContain('+try-failover');
});

test('in maintenance: SDOWN and ODOWN reported, no failover started, said once in the log', () => {
  const { b, actions } = hungMasterWithQuorumOne(true);
  const names = events(actions).map((e) => e.split(' ')[0]);
  expect(names).toContain('+sdown');
  expect(names).toContain('+odown');
  expect(names).not.toContain('+try-failover');
  expect(names).not.toContain('+new-epoch');
  const holds = ofType(actions, 'log').filter((l) => l.message.includes('in maintenance'));
  expect(holds).toHaveLength(1);
  expect(b.state.currentEpoch).toBe(0n);
  // SENTINEL FAILOVER still works: it needs a replica to select, none here.
  expect(b.requestFailover('m', 6100)).toBe('NOGOODSLAVE');
  // Leaving maintenance lets the failover start at the next timer run.
  expect(b.setOption('m', 'vigil-maintenance', 'no', undefined, 6100)).toBeNull();
  const after = events(runSilent(b, 6200, 6500)).map((e) => e.split(' ')[0]);
  expect(after).toContain('+try-failover');
});

test('in maintenance no vote is granted for that master', () => {
  const { b } = startedWithMaster(1000);
  expect(b.isMasterDownByAddr('127.0.0.1', 6379, 5n, PEER, 100)).toMatchObject({
    leader: PEER,
    leaderEpoch: 5n,
  });
  expect(b.setOption('m', 'vigil-maintenance', 'yes', undefined, 100)).toBeNull();
  expect(b.isMasterDownByAddr('127.0.0.1', 6379, 6n, PEER, 200)).toEqual({
    down: 0,
    leader: '*',
    leaderEpoch: 0n,
  });
  expect(b.state.masters.get('m')?.leaderEpoch).toBe(5n);
});

test('persisted as `vigil maintenance <name> yes`, loaded back after the monitor line, refused for bad input', () => {
  const { b } = startedWithMaster(1000);
  expect(b.setOption('m', 'vigil-maintenance', 'maybe', undefined, 10)).toBe(
    "Invalid argument 'maybe' for SENTINEL SET 'vigil-maintenance'",
  );
  expect(b.setOption('m', 'vigil-maintenance', 'yes', undefined, 10)).toBeNull();
  expect(events(b.takeActions())).toContain('+set master m 127.0.0.1 6379 vigil-maintenance yes');
  const lines = renderSentinelState(b.state);
  expect(lines).toContainEqual(['vigil', 'maintenance', 'm', 'yes']);
  const fresh = new Brain();
  fresh.applyConfigDirective(['myid', MYID], 0);
  fresh.applyConfigDirective(['monitor', 'm', '127.0.0.1', '6379', '2'], 0);
  expect(fresh.applyVigilDirective(['maintenance', 'm', 'yes'])).toBeNull();
  expect(fresh.state.masters.get('m')?.maintenance).toBe(true);
  expect(fresh.applyVigilDirective(['maintenance', 'nosuch', 'yes'])).toBe(
    'No such master with specified name.',
  );
  expect(fresh.applyVigilDirective(['maintenance', 'm', 'perhaps'])).toBe('argument must be yes or no');
  expect(fresh.applyVigilDirective(['maintenance', 'm'])).toBe(
    'vigil maintenance takes a master name and yes or no',
  );
});

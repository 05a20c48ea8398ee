/**
 * SENTINEL RESET, REMOVE and MONITOR while the links are up: what is forgotten, what is found
 * again, and that no connection of the forgotten master is left open on the data nodes.
 */
import { getFreePort } from '../../helpers/ports.js';
import { fieldsOf, itemsOf } from '../../helpers/resp.js';
import { MASTER, runDifferential, stopAll, traces, type ScenarioRun } from '../../helpers/scenario.js';

afterAll(async () => {
  await stopAll();
});

const same = (a: string[], b: string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

const PEER_RUNID = 'a1'.repeat(20);

/** The subject's connections on a data node, by role (`cmd`, `pubsub`), sorted. */
async function sentinelLinks(run: ScenarioRun, port: number): Promise<string[]> {
  const clients = await run.clientsOf(port);
  return clients
    .filter((c) => c.name?.startsWith('sentinel-'))
    .map((c) => c.name!.slice(c.name!.lastIndexOf('-') + 1))
    .sort();
}

async function waitLinks(run: ScenarioRun, step: string, port: number, expected: string[]): Promise<void> {
  await run.waitUntil(
    step,
    async () => JSON.stringify(await sentinelLinks(run, port)) === JSON.stringify(expected),
  );
  run.record(`${step}: links`, expected);
}

const peerCount = async (run: ScenarioRun, name = MASTER): Promise<number> =>
  itemsOf(await run.call('SENTINEL', 'SENTINELS', name)).length;

/** Replica ports listed for `name`, with their flags, sorted. */
async function replicaList(run: ScenarioRun, name = MASTER): Promise<string[]> {
  const reply = await run.call('SENTINEL', 'REPLICAS', name);
  // Sorted after normalising, so that the order does not depend on the ports drawn.
  return itemsOf(reply)
    .map((r) => String(run.normalise(`${fieldsOf(r).port} ${fieldsOf(r).flags}`)))
    .sort();
}

async function addFakePeer(run: ScenarioRun, peerPort: number): Promise<void> {
  run.nameRole(peerPort, 'peer');
  await run.helloUntil('fake peer listed', peerPort, PEER_RUNID, async () => (await peerCount(run)) === 1);
}

test('SENTINEL RESET with links up forgets replicas and peers, then finds the replicas again', async () => {
  const peerPort = await getFreePort();
  const result = await runDifferential({ replicas: 2 }, async (run) => {
    for (const r of run.replicas) await run.waitFlags('replica discovered', r.port, ['slave']);
    await addFakePeer(run, peerPort);
    await waitLinks(run, 'links before reset', run.primary.port, ['cmd', 'pubsub']);
    const slavesBefore = run.eventsOn('+slave').length;
    await run.recordReply('reset no match', 'SENTINEL', 'RESET', 'nomatch*');
    await run.recordReply('reset', 'SENTINEL', 'RESET', 'mymast?r');
    await run.waitEvent('+reset-master', '+reset-master', /^master mymaster /);
    run.record('peers right after reset', await peerCount(run));
    await run.waitUntil(
      'replicas found again',
      async () => {
        const list = await replicaList(run);
        return list.length === 2 && list.every((l) => l.endsWith(' slave'));
      },
      // The replicas come back with the next INFO of the primary, up to info-period (10 s) later.
      15_000,
    );
    await run.waitUntil(
      '+slave events after reset',
      async () => run.eventsOn('+slave').length === slavesBefore + 2,
    );
    run.record('replicas after reset', await replicaList(run));
    run.record('+slave events after reset', run.eventsOn('+slave').slice(slavesBefore).sort());
    await waitLinks(run, 'links after reset', run.primary.port, ['cmd', 'pubsub']);
    for (const r of run.replicas)
      await waitLinks(run, 'replica links after reset', r.port, ['cmd', 'pubsub']);
    const m = await run.master();
    run.record('master after reset', {
      flags: m.flags,
      'num-slaves': m['num-slaves'],
      'num-other-sentinels': m['num-other-sentinels'],
      quorum: m.quorum,
      'down-after-milliseconds': m['down-after-milliseconds'],
    });
    await run.holdTrue('fake peer stays forgotten', async () => (await peerCount(run)) === 0, 1000);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

test('SENTINEL REMOVE then MONITOR again with links up: links closed, discovery starts over', async () => {
  const peerPort = await getFreePort();
  const result = await runDifferential({ replicas: 1 }, async (run) => {
    const replica = run.replicas[0]!.port;
    await run.waitFlags('replica discovered', replica, ['slave']);
    await addFakePeer(run, peerPort);
    await waitLinks(run, 'links before remove', run.primary.port, ['cmd', 'pubsub']);
    await run.recordReply('remove', 'SENTINEL', 'REMOVE', MASTER);
    await run.waitEvent('-monitor', '-monitor', /^master mymaster /);
    await run.recordReply('masters after remove', 'SENTINEL', 'MASTERS');
    await run.recordReply('master after remove', 'SENTINEL', 'MASTER', MASTER);
    await run.recordReply('remove again', 'SENTINEL', 'REMOVE', MASTER);
    await waitLinks(run, 'no links left on the primary', run.primary.port, []);
    await waitLinks(run, 'no links left on the replica', replica, []);
    await run.recordReply('monitor again', 'SENTINEL', 'MONITOR', MASTER, '127.0.0.1', run.primary.port, 2);
    await run.waitEvent('+monitor', '+monitor', /^master mymaster /);
    await run.waitFlags('replica found again', replica, ['slave']);
    const m = await run.master();
    run.record('master after monitor', {
      flags: m.flags,
      'num-slaves': m['num-slaves'],
      'num-other-sentinels': m['num-other-sentinels'],
      'down-after-milliseconds': m['down-after-milliseconds'],
      'failover-timeout': m['failover-timeout'],
    });
    run.record('peers after monitor', await peerCount(run));
    await waitLinks(run, 'links back on the primary', run.primary.port, ['cmd', 'pubsub']);
    await waitLinks(run, 'links back on the replica', replica, ['cmd', 'pubsub']);
    await run.helloUntil(
      'fake peer listed again',
      peerPort,
      PEER_RUNID,
      async () => (await peerCount(run)) === 1,
    );
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

test('MONITOR of a second name on the same node: its own links and its own timers', async () => {
  const result = await runDifferential({ replicas: 1 }, async (run) => {
    const replica = run.replicas[0]!.port;
    await run.waitFlags('replica discovered', replica, ['slave']);
    await run.recordReply('monitor other', 'SENTINEL', 'MONITOR', 'other', '127.0.0.1', run.primary.port, 2);
    await run.recordReply(
      'same name again',
      'SENTINEL',
      'MONITOR',
      'other',
      '127.0.0.1',
      run.primary.port,
      2,
    );
    await run.waitEvent('+monitor other', '+monitor', /^master other /);
    await run.waitUntil('other finds the replica', async () =>
      same(await replicaList(run, 'other'), ['<replica0> slave']),
    );
    run.record('other replicas', await replicaList(run, 'other'));
    await waitLinks(run, 'two pairs of links on the primary', run.primary.port, [
      'cmd',
      'cmd',
      'pubsub',
      'pubsub',
    ]);
    await run.recordReply('ckquorum other', 'SENTINEL', 'CKQUORUM', 'other');
    const otherFlags = async (): Promise<string> =>
      fieldsOf(await run.call('SENTINEL', 'MASTER', 'other')).flags ?? '';
    run.primary.pause();
    await run.waitFlags('mymaster s_down after 1000 ms', 'master', ['s_down'], 5000);
    // `other` has the default down-after (30 s): it is not s_down yet.
    await run.holdTrue('other not s_down', async () => !(await otherFlags()).includes('s_down'), 1000);
    run.primary.resume();
    await run.waitFlags('mymaster up', 'master', ['!s_down']);
    await run.recordReply('remove other', 'SENTINEL', 'REMOVE', 'other');
    await waitLinks(run, 'one pair of links left', run.primary.port, ['cmd', 'pubsub']);
    await run.recordReply('masters', 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'other');
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

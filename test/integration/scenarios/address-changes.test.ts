/**
 * Replicas and sentinels that change address: a fake peer's hellos (published on the
 * primary's hello channel) move it to another port or claim another peer's address; a replica
 * is replaced by one on another port, and a replica announces another port.
 */
import { getFreePorts } from '../../helpers/ports.js';
import { callOnce, fieldsOf, itemsOf } from '../../helpers/resp.js';
import { runDifferential, stopAll, traces, MASTER, type ScenarioRun } from '../../helpers/scenario.js';

afterAll(async () => {
  await stopAll();
});

const RUNID_A = 'a1'.repeat(20);
const RUNID_B = 'b2'.repeat(20);

/** `SENTINEL SENTINELS` as `runid-prefix port`, sorted after normalising. */
async function peers(run: ScenarioRun): Promise<string[]> {
  const reply = await run.call('SENTINEL', 'SENTINELS', MASTER);
  return itemsOf(reply)
    .map((r) => fieldsOf(r))
    .map((f) => String(run.normalise(`${f.runid?.slice(0, 2)} ${f.port}`)))
    .sort();
}

/** `SENTINEL REPLICAS` as `port flags`, sorted after normalising. */
async function replicas(run: ScenarioRun): Promise<string[]> {
  const reply = await run.call('SENTINEL', 'REPLICAS', MASTER);
  return itemsOf(reply)
    .map((r) => fieldsOf(r))
    .map((f) => String(run.normalise(`${f.port} ${f.flags}`)))
    .sort();
}

const same = (a: string[], b: string[]): boolean => JSON.stringify(a) === JSON.stringify(b);

test('a sentinel that changes address, and one that claims an address already known', async () => {
  const [port1, port2] = await getFreePorts(2);
  const result = await runDifferential({}, async (run) => {
    run.nameRole(port1!, 'peer1');
    run.nameRole(port2!, 'peer2');
    await run.helloUntil('A listed', port1!, RUNID_A, async () => same(await peers(run), ['a1 <peer1>']));
    await run.waitEvent('+sentinel A', '+sentinel', /^sentinel <runid> 127\.0\.0\.1 <peer1> @ mymaster /);
    await run.helloUntil('A listed at its new port only', port2!, RUNID_A, async () =>
      same(await peers(run), ['a1 <peer2>']),
    );
    await run.waitEvent(
      'A moves',
      '+sentinel-address-switch',
      /^master mymaster .* ip 127\.0\.0\.1 port <peer2> for <runid>$/,
    );
    // B claims A's address: A's port is set to 0 (invalid) and A is no longer listed.
    await run.helloUntil("B listed at A's old port", port2!, RUNID_B, async () =>
      (await peers(run)).includes('b2 <peer2>'),
    );
    await run.waitEvent(
      'A invalidated',
      '+sentinel-invalid-addr',
      /^sentinel <runid> 127\.0\.0\.1 <peer2> @ mymaster /,
    );
    run.record('+sentinel events', run.eventsOn('+sentinel'));
    run.record('peers after B', await peers(run));
    await run.helloUntil('A listed again at its first port', port1!, RUNID_A, async () =>
      (await peers(run)).includes('a1 <peer1>'),
    );
    run.record('peers after A is back', await peers(run));
    run.record('address-switch events', run.eventsOn('+sentinel-address-switch'));
    // A hello with a newer current epoch moves ours forward.
    await run.helloUntil(
      '+new-epoch 5',
      port1!,
      RUNID_A,
      async () => run.eventsOn('+new-epoch').includes('5'),
      {
        current: 5,
      },
    );
    // Nothing listens at the peers' ports: both turn s_down, and CKQUORUM counts only us.
    await run.waitUntil('both fake peers s_down', async () => {
      const reply = await run.call('SENTINEL', 'SENTINELS', MASTER);
      const flags = itemsOf(reply).map((r) => fieldsOf(r).flags ?? '');
      return flags.length === 2 && flags.every((f) => f.includes('s_down'));
    });
    await run.recordReply('ckquorum with two unreachable peers', 'SENTINEL', 'CKQUORUM', MASTER);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

test('a replica replaced by one on another port; a replica that announces another port', async () => {
  const [announced] = await getFreePorts(1);
  const result = await runDifferential({ replicas: 1 }, async (run) => {
    run.nameRole(announced!, 'announced');
    await run.waitFlags('replica0 discovered', run.replicas[0]!.port, ['slave']);
    await run.recordReply('faster INFO', 'SENTINEL', 'DEBUG', 'info-period', 500);
    await run.replicas[0]!.stop();
    const moved = await run.addReplica();
    await run.waitEvent('+slave replica1', '+slave', /^slave 127\.0\.0\.1:<replica1> /);
    await run.waitFlags('replica1 up', moved.port, ['slave', '!s_down']);
    await run.waitFlags('replica0 s_down', run.replicas[0]!.port, ['s_down', 'disconnected']);
    run.record('replicas after the move', await replicas(run));
    // The same process now announces another port: the primary lists it there after it
    // reconnects, and the sentinel adds that address (nothing listens there).
    await callOnce(moved.port, 'CONFIG', 'SET', 'replica-announce-port', announced!);
    await callOnce(run.primary.port, 'CLIENT', 'KILL', 'TYPE', 'replica');
    await run.waitEvent('+slave at the announced port', '+slave', /^slave 127\.0\.0\.1:<announced> /);
    await run.waitFlags('announced address s_down', announced!, ['s_down'], 10_000);
    run.record('replicas after the announce', await replicas(run));
    const m = await run.master();
    run.record('num-slaves', m['num-slaves']);
  });
  const { vigil, reference } = traces(result);
  expect(vigil).toEqual(reference);
});

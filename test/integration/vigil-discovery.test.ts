/**
 * The foundation deployment with real processes: one primary and two replicas (redis-server),
 * three sentinels under test and one real redis-sentinel, all monitoring the same primary.
 * Discovery of replicas (from the primary's INFO) and of peers (hello messages, both ways
 * between the subjects and the real sentinel), then SDOWN / -SDOWN of a killed and restarted
 * replica, checked against what the real sentinel reports at the same time.
 *
 * `VIGIL_IT_SUBJECT=redis-sentinel` runs it with four real sentinels (the baseline).
 */
import { compareReplies, normalisers } from '../helpers/compare.js';
import { stopAll, type ManagedProcess } from '../helpers/processes.js';
import {
  RespClient,
  fieldsOf,
  itemsOf,
  textOf,
  describe as describeValue,
  type RespValue,
} from '../helpers/resp.js';
import { sentinelInstances, startDeployment, type Deployment } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';
import { subjectKind } from './corpus/sentinel-commands.js';

const SUBJECT = subjectKind();
const DEADLINE_MS = 20_000;

let d: Deployment;
let subjects: ManagedProcess[];
let reference: ManagedProcess;
/** SENTINEL MYID of every sentinel, by port. */
const myids = new Map<number, string>();

async function query(port: number, ...args: string[]): Promise<RespValue> {
  const client = await RespClient.connect(port);
  try {
    return (await client.request(args)).value;
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  d = await startDeployment({
    replicas: 2,
    sentinels: [{ kind: SUBJECT }, { kind: SUBJECT }, { kind: SUBJECT }, { kind: 'redis-sentinel' }],
    quorum: 2,
    downAfterMs: 1000,
    // Discovery is what these tests check.
    waitForDiscovery: false,
  });
  subjects = d.sentinels.slice(0, 3);
  reference = d.sentinels[3] as ManagedProcess;
  for (const s of d.sentinels) {
    // Sentinel 7.0: SENTINEL DEBUG shortens the INFO and hello periods (not persisted).
    const debug = await query(s.port, 'SENTINEL', 'DEBUG', 'info-period', '1000', 'publish-period', '500');
    if (debug.kind === 'error') throw new Error(`${s.name}: SENTINEL DEBUG refused: ${debug.value}`);
    const id = await query(s.port, 'SENTINEL', 'MYID');
    myids.set(s.port, textOf(id));
  }
}, 60_000);

afterAll(async () => {
  await stopAll();
});

describe(`discovery (3 × ${SUBJECT} + redis-sentinel)`, () => {
  test('every sentinel has a distinct 40-hex-digit id', () => {
    const ids = [...myids.values()];
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(new Set(ids).size).toBe(4);
  });

  test.each([0, 1, 2])('subject #%i discovers both replicas from the primary INFO', async (i) => {
    const s = subjects[i] as ManagedProcess;
    const client = await RespClient.connect(s.port);
    const expectedPorts = d.replicas.map((r) => r.port).sort((a, b) => a - b);
    const replicas = await waitFor(
      async () => {
        const list = await sentinelInstances(client, 'REPLICAS', d.masterName);
        const ports = list.map((r) => Number(r.port)).sort((a, b) => a - b);
        const healthy = list.every((r) => r.flags === 'slave' && r['master-link-status'] === 'ok');
        if (JSON.stringify(ports) !== JSON.stringify(expectedPorts) || !healthy) {
          throw new Error(`replicas seen: ${JSON.stringify(list.map((r) => [r.name, r.flags]))}`);
        }
        return list;
      },
      { timeoutMs: DEADLINE_MS, description: `${s.name} to list both replicas` },
    );
    for (const r of replicas) {
      expect(r).toMatchObject({
        name: `127.0.0.1:${r.port}`,
        ip: '127.0.0.1',
        flags: 'slave',
        'role-reported': 'slave',
        'master-host': '127.0.0.1',
        'master-port': String(d.primary.port),
        'slave-priority': '100',
        'replica-announced': '1',
      });
      expect(r.runid).toMatch(/^[0-9a-f]{40}$/);
    }
    const master = fieldsOf((await client.send('SENTINEL', 'MASTER', d.masterName)).value);
    expect(master['num-slaves']).toBe('2');
    await client.close();
  });

  test.each([0, 1, 2])(
    'subject #%i discovers the three other sentinels, the real one included',
    async (i) => {
      const s = subjects[i] as ManagedProcess;
      const expected = d.sentinels
        .filter((o) => o !== s)
        .map((o) => `${myids.get(o.port)}@${o.port}`)
        .sort();
      const client = await RespClient.connect(s.port);
      const peers = await waitFor(
        async () => {
          const list = await sentinelInstances(client, 'SENTINELS', d.masterName);
          const seen = list.map((p) => `${p.runid}@${p.port}`).sort();
          if (
            JSON.stringify(seen) !== JSON.stringify(expected) ||
            !list.every((p) => p.flags === 'sentinel')
          ) {
            throw new Error(`peers seen: ${JSON.stringify(list.map((p) => [p.runid, p.port, p.flags]))}`);
          }
          return list;
        },
        { timeoutMs: DEADLINE_MS, description: `${s.name} to list the 3 other sentinels` },
      );
      for (const p of peers) {
        expect(p).toMatchObject({
          name: p.runid,
          ip: '127.0.0.1',
          'voted-leader': '?',
          'voted-leader-epoch': '0',
        });
      }
      const master = fieldsOf((await client.send('SENTINEL', 'MASTER', d.masterName)).value);
      expect(master['num-other-sentinels']).toBe('3');
      const info = textOf((await client.send('INFO', 'sentinel')).value);
      expect(info).toContain(
        `master0:name=${d.masterName},status=ok,address=127.0.0.1:${d.primary.port},slaves=2,sentinels=4\r\n`,
      );
      await client.close();
    },
  );

  test('the real redis-sentinel discovers the three subjects (their hellos are understood)', async () => {
    const expected = subjects.map((o) => `${myids.get(o.port)}@${o.port}`).sort();
    const client = await RespClient.connect(reference.port);
    await waitFor(
      async () => {
        const list = await sentinelInstances(client, 'SENTINELS', d.masterName);
        const seen = list.map((p) => `${p.runid}@${p.port}`).sort();
        if (JSON.stringify(seen) !== JSON.stringify(expected) || !list.every((p) => p.flags === 'sentinel')) {
          throw new Error(
            `peers seen by redis-sentinel: ${JSON.stringify(list.map((p) => [p.runid, p.port, p.flags]))}`,
          );
        }
        return true;
      },
      { timeoutMs: DEADLINE_MS, description: 'redis-sentinel to list the 3 subjects' },
    );
    await client.close();
  });

  test('each subject publishes a well-formed hello on the primary', async () => {
    // Sentinel 7.0 hello: ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch
    const client = await RespClient.connect(d.primary.port);
    await client.subscribe('__sentinel__:hello');
    for (const s of subjects) {
      const id = myids.get(s.port) as string;
      const m = await client.waitForMessage((msg) => msg.payload.split(',')[2] === id, {
        timeoutMs: DEADLINE_MS,
        description: `a hello from ${s.name}`,
      });
      expect(m.payload).toBe(`127.0.0.1,${s.port},${id},0,${d.masterName},127.0.0.1,${d.primary.port},0`);
    }
    await client.close();
  });
});

describe(`SDOWN of a replica (3 × ${SUBJECT} + redis-sentinel)`, () => {
  /** One RESP2 subscriber per sentinel, on +sdown and -sdown. */
  let watchers: RespClient[] = [];

  beforeAll(async () => {
    await d.waitForDiscovery(DEADLINE_MS);
    watchers = await Promise.all(
      d.sentinels.map(async (s) => {
        const c = await RespClient.connect(s.port);
        await c.subscribe('+sdown', '-sdown');
        return c;
      }),
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.close()));
  });

  const replicaEntry = async (port: number, name: string): Promise<RespValue | undefined> => {
    const reply = await query(port, 'SENTINEL', 'REPLICAS', d.masterName);
    return itemsOf(reply).find((r) => fieldsOf(r).name === name);
  };

  test('a killed replica is +sdown on every sentinel, with the same payload and fields as redis-sentinel', async () => {
    const victim = d.replicas[0]!;
    const name = `127.0.0.1:${victim.port}`;
    const payload = `slave ${name} 127.0.0.1 ${victim.port} @ ${d.masterName} 127.0.0.1 ${d.primary.port}`;
    victim.kill('SIGKILL');
    await victim.waitForExit();
    await Promise.all(
      watchers.map((w, i) =>
        w.waitForMessage((m) => m.channel === '+sdown' && m.payload === payload, {
          timeoutMs: DEADLINE_MS,
          description: `+sdown ${payload} from ${d.sentinels[i]!.name}`,
        }),
      ),
    );
    const expected = await waitFor(
      async () => {
        const entry = await replicaEntry(reference.port, name);
        return entry && fieldsOf(entry).flags.startsWith('s_down') ? entry : undefined;
      },
      { timeoutMs: DEADLINE_MS, description: 'redis-sentinel to flag the replica s_down' },
    );
    expect(fieldsOf(expected).flags).toBe('s_down,slave,disconnected');
    for (const s of subjects) {
      const actual = await replicaEntry(s.port, name);
      if (!actual) throw new Error(`${s.name} no longer lists ${name}`);
      const result = compareReplies(actual, expected, {
        normalisers: [normalisers.millis, normalisers.counters],
        labels: [s.name, reference.name],
      });
      expect({ sentinel: s.name, differences: result.differences }).toEqual({
        sentinel: s.name,
        differences: [],
      });
    }
  });

  test('the restarted replica is -sdown on every sentinel and healthy again', async () => {
    const victim = d.replicas[0]!;
    const name = `127.0.0.1:${victim.port}`;
    const payload = `slave ${name} 127.0.0.1 ${victim.port} @ ${d.masterName} 127.0.0.1 ${d.primary.port}`;
    await victim.restart();
    await Promise.all(
      watchers.map((w, i) =>
        w.waitForMessage((m) => m.channel === '-sdown' && m.payload === payload, {
          timeoutMs: DEADLINE_MS,
          description: `-sdown ${payload} from ${d.sentinels[i]!.name}`,
        }),
      ),
    );
    for (const s of d.sentinels) {
      await waitFor(
        async () => {
          const entry = await replicaEntry(s.port, name);
          const f = entry ? fieldsOf(entry) : undefined;
          if (f?.flags !== 'slave' || f['master-link-status'] !== 'ok') {
            throw new Error(`${s.name} shows ${entry ? describeValue(entry) : 'no entry'}`);
          }
          return true;
        },
        { timeoutMs: DEADLINE_MS, description: `${s.name} to see ${name} healthy` },
      );
    }
  });
});

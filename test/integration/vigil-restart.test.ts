/**
 * A sentinel stopped with SIGTERM and started again on its rewritten config file keeps its id
 * and its knowledge: epochs, replicas and peers are there as soon as it answers PING. To prove
 * the knowledge came from the file and not from a quick rediscovery, a replica and a peer are
 * stopped while the sentinel is down: nothing could tell it about them but its config.
 *
 * `VIGIL_IT_SUBJECT=redis-sentinel` runs it on real sentinels (the baseline).
 */
import * as fs from 'node:fs';
import { stopAll, type ManagedProcess } from '../helpers/processes.js';
import { RespClient, fieldsOf, plain, textOf, type RespValue } from '../helpers/resp.js';
import { sentinelInstances, startDeployment, type Deployment } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';
import { subjectKind } from './corpus/sentinel-commands.js';

const SUBJECT = subjectKind();
const DEADLINE_MS = 20_000;
/** The epoch our fake vote request raises the restarted sentinel to. */
const EPOCH = 7;
const FAKE_CANDIDATE = 'f'.repeat(40);

let d: Deployment;
let restarted: ManagedProcess;
let otherSubject: ManagedProcess;
let realPeer: ManagedProcess;

interface Knowledge {
  myid: string;
  replicas: string[];
  sentinels: string[];
}
let before: Knowledge;

async function query(port: number, ...args: string[]): Promise<RespValue> {
  const client = await RespClient.connect(port);
  try {
    return (await client.request(args)).value;
  } finally {
    await client.close();
  }
}

async function knowledge(port: number, masterName: string): Promise<Knowledge> {
  const client = await RespClient.connect(port);
  try {
    const myid = textOf((await client.send('SENTINEL', 'MYID')).value);
    const replicas = (await sentinelInstances(client, 'REPLICAS', masterName))
      .map((r) => r.name as string)
      .sort();
    const sentinels = (await sentinelInstances(client, 'SENTINELS', masterName))
      .map((s) => `${s.runid} ${s.ip} ${s.port}`)
      .sort();
    return { myid, replicas, sentinels };
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  d = await startDeployment({
    replicas: 2,
    sentinels: [{ kind: SUBJECT }, { kind: SUBJECT }, { kind: 'redis-sentinel' }],
    quorum: 2,
    downAfterMs: 1000,
    waitForDiscovery: false,
  });
  [restarted, otherSubject, realPeer] = d.sentinels as [ManagedProcess, ManagedProcess, ManagedProcess];
  for (const s of d.sentinels) {
    const debug = await query(s.port, 'SENTINEL', 'DEBUG', 'info-period', '1000', 'publish-period', '500');
    if (debug.kind === 'error') throw new Error(`${s.name}: SENTINEL DEBUG refused: ${debug.value}`);
  }
  try {
    await d.waitForDiscovery(DEADLINE_MS);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${d.logs(40)}`);
  }
}, 60_000);

afterAll(async () => {
  await stopAll();
});

describe(`${SUBJECT} restarted on its rewritten config`, () => {
  test('a vote request with a higher epoch is granted and raises the current epoch', async () => {
    const reply = await query(
      restarted.port,
      'SENTINEL',
      'IS-MASTER-DOWN-BY-ADDR',
      '127.0.0.1',
      String(d.primary.port),
      String(EPOCH),
      FAKE_CANDIDATE,
    );
    expect(plain(reply)).toEqual([0, FAKE_CANDIDATE, EPOCH]);
    before = await knowledge(restarted.port, d.masterName);
    expect(before.replicas).toEqual(d.replicas.map((r) => `127.0.0.1:${r.port}`).sort());
    expect(before.sentinels).toHaveLength(2);
  });

  test('SIGTERM: it exits 0 and its config holds myid, epochs, known-replica ×2 and known-sentinel ×2', async () => {
    await restarted.stop({ graceMs: 5000 });
    const exit = await restarted.waitForExit();
    expect(exit).toEqual({ code: 0, signal: null });

    const lines = fs.readFileSync(restarted.configPath, 'utf8').split('\n');
    const m = d.masterName;
    expect(lines.filter((l) => l.startsWith('sentinel myid '))).toEqual([`sentinel myid ${before.myid}`]);
    expect(lines).toContain(`sentinel monitor ${m} 127.0.0.1 ${d.primary.port} 2`);
    expect(lines).toContain(`sentinel current-epoch ${EPOCH}`);
    expect(lines).toContain(`sentinel leader-epoch ${m} ${EPOCH}`);
    expect(lines).toContain(`sentinel config-epoch ${m} 0`);
    const knownReplicas = lines.filter((l) => l.startsWith(`sentinel known-replica ${m} `)).sort();
    expect(knownReplicas).toEqual(
      d.replicas.map((r) => `sentinel known-replica ${m} 127.0.0.1 ${r.port}`).sort(),
    );
    const knownSentinels = lines.filter((l) => l.startsWith(`sentinel known-sentinel ${m} `)).sort();
    expect(knownSentinels).toEqual(
      before.sentinels
        .map((s) => {
          const [runid, ip, port] = s.split(' ');
          return `sentinel known-sentinel ${m} ${ip} ${port} ${runid}`;
        })
        .sort(),
    );
  });

  test('restarted, it knows at once its id, epochs, replicas and peers, even the ones now gone', async () => {
    // While it is down: nobody can tell it about this replica and this peer any more.
    const goneReplica = d.replicas[1]!;
    goneReplica.kill('SIGKILL');
    await goneReplica.waitForExit();
    await realPeer.stop();

    await restarted.restart(); // returns as soon as it answers PING
    const after = await knowledge(restarted.port, d.masterName);
    expect(after).toEqual(before);

    // Sentinel 7.0 persists the vote's epoch (leader-epoch) and the current epoch, not the
    // candidate: the same request is not granted again and the answer names no leader.
    const vote = await query(
      restarted.port,
      'SENTINEL',
      'IS-MASTER-DOWN-BY-ADDR',
      '127.0.0.1',
      String(d.primary.port),
      String(EPOCH),
      'e'.repeat(40),
    );
    expect(plain(vote)).toEqual([0, '*', EPOCH]);

    const master = fieldsOf(await query(restarted.port, 'SENTINEL', 'MASTER', d.masterName));
    expect(master).toMatchObject({
      'config-epoch': '0',
      'num-slaves': '2',
      'num-other-sentinels': '2',
      quorum: '2',
    });
    const info = textOf(await query(restarted.port, 'INFO', 'sentinel'));
    expect(info).toMatch(
      new RegExp(
        `master0:name=${d.masterName},status=\\w+,address=127.0.0.1:${d.primary.port},slaves=2,sentinels=3\\r\\n`,
      ),
    );
  });

  test('it rejoins under the same id: the other subject hears it again and it hears the other subject', async () => {
    const id = before.myid;
    await waitFor(
      async () => {
        const peers = await RespClient.connect(otherSubject.port).then(async (c) => {
          try {
            return await sentinelInstances(c, 'SENTINELS', d.masterName);
          } finally {
            await c.close();
          }
        });
        const me = peers.find((p) => p.runid === id);
        // Hellos every 500 ms: a fresh last-hello-message proves it publishes again.
        if (!me || me.flags !== 'sentinel' || Number(me['last-hello-message']) > 1500) {
          throw new Error(`the other subject shows ${JSON.stringify(me)}`);
        }
        return true;
      },
      { timeoutMs: DEADLINE_MS, description: `${otherSubject.name} to hear ${restarted.name} again` },
    );
    const otherId = textOf(await query(otherSubject.port, 'SENTINEL', 'MYID'));
    await waitFor(
      async () => {
        const client = await RespClient.connect(restarted.port);
        try {
          const peers = await sentinelInstances(client, 'SENTINELS', d.masterName);
          const other = peers.find((p) => p.runid === otherId);
          if (!other || other.flags !== 'sentinel' || Number(other['last-hello-message']) > 1500) {
            throw new Error(`the restarted one shows ${JSON.stringify(other)}`);
          }
          return true;
        } finally {
          await client.close();
        }
      },
      { timeoutMs: DEADLINE_MS, description: `${restarted.name} to hear ${otherSubject.name}` },
    );
    // The myid line is still unique after the restart's own rewrites.
    const lines = fs.readFileSync(restarted.configPath, 'utf8').split('\n');
    expect(lines.filter((l) => l.startsWith('sentinel myid '))).toEqual([`sentinel myid ${id}`]);
  });
});

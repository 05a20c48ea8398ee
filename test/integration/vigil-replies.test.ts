/**
 * Every reply of the command corpus (test/integration/corpus/sentinel-commands.ts), in RESP2
 * and RESP3, compared with the reply of a real redis-sentinel 7.0.15 in the same deployment:
 * same wire types, same map keys in the same order, same error texts. Both sentinels watch the
 * same primary and replicas and see each other, so after the named normalisers every value
 * must be equal.
 *
 * `VIGIL_IT_SUBJECT=redis-sentinel` runs the same file with two real sentinels (a baseline for
 * the corpus and the normalisers); `VIGIL_IT_REPORT=<file>` appends every difference found.
 */
import * as fs from 'node:fs';
import { compareReplies, normalisers } from '../helpers/compare.js';
import { stopAll, type ManagedProcess } from '../helpers/processes.js';
import { describe as describeValue, RespClient, fieldsOf, type RespValue } from '../helpers/resp.js';
import { sentinelInstances, startDeployment, type Deployment } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';
import {
  sentinelCommandCorpus,
  subjectKind,
  type CorpusContext,
  type CorpusEntry,
} from './corpus/sentinel-commands.js';

const SUBJECT = subjectKind();
const LABELS: [string, string] = [SUBJECT === 'vigil' ? 'vigil' : 'subject redis-sentinel', 'redis-sentinel'];
/** Sentinel 7.0 accepts these SENTINEL DEBUG timers; both sides get the same, so DEBUG compares equal. */
const DEBUG_TIMERS = ['info-period', '1000', 'publish-period', '500'];

let d: Deployment;
let subject: ManagedProcess;
let reference: ManagedProcess;
let ctx: CorpusContext;
const differences: string[] = [];

/** One command on a fresh connection in the given protocol, so no entry can spoil the next. */
async function ask(port: number, protocol: 2 | 3, args: readonly string[]): Promise<RespValue> {
  const client = await RespClient.connect(port);
  try {
    if (protocol === 3) {
      const hello = await client.hello3();
      if (hello.value.kind !== 'map')
        throw new Error(`HELLO 3 refused by port ${port}: ${describeValue(hello.value)}`);
    }
    return (await client.request(args)).value;
  } finally {
    await client.close();
  }
}

/** Waits until this sentinel sees the deployment settled: master, 2 healthy replicas, 1 peer. */
async function waitSettled(sentinel: ManagedProcess): Promise<void> {
  const client = await RespClient.connect(sentinel.port);
  try {
    await waitFor(
      async () => {
        const master = fieldsOf((await client.send('SENTINEL', 'MASTER', d.masterName)).value);
        const replicas = await sentinelInstances(client, 'REPLICAS', d.masterName);
        const peers = await sentinelInstances(client, 'SENTINELS', d.masterName);
        const state = {
          master: master.flags,
          replicas: replicas.map((r) => `${r.flags}/${r['master-link-status']}`),
          peers: peers.map((p) => p.flags),
        };
        const ok =
          state.master === 'master' &&
          state.replicas.length === 2 &&
          state.replicas.every((r) => r === 'slave/ok') &&
          state.peers.length === 1 &&
          state.peers[0] === 'sentinel';
        if (!ok) throw new Error(`not settled: ${JSON.stringify(state)}`);
        return true;
      },
      { timeoutMs: 20_000, description: `${sentinel.name} to see the deployment settled` },
    );
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  d = await startDeployment({
    replicas: 2,
    sentinels: [{ kind: SUBJECT }, { kind: 'redis-sentinel' }],
    quorum: 2,
    downAfterMs: 1000,
    waitForDiscovery: false,
  });
  [subject, reference] = d.sentinels as [ManagedProcess, ManagedProcess];
  ctx = { masterName: d.masterName, primaryPort: d.primary.port, quorum: d.quorum };
  for (const s of d.sentinels) {
    const reply = await ask(s.port, 2, ['SENTINEL', 'DEBUG', ...DEBUG_TIMERS]);
    if (reply.kind === 'error') throw new Error(`${s.name}: SENTINEL DEBUG refused: ${reply.value}`);
  }
  try {
    await d.waitForDiscovery(20_000);
    await Promise.all(d.sentinels.map(waitSettled));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${d.logs(40)}`);
  }
}, 60_000);

afterAll(async () => {
  await stopAll();
  const report = process.env.VIGIL_IT_REPORT;
  if (report && differences.length > 0) {
    fs.appendFileSync(report, `## vigil-replies (subject ${SUBJECT})\n${differences.join('\n')}\n\n`);
  }
});

async function compareEntry(protocol: 2 | 3, e: CorpusEntry): Promise<void> {
  const args = e.args(ctx);
  const expected = await ask(reference.port, protocol, args);
  const actual = await ask(subject.port, protocol, args);
  // The corpus entry must run in the state it was written for, on Redis itself.
  const referenceIsError = expected.kind === 'error' || expected.kind === 'blobError';
  if (referenceIsError !== (e.expect === 'error')) {
    throw new Error(
      `corpus entry "${e.name}" expected ${e.expect} from redis-sentinel, got ${describeValue(expected)}`,
    );
  }
  const shape = e.shape ?? ((v: RespValue) => v);
  const result = compareReplies(shape(actual), shape(expected), {
    normalisers: e.normalisers ?? [],
    labels: LABELS,
  });
  if (!result.equal) {
    const text =
      `RESP${protocol} ${args.join(' ')}:\n  ${result.differences.join('\n  ')}\n` +
      `  ${LABELS[0]}: ${describeValue(actual)}\n  ${LABELS[1]}: ${describeValue(expected)}`;
    differences.push(text);
    throw new Error(`replies differ\n${text}`);
  }
}

describe.each([2, 3] as const)('RESP%i replies match redis-sentinel', (protocol) => {
  test(`HELLO ${protocol}`, async () => {
    const [actual, expected] = await Promise.all(
      [subject, reference].map(async (s) => {
        const client = await RespClient.connect(s.port);
        try {
          return (await client.send('HELLO', String(protocol))).value;
        } finally {
          await client.close();
        }
      }),
    );
    const result = compareReplies(actual as RespValue, expected as RespValue, {
      normalisers: [normalisers.ids],
      labels: LABELS,
    });
    if (!result.equal) differences.push(`HELLO ${protocol}:\n  ${result.differences.join('\n  ')}`);
    expect(result.differences).toEqual([]);
  });

  test.each(sentinelCommandCorpus.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    await compareEntry(protocol, e);
  });
});

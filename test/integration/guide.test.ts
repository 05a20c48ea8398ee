/**
 * docs/guide.md, step by step, on loopback: every data node and sentinel is started from the
 * guide's own files in docs/guide/ (placeholders filled in with 127.0.0.1 and free ports), and
 * `vigil doctor --json` must report exactly the findings the guide says it reports at that
 * step, each of which the guide's section for the step quotes. Steps 1 to 4 grow one
 * deployment; steps 5 to 8 grow a second one, started at the same time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { getFreePort } from '../helpers/ports.js';
import {
  REPO_ROOT,
  makeTempDir,
  startOnConfig,
  startRedisServer,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { RespClient } from '../helpers/resp.js';
import { sentinelInstances, waitForReplicationLink } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';
import { runVigil, type CliResult } from './cli-run.js';

const GUIDE = path.join(REPO_ROOT, 'docs', 'guide.md');
const FILES = path.join(REPO_ROOT, 'docs', 'guide');
const HOST = '127.0.0.1';

const FILE = {
  primary1: 'step-1-single-node/redis.conf',
  replica2: 'step-2-replica/replica.conf',
  sentinel3: 'step-3-one-sentinel/sentinel.conf',
  primary5: 'step-5-three-sentinels/redis.conf',
  replica5: 'step-5-three-sentinels/replica.conf',
  sentinel5: 'step-5-three-sentinels/sentinel.conf',
} as const;

/** What the guide says the doctor reports at each step: exactly these ids, and its exit code. */
const EXPECTED: Record<number, { ids: string[]; exit: number; files: string[] }> = {
  1: { ids: ['no-sentinel'], exit: 2, files: [FILE.primary1] },
  2: { ids: ['no-sentinel'], exit: 2, files: [FILE.replica2] },
  3: { ids: ['single-sentinel', 'one-replica', 'min-replicas-off'], exit: 2, files: [FILE.sentinel3] },
  4: {
    ids: [
      'two-sentinels',
      'quorum-below-majority',
      'sentinels-one-machine',
      'primary-with-sentinel-majority',
      'one-replica',
      'min-replicas-off',
    ],
    exit: 2,
    files: [FILE.sentinel3],
  },
  5: {
    ids: ['sentinels-one-machine', 'primary-with-sentinel-majority', 'one-replica'],
    exit: 1,
    files: [FILE.primary5, FILE.replica5, FILE.sentinel5],
  },
  6: { ids: ['sentinels-one-machine', 'primary-with-sentinel-majority'], exit: 1, files: [FILE.replica5] },
  // Steps 7 and 8 run on step 6's deployment: a backup changes nothing the doctor checks;
  // for step 8 only the workload findings are compared, in order (reads, then writes).
  7: { ids: ['sentinels-one-machine', 'primary-with-sentinel-majority'], exit: 1, files: [] },
  8: { ids: ['read-heavy', 'write-heavy'], exit: 1, files: [] },
};

interface Doctor {
  code: number;
  ids: string[];
  raw: string;
}

/** A guide file with its placeholders filled in, as lines. */
function fill(file: string, values: Record<string, string | number>): string[] {
  const text = fs.readFileSync(path.join(FILES, file), 'utf8');
  const filled = text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
    if (!(key in values)) throw new Error(`${file}: no value for ${whole}`);
    return String(values[key]);
  });
  return filled.split('\n');
}

/**
 * A redis-server from a guide file. The helper writes its test defaults (port, bind, no
 * persistence) first and the file's lines after them, so the file's lines are the ones in force.
 */
async function dataNode(file: string, primaryPort?: number): Promise<RedisServerHandle> {
  const port = await getFreePort();
  const values = { HOST, PORT: port, PRIMARY_HOST: HOST, PRIMARY_PORT: primaryPort ?? 'none' };
  const node = await startRedisServer({ port, config: fill(file, values) });
  if (primaryPort !== undefined) await waitForReplicationLink(node);
  return node;
}

/** A Vigil started on the guide's sentinel.conf, filled in and copied to a temp dir. */
async function sentinel(file: string, primaryPort: number): Promise<ManagedProcess> {
  const port = await getFreePort();
  const dir = makeTempDir('guide-sentinel');
  const configPath = path.join(dir, 'sentinel.conf');
  const lines = fill(file, { HOST, PORT: port, PRIMARY_HOST: HOST, PRIMARY_PORT: primaryPort });
  fs.writeFileSync(configPath, lines.join('\n'));
  return startOnConfig('vigil', configPath, port);
}

/** Until every sentinel lists every replica and every other sentinel. */
async function discovered(sentinels: ManagedProcess[], replicas: RedisServerHandle[]): Promise<void> {
  await Promise.all(
    sentinels.map(async (s) => {
      const client = await RespClient.connect(s.port);
      try {
        await waitFor(
          async () => {
            const r = (await sentinelInstances(client, 'REPLICAS', 'mymaster')).map((x) => Number(x.port));
            const p = (await sentinelInstances(client, 'SENTINELS', 'mymaster')).map((x) => Number(x.port));
            const missing = [
              ...replicas.filter((x) => !r.includes(x.port)).map((x) => x.name),
              ...sentinels.filter((x) => x !== s && !p.includes(x.port)).map((x) => x.name),
            ];
            if (missing.length > 0) throw new Error(`not yet listed: ${missing.join(', ')}`);
            return true;
          },
          { timeoutMs: 20_000, description: `${s.name} to list every replica and peer` },
        );
      } finally {
        await client.close();
      }
    }),
  );
}

async function doctor(port: number): Promise<Doctor> {
  const result = await runVigil(['doctor', '--sentinel', `${HOST}:${port}`, '--json']);
  try {
    const parsed = JSON.parse(result.stdout) as { findings: { id: string }[] };
    return { code: result.code, ids: parsed.findings.map((f) => f.id), raw: result.stdout };
  } catch {
    throw new Error(`doctor printed no JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

const seen: Record<number, Doctor> = {};
let backupRun: CliResult;
let backupDir: string;

/** Steps 1 to 4: a primary, a replica, one sentinel, a second sentinel. */
async function firstDeployment(): Promise<void> {
  const primary = await dataNode(FILE.primary1);
  seen[1] = await doctor(primary.port);
  const replica = await dataNode(FILE.replica2, primary.port);
  seen[2] = await doctor(primary.port);
  const first = await sentinel(FILE.sentinel3, primary.port);
  await discovered([first], [replica]);
  seen[3] = await doctor(first.port);
  const second = await sentinel(FILE.sentinel3, primary.port);
  await discovered([first, second], [replica]);
  seen[4] = await doctor(second.port);
}

/** Steps 5 to 8: three sentinels (quorum 2), a second replica, a backup, a workload. */
async function secondDeployment(): Promise<void> {
  const primary = await dataNode(FILE.primary5);
  const replica = await dataNode(FILE.replica5, primary.port);
  const sentinels = await Promise.all([1, 2, 3].map(() => sentinel(FILE.sentinel5, primary.port)));
  await discovered(sentinels, [replica]);
  seen[5] = await doctor(sentinels[0]!.port);
  const second = await dataNode(FILE.replica5, primary.port);
  // The sentinels find a new replica in the primary's INFO, which they ask every 10 s.
  await discovered(sentinels, [replica, second]);
  seen[6] = await doctor(sentinels[1]!.port);

  backupDir = makeTempDir('guide-backups');
  backupRun = await runVigil([
    'backup',
    ...sentinels.flatMap((s) => ['--sentinel', `${HOST}:${s.port}`]),
    '--name',
    'mymaster',
    '--out',
    backupDir,
    '--keep',
    '14',
  ]);
  seen[7] = await doctor(sentinels[2]!.port);

  // Reads sent to a replica, then writes to the primary (INFO commandstats counts them).
  const burst = async (port: number, n: number, write: boolean): Promise<void> => {
    const client = new Redis({ host: HOST, port, lazyConnect: true });
    await client.connect();
    try {
      const pipeline = client.pipeline();
      for (let i = 0; i < n; i++) {
        if (write) pipeline.set(`k${i % 10}`, 'v');
        else pipeline.get(`k${i % 10}`);
      }
      await pipeline.exec();
    } finally {
      client.disconnect();
    }
  };
  await burst(replica.port, 1200, false);
  const reads = await doctor(sentinels[0]!.port);
  await burst(primary.port, 3000, true);
  const writes = await doctor(sentinels[0]!.port);
  seen[8] = {
    code: Math.max(reads.code, writes.code),
    ids: [
      ...reads.ids.filter((id) => id === 'read-heavy'),
      ...writes.ids.filter((id) => id === 'write-heavy'),
    ],
    raw: `${reads.raw}\n${writes.raw}`,
  };
  // Reads alone, then writes dominating: the first finding gives way to the second.
  if (writes.ids.includes('read-heavy')) seen[8].ids.push('read-heavy still there after the writes');
}

beforeAll(async () => {
  await Promise.all([firstDeployment(), secondDeployment()]);
}, 60_000);

afterAll(stopAll);

/** The guide's section for step n: from its `## Step n` heading to the next `## `. */
function section(n: number): string {
  const text = fs.readFileSync(GUIDE, 'utf8');
  const start = text.indexOf(`\n## Step ${n}:`);
  if (start < 0) throw new Error(`docs/guide.md has no "## Step ${n}:" heading`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

const steps = Object.keys(EXPECTED).map(Number);

describe('docs/guide.md, built from docs/guide/ and checked with vigil doctor', () => {
  test.each(steps)('step %i: the doctor reports what the guide says', (n) => {
    const expected = EXPECTED[n]!;
    const got = seen[n];
    expect(got).toBeDefined();
    if (n === 8) {
      expect(got!.ids).toEqual(expected.ids);
    } else {
      expect({ step: n, ids: [...got!.ids].sort() }).toEqual({ step: n, ids: [...expected.ids].sort() });
    }
    expect(got!.code).toBe(expected.exit);
    if (n === 6 || n === 7) expect(JSON.parse(got!.raw)).toMatchObject({ exitCode: 1 });
  });

  test.each(steps)('step %i: the guide quotes those ids and the lines of its files', (n) => {
    const text = section(n);
    // Every directive line is shown in this step's section or an earlier one (a later step
    // shows only what it changes).
    const upToHere = steps
      .filter((k) => k <= n)
      .map(section)
      .join('\n');
    const missing: string[] = [];
    for (const id of EXPECTED[n]!.ids) if (!text.includes(`\`${id}\``)) missing.push(`id ${id}`);
    for (const file of EXPECTED[n]!.files) {
      if (!text.includes(`guide/${file}`)) missing.push(`the path guide/${file}`);
      const directives = fs
        .readFileSync(path.join(FILES, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'));
      for (const line of directives) {
        if (!upToHere.split('\n').includes(line)) missing.push(`the line "${line}" of ${file}`);
      }
    }
    expect({ step: n, missing }).toEqual({ step: n, missing: [] });
  });

  test('step 7: one vigil backup run writes one RDB file', () => {
    expect({ code: backupRun.code, stderr: backupRun.stderr }).toMatchObject({ code: 0 });
    const files = fs.readdirSync(backupDir).filter((f) => /^mymaster-\d{8}T\d{6}Z(-\d+)?\.rdb$/.test(f));
    expect(files).toHaveLength(1);
    expect(fs.statSync(path.join(backupDir, files[0]!)).size).toBeGreaterThan(0);
    expect(backupRun.stderr).toMatch(/source: replica 127\.0\.0\.1:\d+/);
    expect(section(7)).toContain('vigil backup');
  });
});

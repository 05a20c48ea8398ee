/**
 * Vigil's own options (src/core/vigil-options.ts, issue #10 §3): given as `vigil <name> <value>`
 * lines or `--vigil <name> <value>` on the command line, changed with SENTINEL CONFIG SET
 * vigil-<name>, shown by SENTINEL CONFIG GET vigil-* and INFO vigil, persisted by the rewrite
 * (only when not at the default), and kept out of what 7.0.15 answers to CONFIG GET * and INFO.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  REPO_ROOT,
  makeTempDir,
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
} from '../helpers/processes.js';
import { callOnce, plain, textOf } from '../helpers/resp.js';

let vigil: ManagedProcess;

beforeAll(async () => {
  const primary = await startRedisServer();
  vigil = await startVigil({
    monitors: [{ name: 'mymaster', port: primary.port, quorum: 1, downAfterMs: 1000 }],
    args: ['--vigil', 'fence-on-minority', 'yes'],
  });
});

afterAll(stopAll);

/** CONFIG GET as an object (RESP2 gives a flat name/value array). */
async function configGet(pattern: string): Promise<Record<string, string>> {
  const flat = plain(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'GET', pattern)) as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

async function errorOf(...args: string[]): Promise<string> {
  const reply = await callOnce(vigil.port, ...args);
  return reply.kind === 'error' ? reply.value : `not an error: ${JSON.stringify(plain(reply))}`;
}

function vigilLines(): string[] {
  return fs
    .readFileSync(vigil.configPath, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('vigil '));
}

test('CONFIG GET vigil-* shows them; CONFIG GET * and INFO stay exactly 7.0.15', async () => {
  expect(await configGet('vigil-*')).toEqual({
    'vigil-fence-stale-primary': 'yes',
    'vigil-fence-on-minority': 'yes',
    'vigil-log-format': 'auto',
    'vigil-http-port': '0',
    'vigil-http-bind': '127.0.0.1',
    'vigil-http-token': '',
    'vigil-history-max': '1000',
  });
  expect(Object.keys(await configGet('*'))).toEqual([
    'resolve-hostnames',
    'announce-hostnames',
    'announce-ip',
    'announce-port',
    'sentinel-user',
    'sentinel-pass',
  ]);
  const infoVigil = textOf(await callOnce(vigil.port, 'INFO', 'vigil'));
  expect(infoVigil).toContain('# Vigil\r\n');
  expect(infoVigil).toContain('vigil_fence_on_minority:yes\r\n');
  expect(infoVigil).toContain('vigil_fence_stale_primary:yes\r\n');
  expect(infoVigil).toMatch(/vigil_fenced_instances:\d+\r\n/);
  for (const section of [[], ['all'], ['everything']]) {
    expect(textOf(await callOnce(vigil.port, 'INFO', ...section))).not.toContain('# Vigil');
  }
});

test('CONFIG SET persists non-defaults as `vigil` lines, refuses bad values and names, survives a restart', async () => {
  expect(
    textOf(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-fence-stale-primary', 'no')),
  ).toBe('OK');
  expect(vigilLines().sort()).toEqual(['vigil fence-on-minority yes', 'vigil fence-stale-primary no']);
  expect(await errorOf('SENTINEL', 'CONFIG', 'SET', 'vigil-fence-on-minority', 'maybe')).toBe(
    "ERR Invalid value 'maybe' to SENTINEL CONFIG SET 'vigil-fence-on-minority'",
  );
  expect(await errorOf('SENTINEL', 'CONFIG', 'SET', 'vigil-nope', 'yes')).toBe(
    "ERR Invalid argument 'vigil-nope' to SENTINEL CONFIG SET",
  );
  await vigil.restart();
  expect(await configGet('vigil-*')).toEqual({
    'vigil-fence-stale-primary': 'no',
    'vigil-fence-on-minority': 'yes',
    'vigil-log-format': 'auto',
    'vigil-http-port': '0',
    'vigil-http-bind': '127.0.0.1',
    'vigil-http-token': '',
    'vigil-history-max': '1000',
  });
  // Back to the defaults: the lines go, and the file is one redis-sentinel reads again.
  await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-fence-stale-primary', 'yes');
  await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-fence-on-minority', 'no');
  expect(vigilLines()).toEqual([]);
});

test('a bad `vigil` line stops the start with the line and the reason', () => {
  const dir = makeTempDir('vigil-options');
  const file = path.join(dir, 'sentinel.conf');
  fs.writeFileSync(file, 'port 0\nsentinel monitor m 127.0.0.1 6379 2\nvigil fence-on-minority perhaps\n');
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'vigil'), file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(">>> 'vigil fence-on-minority perhaps'");
  expect(run.stderr).toContain('argument must be yes or no');
  const unknown = path.join(dir, 'unknown.conf');
  fs.writeFileSync(unknown, 'port 0\nvigil fence-everything yes\n');
  const run2 = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'vigil'), unknown], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run2.status).toBe(1);
  expect(run2.stderr).toContain("Unknown vigil option 'fence-everything'");
});

test('maintenance: SENTINEL SET vigil-maintenance persists `vigil maintenance <name> yes`, INFO vigil shows it after a restart', async () => {
  expect(textOf(await callOnce(vigil.port, 'SENTINEL', 'SET', 'mymaster', 'vigil-maintenance', 'yes'))).toBe(
    'OK',
  );
  expect(vigilLines().filter((l) => l.includes('maintenance'))).toEqual(['vigil maintenance mymaster yes']);
  // Put first in the file, the line still loads: it is applied after the monitor lines.
  const text = fs.readFileSync(vigil.configPath, 'utf8');
  fs.writeFileSync(
    vigil.configPath,
    `vigil maintenance mymaster yes\n${text.replace('vigil maintenance mymaster yes\n', '')}`,
  );
  await vigil.restart();
  expect(textOf(await callOnce(vigil.port, 'INFO', 'vigil'))).toContain('vigil_maintenance:mymaster\r\n');
  expect(textOf(await callOnce(vigil.port, 'SENTINEL', 'SET', 'mymaster', 'vigil-maintenance', 'no'))).toBe(
    'OK',
  );
  expect(vigilLines().filter((l) => l.includes('maintenance'))).toEqual([]);
  expect(textOf(await callOnce(vigil.port, 'INFO', 'vigil'))).toContain('vigil_maintenance:\r\n');
});

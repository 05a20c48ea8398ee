/**
 * Log formats and reopen (issue #11 §6, docs/logging.md), on a real Vigil next to a real
 * redis-sentinel 7.0.15: `--vigil log-format legacy` writes the same lines as redis-sentinel
 * (`<pid>:X dd Mon yyyy hh:mm:ss.mmm <c> <text>`); SENTINEL CONFIG SET vigil-log-format
 * switches to logfmt, then json, at the next line; after `mv logfile logfile.1` a SIGHUP sends
 * the next lines to a fresh `logfile`; with stdout a SIGHUP changes nothing and stops nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  startRedisSentinel,
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { callOnce, okOnce, plain } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { parseLogfmt } from '../unit/log/logfmt.js';

const LEGACY =
  /^(\d+):X \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2}\.\d{3} [.\-*#] \S/;
const SECRET = 'n0t-in-the-log';

let primary: RedisServerHandle;
let vigil: ManagedProcess;
let logfile: string;

function linesOf(file: string): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

/** Waits for a line of `file` that matches, returns it. */
function lineIn(file: string, pattern: RegExp, description: string): Promise<string> {
  return waitFor(() => linesOf(file).find((l) => pattern.test(l)), {
    timeoutMs: 10_000,
    description: `${description} in ${file}:\n${linesOf(file).slice(-10).join('\n')}`,
  });
}

beforeAll(async () => {
  primary = await startRedisServer();
});

afterAll(stopAll);

test('legacy: the lines of redis-sentinel 7.0.15, `# +monitor master ...` included', async () => {
  const monitors = [{ name: 'mymaster', port: primary.port, quorum: 1 }];
  const sentinel = await startRedisSentinel({ monitors, extraConfig: ['logfile sentinel.log'] });
  vigil = await startVigil({
    monitors,
    extraConfig: ['logfile vigil.log'],
    args: ['--vigil', 'log-format', 'legacy'],
  });
  logfile = path.join(vigil.dir, 'vigil.log');
  const monitor = new RegExp(`# \\+monitor master mymaster 127\\.0\\.0\\.1 ${primary.port} quorum 1$`);
  const ours = await lineIn(logfile, monitor, '+monitor');
  const theirs = await lineIn(path.join(sentinel.dir, 'sentinel.log'), monitor, '+monitor');
  await sentinel.stop();
  // Same shape once the pid and the time are set aside.
  const shape = (l: string): string => l.replace(/^\d+:X .{24} /, 'PID:X TIME ');
  expect(shape(ours)).toBe(shape(theirs));
  expect(ours).toMatch(LEGACY);
  expect(ours.startsWith(`${vigil.pid}:X `)).toBe(true);
  const all = linesOf(logfile);
  expect(all.filter((l) => !LEGACY.test(l))).toEqual([]);
  expect(all.some((l) => / \* Sentinel new configuration saved on disk$/.test(l))).toBe(true);
  expect(all.some((l) => / # Sentinel ID is [0-9a-f]{40}$/.test(l))).toBe(true);
});

test('CONFIG SET vigil-log-format logfmt: the next lines are logfmt, events as fields, no password', async () => {
  await okOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-log-format', 'logfmt');
  const before = linesOf(logfile).length;
  await okOnce(vigil.port, 'SENTINEL', 'SET', 'mymaster', 'auth-pass', SECRET);
  await okOnce(vigil.port, 'SENTINEL', 'SET', 'mymaster', 'auth-pass', '');
  await okOnce(vigil.port, 'SENTINEL', 'SET', 'mymaster', 'quorum', '1');
  await lineIn(logfile, /^time=.* event=\+set payload=".* quorum 1"/, 'logfmt +set quorum');
  const lines = linesOf(logfile).slice(before);
  const records = lines.map(parseLogfmt);
  for (const r of records) {
    expect(r.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(r.pid).toBe(String(vigil.pid));
    expect(r.level).toMatch(/^(debug|verbose|info|warn|error)$/);
  }
  expect(records).toContainEqual(
    expect.objectContaining({
      level: 'warn',
      event: '+set',
      payload: `master mymaster 127.0.0.1 ${primary.port} auth-pass ******`,
      master: 'mymaster',
      msg: `+set master mymaster 127.0.0.1 ${primary.port} auth-pass ******`,
    }),
  );
  expect(fs.readFileSync(logfile, 'utf8')).not.toContain(SECRET);
  // Persisted as a `vigil` line, shown by CONFIG GET.
  expect(fs.readFileSync(vigil.configPath, 'utf8')).toMatch(/^vigil log-format logfmt$/m);
  expect(plain(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'GET', 'vigil-log-format'))).toEqual([
    'vigil-log-format',
    'logfmt',
  ]);
});

test('mv logfile logfile.1, SIGHUP: the next lines go to a fresh logfile', async () => {
  const rotated = `${logfile}.1`;
  fs.renameSync(logfile, rotated);
  vigil.kill('SIGHUP');
  await lineIn(logfile, /msg="Log file .*vigil\.log reopened"$/, 'the reopen line');
  const oldCount = linesOf(rotated).length;
  await okOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-log-format', 'json');
  await okOnce(vigil.port, 'SENTINEL', 'SET', 'mymaster', 'quorum', '1');
  await lineIn(logfile, /^\{.*"event":"\+set"/, 'a json +set');
  const json = linesOf(logfile)
    .slice(1)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(json).toContainEqual(
    expect.objectContaining({
      level: 'warn',
      pid: vigil.pid,
      event: '+set',
      payload: `master mymaster 127.0.0.1 ${primary.port} quorum 1`,
    }),
  );
  expect(linesOf(rotated)).toHaveLength(oldCount);
  expect(vigil.running).toBe(true);
});

test('logging to stdout (a file here, so json): SIGHUP is not fatal, nothing is reopened', async () => {
  const v = await startVigil({
    monitors: [{ name: 'mymaster', port: primary.port, quorum: 1 }],
    extraConfig: ['loglevel verbose'],
  });
  const stdout = path.join(v.dir, 'stdout.log');
  await lineIn(stdout, /"msg":"Vigil started/, 'the start line');
  v.kill('SIGHUP');
  await lineIn(stdout, /"msg":"Logging to stdout: no log file to reopen"/, 'the SIGHUP line');
  expect(linesOf(stdout).map((l) => (JSON.parse(l) as { pid: number }).pid)).toEqual(
    linesOf(stdout).map(() => v.pid),
  );
  await okOnce(v.port, 'PING');
  expect(v.running).toBe(true);
});

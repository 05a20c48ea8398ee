/**
 * The command-line contract other tools rely on: `bin/vigil <config> [--directive value ...]`
 * as a drop-in for `redis-sentinel`, --help/--version, a relative config path, `dir` and
 * `logfile`, clean exits on SIGTERM and SHUTDOWN, and a failed config save answered with
 * Sentinel's error while the daemon keeps serving.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  REPO_ROOT,
  startRedisServer,
  startVigil,
  stopAll,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { getFreePort } from '../helpers/ports.js';
import { RespClient, closeAllClients, fieldsOf, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { VIGIL_VERSION } from '../../src/constants.js';

const run = promisify(execFile);
const VIGIL = path.join(REPO_ROOT, 'bin', 'vigil');
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
  tempDirs.push(dir);
  return dir;
}

let primary: RedisServerHandle;

beforeAll(async () => {
  primary = await startRedisServer();
});

afterAll(async () => {
  await closeAllClients();
  await stopAll();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Start `bin/vigil` directly (not through the harness) so its arguments and cwd are ours. */
function spawnVigil(args: string[], cwd: string) {
  const child = spawn(process.execPath, [VIGIL, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('bin/vigil', () => {
  test('is directly executable and answers --version and --help', async () => {
    expect(fs.statSync(VIGIL).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(VIGIL, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const version = await run(VIGIL, ['--version']);
    expect(version.stdout.trim()).toBe(VIGIL_VERSION);
    const help = await run(VIGIL, ['--help']);
    expect(help.stdout).toContain('vigil <config-file> [--<directive> <value> ...]');
    expect(help.stdout).toContain('vigil demo');
  });

  test('a relative config path, --port override, `dir` and `logfile`, SIGTERM exits 0', async () => {
    const cwd = tempDir();
    const dataDir = tempDir();
    const port = await getFreePort();
    fs.writeFileSync(
      path.join(cwd, 'my.conf'),
      `port 1\nbind 127.0.0.1\ndir ${dataDir}\nlogfile vigil.log\nsentinel monitor mym 127.0.0.1 ${primary.port} 2\n`,
    );
    const vigil = spawnVigil(['my.conf', '--port', String(port)], cwd);
    // Logs go to <dir>/vigil.log once Vigil changed into `dir`.
    const logPath = path.join(dataDir, 'vigil.log');
    await waitFor(() => fs.existsSync(logPath) && fs.readFileSync(logPath, 'utf8').includes('+monitor'), {
      timeoutMs: 15000,
      description: 'the +monitor record in the log file',
    });
    const client = await RespClient.connect(port);
    expect(textOf((await client.send('PING')).value)).toBe('PONG');
    // The rewrite went to the config file where it was given (relative to the start cwd).
    expect(fs.readFileSync(path.join(cwd, 'my.conf'), 'utf8')).toMatch(/^sentinel myid [0-9a-f]{40}$/m);
    const record = JSON.parse(
      fs
        .readFileSync(logPath, 'utf8')
        .split('\n')
        .find((l) => l.includes('"+monitor"')) as string,
    ) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'warn',
      event: '+monitor',
      payload: `master mym 127.0.0.1 ${primary.port} quorum 2`,
      master: 'mym',
      msg: `+monitor master mym 127.0.0.1 ${primary.port} quorum 2`,
    });
    vigil.child.kill('SIGTERM');
    expect(await vigil.exited).toBe(0);
    expect(fs.readFileSync(logPath, 'utf8')).toContain('Sentinel is now ready to exit, bye bye...');
  });

  test('SHUTDOWN exits 0', async () => {
    const cwd = tempDir();
    const port = await getFreePort();
    fs.writeFileSync(path.join(cwd, 's.conf'), `port ${port}\nbind 127.0.0.1\n`);
    const vigil = spawnVigil(['s.conf'], cwd);
    await waitFor(() => vigil.out().includes('Sentinel ID is'), { timeoutMs: 15000, description: 'start' });
    const client = await RespClient.connect(port);
    // No reply comes: the connection closes as the process exits.
    void client.send('SHUTDOWN').catch(() => undefined);
    expect(await vigil.exited).toBe(0);
    expect(vigil.out()).toContain('User requested shutdown...');
  });

  test('a missing config file and `daemonize yes` are refused with exit 1', async () => {
    const cwd = tempDir();
    const missing = spawnVigil(['nope.conf'], cwd);
    expect(await missing.exited).toBe(1);
    expect(missing.err()).toContain(path.join(cwd, 'nope.conf'));
    fs.writeFileSync(path.join(cwd, 'd.conf'), 'port 26999\ndaemonize yes\n');
    const daemonize = spawnVigil(['d.conf'], cwd);
    expect(await daemonize.exited).toBe(1);
    expect(daemonize.err()).toContain('line 2');
    expect(daemonize.err()).toContain("'daemonize yes'");
  });
});

describe('a config save that fails', () => {
  test('answers ERR Failed to save config file and keeps serving', async () => {
    const vigil = await startVigil({ monitors: [{ name: 'mym', port: primary.port, quorum: 2 }] });
    const client = await RespClient.connect(vigil.port);
    // With the config's directory gone, neither the temp-file-and-rename nor the in-place
    // write can succeed (even as root).
    fs.rmSync(path.dirname(vigil.configPath), { recursive: true, force: true });
    const reply = await client.send('SENTINEL', 'SET', 'mym', 'quorum', '1');
    expect(textOf(reply.value)).toBe('ERR Failed to save config file. Check server logs.');
    expect(textOf((await client.send('PING')).value)).toBe('PONG');
    // The change itself stays applied, as in Sentinel 7.0.
    const master = await client.send('SENTINEL', 'MASTER', 'mym');
    expect(fieldsOf(master.value).quorum).toBe('1');
  });
});

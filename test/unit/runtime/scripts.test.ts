import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventAction } from '../../../src/log.js';
import { realClock } from '../../../src/runtime/clock.js';
import { ScriptQueue, type ScriptTimers } from '../../../src/runtime/scripts.js';
import { waitFor } from '../../helpers/waitFor.js';

let dir: string;
let queue: ScriptQueue | null = null;
let ticker: NodeJS.Timeout | null = null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scripts-'));
});

afterEach(() => {
  if (ticker) clearInterval(ticker);
  ticker = null;
  queue?.killAll();
  queue = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function setup(timers: Partial<ScriptTimers> = {}, autoTick = true) {
  const events: EventAction[] = [];
  const current: ScriptTimers = { 'script-max-runtime': 60_000, 'script-retry-delay': 30_000, ...timers };
  queue = new ScriptQueue({
    clock: realClock,
    timers: () => current,
    onEvent: (e) => events.push(e),
    cwd: () => dir,
  });
  const q = queue;
  if (autoTick) ticker = setInterval(() => q.tick(), 5);
  const named = (name: string) => events.filter((e) => e.name === name).map((e) => e.payload);
  return { q, events, named, timers: current };
}

function readLines(file: string): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
  } catch {
    return [];
  }
}

describe('ScriptQueue', () => {
  test('a successful script runs once with its argv, in the sentinel dir, with its environment', async () => {
    const out = path.join(dir, 'out');
    process.env.VIGIL_SCRIPT_TEST = 'from-parent';
    const s = script('ok.sh', `echo "$1|$2|$(pwd)|$VIGIL_SCRIPT_TEST" > ${out}`);
    const { q, events, named } = setup();
    q.schedule([s, '+sdown', 'master m 127.0.0.1 6379']);
    expect(q.queueLength()).toBe(1);
    await waitFor(() => q.queueLength() === 0, { description: 'script done' });
    delete process.env.VIGIL_SCRIPT_TEST;
    expect(readLines(out)).toEqual([`+sdown|master m 127.0.0.1 6379|${fs.realpathSync(dir)}|from-parent`]);
    const [pid] = named('+script-child');
    expect(pid).toMatch(/^\d+$/);
    expect(named('-script-child')).toEqual([`${pid} 0 0`]);
    expect(named('-script-error')).toEqual([]);
    expect(events.filter((e) => e.name.endsWith('script-child')).every((e) => e.level === 'debug')).toBe(
      true,
    );
  });

  test('exit 1 is retried after script-retry-delay × 2^(n−1) until success', async () => {
    const runs = path.join(dir, 'runs');
    const s = script(
      'flaky.sh',
      `echo "$(date +%s%3N)" >> ${runs}\nn=$(wc -l < ${runs})\n[ "$n" -ge 3 ] && exit 0\nexit 1`,
    );
    const { q, named } = setup({ 'script-retry-delay': 100 });
    q.schedule([s]);
    await waitFor(() => q.queueLength() === 0, { description: 'flaky script done' });
    const times = readLines(runs).map(Number);
    expect(times).toHaveLength(3);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(100);
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(200);
    expect(named('-script-error')).toEqual([]);
  });

  test('a job waiting for its retry shows the retry count and next run time', async () => {
    const s = script('fail.sh', 'exit 1');
    const { q } = setup({ 'script-retry-delay': 60_000 });
    const before = Date.now();
    q.schedule([s, 'a']);
    await waitFor(() => q.jobs()[0]?.retryNum === 1 && !q.jobs()[0]?.running, {
      description: 'first run over',
    });
    const [job] = q.jobs();
    expect(job).toMatchObject({ argv: [s, 'a'], running: false, pid: 0, retryNum: 1 });
    expect(job?.time).toBeGreaterThanOrEqual(before + 60_000);
  });

  test('exit 1 every time: 10 runs, then -script-error <path> 0 1', async () => {
    const runs = path.join(dir, 'runs');
    const s = script('always1.sh', `echo x >> ${runs}\nexit 1`);
    const { q, named } = setup({ 'script-retry-delay': 1 });
    q.schedule([s]);
    await waitFor(() => q.queueLength() === 0, { description: 'all retries used', timeoutMs: 20_000 });
    expect(readLines(runs)).toHaveLength(10);
    expect(named('-script-error')).toEqual([`${s} 0 1`]);
  });

  test('exit 2 is not retried', async () => {
    const runs = path.join(dir, 'runs');
    const s = script('exit2.sh', `echo x >> ${runs}\nexit 2`);
    const { q, named } = setup({ 'script-retry-delay': 1 });
    q.schedule([s]);
    await waitFor(() => q.queueLength() === 0, { description: 'script gone' });
    expect(readLines(runs)).toHaveLength(1);
    expect(named('-script-error')).toEqual([`${s} 0 2`]);
  });

  test('a script over script-max-runtime gets -script-timeout and SIGKILL, then waits for a retry', async () => {
    const s = script('slow.sh', 'exec sleep 30');
    const { q, named } = setup({ 'script-max-runtime': 100, 'script-retry-delay': 60_000 });
    q.schedule([s]);
    await waitFor(() => named('-script-child').length === 1, { description: 'killed script reaped' });
    const [pid] = named('+script-child');
    expect(named('-script-timeout')).toEqual([`${s} ${pid}`]);
    // Killed by signal 9: eligible for a retry, as in Sentinel.
    expect(named('-script-child')).toEqual([`${pid} 0 9`]);
    expect(q.jobs()[0]).toMatchObject({ running: false, retryNum: 1 });
    expect(q.runningCount()).toBe(0);
  });

  test('a missing script ends like a failed execve: -script-error <path> 0 2, no retry', async () => {
    const missing = path.join(dir, 'nope.sh');
    const { q, named } = setup({ 'script-retry-delay': 1 });
    q.schedule([missing, 'x']);
    await waitFor(() => q.queueLength() === 0, { description: 'job dropped' });
    expect(named('-script-error')).toEqual([`${missing} 0 2`]);
    expect(q.runningCount()).toBe(0);
  });

  test('a failure to create the process is reported as signal 99 and retried at the next tick', () => {
    const events: EventAction[] = [];
    let attempts = 0;
    const q = new ScriptQueue({
      clock: realClock,
      timers: () => ({ 'script-max-runtime': 60_000, 'script-retry-delay': 30_000 }),
      onEvent: (e) => events.push(e),
      spawnFn: () => {
        attempts++;
        throw Object.assign(new Error('spawn EAGAIN'), { code: 'EAGAIN' });
      },
    });
    q.schedule(['/x.sh', 'a']);
    q.tick();
    expect(events.map((e) => `${e.name} ${e.payload}`)).toEqual(['-script-error /x.sh 99 0']);
    expect(q.jobs()[0]).toMatchObject({ running: false, pid: 0, retryNum: 1 });
    q.tick();
    expect(attempts).toBe(2);
    q.killAll();
  });

  test('at most 16 scripts run at once', async () => {
    const s = script('sleep.sh', 'exec sleep 30');
    const { q } = setup({}, false);
    for (let i = 0; i < 20; i++) q.schedule([s, String(i)]);
    q.tick();
    expect(q.runningCount()).toBe(16);
    const jobs = q.jobs();
    expect(jobs.filter((j) => j.running).map((j) => j.argv[1])).toEqual(
      Array.from({ length: 16 }, (_, i) => String(i)),
    );
    expect(jobs.filter((j) => j.running).every((j) => j.pid > 0)).toBe(true);
  });

  test('the queue holds 256 jobs: the oldest not running is dropped', () => {
    const s = script('sleep.sh', 'exec sleep 30');
    const { q } = setup({}, false);
    for (let i = 0; i < 16; i++) q.schedule([s, `run${i}`]);
    q.tick();
    expect(q.runningCount()).toBe(16);
    for (let i = 0; i < 300; i++) q.schedule([s, `wait${i}`]);
    expect(q.queueLength()).toBe(256);
    const args = q.jobs().map((j) => j.argv[1]);
    // The 16 running stay; of the waiting ones only the newest 240 are kept.
    expect(args.slice(0, 16)).toEqual(Array.from({ length: 16 }, (_, i) => `run${i}`));
    expect(args[16]).toBe('wait60');
    expect(args[255]).toBe('wait299');
  });

  test('descriptors the sentinel opens (files, sockets) do not leak into a script', async () => {
    const out = path.join(dir, 'fds');
    const held = fs.openSync(path.join(dir, 'held'), 'w');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const serverFd = (server as unknown as { _handle: { fd: number } })._handle.fd;
    try {
      const s = script('fds.sh', `exec ls /proc/self/fd > ${out}`);
      const { q } = setup();
      q.schedule([s]);
      await waitFor(() => q.queueLength() === 0, { description: 'fd script done' });
      const fds = readLines(out).map(Number);
      expect(fds).toEqual(expect.arrayContaining([0, 1, 2]));
      expect(serverFd).toBeGreaterThan(2);
      expect(fds).not.toContain(held);
      expect(fds).not.toContain(serverFd);
    } finally {
      fs.closeSync(held);
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('timers are read at use: a shorter retry delay applies to the next failure', async () => {
    const runs = path.join(dir, 'runs');
    const s = script('f.sh', `echo x >> ${runs}\n[ "$(wc -l < ${runs})" -ge 2 ] && exit 0\nexit 1`);
    const { q, timers } = setup({ 'script-retry-delay': 3_600_000 });
    timers['script-retry-delay'] = 10;
    q.schedule([s]);
    await waitFor(() => q.queueLength() === 0, { description: 'second run succeeded' });
    expect(readLines(runs)).toHaveLength(2);
  });
});

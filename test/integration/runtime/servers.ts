/**
 * Test servers for the link tests: real redis-server processes, a TCP server that accepts and
 * never answers, and a listener whose accept queue is full (a connect to it never completes).
 * Everything started here is stopped by stopAll().
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { getFreePort } from '../../helpers/ports.js';
import { waitFor } from '../../helpers/waitFor.js';

const children: ChildProcess[] = [];
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
const dirs: string[] = [];

export interface RedisServer {
  port: number;
  proc: ChildProcess;
  /** redis-cli against this server; returns stdout. */
  cli(...args: string[]): Promise<string>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startRedis(extra: string[] = [], password?: string): Promise<RedisServer> {
  const port = await getFreePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-links-'));
  dirs.push(dir);
  const proc = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...extra,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  children.push(proc);
  await waitFor(() => canConnect(port), { description: `redis-server on ${port}` });
  const cli = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const auth = password ? ['-a', password, '--no-auth-warning'] : [];
      execFile('redis-cli', ['-p', String(port), ...auth, ...args], (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
  return { port, proc, cli };
}

/** Accepts connections and never writes a byte. */
export async function startSilentServer(): Promise<{
  port: number;
  accepted: net.Socket[];
  received: string[];
  closed: boolean[];
}> {
  const accepted: net.Socket[] = [];
  /** Bytes received on each accepted connection, in accept order. */
  const received: string[] = [];
  /** Whether the client closed each accepted connection. */
  const closed: boolean[] = [];
  const server = net.createServer((s) => {
    const index = accepted.length;
    accepted.push(s);
    received.push('');
    closed.push(false);
    s.on('close', () => {
      closed[index] = true;
    });
    sockets.push(s);
    s.on('data', (d: Buffer) => {
      received[index] += d.toString('latin1');
    });
    s.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return { port: address.port, accepted, received, closed };
}

/**
 * A listener that never accepts, with its accept queue already full: the kernel drops further
 * SYNs, so a connect to it hangs until the client's own timeout (a blackholed address).
 */
export async function startBlackhole(): Promise<number> {
  const code = [
    'import socket, sys, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'print(s.getsockname()[1], flush=True)',
    'time.sleep(600)',
  ].join('\n');
  const proc = spawn('python3', ['-u', '-c', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(proc);
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    proc.once('error', reject);
  });
  // Fill the queue (backlog 0 holds one connection).
  const filler = net.connect({ port, host: '127.0.0.1' });
  filler.on('error', () => {});
  sockets.push(filler);
  await new Promise<void>((resolve) => filler.once('connect', () => resolve()));
  return port;
}

export async function stopAll(): Promise<void> {
  for (const s of sockets.splice(0)) s.destroy();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  for (const proc of children.splice(0)) {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

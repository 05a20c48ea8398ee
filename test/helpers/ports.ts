/**
 * Free loopback ports for test servers, safe across parallel jest workers.
 *
 * Why not just "listen on port 0 and hand the number out": the kernel gives port-0 listeners
 * a port from the ephemeral range, the same range it uses for the source port of every
 * outgoing connection. Between our probe and the moment redis-server binds (or when a test
 * restarts a server on the same port), a client socket may take that port and the bind fails
 * with EADDRINUSE. So we draw candidates from just below the ephemeral range, still prove
 * each one free by listening on it, and reserve it with a lock file so another jest worker
 * (another process) never gets the same one. A port stays reserved for the life of the
 * process: servers are restarted on their old port, and a killed Redis may still be
 * remembered by sentinels as "that address", so reuse inside one process is never wanted.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { workerShared, realProcess } from './realProcess.js';

const LOCK_DIR = path.join(os.tmpdir(), 'vigil-test-ports');
/** Ports that a developer's own Redis or Sentinel (or our README example) may be using. */
const AVOID = new Set([6379, 6380, 16379, 26379, 26380]);

/** Shared by all test files of this worker, so a port is never handed out twice in it. */
const reservedHere = workerShared('ports.reserved', () => {
  const ports = new Set<number>();
  // Lock files of a dead process are reclaimed anyway; this only keeps the temp dir tidy.
  realProcess().once('exit', () => releaseLocks(ports));
  return ports;
});

/** The candidate range: below the kernel's ephemeral range when there is room, else port 0. */
function candidateRange(): { low: number; high: number } | undefined {
  let ephemeralLow = 32768;
  try {
    const text = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    const first = Number.parseInt(text.trim().split(/\s+/)[0] ?? '', 10);
    if (Number.isInteger(first)) ephemeralLow = first;
  } catch {
    // Not Linux: the default ephemeral range of most systems starts at 32768 or 49152.
  }
  const low = 20000;
  const high = Math.min(ephemeralLow, 65536) - 1;
  return high - low >= 1000 ? { low, high } : undefined;
}

function listenOnce(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the cross-process lock for `port`; reclaims locks left by dead processes. */
function tryLock(port: number): boolean {
  fs.mkdirSync(LOCK_DIR, { recursive: true });
  const file = path.join(LOCK_DIR, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      } catch {
        // The owner removed it meanwhile: retry.
      }
      if (Number.isInteger(owner) && (owner === process.pid || pidAlive(owner))) return false;
      try {
        fs.unlinkSync(file);
      } catch {
        // Another process reclaimed it first.
      }
    }
  }
  return false;
}

function releaseLocks(ports: ReadonlySet<number>): void {
  for (const port of ports) {
    try {
      const file = path.join(LOCK_DIR, String(port));
      if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Returns a loopback TCP port nobody listens on, never returned before in this process and
 * not reserved by another live process using these helpers.
 */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  const range = candidateRange();
  for (let attempt = 0; attempt < 200; attempt++) {
    const candidate = range ? range.low + Math.floor(Math.random() * (range.high - range.low + 1)) : 0;
    if (reservedHere.has(candidate) || AVOID.has(candidate)) continue;
    const port = await listenOnce(candidate, host);
    if (port === undefined || reservedHere.has(port) || AVOID.has(port)) continue;
    if (!tryLock(port)) continue;
    reservedHere.add(port);
    return port;
  }
  throw new Error(`getFreePort: no free port found on ${host} after 200 attempts`);
}

/** Several distinct free ports. */
export async function getFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await getFreePort(host));
  return ports;
}

/** Ports handed out by this process so far (for tests of the harness). */
export function reservedPorts(): ReadonlySet<number> {
  return reservedHere;
}

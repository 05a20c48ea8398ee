/**
 * The HTTP listener and the failover history (issue #11 §1, §2; docs/http.md) against a real
 * redis-server primary and replica and a real Vigil started with `--vigil http-port <port>`:
 * health and readiness, /metrics under redis_exporter's names plus Vigil's counters,
 * /v1/masters, JSON errors, the bearer token, a huge header and a slow sender while the RESP
 * port keeps answering, a forced failover in /v1/history, in vigil-history.jsonl and in
 * `vigil history`, across a restart; then /readyz going 503 when the primary dies.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  REPO_ROOT,
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { getFreePort } from '../helpers/ports.js';
import { callOnce, closeAllClients, plain, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { waitForReplicationLink } from '../helpers/topology.js';

const run = promisify(execFile);

let primary: RedisServerHandle;
let replica: RedisServerHandle;
let vigil: ManagedProcess;
let httpPort: number;

interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; port?: number } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: options.port ?? httpPort,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function getJson(pathname: string, headers: Record<string, string> = {}): Promise<[number, unknown]> {
  const r = await request(pathname, { headers });
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  return [r.status, JSON.parse(r.body) as unknown];
}

/** Write `text` on a raw socket; resolves with everything the server sent until it closed. */
function rawExchange(text: string, port = httpPort): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (got += c));
    socket.on('error', (err) => (got === '' ? reject(err) : resolve(got)));
    socket.on('close', () => resolve(got));
    socket.write(text);
  });
}

beforeAll(async () => {
  primary = await startRedisServer();
  replica = await startRedisServer({ replicaOf: { port: primary.port } });
  await waitForReplicationLink(replica);
  httpPort = await getFreePort();
  vigil = await startVigil({
    monitors: [
      { name: 'mymaster', port: primary.port, quorum: 1, downAfterMs: 1000, failoverTimeoutMs: 10_000 },
    ],
    args: ['--vigil', 'http-port', String(httpPort)],
  });
}, 30_000);

afterAll(async () => {
  await closeAllClients();
  await stopAll();
});

test('/healthz, /readyz, 404 and 405 as JSON', async () => {
  expect(await getJson('/healthz')).toEqual([200, { status: 'ok' }]);
  await waitFor(async () => (await request('/readyz')).status === 200, { description: '/readyz 200' });
  expect(await getJson('/readyz')).toEqual([200, { status: 'ready' }]);
  expect(await getJson('/no/such/path')).toEqual([404, { error: 'not found', status: 404 }]);
  expect(await getJson('/v1/masters/nosuch')).toEqual([404, { error: 'no such master', status: 404 }]);
  const post = await request('/healthz', { method: 'POST' });
  expect(post.status).toBe(405);
  expect(post.headers.allow).toBe('GET');
  expect(JSON.parse(post.body)).toEqual({ error: 'method POST not allowed', status: 405 });
});

test('/metrics: redis_exporter names, our counters, process metrics', async () => {
  const master = `master_name="mymaster",master_address="127.0.0.1:${primary.port}"`;
  const text = await waitFor(
    async () => {
      const r = await request('/metrics');
      return r.body.includes(`redis_sentinel_master_ok_slaves{${master}} 1`) ? r : null;
    },
    { description: 'replica discovered in /metrics' },
  );
  expect(text.status).toBe(200);
  expect(text.headers['content-type']).toMatch(/^text\/plain/);
  expect(text.body).toContain(`redis_sentinel_master_status{${master},master_status="ok"} 1`);
  expect(text.body).toContain(`redis_sentinel_master_ok_sentinels{${master}} 1`);
  expect(text.body).toContain(`redis_sentinel_master_setting_ckquorum{${master}} 1`);
  expect(text.body).toContain('redis_sentinel_masters 1');
  expect(text.body).toContain('redis_sentinel_tilt 0');
  expect(text.body).toMatch(
    /^redis_sentinel_master_ckquorum_status\{master_name="mymaster",message="OK 1 usable[^"]*"\} 1$/m,
  );
  expect(text.body).toMatch(/^vigil_config_saves_total\{result="ok"\} [1-9]/m);
  expect(text.body).toMatch(
    /^vigil_link_rtt_seconds_count\{master_name="mymaster",kind="master",[^}]*\} [1-9]/m,
  );
  expect(text.body).toMatch(/^redis_connected_clients \d+$/m);
  expect(text.body).toMatch(/^process_resident_memory_bytes \d+/m);
});

test('/v1/masters and /v1/masters/:name', async () => {
  const [status, body] = await waitFor(async () => {
    const reply = await getJson('/v1/masters');
    const list = reply[1] as { replicas: { masterLinkStatus: string; link: { connected: boolean } }[] }[];
    const r = list[0]?.replicas[0];
    return r?.link.connected === true && r.masterLinkStatus === 'ok' ? reply : null;
  });
  expect(status).toBe(200);
  const [m] = body as Record<string, unknown>[];
  expect(m).toMatchObject({
    name: 'mymaster',
    status: 'ok',
    primary: { address: `127.0.0.1:${primary.port}`, role: 'master', link: { connected: true } },
    quorum: 1,
    configEpoch: '0',
    failover: { inProgress: false, state: 'none' },
    replicas: [
      {
        name: `127.0.0.1:${replica.port}`,
        role: 'slave',
        masterLinkStatus: 'ok',
        link: { connected: true },
      },
    ],
    sentinels: [],
  });
  const replicas = m.replicas as { offset: unknown; lag: unknown; flags: unknown }[];
  expect(typeof replicas[0].offset).toBe('number');
  expect(replicas[0].flags).toEqual(['slave']);
  expect(await getJson('/v1/masters/mymaster')).toEqual([200, expect.objectContaining({ name: 'mymaster' })]);
});

test('a huge header gets 431 and a slow sender is cut off, while RESP answers PING', async () => {
  const huge = rawExchange(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
  // A sender that never finishes its headers holds its socket only until headersTimeout.
  const slow = net.connect(httpPort, '127.0.0.1');
  slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  const slowStarted = Date.now();
  const slowClosed = new Promise<string>((resolve) => {
    let got = '';
    slow.setEncoding('utf8');
    slow.on('data', (c: string) => (got += c));
    slow.on('error', () => resolve(got));
    slow.on('close', () => resolve(got));
  });
  expect(textOf(await callOnce(vigil.port, 'PING'))).toBe('PONG');
  const reply = await huge;
  expect(reply).toMatch(/^HTTP\/1\.1 431 /);
  expect(reply).toContain('{"error":"request headers too large","status":431}');
  expect(textOf(await callOnce(vigil.port, 'PING'))).toBe('PONG');
  expect((await request('/healthz')).status).toBe(200);
  const slowReply = await slowClosed;
  expect(Date.now() - slowStarted).toBeLessThan(9000);
  expect(slowReply === '' || /^HTTP\/1\.1 408 /.test(slowReply)).toBe(true);
}, 15_000);

test('http-token: 401 without or with a wrong token; CONFIG SET applies at once, never logged', async () => {
  const token = 'tok-3f9a1c77e0';
  expect(textOf(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-http-token', token))).toBe(
    'OK',
  );
  const none = await request('/healthz');
  expect(none.status).toBe(401);
  expect(none.headers['www-authenticate']).toBe('Bearer');
  expect(JSON.parse(none.body)).toEqual({ error: 'missing or wrong bearer token', status: 401 });
  expect((await request('/metrics', { headers: { Authorization: `Bearer ${token}x` } })).status).toBe(401);
  expect((await request('/metrics', { headers: { Authorization: token } })).status).toBe(401);
  expect((await request('/metrics', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  expect(fs.readFileSync(vigil.configPath, 'utf8')).toContain(`vigil http-token ${token}`);
  expect(textOf(await callOnce(vigil.port, 'INFO', 'vigil'))).toContain('vigil_http_token:******');
  expect(textOf(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-http-token', ''))).toBe('OK');
  expect((await request('/healthz')).status).toBe(200);
  expect(vigil.logs(100_000)).not.toContain(token);
});

test('a forced failover is in /v1/history, vigil-history.jsonl and `vigil history`, and survives a restart', async () => {
  // A second Vigil that only watches: it records the failover as observed.
  const observer = await startVigil({
    monitors: [
      { name: 'mymaster', port: primary.port, quorum: 1, downAfterMs: 1000, failoverTimeoutMs: 10_000 },
    ],
  });
  const myid = textOf(await callOnce(vigil.port, 'SENTINEL', 'MYID'));
  await waitFor(
    async () => {
      const peers = plain(await callOnce(observer.port, 'SENTINEL', 'SENTINELS', 'mymaster')) as string[][];
      return peers.some((p) => p.includes(myid));
    },
    { description: 'the observer knows the leader' },
  );
  expect(textOf(await callOnce(vigil.port, 'SENTINEL', 'FAILOVER', 'mymaster'))).toBe('OK');
  const [, history] = await waitFor(
    async () => {
      const reply = await getJson('/v1/history');
      return (reply[1] as unknown[]).length > 0 ? reply : null;
    },
    { timeoutMs: 20_000, description: 'a history entry' },
  );
  const entries = history as Record<string, unknown>[];
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({
    v: 1,
    master: 'mymaster',
    role: 'leader',
    epoch: '1',
    forced: true,
    oldPrimary: `127.0.0.1:${primary.port}`,
    newPrimary: `127.0.0.1:${replica.port}`,
    outcome: 'succeeded',
    abortReason: null,
    skipped: [],
  });
  const states = (entries[0].states as { state: string }[]).map((s) => s.state);
  expect(states[0]).toBe('wait_start');
  expect(states).toContain('wait_promotion');
  expect(states[states.length - 1]).toBe('switch');

  const metrics = (await request('/metrics')).body;
  expect(metrics).toContain('vigil_failovers_started_total{master_name="mymaster"} 1');
  expect(metrics).toContain('vigil_failovers_succeeded_total{master_name="mymaster"} 1');
  expect(metrics).toContain('vigil_elections_won_total{master_name="mymaster"} 1');
  expect(metrics).toMatch(/^vigil_failover_duration_seconds_count\{master_name="mymaster"\} 1$/m);

  const file = path.join(vigil.dir, 'vigil-history.jsonl');
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0])).toEqual(entries[0]);

  const bin = path.join(REPO_ROOT, 'bin', 'vigil');
  const text = await run(process.execPath, [bin, 'history', '--config', vigil.configPath]);
  expect(text.stdout).toContain(
    `mymaster  epoch 1  leader  succeeded  127.0.0.1:${primary.port} -> 127.0.0.1:${replica.port}`,
  );
  const json = await run(process.execPath, [bin, 'history', '--dir', vigil.dir, '--json']);
  expect(JSON.parse(json.stdout)).toEqual(entries);

  const observed = await waitFor(
    async () => {
      const out = await run(process.execPath, [bin, 'history', '--config', observer.configPath, '--json']);
      const list = JSON.parse(out.stdout) as Record<string, unknown>[];
      return list.length > 0 ? list : null;
    },
    { description: "the observer's history entry" },
  );
  expect(observed).toEqual([
    expect.objectContaining({
      role: 'observer',
      outcome: 'observed',
      leader: myid,
      epoch: '1',
      oldPrimary: `127.0.0.1:${primary.port}`,
      newPrimary: `127.0.0.1:${replica.port}`,
    }),
  ]);
  await observer.stop();

  await vigil.restart();
  const [, after] = await getJson('/v1/history');
  expect(after).toEqual(entries);
}, 40_000);

test('/readyz answers 503 with the reason when the primary dies', async () => {
  await waitFor(async () => (await request('/readyz')).status === 200, { timeoutMs: 15_000 });
  // After the failover the replica is the primary.
  await replica.stop({ graceMs: 0 });
  const reasons = await waitFor(async () => {
    const r = await request('/readyz');
    if (r.status !== 503) return null;
    return (JSON.parse(r.body) as { reasons: string[] }).reasons;
  });
  expect(reasons.some((r) => r.startsWith('master mymaster: '))).toBe(true);
});

test('CONFIG SET vigil-http-port moves the listener at once', async () => {
  const moved = await getFreePort();
  expect(
    textOf(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-http-port', String(moved))),
  ).toBe('OK');
  await waitFor(async () => (await request('/healthz', { port: moved })).status === 200, {
    description: 'the new port answers',
  });
  await expect(request('/healthz')).rejects.toThrow(/ECONNREFUSED/);
  expect(textOf(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'SET', 'vigil-http-port', '0'))).toBe('OK');
  await waitFor(async () => {
    try {
      await request('/healthz', { port: moved });
      return false;
    } catch {
      return true;
    }
  });
  expect(plain(await callOnce(vigil.port, 'SENTINEL', 'CONFIG', 'GET', 'vigil-http-port'))).toEqual([
    'vigil-http-port',
    '0',
  ]);
});

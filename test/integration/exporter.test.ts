/**
 * redis_exporter against Vigil (spec clients.md §9): the exporter's exact sentinel queries over
 * RESP2, parsed the way it parses them (redigo `Values` / `StringMap` / `String`, INFO split
 * on the first `:`), in a deployment of one primary, one replica and two Vigils. Also the
 * restricted ACL user its docs recommend for sentinel scraping.
 *
 * The parsing helpers below restate what the exporter does (exporter/sentinels.go, info.go):
 * - INFO: lines split on "\n" and trimmed; `# Name` starts a section; `key:value` split on the
 *   first `:`. A target is a sentinel when the text contains `# Sentinel`.
 * - `masterN:` lines: split on `,`, each part must split on `=` into exactly two.
 * - SENTINEL MASTERS / SENTINELS / SLAVES: an array of flat arrays of bulk strings (StringMap
 *   fails on anything else); numbers go through strconv.ParseFloat.
 * - CKQUORUM: a status reply is the message (status 1), an error reply its text (status 0).
 */
import { getFreePort } from '../helpers/ports.js';
import { stopAll, type ManagedProcess } from '../helpers/processes.js';
import { RespClient, describe as describeValue, type RespValue } from '../helpers/resp.js';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';

const EXPORTER_ACL = [
  '+client',
  '+hello',
  '+info',
  '+auth',
  '+sentinel|masters',
  '+sentinel|replicas',
  '+sentinel|slaves',
  '+sentinel|sentinels',
  '+sentinel|ckquorum',
];

let d: Deployment;
let vigil: ManagedProcess;
let client: RespClient;

/** redigo `redis.Values`: the reply must be an array. */
function values(v: RespValue): RespValue[] {
  if (v.kind !== 'array') throw new Error(`not an array: ${describeValue(v)}`);
  return v.items;
}

/** redigo `redis.StringMap`: an even array of bulk (or status) strings. */
function stringMap(v: RespValue): Record<string, string> {
  const items = values(v);
  if (items.length % 2 !== 0) throw new Error(`odd number of elements: ${items.length}`);
  const out: Record<string, string> = {};
  for (let i = 0; i < items.length; i += 2) {
    const [k, val] = [items[i], items[i + 1]] as [RespValue, RespValue];
    if ((k.kind !== 'bulk' && k.kind !== 'simple') || (val.kind !== 'bulk' && val.kind !== 'simple')) {
      throw new Error(`StringMap: unexpected element types ${k.kind}/${val.kind}`);
    }
    out[k.value] = val.value;
  }
  return out;
}

/** strconv.ParseFloat as the exporter uses it: a decimal number or an error. */
function parseFloatStrict(text: string | undefined): number {
  if (text === undefined || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw new Error(`not a number: ${String(text)}`);
  }
  return Number(text);
}

/** The exporter's INFO parsing: section → key → value. */
function parseInfo(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('# ')) {
      current = line.slice(2);
      sections.set(current, new Map());
      continue;
    }
    if (line.length < 2 || !line.includes(':')) continue;
    const colon = line.indexOf(':');
    sections.get(current)?.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return sections;
}

/** exporter parseSentinelMasterString. */
function parseMasterLine(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) throw new Error(`invalid part "${part}" in "${value}"`);
    out[kv[0] as string] = kv[1] as string;
  }
  parseFloatStrict(out.slaves);
  parseFloatStrict(out.sentinels);
  return out;
}

async function text(c: RespClient, ...args: string[]): Promise<string> {
  const v = (await c.send(...args)).value;
  if (v.kind !== 'bulk' && v.kind !== 'simple') throw new Error(`${args.join(' ')}: ${describeValue(v)}`);
  return v.value;
}

beforeAll(async () => {
  d = await startDeployment({
    replicas: 1,
    sentinels: [{ kind: 'vigil' }, { kind: 'vigil' }],
    quorum: 2,
    downAfterMs: 1000,
  });
  vigil = d.sentinels[0] as ManagedProcess;
  client = await RespClient.connect(vigil.port);
}, 60_000);

afterAll(async () => {
  await stopAll();
});

describe('INFO (the exporter runs INFO ALL, then INFO)', () => {
  test.each([['INFO ALL'], ['INFO']])('%s has the # Sentinel section the exporter reads', async (command) => {
    const reply = (await client.send(...command.split(' '))).value;
    expect(reply.kind).toBe('bulk');
    const body = reply.kind === 'bulk' ? reply.value : '';
    expect(body).toContain('# Sentinel');
    const sentinel = parseInfo(body).get('Sentinel');
    expect([...(sentinel?.keys() ?? [])]).toEqual([
      'sentinel_masters',
      'sentinel_tilt',
      'sentinel_tilt_since_seconds',
      'sentinel_running_scripts',
      'sentinel_scripts_queue_length',
      'sentinel_simulate_failure_flags',
      'master0',
    ]);
    for (const key of [
      'sentinel_masters',
      'sentinel_tilt',
      'sentinel_running_scripts',
      'sentinel_scripts_queue_length',
      'sentinel_simulate_failure_flags',
    ]) {
      expect(sentinel?.get(key)).toMatch(/^\d+$/);
    }
    expect(sentinel?.get('sentinel_masters')).toBe('1');
    expect(sentinel?.get('sentinel_tilt')).toBe('0');
    expect(parseMasterLine(sentinel?.get('master0') ?? '')).toEqual({
      name: d.masterName,
      status: 'ok',
      address: `127.0.0.1:${d.primary.port}`,
      slaves: '1',
      sentinels: '2',
    });
  });

  test('# Server carries the instance_info labels (redis_mode:sentinel)', async () => {
    const server = parseInfo(await text(client, 'INFO', 'ALL')).get('Server');
    expect(server?.get('redis_mode')).toBe('sentinel');
    expect(server?.get('redis_version')).toBe('7.0.15');
    expect(server?.get('tcp_port')).toBe(String(vigil.port));
    expect(server?.get('run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(server?.get('process_id')).toBe(String(vigil.pid));
    expect(parseFloatStrict(server?.get('uptime_in_seconds'))).toBeGreaterThanOrEqual(0);
  });

  test('a master that is down shows status=sdown in its masterN line', async () => {
    const port = await getFreePort();
    expect(await text(client, 'SENTINEL', 'MONITOR', 'ghost', '127.0.0.1', String(port), '2')).toBe('OK');
    try {
      expect(await text(client, 'SENTINEL', 'SET', 'ghost', 'down-after-milliseconds', '1000')).toBe('OK');
      const line = await waitFor(
        async () => {
          const sentinel = parseInfo(await text(client, 'INFO', 'sentinel')).get('Sentinel');
          const lines = [...(sentinel?.entries() ?? [])].filter(([k]) => /^master\d+$/.test(k));
          const ghost = lines.map(([, v]) => parseMasterLine(v)).find((m) => m.name === 'ghost');
          return ghost?.status === 'sdown' ? { count: sentinel?.get('sentinel_masters'), ghost } : undefined;
        },
        { timeoutMs: 10_000, description: 'ghost to be reported sdown' },
      );
      expect(line).toEqual({
        count: '2',
        ghost: { name: 'ghost', status: 'sdown', address: `127.0.0.1:${port}`, slaves: '0', sentinels: '1' },
      });
      // CKQUORUM error → exporter status 0 with the error text as its label.
      const ck = (await client.send('SENTINEL', 'CKQUORUM', 'ghost')).value;
      expect(ck).toEqual({
        kind: 'error',
        value:
          'NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum for this master',
      });
    } finally {
      await client.send('SENTINEL', 'REMOVE', 'ghost');
    }
  });
});

describe('the SENTINEL queries', () => {
  test('SENTINEL MASTERS: every entry a StringMap with the settings the exporter turns into gauges', async () => {
    const entries = values((await client.send('SENTINEL', 'MASTERS')).value).map(stringMap);
    expect(entries).toHaveLength(1);
    const m = entries[0] as Record<string, string>;
    expect(m.name).toBe(d.masterName);
    expect(m.ip).toBe('127.0.0.1');
    expect(m.port).toBe(String(d.primary.port));
    expect(m.flags).toBe('master');
    expect(parseFloatStrict(m.quorum)).toBe(2);
    expect(parseFloatStrict(m['failover-timeout'])).toBe(6000);
    expect(parseFloatStrict(m['parallel-syncs'])).toBe(1);
    expect(parseFloatStrict(m['down-after-milliseconds'])).toBe(1000);
    expect(parseFloatStrict(m['config-epoch'])).toBe(0);
    // sentinel_master_last_ok_ping_reply_seconds = last-ok-ping-reply / 1000.
    expect(parseFloatStrict(m['last-ok-ping-reply'])).toBeLessThan(5000);
    expect(parseFloatStrict(m['num-slaves'])).toBe(1);
    expect(parseFloatStrict(m['num-other-sentinels'])).toBe(1);
  });

  test('SENTINEL CKQUORUM: a status reply, the message the exporter labels status 1 with', async () => {
    const reply = (await client.send('SENTINEL', 'CKQUORUM', d.masterName)).value;
    expect(reply).toEqual({
      kind: 'simple',
      value: 'OK 2 usable Sentinels. Quorum and failover authorization can be reached',
    });
  });

  test('SENTINEL SENTINELS: peer info fields; ok sentinels (no s_down/o_down, plus self) = 2', async () => {
    const peers = values((await client.send('SENTINEL', 'SENTINELS', d.masterName)).value).map(stringMap);
    expect(peers).toHaveLength(1);
    const p = peers[0] as Record<string, string>;
    const other = d.sentinels[1] as ManagedProcess;
    expect(p).toMatchObject({ ip: '127.0.0.1', port: String(other.port), flags: 'sentinel' });
    expect(p.name).toBe(p.runid);
    expect(p.runid).toMatch(/^[0-9a-f]{40}$/);
    const ok = 1 + peers.filter((x) => !x.flags?.includes('o_down') && !x.flags?.includes('s_down')).length;
    expect(ok).toBe(2);
  });

  test('SENTINEL SLAVES: one ok replica (the exporter counts entries without s_down/o_down)', async () => {
    const replicas = values((await client.send('SENTINEL', 'SLAVES', d.masterName)).value).map(stringMap);
    expect(replicas).toHaveLength(1);
    const r = replicas[0] as Record<string, string>;
    const replica = d.replicas[0] as ManagedProcess;
    expect(r).toMatchObject({
      name: `127.0.0.1:${replica.port}`,
      ip: '127.0.0.1',
      port: String(replica.port),
    });
    expect(r.flags).toBe('slave');
  });

  test('SENTINEL CONFIG GET *: key/value pairs, numeric ones parse as numbers', async () => {
    const config = stringMap((await client.send('SENTINEL', 'CONFIG', 'GET', '*')).value);
    expect(config).toEqual({
      'resolve-hostnames': 'no',
      'announce-hostnames': 'no',
      'announce-ip': '',
      'announce-port': '0',
      'sentinel-user': '',
      'sentinel-pass': '',
    });
    expect(parseFloatStrict(config['announce-port'])).toBe(0);
  });
});

describe("the exporter's documented ACL user", () => {
  let restricted: RespClient;

  beforeAll(async () => {
    expect(await text(client, 'ACL', 'SETUSER', 'exporter', 'on', '>exporter-pw', ...EXPORTER_ACL)).toBe(
      'OK',
    );
    restricted = await RespClient.connect(vigil.port);
    expect(await text(restricted, 'AUTH', 'exporter', 'exporter-pw')).toBe('OK');
  });

  afterAll(async () => {
    await restricted.close();
  });

  test('connect steps and every sentinel query it scrapes are allowed', async () => {
    expect(await text(restricted, 'CLIENT', 'SETNAME', 'redis_exporter')).toBe('OK');
    expect(await text(restricted, 'INFO', 'ALL')).toContain('# Sentinel');
    expect(values((await restricted.send('SENTINEL', 'MASTERS')).value)).toHaveLength(1);
    expect((await restricted.send('SENTINEL', 'CKQUORUM', d.masterName)).value.kind).toBe('simple');
    expect(values((await restricted.send('SENTINEL', 'SENTINELS', d.masterName)).value)).toHaveLength(1);
    expect(values((await restricted.send('SENTINEL', 'SLAVES', d.masterName)).value)).toHaveLength(1);
    expect(values((await restricted.send('SENTINEL', 'REPLICAS', d.masterName)).value)).toHaveLength(1);
    const hello = (await restricted.send('HELLO', '2')).value;
    expect(hello.kind).toBe('array');
  });

  test('what the ACL leaves out is refused exactly as redis-sentinel 7.0.15 refuses it', async () => {
    // The exporter logs this and goes on without the config metrics.
    expect((await restricted.send('SENTINEL', 'CONFIG', 'GET', '*')).value).toEqual({
      kind: 'error',
      value: "NOPERM this user has no permissions to run the 'sentinel|config' command",
    });
    // With --ping-on-connect the exporter needs +ping too.
    expect((await restricted.send('PING')).value).toEqual({
      kind: 'error',
      value: "NOPERM this user has no permissions to run the 'ping' command",
    });
    expect((await restricted.send('SENTINEL', 'MASTER', d.masterName)).value).toEqual({
      kind: 'error',
      value: "NOPERM this user has no permissions to run the 'sentinel|master' command",
    });
  });

  test("Valkey 8's PRIMARIES is checked as MASTERS (Vigil's aliases share the old name's ACL)", async () => {
    expect(values((await restricted.send('SENTINEL', 'PRIMARIES')).value)).toHaveLength(1);
  });
});

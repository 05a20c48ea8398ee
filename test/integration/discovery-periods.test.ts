/**
 * Foundation §4, periods: PING every min(down-after, ping-period), INFO every info-period
 * (1 s for a replica reporting its master link down), hello every publish-period to the master,
 * its replica and a peer sentinel; all of them follow `SENTINEL DEBUG` down to 100 ms. Counted
 * on the data nodes with MONITOR, which shows every command a client sends, with the server's
 * timestamp and the client's address (named by the CLIENT SETNAME seen on that address).
 */
import * as net from 'node:net';
import {
  startRedisServer,
  startVigil,
  stopAll,
  type ManagedProcess,
  type RedisServerHandle,
} from '../helpers/processes.js';
import { itemsOf, sendOnce, textOf, type RespValue } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { waitForReplicationLink } from '../helpers/topology.js';

interface Seen {
  /** Server time in ms. */
  t: number;
  addr: string;
  args: string[];
}

/** A MONITOR connection that keeps every command line it is shown. */
class Monitor {
  readonly seen: Seen[] = [];
  private buffer = '';

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => {});
  }

  static async start(port: number): Promise<Monitor> {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const monitor = new Monitor(socket);
    monitors.push(monitor);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write('MONITOR\r\n');
    await waitFor(() => monitor.ready, { timeoutMs: 5000, description: `MONITOR on ${port}` });
    return monitor;
  }

  private ready = false;

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (line === '+OK') {
        this.ready = true;
        continue;
      }
      const m = /^\+(\d+)\.(\d+) \[\d+ (\S+)\] (.*)$/.exec(line);
      if (!m) continue;
      const args = [...(m[4] as string).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1] as string);
      this.seen.push({
        t: Number(m[1]) * 1000 + Math.floor(Number(m[2]) / 1000),
        addr: m[3] as string,
        args,
      });
    }
  }

  /** Addresses that named themselves `name` with CLIENT SETNAME (however CLIENT is renamed). */
  private addrsOf(name: string): Set<string> {
    return new Set(
      this.seen
        .filter((s) => s.args[1]?.toUpperCase() === 'SETNAME' && s.args[2] === name)
        .map((s) => s.addr),
    );
  }

  /** Times at which the connection(s) named `name` sent `command` (matching `match`), within [from, to). */
  times(
    name: string,
    command: string,
    from = 0,
    to = Infinity,
    match: (args: string[]) => boolean = () => true,
  ): number[] {
    const addrs = this.addrsOf(name);
    return this.seen
      .filter(
        (s) =>
          addrs.has(s.addr) &&
          s.args[0]?.toUpperCase() === command &&
          s.t >= from &&
          s.t < to &&
          match(s.args),
      )
      .map((s) => s.t);
  }

  payloads(name: string, command: string): string[][] {
    const addrs = this.addrsOf(name);
    return this.seen
      .filter((s) => addrs.has(s.addr) && s.args[0]?.toUpperCase() === command)
      .map((s) => s.args);
  }

  close(): void {
    this.socket.destroy();
  }
}

const monitors: Monitor[] = [];

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

/** Fails with what was measured when `value` is outside [low, high]. */
function within(what: string, value: number, low: number, high: number): void {
  if (!(value >= low && value <= high)) throw new Error(`${what}: ${value} is not within [${low}, ${high}]`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function call(port: number, ...args: (string | number)[]): Promise<RespValue> {
  const v = (await sendOnce(port, ...args)).value;
  if (v.kind === 'error') throw new Error(`${args.join(' ')}: ${v.value}`);
  return v;
}

/** Waits `ms` of wall time by polling the clock (no fixed sleep: the deadline is the condition). */
async function elapse(ms: number): Promise<void> {
  const until = Date.now() + ms;
  await waitFor(() => Date.now() >= until, {
    timeoutMs: ms + 5000,
    intervalMs: 50,
    description: `${ms} ms to pass`,
  });
}

const DOWN_AFTER = 5000;
/** A hello PUBLISH about master `name` (5th field of the payload). */
const helloAbout =
  (name: string) =>
  (args: string[]): boolean =>
    args[2]?.split(',')[4] === name;
const FAKE_PEER_ID = 'f'.repeat(40);

let m: RedisServerHandle;
let r: RedisServerHandle;
/** A second master: the peer is known under both, over one shared link. */
let m2: RedisServerHandle;
/** A plain redis-server announced as a peer sentinel: Vigil PINGs it and sends it hellos. */
let p: RedisServerHandle;
let v: ManagedProcess;
let mon: { m: Monitor; r: Monitor; p: Monitor };
let cmdName: string;
let vigilId: string;

beforeAll(async () => {
  [m, p, m2] = await Promise.all([
    startRedisServer({ config: ['repl-diskless-sync-delay 0'] }),
    startRedisServer(),
    startRedisServer(),
  ]);
  r = await startRedisServer({ replicaOf: { port: m.port } });
  await waitForReplicationLink(r);
  mon = { m: await Monitor.start(m.port), r: await Monitor.start(r.port), p: await Monitor.start(p.port) };
  v = await startVigil({
    monitors: [
      { name: 'm', port: m.port, quorum: 2, downAfterMs: DOWN_AFTER },
      { name: 'm2', port: m2.port, quorum: 2, downAfterMs: DOWN_AFTER },
    ],
  });
  vigilId = textOf(await call(v.port, 'SENTINEL', 'MYID'));
  cmdName = `sentinel-${vigilId.slice(0, 8)}-cmd`;
  // Announce the fake peer on both masters' hello channels until Vigil knows it under both.
  await waitFor(
    async () => {
      for (const [name, node] of [
        ['m', m],
        ['m2', m2],
      ] as const) {
        await call(
          node.port,
          'PUBLISH',
          '__sentinel__:hello',
          `127.0.0.1,${p.port},${FAKE_PEER_ID},0,${name},127.0.0.1,${node.port},0`,
        );
      }
      for (const name of ['m', 'm2']) {
        const peers = itemsOf(await call(v.port, 'SENTINEL', 'SENTINELS', name));
        if (peers.length !== 1) return false;
      }
      return true;
    },
    { intervalMs: 300, description: 'Vigil to know the announced peer under both masters' },
  );
}, 30_000);

afterAll(async () => {
  for (const x of monitors.splice(0)) x.close();
  await stopAll();
});

describe('periods of the periodic commands (MONITOR on master, replica and a peer)', () => {
  test('defaults: PING every 1 s, hello every 2 s to all three, INFO every 10 s to master and replica only', async () => {
    const first = (): number | undefined => mon.m.times(cmdName, 'INFO')[0];
    await waitFor(first, { description: 'the first INFO on the master' });
    const start = first() as number;
    // Two INFO periods need 10 s: wait until 12 s after the first INFO (a third needs 20 s).
    await elapse(start + 12_000 - Date.now());
    const end = start + 12_000;

    for (const [label, mo, hasInfo] of [
      ['master', mon.m, true],
      ['replica', mon.r, true],
      ['peer', mon.p, false],
    ] as const) {
      const pingGaps = gaps(mo.times(cmdName, 'PING', start, end));
      const what = (x: string): string => `${label} ${x} ${JSON.stringify(pingGaps)}`;
      // min(down-after 5000, ping-period 1000); a reply within the period resets it.
      within(what('PING count'), pingGaps.length, 5, 15);
      within(what('shortest PING gap'), Math.min(...pingGaps), 950, 2000);
      within(what('median PING gap'), median(pingGaps), 1000, 1400);

      // The peer gets a hello for each master it is known under; the master only its own.
      for (const about of label === 'peer' ? ['m', 'm2'] : ['m']) {
        const helloGaps = gaps(mo.times(cmdName, 'PUBLISH', start, end, helloAbout(about)));
        const hwhat = (x: string): string => `${label} ${x} about ${about} ${JSON.stringify(helloGaps)}`;
        within(hwhat('hello count'), helloGaps.length, 3, 6);
        within(hwhat('shortest hello gap'), Math.min(...helloGaps), 1950, 4000);
        within(hwhat('median hello gap'), median(helloGaps), 2000, 2600);
      }
      // The hello names this Vigil and the master, on the hello channel.
      const port = { m: m.port, m2: m2.port };
      for (const args of mo.payloads(cmdName, 'PUBLISH')) {
        expect(args[1]).toBe('__sentinel__:hello');
        const about = args[2]?.split(',')[4] as 'm' | 'm2';
        expect(label === 'peer' || about === 'm').toBe(true);
        expect(args[2]).toBe(`127.0.0.1,${v.port},${vigilId},0,${about},127.0.0.1,${port[about]},0`);
      }

      const infos = mo.times(cmdName, 'INFO');
      if (label === 'peer') {
        // One command connection to the peer for both masters (Sentinel 7.0 link sharing).
        const named = textOf(await call(p.port, 'CLIENT', 'LIST'))
          .split('\n')
          .filter((l) => l.includes(` name=sentinel-${vigilId.slice(0, 8)}-`));
        expect(named).toHaveLength(1);
        expect(named[0]).toContain(` name=${cmdName} `);
      }
      if (hasInfo) {
        const inWindow = mo.times(cmdName, 'INFO', start - 2000, end);
        within(`${label} INFO count ${JSON.stringify(inWindow)}`, inWindow.length, 2, 2);
        within(`${label} INFO gap`, gaps(inWindow)[0] as number, 10_000, 11_500);
      } else {
        // Sentinels get no INFO.
        expect(infos).toEqual([]);
      }
    }
  }, 30_000);

  test('SENTINEL DEBUG ping-period, info-period and publish-period 100: every period follows', async () => {
    await call(v.port, 'SENTINEL', 'DEBUG', 'ping-period', 100, 'info-period', 100, 'publish-period', 100);
    try {
      const from = Date.now() + 300;
      await elapse(1800);
      const to = from + 1500;
      for (const [label, mo, commands] of [
        ['master', mon.m, ['PING', 'INFO', 'PUBLISH']],
        ['replica', mon.r, ['PING', 'INFO', 'PUBLISH']],
        ['peer', mon.p, ['PING', 'PUBLISH']],
      ] as const) {
        for (const command of commands) {
          const g = gaps(
            mo.times(cmdName, command, from, to, command === 'PUBLISH' ? helloAbout('m') : undefined),
          );
          const what = `${label} ${command} ${JSON.stringify(g)}`;
          // Over 1.5 s: more than 6 sends, never closer than the period (a tick is 52..100 ms).
          within(`${what} count`, g.length, 5, 15);
          within(`${what} shortest gap`, Math.min(...g), 85, 1000);
          within(`${what} median gap`, median(g), 100, 300);
        }
        expect(mon.p.times(cmdName, 'INFO')).toEqual([]);
      }
    } finally {
      await call(
        v.port,
        'SENTINEL',
        'DEBUG',
        'ping-period',
        1000,
        'info-period',
        10000,
        'publish-period',
        2000,
      );
    }
  });

  test('a replica reporting its master link down is polled with INFO every second', async () => {
    // A 3 s INFO period makes the 1 s one stand out; a long down-after keeps the master out of
    // SDOWN meanwhile, so that only the replica's own report can speed it up.
    await call(v.port, 'SENTINEL', 'SET', 'm', 'down-after-milliseconds', 20_000);
    await call(v.port, 'SENTINEL', 'DEBUG', 'info-period', 3000);
    const killedAt = Date.now();
    await m.stop({ graceMs: 0 });
    await elapse(7000);
    const infos = mon.r.times(cmdName, 'INFO', killedAt, killedAt + 7000);
    const g = gaps(infos);
    // At most 3 s to the first INFO that reports the link down (1 s or more), then 1 s steps.
    expect(g.filter((x) => x < 1600).length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(950);
    const flags = new Map<string, string>();
    const fields = (await call(v.port, 'SENTINEL', 'MASTER', 'm')) as RespValue & { kind: 'array' };
    for (let i = 0; i + 1 < fields.items.length; i += 2)
      flags.set(textOf(fields.items[i] as RespValue), textOf(fields.items[i + 1] as RespValue));
    expect(flags.get('flags')).toBe('master,disconnected');
  });
});

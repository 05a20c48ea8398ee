/**
 * Valkey 8's SENTINEL names against a running Vigil (spec valkey-memurai.md §1.1): each alias
 * answers byte for byte like the old name, in RESP2 and RESP3, through the real server
 * (lookup, case-insensitive matching, ACL, encoder). The old and new command are pipelined
 * so both replies describe the same moment; the ms-valued fields can still
 * tick between the two, so a pair is retried until it matches (a real difference never does).
 *
 * Also on the wire: Vigil asks its peers with the old name (`is-master-down-by-addr`), checked
 * with a fake peer sentinel that records what it receives.
 */
import { stopAll, startRedisServer, startVigil, type ManagedProcess } from '../helpers/processes.js';
import { RespClient, describe as describeValue } from '../helpers/resp.js';
import { startDeployment, type Deployment } from '../helpers/topology.js';
import { waitFor } from '../helpers/waitFor.js';
import { FakePeer } from '../unit/valkey/fake-peer.js';

let d: Deployment;
let vigil: ManagedProcess;
let myid: string;

beforeAll(async () => {
  d = await startDeployment({
    replicas: 1,
    sentinels: [{ kind: 'vigil' }, { kind: 'vigil' }],
    quorum: 2,
  });
  vigil = d.sentinels[0] as ManagedProcess;
  const c = await RespClient.connect(vigil.port);
  const id = (await c.send('SENTINEL', 'MYID')).value;
  myid = id.kind === 'bulk' ? id.value : '';
  await c.close();
}, 60_000);

afterAll(async () => {
  await stopAll();
});

async function connect(protocol: 2 | 3): Promise<RespClient> {
  const c = await RespClient.connect(vigil.port);
  if (protocol === 3) {
    const hello = await c.hello3();
    if (hello.value.kind !== 'map') throw new Error(`HELLO 3 refused: ${describeValue(hello.value)}`);
  }
  return c;
}

/** The raw replies to `a` and `b` sent in one write, retried until equal (or the deadline). */
async function pairUntilEqual(c: RespClient, a: string[], b: string[]): Promise<[string, string]> {
  let last: [string, string] = ['', ''];
  try {
    return await waitFor(
      async () => {
        // Both written before either reply is read: pipelined.
        const [ra, rb] = await Promise.all([c.request(a), c.request(b)]);
        last = [ra.raw.toString('utf8'), rb.raw.toString('utf8')];
        return last[0] === last[1] ? last : undefined;
      },
      { timeoutMs: 5000, intervalMs: 20, description: `${b.join(' ')} to answer like ${a.join(' ')}` },
    );
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nold: ${JSON.stringify(last[0])}\nnew: ${JSON.stringify(last[1])}`,
    );
  }
}

type Pair = [old: string[], fresh: string[]];

/** Built when the test runs: the deployment's names and ports are known by then. */
const PAIRS: readonly [string, () => Pair][] = [
  [
    'MASTERS',
    () => [
      ['SENTINEL', 'MASTERS'],
      ['SENTINEL', 'PRIMARIES'],
    ],
  ],
  [
    'MASTERS (lower case)',
    () => [
      ['sentinel', 'masters'],
      ['sentinel', 'primaries'],
    ],
  ],
  [
    'MASTER',
    () => [
      ['SENTINEL', 'MASTER', d.masterName],
      ['SENTINEL', 'PRIMARY', d.masterName],
    ],
  ],
  [
    'MASTER (mixed case)',
    () => [
      ['SENTINEL', 'Master', d.masterName],
      ['SENTINEL', 'Primary', d.masterName],
    ],
  ],
  [
    'MASTER unknown',
    () => [
      ['SENTINEL', 'MASTER', 'nosuch'],
      ['SENTINEL', 'PRIMARY', 'nosuch'],
    ],
  ],
  [
    'GET-MASTER-ADDR-BY-NAME',
    () => [
      ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', d.masterName],
      ['SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME', d.masterName],
    ],
  ],
  [
    'GET-MASTER-ADDR-BY-NAME unknown (nil)',
    () => [
      ['SENTINEL', 'get-master-addr-by-name', 'nosuch'],
      ['SENTINEL', 'get-primary-addr-by-name', 'nosuch'],
    ],
  ],
  [
    'IS-MASTER-DOWN-BY-ADDR, no vote',
    () => [
      ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', String(d.primary.port), '0', '*'],
      ['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', String(d.primary.port), '0', '*'],
    ],
  ],
  [
    'IS-MASTER-DOWN-BY-ADDR, unknown address',
    () => [
      ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.2', '1', '0', '*'],
      ['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.2', '1', '0', '*'],
    ],
  ],
  [
    'IS-MASTER-DOWN-BY-ADDR, port not an integer',
    () => [
      ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'],
      ['SENTINEL', 'IS-PRIMARY-DOWN-BY-ADDR', '127.0.0.1', 'x', '0', '*'],
    ],
  ],
];

describe.each([2, 3] as const)('RESP%i: the alias answers byte for byte like the old name', (protocol) => {
  let c: RespClient;
  beforeAll(async () => {
    c = await connect(protocol);
  });
  afterAll(async () => {
    await c.close();
  });

  test.each(PAIRS)('%s', async (_name, build) => {
    const [a, b] = build();
    const [old, fresh] = await pairUntilEqual(c, a, b);
    expect(fresh).toBe(old);
    expect(old.length).toBeGreaterThan(2);
  });
});

describe('the vote echo of Valkey 00-base / 15-sentinel-deprecated-commands', () => {
  test.each([
    ['IS-PRIMARY-DOWN-BY-ADDR', 'IS-MASTER-DOWN-BY-ADDR', 50],
    ['IS-MASTER-DOWN-BY-ADDR', 'IS-PRIMARY-DOWN-BY-ADDR', 99],
  ])(
    '%s with our own runid votes for us at that epoch; %s then repeats the vote',
    async (first, second, epoch) => {
      const c = await connect(2);
      try {
        const ask = (sub: string) =>
          c.send('SENTINEL', sub, '127.0.0.1', String(d.primary.port), String(epoch), myid);
        const a = await ask(first);
        expect(a.raw.toString()).toBe(`*3\r\n:0\r\n$40\r\n${myid}\r\n:${epoch}\r\n`);
        const b = await ask(second);
        expect(b.raw.toString()).toBe(a.raw.toString());
      } finally {
        await c.close();
      }
    },
  );
});

describe('where the alias differs on purpose', () => {
  test('an arity error names the subcommand as called (as Valkey does)', async () => {
    const c = await connect(2);
    try {
      expect((await c.send('SENTINEL', 'PRIMARY')).value).toEqual({
        kind: 'error',
        value: "ERR wrong number of arguments for 'sentinel|primary' command",
      });
      expect((await c.send('SENTINEL', 'MASTER')).value).toEqual({
        kind: 'error',
        value: "ERR wrong number of arguments for 'sentinel|master' command",
      });
    } finally {
      await c.close();
    }
  });

  test('COMMAND COUNT / LIST and SENTINEL HELP stay those of redis-sentinel 7.0.15', async () => {
    const c = await connect(2);
    try {
      const list = (await c.send('COMMAND', 'LIST')).value;
      const names = list.kind === 'array' ? list.items.map((v) => (v.kind === 'bulk' ? v.value : '')) : [];
      expect(names).toContain('sentinel|masters');
      expect(names.filter((n) => n.includes('primar'))).toEqual([]);
      const help = (await c.send('SENTINEL', 'HELP')).value;
      const lines = help.kind === 'array' ? help.items.map((v) => (v.kind === 'simple' ? v.value : '')) : [];
      expect(lines.some((l) => /PRIMAR/i.test(l))).toBe(false);
      expect(lines).toContain('MASTERS');
    } finally {
      await c.close();
    }
  });
});

describe('what Vigil sends to a peer sentinel', () => {
  let peer: FakePeer;

  afterAll(async () => {
    await peer?.close();
  });

  test('SENTINEL is-master-down-by-addr, the old name, for the opinion and for the vote', async () => {
    peer = new FakePeer();
    const peerPort = await peer.listen();
    const peerId = 'fedcba9876543210fedcba9876543210fedcba98';
    const primary = await startRedisServer();
    const lone = await startVigil({
      monitors: [{ name: 'solo', port: primary.port, quorum: 2, downAfterMs: 1000, failoverTimeoutMs: 5000 }],
      extraConfig: [`sentinel known-sentinel solo 127.0.0.1 ${peerPort} ${peerId}`],
    });
    const c = await RespClient.connect(lone.port);
    const id = (await c.send('SENTINEL', 'MYID')).value;
    const loneId = id.kind === 'bulk' ? id.value : '';
    await c.close();
    await waitFor(() => peer.commands.some((cmd) => cmd[0]?.toUpperCase() === 'PING'), {
      timeoutMs: 10_000,
      description: 'Vigil to connect to the fake peer',
    });
    await primary.stop();

    const asks = await waitFor(
      () => {
        const found = peer.commands.filter((cmd) => cmd[0]?.toUpperCase() === 'SENTINEL');
        return found.some((cmd) => cmd[5] === loneId) ? found : undefined;
      },
      { timeoutMs: 20_000, description: 'a vote request to reach the fake peer' },
    );
    for (const cmd of asks)
      expect(cmd.slice(0, 4)).toEqual([
        'SENTINEL',
        'is-master-down-by-addr',
        '127.0.0.1',
        String(primary.port),
      ]);
    expect(asks[0]?.slice(4)).toEqual(['0', '*']);
    expect(asks.find((cmd) => cmd[5] === loneId)?.[4]).toBe('1');
    expect(peer.commands.flat().filter((w) => /primary/i.test(w))).toEqual([]);
  });
});

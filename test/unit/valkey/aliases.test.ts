/**
 * Valkey 8's SENTINEL names (spec valkey-memurai.md §1.1, checklist item 1): PRIMARIES,
 * PRIMARY, GET-PRIMARY-ADDR-BY-NAME and IS-PRIMARY-DOWN-BY-ADDR answer byte for byte like the
 * old names (handlers run on the real Brain, replies through the RESP encoder), they stay out
 * of the 7.0.15 command table, and Vigil keeps sending the OLD name to its peers, on the wire.
 */
import type { Input } from '../../../src/core/inputs.js';
import type { Brain } from '../../../src/core/brain.js';
import { commandTable, hiddenSubcommands } from '../../../src/commands/table.js';
import { sentinelAliasSubcommands, sentinelSubcommands } from '../../../src/commands/sentinel/index.js';
import { CommandRegistry } from '../../../src/server/registry.js';
import { LinkManager, isLinkAction } from '../../../src/runtime/links.js';
import { parseFrame } from '../../helpers/respParser.js';
import { waitFor } from '../../helpers/waitFor.js';
import { FakePeer } from './fake-peer.js';
import {
  MYID,
  PEER,
  commandContext,
  connectedMaster,
  events,
  fixture,
  info,
  master,
  newBrain,
  sentinelBytes,
  tick,
} from './helpers.js';

const ALIASES: readonly [alias: string, original: string][] = [
  ['primaries', 'masters'],
  ['primary', 'master'],
  ['get-primary-addr-by-name', 'get-master-addr-by-name'],
  ['is-primary-down-by-addr', 'is-master-down-by-addr'],
];

describe('the alias table', () => {
  test.each(ALIASES)('%s has the handler and arity of %s', (alias, original) => {
    const a = sentinelAliasSubcommands.find((s) => s.name === alias);
    const o = sentinelSubcommands.find((s) => s.name === original);
    expect(a).toBeDefined();
    expect(o).toBeDefined();
    expect(a?.handler).toBe(o?.handler);
    expect(a?.arity).toBe(o?.arity);
  });

  test('exactly the four Valkey 8 names; REPLICAS stays a listed 7.0 subcommand', () => {
    expect(sentinelAliasSubcommands.map((s) => s.name).sort()).toEqual(ALIASES.map(([a]) => a).sort());
    expect(sentinelSubcommands.map((s) => s.name)).toContain('replicas');
  });

  test('accepted by the registry, absent from COMMAND LIST, checked by ACL as the old name', () => {
    const registry = new CommandRegistry(commandTable(), hiddenSubcommands());
    const sentinel = registry.get('SENTINEL');
    const listed = registry.all().map((c) => c.fullName);
    for (const [alias, original] of ALIASES) {
      const hidden = sentinel?.hidden?.get(alias);
      expect(hidden?.fullName).toBe(`sentinel|${alias}`);
      expect(hidden?.aclId).toBe(`sentinel|${original}`);
      expect(listed).not.toContain(`sentinel|${alias}`);
      expect(listed).toContain(`sentinel|${original}`);
    }
    // 7.0.15 has 21 SENTINEL subcommands; the aliases do not grow COMMAND COUNT / LIST.
    expect(sentinel?.subcommands?.size).toBe(21);
  });
});

describe('replies are byte-identical to the old names', () => {
  const NOW = 5_000_000;

  /** A master with two replicas (Valkey 8 INFO) and one peer sentinel. */
  async function populated(): Promise<Brain> {
    const { b, m } = connectedMaster();
    info(b, m, await fixture('valkey-8.0-primary.txt'), 100);
    expect(b.applyConfigDirective(['known-sentinel', 'm', '127.0.0.1', '26390', PEER], 0)).toBeNull();
    expect(m.replicas.size).toBe(2);
    return b;
  }

  const CASES: readonly [string, string[], string[]][] = [
    ['MASTERS', ['masters'], ['primaries']],
    ['MASTER m', ['master', 'm'], ['primary', 'm']],
    ['MASTER of an unknown name (error)', ['master', 'nosuch'], ['primary', 'nosuch']],
    ['GET-MASTER-ADDR-BY-NAME m', ['get-master-addr-by-name', 'm'], ['get-primary-addr-by-name', 'm']],
    [
      'GET-MASTER-ADDR-BY-NAME of an unknown name (nil)',
      ['get-master-addr-by-name', 'x'],
      ['get-primary-addr-by-name', 'x'],
    ],
    [
      'IS-MASTER-DOWN-BY-ADDR without a vote',
      ['is-master-down-by-addr', '127.0.0.1', '6379', '0', '*'],
      ['is-primary-down-by-addr', '127.0.0.1', '6379', '0', '*'],
    ],
    [
      'IS-MASTER-DOWN-BY-ADDR with a non-integer port',
      ['is-master-down-by-addr', '127.0.0.1', 'abc', '0', '*'],
      ['is-primary-down-by-addr', '127.0.0.1', 'abc', '0', '*'],
    ],
  ];

  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    test.each(CASES)('%s', async (_name, oldArgs, newArgs) => {
      const b = await populated();
      const ctx = commandContext(b, () => NOW, protocol);
      const expected = await sentinelBytes(ctx, oldArgs);
      expect(await sentinelBytes(ctx, newArgs)).toBe(expected);
      expect(expected.length).toBeGreaterThan(2);
    });
  });

  test('MASTERS lists every master field, and so does PRIMARIES (no primary-* field names)', async () => {
    const b = await populated();
    const ctx = commandContext(b, () => NOW, 3);
    const bytes = await sentinelBytes(ctx, ['primaries']);
    const frame = parseFrame(Buffer.from(bytes));
    const first = frame?.value.kind === 'array' ? frame.value.items[0] : undefined;
    const keys = first?.kind === 'map' ? first.entries.map(([k]) => (k as { value: string }).value) : [];
    expect(keys.slice(0, 5)).toEqual(['name', 'ip', 'port', 'runid', 'flags']);
    expect(keys).toContain('num-slaves');
    expect(keys.filter((k) => k.includes('primary'))).toEqual([]);
  });

  /** Valkey's 00-base and 15-sentinel-deprecated-commands tests: the vote is echoed. */
  test.each([
    ['is-primary-down-by-addr', 50],
    ['is-master-down-by-addr', 99],
  ])('%s with our own runid and epoch %i votes for us and moves the epoch', async (sub, epoch) => {
    const b = await populated();
    const ctx = commandContext(b, () => NOW, 2);
    const bytes = await sentinelBytes(ctx, [sub, '127.0.0.1', '6379', String(epoch), MYID]);
    expect(bytes).toBe(`*3\r\n:0\r\n$40\r\n${MYID}\r\n:${epoch}\r\n`);
    expect(b.state.currentEpoch).toBe(BigInt(epoch));
    // Asked again under the other name in the same epoch: the same stored vote.
    const other = sub === 'is-primary-down-by-addr' ? 'is-master-down-by-addr' : 'is-primary-down-by-addr';
    expect(await sentinelBytes(ctx, [other, '127.0.0.1', '6379', String(epoch), PEER])).toBe(bytes);
  });
});

describe('what Vigil sends to its peers', () => {
  let peer: FakePeer;
  let links: LinkManager;

  afterEach(async () => {
    links?.closeAll();
    await peer?.close();
  });

  test('SENTINEL is-master-down-by-addr (the old name, as Redis writes it) for both the opinion and the vote', async () => {
    peer = new FakePeer();
    const port = await peer.listen();
    const inputs: Input[] = [];
    links = new LinkManager({ onInput: (i) => inputs.push(i), connectTimeoutMs: 2000 });

    const b = newBrain();
    expect(b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0)).toBeNull();
    expect(b.applyConfigDirective(['known-sentinel', 'm', '127.0.0.1', String(port), PEER], 0)).toBeNull();
    const m = master(b);
    const peerInstance = m.sentinels.get(PEER);
    if (peerInstance === undefined) throw new Error('peer not created');
    // The master is never reachable: only the peer's link goes to the real LinkManager.
    const route = (actions: ReturnType<Brain['takeActions']>): void => {
      for (const a of actions) {
        if (!isLinkAction(a)) continue;
        const linkId = a.type === 'connect' ? a.spec.linkId : a.linkId;
        if (linkId === peerInstance.link.id) links.execute(a);
      }
    };

    // Simulated time far from 0, so the failover-timeout × 2 delay since "never" has passed.
    let now = 10_000_000;
    const seen: string[] = [];
    await waitFor(
      () => {
        now += 100;
        route(tick(b, now));
        for (const input of inputs.splice(0)) {
          b.handle(input, now);
          const actions = b.takeActions();
          seen.push(...events(actions));
          route(actions);
        }
        const asks = peer.commands.filter((c) => c[0]?.toLowerCase() === 'sentinel');
        return asks.some((c) => c[5] === MYID) ? asks : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 10, description: 'a vote request to reach the fake peer' },
    );

    const asks = peer.commands.filter((c) => c[0]?.toLowerCase() === 'sentinel');
    // Opinion requests (runid *) first, then the vote request with our runid and the new epoch.
    expect(asks[0]).toEqual(['SENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '0', '*']);
    expect(asks.find((c) => c[5] === MYID)).toEqual([
      'SENTINEL',
      'is-master-down-by-addr',
      '127.0.0.1',
      '6379',
      '1',
      MYID,
    ]);
    for (const c of asks) expect(c[1]).toBe('is-master-down-by-addr');
    expect(peer.commands.flat().filter((w) => /primary/i.test(w))).toEqual([]);
    // The peer's "down" answer was understood: ODOWN, then our own failover attempt.
    expect(seen).toContain('+odown master m 127.0.0.1 6379 #quorum 2/2');
    expect(seen).toContain('+try-failover master m 127.0.0.1 6379');
  });
});

/**
 * The command corpus Vigil's replies are compared on, command by command, with the replies of
 * a real redis-sentinel 7.0.15 watching the same primary: same wire types, same map keys in
 * the same order, same error texts. Values that legitimately differ between two sentinels
 * (times, link counters, the peer's run id and port) go through named normalisers; every other
 * value must be equal, because both processes watch the very same redis-server instances.
 *
 * No entry may change the deployment for good: errors change nothing in Sentinel 7.0, and the
 * few successful writes (FLUSHCONFIG, a SET of the current quorum) rewrite the same state.
 */
import { byKey, byPath, normalisers, type Normaliser } from '../../helpers/compare.js';
import { fieldsOf, itemsOf, textOf, type RespValue } from '../../helpers/resp.js';
import { commandDocsCorpus } from './command-docs.js';

/** What an integration test runs its assertions on: Vigil, or the real one as a baseline. */
export type SentinelKind = 'vigil' | 'redis-sentinel';

/**
 * The implementation under test. `VIGIL_IT_SUBJECT=redis-sentinel` runs every vigil-*.test.ts
 * against real redis-sentinel processes instead, which proves the assertions themselves
 * describe Redis's behaviour (a test that fails there is a wrong test, not a Vigil bug).
 */
export function subjectKind(): SentinelKind {
  return process.env.VIGIL_IT_SUBJECT === 'redis-sentinel' ? 'redis-sentinel' : 'vigil';
}

export interface CorpusContext {
  masterName: string;
  primaryPort: number;
  quorum: number;
}

export interface CorpusEntry {
  /** Test name; also the command as typed, for the difference report. */
  name: string;
  args(ctx: CorpusContext): string[];
  /**
   * What the reference must answer (an error reply or not): guards the corpus itself, so an
   * entry that runs in the wrong state (a typo, a missing master) is caught on Redis too.
   */
  expect: 'error' | 'reply';
  normalisers?: readonly Normaliser[];
  /** Turns a reply into the shape compared (dictionary order sorted away, INFO text parsed). */
  shape?(value: RespValue): RespValue;
}

const HEX40 = /^[0-9a-f]{40}$/;
const DIGITS = /^-?\d+$/;

/** Extra normalisers of this corpus, named so a failure says which one was tried. */
export const corpusNormalisers = {
  /** SENTINEL SENTINELS: a peer is named by its run id, which differs per process. */
  sentinelName: byKey('sentinel-name', ['name'], HEX40),
  /** SENTINEL MYID: the reply is the id itself. */
  myid: byPath('myid', /^$/, HEX40),
  /** CLIENT ID: a per-process counter. */
  clientId: byPath('client-id', /^$/, DIGITS),
} as const;

/** For SENTINEL MASTER(S) / REPLICAS / SLAVES: the same redis-servers seen by two sentinels. */
const DATA_NODE: readonly Normaliser[] = [normalisers.millis, normalisers.counters];
/** For SENTINEL SENTINELS: each side sees the other one, so names, ids and ports differ. */
const PEER: readonly Normaliser[] = [
  corpusNormalisers.sentinelName,
  normalisers.runIds,
  normalisers.ports,
  normalisers.millis,
  normalisers.counters,
];

const bulk = (value: string): RespValue => ({ kind: 'bulk', value });

/**
 * Sentinel 7.0 lists replicas and peers in dictionary order, which depends on the hash seed:
 * order is not part of the interface, so both lists are sorted by their `name` field.
 */
export function sortInstancesByName(value: RespValue): RespValue {
  if (value.kind !== 'array') return value;
  const name = (v: RespValue): string => {
    try {
      return fieldsOf(v).name ?? '';
    } catch {
      return '';
    }
  };
  return { kind: 'array', items: [...value.items].sort((a, b) => name(a).localeCompare(name(b))) };
}

/** INFO fields whose value must be equal; every other value depends on the process. */
const STABLE_INFO_FIELDS = new Set(['redis_version', 'redis_mode']);

/**
 * INFO text as `[wire kind, {section header: {field: value}}]`: section and field names and
 * their order are compared; values only in the `# Sentinel` section (both watch the same
 * primary, so even its address line is equal) and for a few stable server fields.
 */
export function infoShape(value: RespValue): RespValue {
  let text: string;
  try {
    text = textOf(value);
  } catch {
    return value;
  }
  const sections: [RespValue, RespValue][] = [];
  let fields: [RespValue, RespValue][] | undefined;
  let header = '';
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      header = line;
      fields = [];
      sections.push([bulk(header), { kind: 'map', entries: fields }]);
      continue;
    }
    if (!fields) {
      fields = [];
      sections.push([bulk('(before any section)'), { kind: 'map', entries: fields }]);
    }
    const colon = line.indexOf(':');
    const key = colon < 0 ? line : line.slice(0, colon);
    const raw = colon < 0 ? '' : line.slice(colon + 1);
    const keep = header === '# Sentinel' || STABLE_INFO_FIELDS.has(key);
    fields.push([bulk(key), bulk(keep ? raw : '<value>')]);
  }
  return { kind: 'array', items: [bulk(`wire type ${value.kind}`), { kind: 'map', entries: sections }] };
}

/**
 * SENTINEL INFO-CACHE: `[name, [[ms, INFO text], ...]]`. The age is timing; the INFO text is
 * the instance's own and only its `role:` line is kept, so the master entry must come first.
 */
export function infoCacheShape(value: RespValue): RespValue {
  if (value.kind !== 'array') return value;
  const items = value.items.map((item, i): RespValue => {
    if (i % 2 === 0 || item.kind !== 'array') return item;
    const entries = item.items.map((pair): RespValue => {
      if (pair.kind !== 'array' || pair.items.length !== 2) return pair;
      const [age, info] = pair.items as [RespValue, RespValue];
      const ageShape: RespValue = age.kind === 'integer' ? { kind: 'integer', value: 0 } : age;
      let infoShapeValue: RespValue = info;
      if (info.kind === 'bulk' || info.kind === 'verbatim') {
        const role = /^role:(\w+)\r?$/m.exec(info.value)?.[1] ?? '?';
        infoShapeValue = { ...info, value: `<INFO of a ${role}>` };
      }
      return { kind: 'array', items: [ageShape, infoShapeValue] };
    });
    // Replicas follow the master in dictionary order: sort them by their shape.
    const [first, ...rest] = entries;
    const key = (v: RespValue): string => JSON.stringify(v);
    return {
      kind: 'array',
      items: first ? [first, ...rest.sort((a, b) => key(a).localeCompare(key(b)))] : [],
    };
  });
  return { kind: 'array', items };
}

/** `[wire kind, item count]` for long replies whose content is the other side's own (COMMAND INFO). */
export function itemCountShape(value: RespValue): RespValue {
  try {
    return { kind: 'array', items: [bulk(value.kind), { kind: 'integer', value: itemsOf(value).length }] };
  } catch {
    return value;
  }
}

const m = (ctx: CorpusContext): string => ctx.masterName;
const entry = (
  name: string,
  args: (ctx: CorpusContext) => string[],
  expect: 'error' | 'reply',
  extra: Partial<Pick<CorpusEntry, 'normalisers' | 'shape'>> = {},
): CorpusEntry => ({ name, args, expect, ...extra });
const fixed =
  (...args: string[]) =>
  (): string[] =>
    args;

/** SENTINEL queries that succeed. */
const queries: CorpusEntry[] = [
  entry('SENTINEL MASTERS', fixed('SENTINEL', 'MASTERS'), 'reply', {
    normalisers: DATA_NODE,
    shape: sortInstancesByName,
  }),
  entry('SENTINEL MASTER <master>', (c) => ['SENTINEL', 'MASTER', m(c)], 'reply', { normalisers: DATA_NODE }),
  entry('SENTINEL REPLICAS <master>', (c) => ['SENTINEL', 'REPLICAS', m(c)], 'reply', {
    normalisers: DATA_NODE,
    shape: sortInstancesByName,
  }),
  entry('SENTINEL SLAVES <master>', (c) => ['SENTINEL', 'SLAVES', m(c)], 'reply', {
    normalisers: DATA_NODE,
    shape: sortInstancesByName,
  }),
  entry('SENTINEL SENTINELS <master>', (c) => ['SENTINEL', 'SENTINELS', m(c)], 'reply', {
    normalisers: PEER,
    shape: sortInstancesByName,
  }),
  entry(
    'SENTINEL GET-MASTER-ADDR-BY-NAME <master>',
    (c) => ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', m(c)],
    'reply',
  ),
  entry(
    'sentinel get-master-addr-by-name <master> (lower case)',
    (c) => ['sentinel', 'get-master-addr-by-name', m(c)],
    'reply',
  ),
  entry(
    'SENTINEL GET-MASTER-ADDR-BY-NAME nosuch',
    fixed('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'nosuch'),
    'reply',
  ),
  entry('SENTINEL MYID', fixed('SENTINEL', 'MYID'), 'reply', { normalisers: [corpusNormalisers.myid] }),
  entry('SENTINEL CKQUORUM <master>', (c) => ['SENTINEL', 'CKQUORUM', m(c)], 'reply'),
  entry('SENTINEL INFO-CACHE <master>', (c) => ['SENTINEL', 'INFO-CACHE', m(c)], 'reply', {
    shape: infoCacheShape,
  }),
  entry('SENTINEL INFO-CACHE <master> nosuch', (c) => ['SENTINEL', 'INFO-CACHE', m(c), 'nosuch'], 'reply', {
    shape: infoCacheShape,
  }),
  entry('SENTINEL INFO-CACHE nosuch', fixed('SENTINEL', 'INFO-CACHE', 'nosuch'), 'reply'),
  entry('SENTINEL PENDING-SCRIPTS', fixed('SENTINEL', 'PENDING-SCRIPTS'), 'reply'),
  entry('SENTINEL CONFIG GET *', fixed('SENTINEL', 'CONFIG', 'GET', '*'), 'reply'),
  entry('SENTINEL CONFIG GET announce-*', fixed('SENTINEL', 'CONFIG', 'GET', 'announce-*'), 'reply'),
  entry('SENTINEL CONFIG GET nosuch', fixed('SENTINEL', 'CONFIG', 'GET', 'nosuch'), 'reply'),
  entry('SENTINEL DEBUG', fixed('SENTINEL', 'DEBUG'), 'reply'),
  entry('SENTINEL HELP', fixed('SENTINEL', 'HELP'), 'reply'),
  entry(
    'SENTINEL IS-MASTER-DOWN-BY-ADDR <primary> 0 *',
    (c) => ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', String(c.primaryPort), '0', '*'],
    'reply',
  ),
  entry(
    'SENTINEL IS-MASTER-DOWN-BY-ADDR <unknown address> 0 *',
    fixed('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '1', '0', '*'),
    'reply',
  ),
  entry('SENTINEL SIMULATE-FAILURE HELP', fixed('SENTINEL', 'SIMULATE-FAILURE', 'HELP'), 'reply'),
  entry('SENTINEL RESET nosuch*', fixed('SENTINEL', 'RESET', 'nosuch*'), 'reply'),
  entry('SENTINEL FLUSHCONFIG', fixed('SENTINEL', 'FLUSHCONFIG'), 'reply'),
];

/** The other commands of a sentinel's table, and a few it does not have. */
const generic: CorpusEntry[] = [
  entry('PING', fixed('PING'), 'reply'),
  entry('PING <message>', fixed('PING', 'hello world'), 'reply'),
  entry('ROLE', fixed('ROLE'), 'reply'),
  entry('HELLO (no argument)', fixed('HELLO'), 'reply', { normalisers: [normalisers.ids] }),
  entry('HELLO 4', fixed('HELLO', '4'), 'error'),
  entry('COMMAND COUNT', fixed('COMMAND', 'COUNT'), 'reply'),
  ...commandDocsCorpus,
  entry('COMMAND INFO ping (shape only)', fixed('COMMAND', 'INFO', 'ping'), 'reply', {
    shape: itemCountShape,
  }),
  entry('INFO', fixed('INFO'), 'reply', { shape: infoShape }),
  entry('INFO sentinel', fixed('INFO', 'sentinel'), 'reply', { shape: infoShape }),
  entry('INFO server', fixed('INFO', 'server'), 'reply', { shape: infoShape }),
  entry('INFO everything', fixed('INFO', 'everything'), 'reply', { shape: infoShape }),
  entry('INFO nosuch', fixed('INFO', 'nosuch'), 'reply', { shape: infoShape }),
  entry('CLIENT ID', fixed('CLIENT', 'ID'), 'reply', { normalisers: [corpusNormalisers.clientId] }),
  entry('CLIENT GETNAME', fixed('CLIENT', 'GETNAME'), 'reply'),
  entry('CLIENT SETNAME "a b"', fixed('CLIENT', 'SETNAME', 'a b'), 'error'),
  entry('CLIENT NOSUCH', fixed('CLIENT', 'NOSUCH'), 'error'),
  entry('ACL WHOAMI', fixed('ACL', 'WHOAMI'), 'reply'),
  entry('ACL NOSUCH', fixed('ACL', 'NOSUCH'), 'error'),
  entry('AUTH x (no password configured)', fixed('AUTH', 'x'), 'error'),
  entry('PUBLISH foo bar', fixed('PUBLISH', 'foo', 'bar'), 'error'),
  entry('PUBLISH __sentinel__:hello garbage', fixed('PUBLISH', '__sentinel__:hello', 'garbage'), 'reply'),
];

/** Unknown commands, wrong arity, unknown subcommands. */
const shapeErrors: CorpusEntry[] = [
  entry('FOO a b (unknown command)', fixed('FOO', 'a', 'b'), 'error'),
  entry('CONFIG GET port (no CONFIG in sentinel)', fixed('CONFIG', 'GET', 'port'), 'error'),
  entry('ECHO x (not in the sentinel table)', fixed('ECHO', 'x'), 'error'),
  entry('QUIT (not in the 7.0 sentinel table)', fixed('QUIT'), 'error'),
  entry('MONITOR (not in the sentinel table)', fixed('MONITOR'), 'error'),
  entry('PING a b (arity)', fixed('PING', 'a', 'b'), 'error'),
  entry('SUBSCRIBE (arity)', fixed('SUBSCRIBE'), 'error'),
  entry('SENTINEL (arity)', fixed('SENTINEL'), 'error'),
  entry('SENTINEL MASTER (arity)', fixed('SENTINEL', 'MASTER'), 'error'),
  entry('SENTINEL MASTERS extra (arity)', fixed('SENTINEL', 'MASTERS', 'extra'), 'error'),
  entry('SENTINEL CONFIG (arity)', fixed('SENTINEL', 'CONFIG'), 'error'),
  entry('SENTINEL INFO-CACHE (arity)', fixed('SENTINEL', 'INFO-CACHE'), 'error'),
  entry('SENTINEL SET <master> quorum (arity)', (c) => ['SENTINEL', 'SET', m(c), 'quorum'], 'error'),
  entry(
    'SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 1 0 (arity)',
    fixed('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', '1', '0'),
    'error',
  ),
  entry('SENTINEL FOO (unknown subcommand)', fixed('SENTINEL', 'FOO'), 'error'),
  entry('SENTINEL <200 chars> (unknown subcommand, truncated)', fixed('SENTINEL', 'x'.repeat(200)), 'error'),
];

/** Unknown master names. */
const unknownMaster: CorpusEntry[] = [
  ['MASTER'],
  ['REPLICAS'],
  ['SLAVES'],
  ['SENTINELS'],
  ['CKQUORUM'],
  ['FAILOVER'],
  ['REMOVE'],
  ['SET', 'quorum', '2'],
].map((rest) => {
  const [sub, ...tail] = rest as [string, ...string[]];
  return entry(
    `SENTINEL ${sub} nosuch ${tail.join(' ')}`.trim(),
    fixed('SENTINEL', sub, 'nosuch', ...tail),
    'error',
  );
});

/** Bad SENTINEL SET / MONITOR / CONFIG / DEBUG / IS-MASTER-DOWN-BY-ADDR arguments. */
const badValues: CorpusEntry[] = [
  ...[
    ['quorum', '0'],
    ['quorum', 'abc'],
    ['down-after-milliseconds', '0'],
    ['down-after-milliseconds', '-5'],
    ['failover-timeout', 'abc'],
    ['parallel-syncs', '0'],
    ['master-reboot-down-after-period', '-1'],
    ['foo', '1'],
    ['notification-script', '/bin/true'],
    ['client-reconfig-script', '/bin/true'],
    ['rename-command', 'PING'],
  ].map(([opt, value]) =>
    entry(
      `SENTINEL SET <master> ${opt} ${value}`,
      (c) => ['SENTINEL', 'SET', m(c), opt as string, value as string],
      'error',
    ),
  ),
  // The first option is applied (to its current value), the second lacks its value.
  entry(
    'SENTINEL SET <master> quorum <q> down-after-milliseconds (missing value)',
    (c) => ['SENTINEL', 'SET', m(c), 'quorum', String(c.quorum), 'down-after-milliseconds'],
    'error',
  ),
  entry(
    'SENTINEL MONITOR <master> (duplicate name)',
    (c) => ['SENTINEL', 'MONITOR', m(c), '127.0.0.1', String(c.primaryPort), '2'],
    'error',
  ),
  entry(
    'SENTINEL MONITOR x 127.0.0.1 abc 2',
    fixed('SENTINEL', 'MONITOR', 'x', '127.0.0.1', 'abc', '2'),
    'error',
  ),
  entry(
    'SENTINEL MONITOR x 127.0.0.1 70000 2',
    fixed('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '70000', '2'),
    'error',
  ),
  entry(
    'SENTINEL MONITOR x 127.0.0.1 -1 2',
    fixed('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '-1', '2'),
    'error',
  ),
  entry(
    'SENTINEL MONITOR x 127.0.0.1 6999 0',
    fixed('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6999', '0'),
    'error',
  ),
  entry(
    'SENTINEL MONITOR x 127.0.0.1 6999 abc',
    fixed('SENTINEL', 'MONITOR', 'x', '127.0.0.1', '6999', 'abc'),
    'error',
  ),
  entry(
    'SENTINEL MONITOR x not-an-ip 6999 2',
    fixed('SENTINEL', 'MONITOR', 'x', 'not-an-ip', '6999', '2'),
    'error',
  ),
  entry(
    'SENTINEL MONITOR x bad abc abc (which check first)',
    fixed('SENTINEL', 'MONITOR', 'x', 'bad', 'abc', 'abc'),
    'error',
  ),
  entry('SENTINEL CONFIG GET (no pattern)', fixed('SENTINEL', 'CONFIG', 'GET'), 'error'),
  entry(
    'SENTINEL CONFIG GET a b (7.0 takes one pattern)',
    fixed('SENTINEL', 'CONFIG', 'GET', 'a', 'b'),
    'error',
  ),
  entry('SENTINEL CONFIG FOO x', fixed('SENTINEL', 'CONFIG', 'FOO', 'x'), 'error'),
  entry('SENTINEL CONFIG SET foo bar', fixed('SENTINEL', 'CONFIG', 'SET', 'foo', 'bar'), 'error'),
  entry(
    'SENTINEL CONFIG SET announce-port abc',
    fixed('SENTINEL', 'CONFIG', 'SET', 'announce-port', 'abc'),
    'error',
  ),
  entry(
    'SENTINEL CONFIG SET resolve-hostnames maybe',
    fixed('SENTINEL', 'CONFIG', 'SET', 'resolve-hostnames', 'maybe'),
    'error',
  ),
  entry('SENTINEL DEBUG foo 1', fixed('SENTINEL', 'DEBUG', 'foo', '1'), 'error'),
  entry('SENTINEL DEBUG info-period abc', fixed('SENTINEL', 'DEBUG', 'info-period', 'abc'), 'error'),
  entry('SENTINEL DEBUG info-period 0', fixed('SENTINEL', 'DEBUG', 'info-period', '0'), 'error'),
  entry('SENTINEL DEBUG info-period (missing value)', fixed('SENTINEL', 'DEBUG', 'info-period'), 'error'),
  entry('SENTINEL SIMULATE-FAILURE foo', fixed('SENTINEL', 'SIMULATE-FAILURE', 'foo'), 'error'),
  entry(
    'SENTINEL IS-MASTER-DOWN-BY-ADDR 127.0.0.1 abc 0 *',
    fixed('SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', 'abc', '0', '*'),
    'error',
  ),
  entry(
    'SENTINEL IS-MASTER-DOWN-BY-ADDR <primary> abc *',
    (c) => ['SENTINEL', 'IS-MASTER-DOWN-BY-ADDR', '127.0.0.1', String(c.primaryPort), 'abc', '*'],
    'error',
  ),
];

/** The whole corpus, in the order it runs. */
export const sentinelCommandCorpus: readonly CorpusEntry[] = [
  ...queries,
  ...generic,
  ...shapeErrors,
  ...unknownMaster,
  ...badValues,
];

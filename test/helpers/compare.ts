/**
 * Comparing a Vigil reply with the redis-sentinel reply to the same command: the same wire
 * type at every node, the same map keys in the same order, the same error texts. Values that
 * legitimately differ between two processes (run ids, times in ms, ports, counters) go through
 * named normalisers; a normaliser only applies where its key or path matches AND both values
 * have the expected form, so a normaliser never hides a malformed value. Every failure message
 * names the normalisers that were tried at that place.
 */
import { describe, type RespValue } from './respParser.js';

/** Where a value sits: `path` like `[2].flags`, and `key`, the field it is the value of. */
export interface ValueContext {
  path: string;
  /** The map key, or in a RESP2 flat key/value array the string just before this value. */
  key?: string;
}

export interface Normaliser {
  readonly name: string;
  /** Does this normaliser concern the value at this place? */
  appliesTo(ctx: ValueContext): boolean;
  /**
   * The canonical text for a string-like value, or undefined when the value does not have
   * the expected form (then it is compared as is and the failure names this normaliser).
   */
  canonical(text: string): string | undefined;
}

/** A normaliser for the values of the given field names whose text matches `form`. */
export function byKey(name: string, keys: readonly string[], form: RegExp): Normaliser {
  const set = new Set(keys);
  return {
    name,
    appliesTo: (ctx) => ctx.key !== undefined && set.has(ctx.key),
    canonical: (text) => (form.test(text) ? `<${name}>` : undefined),
  };
}

/** A normaliser for the values at paths matching `pathPattern` whose text matches `form`. */
export function byPath(name: string, pathPattern: RegExp, form: RegExp): Normaliser {
  return {
    name,
    appliesTo: (ctx) => pathPattern.test(ctx.path),
    canonical: (text) => (form.test(text) ? `<${name}>` : undefined),
  };
}

/**
 * Rewrites every match of `pattern` (a global regex) inside any string value, e.g. the port
 * inside an event payload or `uptime_in_seconds:12` inside INFO text.
 */
export function inText(name: string, pattern: RegExp, replacement = `<${name}>`): Normaliser {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  return {
    name,
    appliesTo: () => true,
    canonical: (text) => {
      global.lastIndex = 0;
      return global.test(text) ? text.replace(global, replacement) : undefined;
    },
  };
}

const DIGITS = /^-?\d+$/;

/** Normalisers for the fields of Sentinel instance maps that differ between two processes. */
export const normalisers = {
  /** 40-hex-digit run ids. */
  runIds: byKey('runid', ['runid', 'run_id', 'leader'], /^[0-9a-f]{40}$/),
  /** Millisecond times and ages, which depend on when each process polled. */
  millis: byKey(
    'millis',
    [
      'last-ping-sent',
      'last-ok-ping-reply',
      'last-ping-reply',
      'info-refresh',
      'role-reported-time',
      'master-link-down-time',
      'last-hello-message',
      's-down-time',
      'o-down-time',
      'failover-state-change-time',
      'tilt-since-seconds',
      'uptime_in_seconds',
      'uptime_in_days',
    ],
    DIGITS,
  ),
  /** Link counters that depend on timing (commands in flight, shared links). */
  counters: byKey(
    'counters',
    ['link-pending-commands', 'link-refcount', 'slave-repl-offset', 'replica-repl-offset'],
    DIGITS,
  ),
  /** TCP ports of the processes under test. */
  ports: byKey('port', ['port', 'master-port', 'master_port', 'tcp_port', 'sentinel_port'], DIGITS),
  /** Client ids (CLIENT ID, HELLO's `id`). */
  ids: byKey('id', ['id'], DIGITS),
  /** Epochs, which depend on how many failovers each run has seen. */
  epochs: byKey('epoch', ['config-epoch', 'leader-epoch', 'current-epoch'], DIGITS),
  /** Process ids (INFO `process_id`). */
  pids: byKey('pid', ['process_id'], DIGITS),
} as const;

/** The usual set for comparing SENTINEL MASTER(S) / REPLICAS / SENTINELS replies. */
export const instanceNormalisers: readonly Normaliser[] = [
  normalisers.runIds,
  normalisers.millis,
  normalisers.counters,
  normalisers.ports,
];

export interface CompareOptions {
  normalisers?: readonly Normaliser[];
  /** Labels for messages. @default ['vigil', 'redis-sentinel'] */
  labels?: readonly [string, string];
}

export interface CompareResult {
  equal: boolean;
  differences: string[];
  /** Names of the normalisers that made at least one value equal. */
  applied: string[];
}

/** Compares two replies node by node and lists every difference. */
export function compareReplies(
  actual: RespValue,
  expected: RespValue,
  options: CompareOptions = {},
): CompareResult {
  const state: WalkState = {
    normalisers: options.normalisers ?? [],
    labels: options.labels ?? ['vigil', 'redis-sentinel'],
    differences: [],
    applied: new Set(),
  };
  walk(actual, expected, { path: '' }, state);
  return {
    equal: state.differences.length === 0,
    differences: state.differences,
    applied: [...state.applied],
  };
}

/** Throws an Error listing every difference (jest shows it as the failure). */
export function expectSameReply(actual: RespValue, expected: RespValue, options: CompareOptions = {}): void {
  const result = compareReplies(actual, expected, options);
  if (result.equal) return;
  const [a, b] = options.labels ?? ['vigil', 'redis-sentinel'];
  throw new Error(
    `replies differ (${result.differences.length}):\n  ${result.differences.join('\n  ')}\n` +
      `normalisers applied elsewhere: ${result.applied.length ? result.applied.join(', ') : 'none'}\n` +
      `${a}: ${describe(actual)}\n${b}: ${describe(expected)}`,
  );
}

interface WalkState {
  normalisers: readonly Normaliser[];
  labels: readonly [string, string];
  differences: string[];
  applied: Set<string>;
}

const STRING_KINDS = new Set(['simple', 'error', 'blobError', 'bulk', 'double', 'bigNumber', 'verbatim']);

function walk(a: RespValue, b: RespValue, ctx: ValueContext, state: WalkState): void {
  const at = ctx.path || '(top)';
  const [la, lb] = state.labels;
  if (a.kind !== b.kind) {
    state.differences.push(
      `${at}: type ${a.kind} (${la}) vs ${b.kind} (${lb}): ${describe(a)} vs ${describe(b)}`,
    );
    return;
  }
  switch (a.kind) {
    case 'integer':
    case 'boolean':
      compareText(String(a.value), String((b as typeof a).value), ctx, state);
      return;
    case 'nullBulk':
    case 'nullArray':
    case 'null':
      return;
    case 'array':
    case 'set':
    case 'push': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) {
        state.differences.push(`${at}: ${a.kind} length ${a.items.length} (${la}) vs ${bi.length} (${lb})`);
      }
      const n = Math.min(a.items.length, bi.length);
      for (let i = 0; i < n; i++) {
        walk(
          a.items[i] as RespValue,
          bi[i] as RespValue,
          { path: `${ctx.path}[${i}]`, key: flatKey(a.items, bi, i) },
          state,
        );
      }
      return;
    }
    case 'map':
    case 'attributed': {
      const entriesOf = (v: RespValue): [RespValue, RespValue][] =>
        v.kind === 'map' ? v.entries : v.kind === 'attributed' ? v.attributes : [];
      const ae = entriesOf(a);
      const be = entriesOf(b);
      const ak = ae.map(([k]) => keyText(k));
      const bk = be.map(([k]) => keyText(k));
      if (ak.join('\u0000') !== bk.join('\u0000')) {
        state.differences.push(
          `${at}: map keys differ: ${la} [${ak.join(', ')}] vs ${lb} [${bk.join(', ')}]`,
        );
      }
      const bByKey = new Map(be.map(([k, v]) => [keyText(k), [k, v] as const]));
      for (const [k, v] of ae) {
        const other = bByKey.get(keyText(k));
        if (!other) continue;
        const key = keyText(k);
        walk(k, other[0], { path: `${ctx.path}{key ${key}}` }, state);
        walk(v, other[1], { path: `${ctx.path}.${key}`, key }, state);
      }
      if (a.kind === 'attributed' && b.kind === 'attributed') walk(a.value, b.value, ctx, state);
      return;
    }
    default:
      if (STRING_KINDS.has(a.kind)) {
        const av = a as { value: string; format?: string };
        const bv = b as { value: string; format?: string };
        if (av.format !== bv.format)
          state.differences.push(`${at}: verbatim format ${av.format} vs ${bv.format}`);
        compareText(av.value, bv.value, ctx, state);
      }
  }
}

function compareText(a: string, b: string, ctx: ValueContext, state: WalkState): void {
  if (a === b) return;
  const tried: string[] = [];
  let na = a;
  let nb = b;
  for (const n of state.normalisers) {
    if (!n.appliesTo(ctx)) continue;
    const ca = n.canonical(na);
    const cb = n.canonical(nb);
    if (ca === undefined || cb === undefined) {
      tried.push(`${n.name} (form not matched by ${ca === undefined ? state.labels[0] : state.labels[1]})`);
      continue;
    }
    tried.push(n.name);
    na = ca;
    nb = cb;
    if (na === nb) {
      state.applied.add(n.name);
      return;
    }
  }
  const [la, lb] = state.labels;
  state.differences.push(
    `${ctx.path || '(top)'}: ${JSON.stringify(a)} (${la}) vs ${JSON.stringify(b)} (${lb})` +
      `; normalisers tried: ${tried.length ? tried.join(', ') : 'none'}`,
  );
}

function keyText(k: RespValue): string {
  return 'value' in k && typeof k.value !== 'object' ? String(k.value) : describe(k);
}

/** In a RESP2 flat key/value array, the key of the value at odd index `i` (same in both). */
function flatKey(a: readonly RespValue[], b: readonly RespValue[], i: number): string | undefined {
  if (i % 2 === 0) return undefined;
  const ka = a[i - 1] as RespValue;
  const kb = b[i - 1] as RespValue;
  if ((ka.kind !== 'bulk' && ka.kind !== 'simple') || ka.kind !== kb.kind || ka.value !== kb.value)
    return undefined;
  return ka.value;
}

/**
 * The COMMAND DOCS part of the reply corpus: every entry of every command and subcommand,
 * field by field and wire type by wire type, including argument trees and history. Only two
 * things are not compared as sent: the prose Vigil deliberately words itself (named
 * normalisers below) and the order of command names, which is Sentinel's dictionary order.
 */
import { byKey, type Normaliser } from '../../helpers/compare.js';
import type { RespValue } from '../../helpers/resp.js';
import type { CorpusEntry } from './sentinel-commands.js';

const VERSION = /^\d+\.\d+\.\d+$/;
const TEXT = /\S/;

/** Named normalisers for the prose of COMMAND DOCS. */
export const docsNormalisers = {
  /** Summaries and complexities: Vigil words them itself, on purpose. */
  docWording: byKey('doc-wording', ['summary', 'complexity'], TEXT),
  /**
   * History notes, which Vigil paraphrases: the second item of a `[version, note]` pair (in
   * both protocols the note's flat key is its version, and only a history note has one).
   */
  historyWording: {
    name: 'history-wording',
    appliesTo: (ctx) => VERSION.test(ctx.key ?? '') && /\[1\]$/.test(ctx.path),
    canonical: (text) => (TEXT.test(text) ? '<history-wording>' : undefined),
  } satisfies Normaliser,
} as const;

/** Every text COMMAND DOCS words in prose; names, types, tokens, flags, versions stay exact. */
const DOC_WORDING: readonly Normaliser[] = [docsNormalisers.docWording, docsNormalisers.historyWording];

/** Key/value pairs of a RESP3 map or a RESP2 flat key/value array; undefined for anything else. */
function pairsOf(value: RespValue): [RespValue, RespValue][] | undefined {
  if (value.kind === 'map') return value.entries;
  if (value.kind !== 'array' || value.items.length % 2 !== 0) return undefined;
  const pairs: [RespValue, RespValue][] = [];
  for (let i = 0; i < value.items.length; i += 2) pairs.push([value.items[i]!, value.items[i + 1]!]);
  return pairs;
}

/** Rebuilds `like`'s kind (map, or RESP2 flat array) from pairs. */
function fromPairs(like: RespValue, pairs: [RespValue, RespValue][]): RespValue {
  return like.kind === 'map' ? { kind: 'map', entries: pairs } : { kind: 'array', items: pairs.flat() };
}

const pairKey = ([k]: [RespValue, RespValue]): string => ('value' in k ? String(k.value) : '');

/**
 * Sentinel lists commands, and each container's subcommands, in dictionary order, which
 * depends on the hash seed. Only those name-keyed maps are sorted by name; the fields of every
 * entry and argument keep their order, which is compared.
 */
export function docsShape(value: RespValue): RespValue {
  const byName = (names: RespValue): RespValue => {
    const pairs = pairsOf(names);
    if (!pairs) return names;
    const sorted = pairs
      .map(([k, entry]): [RespValue, RespValue] => [k, withSortedSubcommands(entry)])
      .sort((a, b) => pairKey(a).localeCompare(pairKey(b)));
    return fromPairs(names, sorted);
  };
  const withSortedSubcommands = (entry: RespValue): RespValue => {
    const fields = pairsOf(entry);
    if (!fields) return entry;
    return fromPairs(
      entry,
      fields.map(([k, v]): [RespValue, RespValue] => [k, pairKey([k, v]) === 'subcommands' ? byName(v) : v]),
    );
  };
  return byName(value);
}

const docs = (name: string, names: string[], sorted = true): CorpusEntry => ({
  name,
  args: () => ['COMMAND', 'DOCS', ...names],
  expect: 'reply',
  normalisers: DOC_WORDING,
  ...(sorted ? { shape: docsShape } : {}),
});

export const commandDocsCorpus: readonly CorpusEntry[] = [
  docs('COMMAND DOCS', []),
  ...['sentinel', 'client', 'command', 'acl'].map((c) => docs(`COMMAND DOCS ${c}`, [c])),
  // Full names, any case, answered in the order asked (so not sorted); unknown names (CONFIG
  // is not in a sentinel's table) are left out.
  docs(
    'COMMAND DOCS CLIENT|KILL sentinel|slaves hello nosuch config',
    ['CLIENT|KILL', 'sentinel|slaves', 'hello', 'nosuch', 'config'],
    false,
  ),
];

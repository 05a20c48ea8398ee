/**
 * The hand-written COMMAND DOCS argument trees and history: every key names a command of the
 * table, and every node has the form Redis 7.0 gives it (the differential test against
 * redis-sentinel checks the values; this catches a malformed entry without starting one).
 */
import { describe, expect, test } from '@jest/globals';
import {
  COMMAND_ARGUMENTS,
  COMMAND_HISTORY,
  DOC_ARG_FLAG_ORDER,
  type DocArg,
} from '../../../src/commands/docs-arguments.js';
import { COMMAND_META } from '../../../src/commands/docs.js';

const VERSION = /^\d+\.\d+\.\d+$/;

/** Every node of a tree with its path, for readable failures. */
function nodes(args: readonly DocArg[], path: string): [string, DocArg][] {
  return args.flatMap((a, i) => {
    const at = `${path}[${i}] ${a.name}`;
    return [[at, a] as [string, DocArg], ...nodes(a.args ?? [], at)];
  });
}

const ALL = Object.entries(COMMAND_ARGUMENTS).flatMap(([name, args]) => nodes(args, name));

describe('COMMAND DOCS data', () => {
  test('every entry belongs to a command of the table and reaches its metadata', () => {
    for (const [name, args] of Object.entries(COMMAND_ARGUMENTS)) {
      expect([name, COMMAND_META[name]?.arguments]).toEqual([name, args]);
    }
    for (const [name, history] of Object.entries(COMMAND_HISTORY)) {
      expect([name, COMMAND_META[name]?.history]).toEqual([name, history]);
    }
  });

  test('containers (and only they) have members', () => {
    for (const [at, a] of ALL) {
      const container = a.type === 'oneof' || a.type === 'block';
      expect([at, container ? (a.args?.length ?? 0) > 0 : a.args === undefined]).toEqual([at, true]);
    }
  });

  test('flags are non-empty, without repeats, in the order Redis emits them', () => {
    for (const [at, a] of ALL) {
      if (a.flags === undefined) continue;
      const canonical = DOC_ARG_FLAG_ORDER.filter((f) => a.flags?.includes(f));
      expect([at, a.flags]).toEqual([at, canonical]);
      expect([at, a.flags.length]).not.toEqual([at, 0]);
      if (a.flags.includes('multiple_token')) expect([at, a.flags.includes('multiple')]).toEqual([at, true]);
    }
  });

  test('tokens are upper case and versions look like versions', () => {
    for (const [at, a] of ALL) {
      if (a.token !== undefined) expect([at, a.token]).toEqual([at, a.token.toUpperCase()]);
      for (const v of [a.since, a.deprecatedSince]) {
        if (v !== undefined) expect([at, v]).toEqual([at, expect.stringMatching(VERSION)]);
      }
    }
  });

  test('history is oldest first, with a short note for each version', () => {
    for (const [name, history] of Object.entries(COMMAND_HISTORY)) {
      const versions = history.map(([v]) => v);
      const sorted = [...versions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      expect([name, versions]).toEqual([name, sorted]);
      for (const [v, note] of history) {
        expect([name, v]).toEqual([name, expect.stringMatching(VERSION)]);
        expect([name, note.length > 0 && note.length <= 100]).toEqual([name, true]);
      }
    }
  });
});

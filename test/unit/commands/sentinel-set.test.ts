import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOW, makeContext, sentinel } from './fixtures.js';
import { OK, error } from '../../../src/resp/reply.js';

const SAVE_FAILED = error('ERR Failed to save config file. Check server logs.');
const DENIED = error(
  'ERR Reconfiguration of scripts path is denied for security reasons. Check the deny-scripts-reconfig ' +
    'configuration directive in your Sentinel configuration',
);

let dir = '';
let executable = '';
let plainFile = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-set-'));
  executable = join(dir, 'notify.sh');
  writeFileSync(executable, '#!/bin/sh\nexit 0\n');
  chmodSync(executable, 0o755);
  plainFile = join(dir, 'plain.txt');
  writeFileSync(plainFile, 'not a script\n');
  chmodSync(plainFile, 0o644);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SENTINEL SET', () => {
  test('several options applied left to right, one core call each, then one commit', async () => {
    const ctx = makeContext();
    const reply = await sentinel(
      ctx,
      'set',
      'mym',
      'QUORUM',
      '3',
      'rename-command',
      'CONFIG',
      'MYCONFIG',
      'down-after-milliseconds',
      '1000',
      'auth-pass',
      '',
    );
    expect(reply).toEqual(OK);
    expect(ctx.core.callsTo('setOption')).toEqual([
      ['mym', 'QUORUM', '3', undefined, NOW],
      ['mym', 'rename-command', 'CONFIG', 'MYCONFIG', NOW],
      ['mym', 'down-after-milliseconds', '1000', undefined, NOW],
      ['mym', 'auth-pass', '', undefined, NOW],
    ]);
    expect(ctx.commits).toBe(1);
  });

  test('save failure after all options succeed', async () => {
    const ctx = makeContext();
    ctx.commitResult = false;
    expect(await sentinel(ctx, 'set', 'mym', 'quorum', '3')).toEqual(SAVE_FAILED);
  });

  test('unknown master: nothing applied', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'set', 'nope', 'quorum', '2')).toEqual(
      error('ERR No such master with that name'),
    );
    expect(ctx.core.calls).toEqual([]);
    expect(ctx.commits).toBe(0);
  });

  test('core error stops the loop, earlier options stay, flush result not reported', async () => {
    const ctx = makeContext();
    ctx.commitResult = false;
    ctx.core.setOptionResults.set('quorum', "ERR Invalid argument '0' for SENTINEL SET 'quorum'");
    const reply = await sentinel(
      ctx,
      'set',
      'mym',
      'failover-timeout',
      '5000',
      'quorum',
      '0',
      'parallel-syncs',
      '2',
    );
    expect(reply).toEqual(error("ERR Invalid argument '0' for SENTINEL SET 'quorum'"));
    expect(ctx.core.callsTo('setOption').map((c) => c[1])).toEqual(['failover-timeout', 'quorum']);
    expect(ctx.commits).toBe(1);
  });

  test('core error text without the ERR code gets one', async () => {
    const ctx = makeContext();
    ctx.core.setOptionResults.set('quorum', "Invalid argument 'x' for SENTINEL SET 'quorum'");
    expect(await sentinel(ctx, 'set', 'mym', 'quorum', 'x')).toEqual(
      error("ERR Invalid argument 'x' for SENTINEL SET 'quorum'"),
    );
  });

  test('unknown option, echoed as typed', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'set', 'mym', 'FOO', 'x')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL SET 'FOO'"),
    );
    expect(ctx.core.callsTo('setOption')).toEqual([]);
  });

  test('missing value after earlier good options', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'set', 'mym', 'quorum', '2', 'parallel-syncs')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL SET 'parallel-syncs'"),
    );
    expect(ctx.core.callsTo('setOption')).toEqual([['mym', 'quorum', '2', undefined, NOW]]);
    expect(ctx.commits).toBe(1);
  });

  test('rename-command needs two values', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'set', 'mym', 'rename-command', 'a')).toEqual(
      error("ERR Unknown option or number of arguments for SENTINEL SET 'rename-command'"),
    );
    expect(ctx.core.callsTo('setOption')).toEqual([]);
  });

  test('Valkey primary-reboot-down-after-period is handed to the core', async () => {
    const ctx = makeContext();
    expect(await sentinel(ctx, 'set', 'mym', 'primary-reboot-down-after-period', '100')).toEqual(OK);
    expect(ctx.core.callsTo('setOption')).toEqual([
      ['mym', 'primary-reboot-down-after-period', '100', undefined, NOW],
    ]);
  });

  describe('scripts', () => {
    test('denied by deny-scripts-reconfig, even when clearing', async () => {
      const ctx = makeContext();
      expect(ctx.core.state.settings.denyScriptsReconfig).toBe(true);
      expect(await sentinel(ctx, 'set', 'mym', 'notification-script', executable)).toEqual(DENIED);
      expect(await sentinel(ctx, 'set', 'mym', 'client-reconfig-script', '')).toEqual(DENIED);
      expect(ctx.core.callsTo('setOption')).toEqual([]);
    });

    test('executable paths pass, empty clears', async () => {
      const ctx = makeContext();
      ctx.core.state.settings.denyScriptsReconfig = false;
      expect(
        await sentinel(ctx, 'set', 'mym', 'notification-script', executable, 'client-reconfig-script', ''),
      ).toEqual(OK);
      expect(ctx.core.callsTo('setOption')).toEqual([
        ['mym', 'notification-script', executable, undefined, NOW],
        ['mym', 'client-reconfig-script', '', undefined, NOW],
      ]);
    });

    test('non-existing or non-executable paths', async () => {
      const ctx = makeContext();
      ctx.core.state.settings.denyScriptsReconfig = false;
      expect(await sentinel(ctx, 'set', 'mym', 'notification-script', join(dir, 'missing.sh'))).toEqual(
        error('ERR Notification script seems non existing or non executable'),
      );
      expect(await sentinel(ctx, 'set', 'mym', 'quorum', '2', 'Client-Reconfig-Script', plainFile)).toEqual(
        error('ERR Client reconfiguration script seems non existing or non executable'),
      );
      expect(ctx.core.callsTo('setOption')).toEqual([['mym', 'quorum', '2', undefined, NOW]]);
    });
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { VIGIL_VERSION } from '../../../src/constants.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-load-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string, mode = 0o644): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

/** A fake core: records what it was given, fails the lines listed in `errors`. */
function recorder(errors: Record<string, string> = {}) {
  const applied: string[][] = [];
  const apply = (args: string[]): string | null => {
    applied.push(args);
    return errors[args.join(' ')] ?? null;
  };
  return { applied, apply };
}

describe('refusals at start', () => {
  test('no config file given', () => {
    const r = loadConfig(undefined, [], recorder().apply);
    expect(r).toEqual({
      ok: false,
      message: 'Sentinel needs config file on disk to save state. Exiting...',
      error: null,
    });
    expect(loadConfig('', [], recorder().apply).ok).toBe(false);
  });

  test('missing file (the path is shown absolute, as redis-sentinel 7.0.15 does)', () => {
    const r = loadConfig('nope.conf', [], recorder().apply, { cwd: dir });
    expect(r).toEqual({
      ok: false,
      message: `Fatal error, can't open config file '${path.join(dir, 'nope.conf')}': No such file or directory`,
      error: null,
    });
  });

  test('unwritable file', () => {
    const file = write('s.conf', 'port 26379\n', 0o444);
    const r = loadConfig(file, [], recorder().apply, {
      fs: {
        checkWritable: () => {
          throw Object.assign(new Error('denied'), { code: 'EACCES' });
        },
      },
    });
    expect(r).toEqual({
      ok: false,
      message: `Sentinel config file ${file} is not writable: Permission denied. Exiting...`,
      error: null,
    });
  });

  test('unwritable file, real check (skipped as root, who may write anything)', () => {
    const file = write('s.conf', 'port 26379\n', 0o444);
    const r = loadConfig(file, [], recorder().apply);
    if (process.getuid?.() === 0) expect(r.ok).toBe(true);
    else
      expect(!r.ok && r.message).toBe(
        `Sentinel config file ${file} is not writable: Permission denied. Exiting...`,
      );
  });

  test('a bad line is reported before the file is found unwritable, as Sentinel orders them', () => {
    const file = write('s.conf', 'port x\n');
    const r = loadConfig(file, [], recorder().apply, {
      fs: {
        checkWritable: () => {
          throw Object.assign(new Error('denied'), { code: 'EACCES' });
        },
      },
    });
    expect(!r.ok && r.message).toContain('FATAL CONFIG FILE ERROR');
  });

  test('a config directory that is not writable is only a notice (saves fall back to in-place)', () => {
    const file = write('s.conf', 'port 26379\n');
    const r = loadConfig(file, [], recorder().apply, {
      fs: {
        checkWritable: (f) => {
          if (f === dir) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        },
      },
    });
    expect(r.ok && r.notices).toEqual([
      `Config directory ${dir} is not writable (Permission denied): state will be saved by rewriting ${file} in place, not atomically`,
    ]);
  });

  test('a dir that does not exist', () => {
    const file = write('s.conf', 'dir /no/such/dir/for/vigil\n');
    const r = loadConfig(file, [], recorder().apply);
    expect(!r.ok && r.error?.reason).toBe('No such file or directory');
  });
});

describe('loading', () => {
  test('relative path made absolute; sentinel lines applied in bucket order without the word sentinel', () => {
    write(
      's.conf',
      [
        '# my sentinel',
        'port 26400',
        'sentinel known-replica m 127.0.0.1 6380',
        'sentinel monitor m 127.0.0.1 6379 2',
        'sentinel myid ' + 'c'.repeat(40),
        'save 900 1',
      ].join('\n'),
    );
    const { applied, apply } = recorder();
    const r = loadConfig('s.conf', ['--sentinel', 'current-epoch', '5'], apply, { cwd: dir });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.path).toBe(path.join(dir, 's.conf'));
    expect(r.config.server.port).toBe(26400);
    expect(r.config.server.dir).toBe(dir);
    expect(applied).toEqual([
      ['myid', 'c'.repeat(40)],
      ['current-epoch', '5'],
      ['monitor', 'm', '127.0.0.1', '6379', '2'],
      ['known-replica', 'm', '127.0.0.1', '6380'],
    ]);
    expect(r.notices).toEqual([
      `Ignoring 'save' at ${path.join(dir, 's.conf')}:6: Redis accepts this directive but it has no effect on Vigil`,
    ]);
  });

  test("the core's error becomes the fatal block with the sentinel line's own number", () => {
    const file = write(
      's.conf',
      'port 26379\nsentinel known-replica m 127.0.0.1 6380\nsentinel monitor m 127.0.0.1 6379 0\n',
    );
    const { apply } = recorder({ 'monitor m 127.0.0.1 6379 0': 'Quorum must be 1 or greater.' });
    const r = loadConfig(file, [], apply);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe(
      [
        `*** FATAL CONFIG FILE ERROR (Vigil ${VIGIL_VERSION}) ***`,
        `Reading the configuration file ${file}, at line 3`,
        `>>> 'sentinel monitor m 127.0.0.1 6379 0'`,
        'Quorum must be 1 or greater.',
      ].join('\n'),
    );
  });

  test('an error in a sentinel line from the command line says so', () => {
    const file = write('s.conf', 'port 26379\n');
    const { apply } = recorder({ 'bogus x': 'Unrecognized sentinel configuration statement.' });
    const r = loadConfig(file, ['--sentinel', 'bogus', 'x'], apply);
    expect(!r.ok && r.error).toMatchObject({
      lineNo: 3,
      fromCommandLine: true,
      line: 'sentinel "bogus" "x"',
    });
  });

  test('a throwing callback does not throw out of loadConfig', () => {
    const file = write('s.conf', 'sentinel monitor m 127.0.0.1 6379 2\n');
    const r = loadConfig(file, [], () => {
      throw new Error('boom');
    });
    expect(!r.ok && r.error?.reason).toBe('Internal error applying this line: boom');
  });

  /**
   * The core checks script paths (access X_OK); loadConfig must enter the final `dir` before
   * the first `sentinel` line, so relative paths resolve there (#8: a file started as
   * `run/sentinel.conf` from another directory, with `dir ./run`, refused to start again).
   */
  function scriptChecker(errors: Record<string, string> = {}) {
    let entered: string | null = null;
    const executable = (p: string): boolean => {
      try {
        fs.accessSync(path.resolve(entered ?? '/nonexistent', p), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    };
    const apply = (args: string[]): string | null => {
      const known = errors[args.join(' ')];
      if (known !== undefined) return known;
      if (args[0] === 'notification-script' && !executable(args[2] ?? ''))
        return 'Notification script seems non existing or non executable.';
      if (args[0] === 'client-reconfig-script' && !executable(args[2] ?? ''))
        return 'Client reconfiguration script seems non existing or non executable.';
      return null;
    };
    return { apply, enterDir: (d: string) => (entered = d), entered: () => entered };
  }

  test('the final dir is entered before the sentinel lines, so relative scripts resolve there', () => {
    fs.mkdirSync(path.join(dir, 'run'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    write('scripts/notify.sh', '#!/bin/sh\n', 0o755);
    // Both orders: the script line before and after `dir`; `dir` relative to the start cwd.
    for (const text of [
      'dir ./run\nsentinel monitor m 127.0.0.1 6379 2\nsentinel notification-script m ../scripts/notify.sh\n',
      'sentinel monitor m 127.0.0.1 6379 2\nsentinel notification-script m ../scripts/notify.sh\ndir ./run\n',
    ]) {
      const file = write('run/s.conf', text);
      const checker = scriptChecker();
      const r = loadConfig('run/s.conf', [], checker.apply, { cwd: dir, enterDir: checker.enterDir });
      expect(r.ok).toBe(true);
      expect(checker.entered()).toBe(path.join(dir, 'run'));
      expect(r.ok && r.config.path).toBe(file);
    }
  });

  test("a script that is not executable there fails its line with Sentinel's text", () => {
    write('notify.sh', '#!/bin/sh\n', 0o755);
    write('plain.sh', '#!/bin/sh\n', 0o644);
    const good = write(
      'good.conf',
      `dir ${dir}\nsentinel monitor m 127.0.0.1 6379 2\nsentinel notification-script m notify.sh\nsentinel client-reconfig-script m ${dir}/notify.sh\n`,
    );
    const g = scriptChecker();
    expect(loadConfig(good, [], g.apply, { enterDir: g.enterDir }).ok).toBe(true);

    const bad1 = write(
      'bad1.conf',
      `dir ${dir}\nsentinel monitor m 127.0.0.1 6379 2\nsentinel notification-script m plain.sh\n`,
    );
    const b1 = scriptChecker();
    const r1 = loadConfig(bad1, [], b1.apply, { enterDir: b1.enterDir });
    expect(!r1.ok && r1.error).toMatchObject({
      lineNo: 3,
      reason: 'Notification script seems non existing or non executable.',
    });
  });
});

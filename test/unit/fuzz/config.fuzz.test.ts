/**
 * Fuzzing the config file path (src/config/parse.ts, load.ts, quote.ts and the core's
 * `sentinel ...` directives): random and mutated config text, command-line options and include
 * files give a parsed config or a ConfigFileError naming the file, the line and the reason,
 * never an exception; directives return an error text or null and keep the model sound.
 */
import { ConfigFileError, formatConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/config/load.js';
import { parseConfigText } from '../../../src/config/parse.js';
import { formatLine, splitArgs } from '../../../src/config/quote.js';
import { newBrain } from '../core/brain-helpers.js';
import { internalErrors, modelProblems } from './model-check.js';
import { ensure, fuzz, mutateText, replaying, same, type Rng } from './prng.js';

const FILE = '/etc/vigil/sentinel.conf';

/** Config lines of every kind, valid as they are (one per line; the empty one included). */
const SAMPLE_LINES = `port 26379
bind 127.0.0.1 ::1
dir /tmp
dir data
logfile ""
loglevel notice
requirepass "a b"
pidfile /run/v.pid
user alice on >pw ~* +@all
tls-port 26380
tls-auth-clients optional
protected-mode no
daemonize no
maxclients 100
save ""
include other.conf
# comment

sentinel monitor mymaster 127.0.0.1 6379 2
sentinel down-after-milliseconds mymaster 5000
sentinel failover-timeout mymaster 60000
sentinel parallel-syncs mymaster 1
sentinel myid ${'f'.repeat(40)}
sentinel current-epoch 3
sentinel config-epoch mymaster 2
sentinel leader-epoch mymaster 2
sentinel known-replica mymaster 127.0.0.1 6380
sentinel known-sentinel mymaster 127.0.0.1 26380 ${'b'.repeat(40)}
sentinel auth-pass mymaster "p w"
sentinel rename-command mymaster CONFIG GUESSME
sentinel announce-ip 10.0.0.1
sentinel resolve-hostnames yes
sentinel deny-scripts-reconfig no
sentinel notification-script mymaster /bin/true
sentinel master-reboot-down-after-period mymaster 1000
sentinel`.split('\n');
const SAMPLES = [SAMPLE_LINES.join('\n'), SAMPLE_LINES.slice(18).join('\r\n')];
const WORDS =
  'port|sentinel|monitor|known-sentinel|include|dir|bind|"|\'|\\x4|-1|99999999999999999999|yes|mymaster|127.0.0.1|#'.split(
    '|',
  );

/** A config text: sample lines shuffled and mutated, or word salad. */
function configText(rng: Rng): string {
  if (rng.chance(0.2)) {
    return Array.from({ length: rng.int(8) }, () =>
      Array.from({ length: rng.int(6) }, () => rng.pick(WORDS)).join(' '),
    ).join('\n');
  }
  const lines = Array.from({ length: 1 + rng.int(12) }, () => rng.pick(SAMPLE_LINES));
  return mutateText(rng, lines.join(rng.chance(0.8) ? '\n' : '\r\n'), SAMPLES);
}

/** Command-line options after the config path, well-formed or not. */
function cliArgs(rng: Rng): string[] {
  if (rng.chance(0.5)) return [];
  const pool =
    '--port|26380|--sentinel|monitor|m|127.0.0.1|6379|2|--save|--loglevel|debug|--port 1|"|--|--requirepass|--x'.split(
      '|',
    );
  return Array.from({ length: rng.int(8) }, () =>
    rng.chance(0.8) ? rng.pick(pool) : mutateText(rng, rng.pick(pool)),
  );
}

interface Case {
  text: string;
  cli: string[];
  include: string | null;
}

const drawCase = (rng: Rng): Case => ({
  text: configText(rng),
  cli: cliArgs(rng),
  include: rng.chance(0.5) ? configText(rng) : null,
});

/** Redis's trim of config lines, to check an error quotes the line it names. */
const trim = (line: string): string => line.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

describe('config parsing fuzzing', () => {
  test('any text, options and includes: a config or a ConfigFileError with file, line and reason', () => {
    let errors = 0;
    let oks = 0;
    fuzz('config-parse', 2000, drawCase, ({ text, cli, include }) => {
      const out = parseConfigText(text, {
        path: FILE,
        cwd: '/work',
        cliArgs: cli,
        checkDir: (d) => (d.includes('"') ? 'No such file or directory' : null),
        readInclude: (f) => {
          if (include === null) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
          return f.endsWith('other.conf') ? include : '';
        },
      });
      if (out.ok) {
        oks++;
        const { server, sentinelLines } = out.value.config;
        ensure(
          Number.isInteger(server.port) && server.port >= 0 && server.port <= 65535,
          `port ${server.port}`,
        );
        ensure(server.dir.startsWith('/'), `dir ${server.dir}`);
        for (const l of sentinelLines) {
          ensure(
            l.args[0] === 'sentinel' && l.args.length > 1 && l.lineNo > 0,
            () => `line ${JSON.stringify(l)}`,
          );
        }
        return;
      }
      errors++;
      const e = out.error;
      ensure(e instanceof ConfigFileError, 'not a ConfigFileError');
      ensure(
        e.reason.length > 0 && Number.isInteger(e.lineNo) && e.lineNo > 0,
        () => `bad error ${JSON.stringify(e)}`,
      );
      ensure(formatConfigError(e).includes(e.reason), 'the printed block lacks the reason');
      if (e.file === FILE && !e.fromCommandLine) {
        const named = text.split('\n')[e.lineNo - 1];
        ensure(
          named !== undefined && trim(named) === e.line,
          () => `line ${e.lineNo} is ${JSON.stringify(named)}, error quotes ${JSON.stringify(e.line)}`,
        );
      } else if (e.file !== FILE) {
        ensure(e.file.endsWith('other.conf') && include !== null, `error in ${e.file}`);
        ensure(trim(include.split('\n')[e.lineNo - 1] ?? '') === e.line, 'error quotes another include line');
      }
    });
    if (!replaying) {
      expect(errors).toBeGreaterThan(400);
      expect(oks).toBeGreaterThan(200);
    }
  });

  test('an include of itself stops at the nesting limit with an error', () => {
    const out = parseConfigText('include /etc/vigil/sentinel.conf\n', {
      path: FILE,
      cwd: '/',
      readInclude: () => 'include /etc/vigil/sentinel.conf',
    });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error.reason).toMatch(/include nesting is too deep/);
  });

  test('formatLine output splits back to the same arguments', () => {
    fuzz(
      'config-quote',
      3000,
      (rng) =>
        Array.from({ length: 1 + rng.int(5) }, () =>
          rng.text(rng.int(10), 'ab "\'\\\t\n\r\v\f\0\x01\x7fé✓😀#x'),
        ),
      (args) => same(splitArgs(formatLine(args)), args),
    );
  });
});

/** Sentinel sub-directives with their argument counts (the name included), plus odd names. */
const ARITY: [string, number[]][] = (
  'monitor 5|down-after-milliseconds 3|failover-timeout 3|parallel-syncs 3|notification-script 3|' +
  'client-reconfig-script 3|auth-pass 3|auth-user 3|current-epoch 2|myid 2|config-epoch 3|leader-epoch 3|' +
  'known-replica 4|known-slave 4|known-sentinel 4,5|rename-command 4|announce-ip 2|announce-port 2|' +
  'deny-scripts-reconfig 2|sentinel-user 2|sentinel-pass 2|resolve-hostnames 2|announce-hostnames 2|' +
  'master-reboot-down-after-period 3|primary-reboot-down-after-period 3|MONITOR 5|unknown 2| 1|' +
  'hasOwnProperty 2|__proto__ 2|constructor 3|toString 2'
)
  .split('|')
  .map((entry) => {
    const [name, counts] = entry.split(' ');
    return [name, counts.split(',').map(Number)];
  });
const VALUES = [
  ...'127.0.0.1|::1|host.example|6379|26380|0|-1|65536|2|yes|no|YES|abc||  |1e3|0x10'.split('|'),
  ...['18446744073709551616', '-18446744073709551616', 'a'.repeat(40), 'b'.repeat(40)],
];

/** Mostly the right number of arguments about master `m` or `n`, sometimes anything. */
function directive(rng: Rng): string[] {
  const [sub, counts] = rng.pick(ARITY);
  const n = rng.chance(0.8) ? rng.pick(counts) : 1 + rng.int(6);
  const args = [
    sub,
    ...Array.from({ length: n - 1 }, (_, i) =>
      i === 0 && rng.chance(0.7) ? rng.pick(['m', 'n']) : rng.pick(VALUES),
    ),
  ];
  return rng.chance(0.2) ? args.map((a) => (rng.chance(0.3) ? mutateText(rng, a) : a)) : args;
}

describe('sentinel directive fuzzing', () => {
  test('random directives: null or an error text, never a throw, and the model stays sound', () => {
    let applied = 0;
    fuzz(
      'config-directives',
      600,
      (rng) => Array.from({ length: 10 }, () => directive(rng)),
      (lines) => {
        const brain = newBrain({}, false);
        brain.applyConfigDirective(['monitor', 'm', '127.0.0.1', '6379', '2'], 0);
        for (const args of lines) {
          const r = brain.applyConfigDirective(args, 0);
          ensure(
            r === null || (typeof r === 'string' && r.length > 0),
            () => `${JSON.stringify(args)} gave ${String(r)}`,
          );
          if (r === null) applied++;
          const problems = [...internalErrors(brain.takeActions()), ...modelProblems(brain.state)];
          ensure(problems.length === 0, () => `after ${JSON.stringify(args)}: ${problems.join('\n')}`);
        }
      },
    );
    if (!replaying) expect(applied).toBeGreaterThan(1000);
  });

  test('loadConfig with the Brain: ok or a printable error, never an internal error', () => {
    let loaded = 0;
    let refused = 0;
    /** Distinct sample lines (duplicates are refused) in random order, mutated half the time. */
    const loadCase = (rng: Rng): Case => {
      const lines = SAMPLE_LINES.filter((l) => l.includes(' monitor ') || rng.chance(0.4));
      const text = rng.shuffle(lines).join('\n');
      return {
        text: rng.chance(0.5) ? text : mutateText(rng, text, SAMPLES),
        cli: rng.chance(0.7) ? [] : cliArgs(rng),
        include: rng.chance(0.5) ? mutateText(rng, 'loglevel debug\nport 26390') : null,
      };
    };
    fuzz('config-load', 600, loadCase, ({ text, cli, include }) => {
      const brain = newBrain({}, false);
      const out = loadConfig('sentinel.conf', cli, (args) => brain.applyConfigDirective(args, 0), {
        cwd: '/etc/vigil',
        fs: {
          readFile: (f) => (f === FILE ? text : (include ?? '')),
          checkWritable: () => undefined,
          checkDir: () => undefined,
        },
      });
      if (out.ok) loaded++;
      else refused++;
      if (!out.ok) ensure(out.message.length > 0 && !out.message.includes('Internal error'), out.message);
      const problems = modelProblems(brain.state);
      ensure(problems.length === 0, () => problems.join('\n'));
    });
    if (!replaying) {
      expect(loaded).toBeGreaterThan(50);
      expect(refused).toBeGreaterThan(50);
    }
  });
});

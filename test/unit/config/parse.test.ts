import { defaultTlsSettings } from '../../../src/config/tls.js';
import { formatConfigError } from '../../../src/config/errors.js';
import { cliArgsToLines } from '../../../src/config/cli.js';
import { parseConfigText, type ParseOptions } from '../../../src/config/parse.js';
import { VIGIL_VERSION } from '../../../src/constants.js';

const FILE = '/etc/vigil/sentinel.conf';

function parse(text: string, extra: Partial<ParseOptions> = {}) {
  return parseConfigText(text, { path: FILE, cwd: '/work', checkDir: () => null, ...extra });
}

function ok(text: string, extra: Partial<ParseOptions> = {}) {
  const r = parse(text, extra);
  if (!r.ok) throw new Error(formatConfigError(r.error));
  return r.value;
}

describe('generic directives', () => {
  test('defaults', () => {
    const { server } = ok('').config;
    expect(server).toEqual({
      port: 26379,
      bind: [],
      dir: '/work',
      logfile: '',
      loglevel: 'notice',
      pidfile: null,
      requirepass: null,
      users: [],
      aclfile: null,
      enableDebugCommand: 'no',
      tlsPort: 0,
      tlsReplication: false,
      tls: defaultTlsSettings(),
      bindSourceAddr: null,
      ignored: [],
    });
  });

  const cases: [string, Record<string, unknown>][] = [
    ['port 26380', { port: 26380 }],
    ['PORT 0', { port: 0 }],
    ['bind 127.0.0.1 ::1', { bind: ['127.0.0.1', '::1'] }],
    ['bind "127.0.0.1 -::1"', { bind: ['127.0.0.1', '-::1'] }],
    ['dir /var/lib/vigil', { dir: '/var/lib/vigil' }],
    ['dir data', { dir: '/work/data' }],
    ['dir /a\ndir b', { dir: '/a/b' }],
    ['logfile /var/log/vigil.log', { logfile: '/var/log/vigil.log' }],
    ['logfile ""', { logfile: '' }],
    ['loglevel WARNING', { loglevel: 'warning' }],
    ['loglevel debug', { loglevel: 'debug' }],
    ['pidfile /run/vigil.pid', { pidfile: '/run/vigil.pid' }],
    ['pidfile ""', { pidfile: null }],
    ['requirepass "s3cret pass"', { requirepass: 's3cret pass' }],
    ['requirepass ""', { requirepass: null }],
    [
      'user alice on >pw ~* +@all\nuser bob off',
      {
        users: [
          ['alice', 'on', '>pw', '~*', '+@all'],
          ['bob', 'off'],
        ],
      },
    ],
    ['aclfile /etc/vigil/users.acl', { aclfile: '/etc/vigil/users.acl' }],
    ['enable-debug-command local', { enableDebugCommand: 'local' }],
    ['enable-debug-command YES', { enableDebugCommand: 'yes' }],
    ['tls-port 26380', { tlsPort: 26380 }],
    ['tls-replication yes', { tlsReplication: true }],
    [
      'tls-cert-file /etc/tls/vigil.crt',
      { tls: { ...defaultTlsSettings(), certFile: '/etc/tls/vigil.crt' } },
    ],
    ['tls-auth-clients OPTIONAL', { tls: { ...defaultTlsSettings(), authClients: 'optional' } }],
    ['tls-prefer-server-ciphers yes', { tls: { ...defaultTlsSettings(), preferServerCiphers: true } }],
    [
      'tls-key-file-pass "pass with spaces"',
      { tls: { ...defaultTlsSettings(), keyFilePass: 'pass with spaces' } },
    ],
    ['tls-protocols "TLSv1.2 TLSv1.3"', { tls: { ...defaultTlsSettings(), protocols: 'TLSv1.2 TLSv1.3' } }],
    ['bind-source-addr 10.0.0.5', { bindSourceAddr: '10.0.0.5' }],
    ['daemonize no', {}],
    ['protected-mode no', {}],
  ];
  test.each(cases)('%j', (text, expected) => {
    const value = ok(text);
    expect(value.config.server).toMatchObject(expected);
    expect(value.config.server.ignored).toEqual([]);
  });

  const ignored = [
    'repl-diskless-sync-delay 5',
    'protected-mode yes',
    'enable-protected-configs local',
    'tls-session-caching no',
    'save 900 1',
    'save ""',
    'save',
    'latency-tracking-info-percentiles 50 99 99.9',
    'oom-score-adj-values "0 200 800"',
    'client-output-buffer-limit normal 0 0 0',
    'replicaof 127.0.0.1 6379',
    'rename-command CONFIG ""',
    'always-show-logo yes',
    'supervised systemd',
    'hz 10',
    'list-max-ziplist-entries 128',
    'key-load-delay 0',
    'mymodule.setting 1',
  ];
  test.each(ignored)('%j is kept, ignored and logged', (text) => {
    const value = ok(`port 26379\n${text}`);
    expect(value.config.server.ignored).toEqual([
      { lineNo: 2, text, args: [text.split(' ')[0], ...value.config.server.ignored[0].args.slice(1)] },
    ]);
    expect(value.notices).toHaveLength(1);
    expect(value.notices[0]).toContain(`'${text.split(' ')[0]}'`);
    expect(value.notices[0]).toContain(`${FILE}:2`);
  });

  test('comments, blank lines, CRLF and indentation', () => {
    const value = ok('# a comment\r\n\r\n   # indented comment\n\t port 1234 \r\n');
    expect(value.config.server.port).toBe(1234);
  });
});

describe('errors name the file, the line number, the line and the reason', () => {
  const cases: [string, number, string, string][] = [
    ['port 26379\nfoo bar', 2, 'foo bar', 'Bad directive or wrong number of arguments'],
    ['port abc', 1, 'port abc', "argument couldn't be parsed into an integer"],
    ['port 012', 1, 'port 012', "argument couldn't be parsed into an integer"],
    ['port 70000', 1, 'port 70000', 'argument must be between 0 and 65535 inclusive'],
    ['port -1', 1, 'port -1', 'argument must be between 0 and 65535 inclusive'],
    ['port 1 2', 1, 'port 1 2', 'wrong number of arguments'],
    ['  PORT  ', 1, 'PORT', 'wrong number of arguments'],
    ['tls-port x', 1, 'tls-port x', "argument couldn't be parsed into an integer"],
    [
      'loglevel loud',
      1,
      'loglevel loud',
      'argument(s) must be one of the following: debug, verbose, notice, warning',
    ],
    ['protected-mode maybe', 1, 'protected-mode maybe', "argument must be 'yes' or 'no'"],
    ['tls-replication 1', 1, 'tls-replication 1', "argument must be 'yes' or 'no'"],
    [
      'tls-auth-clients maybe',
      1,
      'tls-auth-clients maybe',
      'argument(s) must be one of the following: no, yes, optional',
    ],
    ['tls-cert-file a b', 1, 'tls-cert-file a b', 'wrong number of arguments'],
    [
      'enable-debug-command maybe',
      1,
      'enable-debug-command maybe',
      'argument(s) must be one of the following: no, yes, local',
    ],
    ['requirepass', 1, 'requirepass', 'wrong number of arguments'],
    ['pidfile', 1, 'pidfile', 'wrong number of arguments'],
    ['user', 1, 'user', 'Bad directive or wrong number of arguments'],
    ['rename-command a', 1, 'rename-command a', 'Bad directive or wrong number of arguments'],
    ['replicaof a', 1, 'replicaof a', 'wrong number of arguments'],
    ['oom-score-adj-values 1 2 3 4', 1, 'oom-score-adj-values 1 2 3 4', 'wrong number of arguments'],
    ['shutdown-on-sigint', 1, 'shutdown-on-sigint', 'wrong number of arguments'],
    [
      'list-max-ziplist-entries 1 2',
      1,
      'list-max-ziplist-entries 1 2',
      'Bad directive or wrong number of arguments',
    ],
    ['include', 1, 'include', 'Bad directive or wrong number of arguments'],
    ['x\n\n# c\nsentinel monitor m "a', 1, 'x', 'Bad directive or wrong number of arguments'],
    [
      'port 1\n\n# c\nsentinel monitor m "a',
      4,
      'sentinel monitor m "a',
      'Unbalanced quotes in configuration line',
    ],
    ['requirepass "a"b', 1, 'requirepass "a"b', 'Unbalanced quotes in configuration line'],
    ['bind', 1, 'bind', 'bind needs at least one address: Sentinel would not listen anywhere'],
    ['bind ""', 1, 'bind ""', 'bind needs at least one address: Sentinel would not listen anywhere'],
    [
      `bind ${Array.from({ length: 17 }, (_, i) => `10.0.0.${i}`).join(' ')}`,
      1,
      '',
      'Too many bind addresses specified.',
    ],
    [
      'daemonize yes',
      1,
      'daemonize yes',
      'daemonize yes is not supported: Vigil stays in the foreground, run it under a supervisor (systemd, a container runtime, ...)',
    ],
    ['daemonize', 1, 'daemonize', 'wrong number of arguments'],
  ];
  test.each(cases)('%j', (text, lineNo, line, reason) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe(FILE);
    expect(r.error.lineNo).toBe(lineNo);
    if (line !== '') expect(r.error.line).toBe(line);
    expect(r.error.reason).toBe(reason);
    expect(formatConfigError(r.error)).toBe(
      [
        `*** FATAL CONFIG FILE ERROR (Vigil ${VIGIL_VERSION}) ***`,
        `Reading the configuration file ${FILE}, at line ${lineNo}`,
        `>>> '${r.error.line}'`,
        reason,
      ].join('\n'),
    );
  });

  test('dir that does not exist: strerror text, as Redis', () => {
    const r = parse('dir /nope', { checkDir: (d) => (d === '/nope' ? 'No such file or directory' : null) });
    expect(!r.ok && r.error.reason).toBe('No such file or directory');
  });
});

describe('sentinel lines', () => {
  test('collected in the three load buckets, file order within each', () => {
    const text = [
      'sentinel down-after-milliseconds m1 5000',
      'sentinel monitor m1 127.0.0.1 6379 2',
      'SENTINEL MYID ' + 'b'.repeat(40),
      'sentinel known-replica m1 127.0.0.1 6380',
      'sentinel Monitor m2 127.0.0.1 7379 1',
      'sentinel current-epoch 3',
      'sentinel config-epoch m2 1',
      'sentinel announce-hostnames yes',
      'sentinel',
      'port 26379',
      'sentinel deny-scripts-reconfig no',
    ].join('\n');
    const lines = ok(text).config.sentinelLines;
    expect(lines.map((l) => l.lineNo)).toEqual([3, 6, 8, 11, 2, 5, 1, 4, 7]);
    expect(lines[0]).toEqual({
      lineNo: 3,
      text: 'SENTINEL MYID ' + 'b'.repeat(40),
      args: ['sentinel', 'MYID', 'b'.repeat(40)],
    });
  });

  test('quoted arguments are unquoted', () => {
    const lines = ok('sentinel auth-pass m "p a\\"ss\\\\"').config.sentinelLines;
    expect(lines[0].args).toEqual(['sentinel', 'auth-pass', 'm', 'p a"ss\\']);
  });
});

describe('command-line options', () => {
  test('turned into config lines the Redis way', () => {
    expect(cliArgsToLines(['--port', '26380'])).toEqual(['port "26380" ']);
    expect(cliArgsToLines(['--port 26380', '--loglevel', 'debug'])).toEqual([
      'port 26380 ',
      'loglevel "debug" ',
    ]);
    expect(cliArgsToLines(['--sentinel', 'monitor', 'm', '127.0.0.1', '6379', '2'])).toEqual([
      'sentinel "monitor" "m" "127.0.0.1" "6379" "2" ',
    ]);
    expect(cliArgsToLines(['--sentinel', '--port', '1'])).toEqual(['sentinel ', 'port "1" ']);
    expect(cliArgsToLines(['--sentinel'])).toEqual(['sentinel ']);
    expect(cliArgsToLines(['--save', '--port', '1'])).toEqual(['save ""', 'port "1" ']);
    expect(cliArgsToLines(['--save'])).toEqual(['save ""']);
    expect(cliArgsToLines(['--requirepass', '--not-an-option'])).toEqual(['requirepass "--not-an-option" ']);
    expect(cliArgsToLines(['--requirepass', 'a "b" c'])).toEqual(['requirepass "a \\"b\\" c" ']);
    expect(cliArgsToLines([])).toEqual([]);
  });

  test('applied after the file, numbered after it', () => {
    const value = ok('port 1\nsentinel monitor m 127.0.0.1 6379 2\n', {
      cliArgs: [
        '--port',
        '2',
        '--bind',
        '127.0.0.1',
        '::1',
        '--sentinel',
        'down-after-milliseconds',
        'm',
        '100',
      ],
    });
    expect(value.config.server.port).toBe(2);
    expect(value.config.server.bind).toEqual(['127.0.0.1', '::1']);
    expect(value.cliFirstLine).toBe(4);
    expect(value.config.sentinelLines.map((l) => [l.lineNo, l.args])).toEqual([
      [2, ['sentinel', 'monitor', 'm', '127.0.0.1', '6379', '2']],
      [6, ['sentinel', 'down-after-milliseconds', 'm', '100']],
    ]);
  });

  test('an error in an option says so, with the line Redis would report', () => {
    // redis-sentinel 7.0.15: `port 27991\n` + `--sentinel foo --port abc` fails at line 4.
    const r = parse('port 27991\n', { cliArgs: ['--sentinel', 'foo', '--port', 'abc'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ lineNo: 4, line: 'port "abc"', fromCommandLine: true });
    expect(formatConfigError(r.error)).toContain(
      `Reading the configuration file ${FILE} (command-line options), at line 4`,
    );
  });
});

describe('include', () => {
  const files: Record<string, string> = {
    '/etc/vigil/tls.conf': 'tls-port 26380\ntls-replication yes\n',
    '/etc/vigil/bad.conf': '\nport x\n',
    '/etc/vigil/sent.conf': 'sentinel monitor m 127.0.0.1 6379 2\n',
    '/etc/vigil/loop.conf': 'include loop.conf\n',
  };
  const readInclude = (f: string): string => {
    if (files[f] === undefined) throw Object.assign(new Error('x'), { code: 'ENOENT' });
    return files[f];
  };

  test('generic directives of an included file apply', () => {
    const value = ok('dir /etc/vigil\ninclude tls.conf\n', { readInclude });
    expect(value.config.server).toMatchObject({ tlsPort: 26380, tlsReplication: true });
  });

  test.each([
    ['include /etc/vigil/bad.conf', '/etc/vigil/bad.conf', 2, "argument couldn't be parsed into an integer"],
    [
      'include /etc/vigil/none.conf',
      FILE,
      1,
      "Can't open config file '/etc/vigil/none.conf': No such file or directory",
    ],
    [
      'include /etc/vigil/sent.conf',
      '/etc/vigil/sent.conf',
      1,
      'sentinel directives must be in the main config file',
    ],
    ['dir /etc/vigil\ninclude loop.conf', '/etc/vigil/loop.conf', 1, 'include nesting is too deep'],
  ])('%j fails in %s', (text, file, lineNo, reason) => {
    const r = parse(text, { readInclude });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe(file);
    expect(r.error.lineNo).toBe(lineNo);
    expect(r.error.reason).toContain(reason);
  });
});

describe('a relative dir on the command line (departure, #8)', () => {
  test("resolves against the starting directory, not the file's (absolute, rewritten) dir", () => {
    // Redis gives /srv/run/run here once its rewrite has written `dir "/srv/run"`, and cannot
    // start again; Vigil gives /work/run, the directory the operator named.
    expect(ok('dir "/srv/run"\n', { cliArgs: ['--dir', './run'] }).config.server.dir).toBe('/work/run');
  });

  test("an absolute --dir and the file's own relative dirs are unchanged", () => {
    expect(ok('dir a\n', { cliArgs: ['--dir', '/x'] }).config.server.dir).toBe('/x');
    expect(ok('dir a\ndir b\n', {}).config.server.dir).toBe('/work/a/b');
  });
});

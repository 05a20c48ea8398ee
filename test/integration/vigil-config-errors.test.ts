/**
 * Bad config files: the daemon refuses to start, exits 1 and says where and why: the file
 * path (Vigil; Redis does not print it), the line number counted the way Redis counts it, the
 * line as read (trimmed) and Redis's reason text. The file is left untouched.
 *
 * `VIGIL_IT_SUBJECT=redis-sentinel` runs the same cases on the real one (minus the checks
 * that only Vigil makes, such as the path in the message and `daemonize yes`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getFreePort } from '../helpers/ports.js';
import { REPO_ROOT } from '../helpers/processes.js';
import { withDeadline } from '../helpers/waitFor.js';
import { subjectKind } from './corpus/sentinel-commands.js';

const SUBJECT = subjectKind();
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
/** Root may write any file: the unwritable case runs the daemon as `nobody` then. */
const NOBODY = 65534;

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Children of this file still running (a daemon that wrongly started): killed in afterAll. */
const children = new Set<ChildProcess>();
let baseDir: string;

/**
 * Local helper (the harness's start helpers wait for PING, these runs must end): runs the
 * daemon on `configPath` and waits for it to exit; a daemon still running after the deadline
 * is killed and reported with its output.
 */
async function runToExit(
  configPath: string,
  args: string[] = [],
  options: { uid?: number } = {},
): Promise<RunResult> {
  const [command, argv] =
    SUBJECT === 'vigil'
      ? [process.execPath, [path.join(REPO_ROOT, 'bin', 'vigil'), configPath, ...args]]
      : ['redis-sentinel', [configPath, ...args]];
  const child = spawn(command, argv, {
    cwd: path.dirname(configPath),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      stderr += `spawn failed: ${err.message}`;
      resolve({ code: null, signal: null });
    });
  });
  try {
    const { code, signal } = await withDeadline(exited, 10_000, `${SUBJECT} to exit on ${configPath}`);
    return { code, signal, stdout, stderr };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(err as Error).message}: it kept running.\nstdout: ${stdout}\nstderr: ${stderr}`);
  } finally {
    children.delete(child);
  }
}

/** Where the refusal must be written: Vigil on stderr; Redis logs some of them on stdout. */
const output = (r: RunResult): string => (SUBJECT === 'vigil' ? r.stderr : r.stdout + r.stderr);

let fileCount = 0;
function writeConfig(text: string, mode = 0o644): string {
  const file = path.join(baseDir, `bad-${++fileCount}.conf`);
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}

let port: number;
beforeAll(async () => {
  baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-test-config-errors-'));
  // Readable by `nobody` for the unwritable-file case.
  fs.chmodSync(baseDir, 0o755);
  // Never used by a daemon that starts as it should not: the run is then killed and fails.
  port = await getFreePort();
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  if (!process.env.VIGIL_TEST_KEEP_DIRS) fs.rmSync(baseDir, { recursive: true, force: true });
});

interface LineCase {
  name: string;
  /** Lines after the first (`port <free port>`). */
  lines: string[];
  /** The 1-based number of the bad line and the line as printed (trimmed). */
  lineNo: number;
  shown: string;
  reason: string;
}

const MONITOR = 'sentinel monitor mymaster 127.0.0.1 6999 2';
const lineCases: LineCase[] = [
  {
    name: 'unknown directive',
    lines: ['nosuchdirective 1'],
    lineNo: 2,
    shown: 'nosuchdirective 1',
    reason: 'Bad directive or wrong number of arguments',
  },
  {
    name: 'unknown sentinel statement',
    lines: [MONITOR, 'sentinel foo bar'],
    lineNo: 3,
    shown: 'sentinel foo bar',
    reason: 'Unrecognized sentinel configuration statement.',
  },
  {
    name: 'bad line after comments, blank lines and indentation',
    lines: ['# a comment', '', `   ${MONITOR}`, '  sentinel   foo bar   '],
    lineNo: 5,
    shown: 'sentinel   foo bar',
    reason: 'Unrecognized sentinel configuration statement.',
  },
  {
    name: 'quorum 0',
    lines: ['sentinel monitor mymaster 127.0.0.1 6999 0'],
    lineNo: 2,
    shown: 'sentinel monitor mymaster 127.0.0.1 6999 0',
    reason: 'Quorum must be 1 or greater.',
  },
  {
    name: 'non-numeric quorum',
    lines: ['sentinel monitor mymaster 127.0.0.1 6999 x'],
    lineNo: 2,
    shown: 'sentinel monitor mymaster 127.0.0.1 6999 x',
    reason: 'Quorum must be 1 or greater.',
  },
  {
    name: 'monitor port out of range',
    lines: ['sentinel monitor mymaster 127.0.0.1 99999 2'],
    lineNo: 2,
    shown: 'sentinel monitor mymaster 127.0.0.1 99999 2',
    reason: 'Invalid port number.',
  },
  {
    name: 'own port out of range',
    lines: ['port 99999'],
    lineNo: 2,
    shown: 'port 99999',
    reason: 'argument must be between 0 and 65535 inclusive',
  },
  {
    name: 'unbalanced quotes',
    lines: ['sentinel monitor "mymaster 127.0.0.1 6999 2'],
    lineNo: 2,
    shown: 'sentinel monitor "mymaster 127.0.0.1 6999 2',
    reason: 'Unbalanced quotes in configuration line',
  },
  {
    name: 'duplicate master',
    lines: [MONITOR, 'sentinel monitor mymaster 127.0.0.1 6998 2'],
    lineNo: 3,
    shown: 'sentinel monitor mymaster 127.0.0.1 6998 2',
    reason: 'Duplicate master name.',
  },
  // Sentinel 7.0 applies sentinel lines after the rest, but reports the option's own line.
  {
    name: 'option for an unknown master',
    lines: ['sentinel down-after-milliseconds nosuch 1000', MONITOR],
    lineNo: 2,
    shown: 'sentinel down-after-milliseconds nosuch 1000',
    reason: 'No such master with specified name.',
  },
  {
    name: 'zero down-after-milliseconds',
    lines: [MONITOR, 'sentinel down-after-milliseconds mymaster 0'],
    lineNo: 3,
    shown: 'sentinel down-after-milliseconds mymaster 0',
    reason: 'negative or zero time parameter.',
  },
  {
    name: 'malformed myid',
    lines: ['sentinel myid abc', MONITOR],
    lineNo: 2,
    shown: 'sentinel myid abc',
    reason: 'Malformed Sentinel id in myid option.',
  },
];

describe(`${SUBJECT} refuses bad config files`, () => {
  test.each(lineCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const text = `${[`port ${port}`, ...c.lines].join('\n')}\n`;
    const file = writeConfig(text);
    const result = await runToExit(file);
    const out = output(result);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    expect(out).toContain(`at line ${c.lineNo}\n`);
    expect(out).toContain(`>>> '${c.shown}'\n`);
    expect(out).toContain(c.reason);
    if (SUBJECT === 'vigil') expect(out).toContain(file);
    // Nothing was rewritten: a refused config is left as it was.
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('a bad --directive on the command line is reported as the line Redis appends', async () => {
    const text = `port ${port}\n${MONITOR}\n`;
    const file = writeConfig(text);
    const result = await runToExit(file, ['--port', '99999']);
    const out = output(result);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    // Redis appends "\n" and then the options as one more line after the file's 2 lines.
    expect(out).toContain('at line 4\n');
    expect(out).toContain(`>>> 'port "99999"'\n`);
    expect(out).toContain('argument must be between 0 and 65535 inclusive');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  test('a missing file: exit 1, the path and the reason', async () => {
    const file = path.join(baseDir, 'does-not-exist.conf');
    const result = await runToExit(file);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    expect(output(result)).toContain(file);
    expect(output(result)).toContain('No such file or directory');
    expect(fs.existsSync(file)).toBe(false);
  });

  test('an unwritable file: exit 1, the path and the reason', async () => {
    const text = `port ${port}\nbind 127.0.0.1\n${MONITOR}\n`;
    const file = writeConfig(text, 0o444);
    const result = await runToExit(file, [], IS_ROOT ? { uid: NOBODY } : {});
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    expect(output(result)).toContain(`Sentinel config file ${file} is not writable: Permission denied`);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  // redis-sentinel forks into the background on `daemonize yes`; Vigil cannot and must say so.
  if (SUBJECT === 'vigil') {
    test('daemonize yes: exit 1 with the line named', async () => {
      const text = `port ${port}\n${MONITOR}\ndaemonize yes\n`;
      const file = writeConfig(text);
      const result = await runToExit(file);
      const out = output(result);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
      expect(out).toContain(file);
      expect(out).toContain('at line 3\n');
      expect(out).toContain(`>>> 'daemonize yes'\n`);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
    });
  }
});

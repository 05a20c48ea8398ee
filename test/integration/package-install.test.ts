/**
 * What `npm pack` ships and what a user gets from it. The package is packed from a copy of
 * the checkout without dist/ (so packing has to build it, as from a fresh clone), must hold
 * the runtime files only, and `npm install -g` of the tarball into an empty prefix must give
 * a `vigil` that prints its version and its help (80 columns, no word split) and runs the
 * daemon, with nothing but the runtime dependencies installed next to it.
 *
 * The install resolves ioredis, pino, yargs, p-retry and prom-client with --prefer-offline:
 * `npm ci` leaves their tarballs in the npm cache but not the registry metadata a lockfile-less
 * install needs, so --offline fails with ENOTCACHED on a cache only `npm ci` has filled.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, makeTempDir, startOnConfig, startRedisServer, stopAll } from '../helpers/processes.js';
import { getFreePort } from '../helpers/ports.js';
import { RespClient, fieldsOf, textOf } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { USAGE } from '../../src/cli/main.js';

const execFileAsync = promisify(execFile);

/**
 * The environment without what an enclosing `npm test` exports about itself (its prefixes,
 * package and lifecycle), so the inner npm commands act on the directories given to them.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_(local_|global_)?prefix$)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? npmEnv(),
      timeout: options.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${e.message}\n--- stdout ---\n${e.stdout ?? ''}\n--- stderr ---\n${e.stderr ?? ''}`,
    );
  }
}

/** Top-level entries of the checkout that a fresh clone does not have. */
const NOT_IN_A_CLONE = new Set(['node_modules', 'dist', '.git', 'coverage', '.tmp']);

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
let tarballEntries: string[];
let prefix: string;
let vigilBin: string;

beforeAll(async () => {
  // A clone-like copy (sources, tests, configs; no dist/) sharing this checkout's
  // node_modules, so that `npm pack` has to build dist/ itself and sees everything `files`
  // must leave out.
  const checkout = makeTempDir('pack-checkout');
  fs.cpSync(REPO_ROOT, checkout, {
    recursive: true,
    filter: (source) => path.dirname(source) !== REPO_ROOT || !NOT_IN_A_CLONE.has(path.basename(source)),
  });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');

  const packDir = makeTempDir('pack-tarball');
  const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: checkout,
    timeoutMs: 120_000,
  });
  const [info] = JSON.parse(packed.stdout) as { filename: string }[];
  const tarball = path.join(packDir, info!.filename);
  tarballEntries = (await run('tar', ['-tzf', tarball], { timeoutMs: 30_000 })).stdout
    .split('\n')
    .filter((line) => line !== '');

  prefix = makeTempDir('pack-prefix');
  await run(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-update-notifier',
      tarball,
    ],
    { cwd: packDir, timeoutMs: 120_000 },
  );
  vigilBin = path.join(prefix, 'bin', 'vigil');
}, 240_000);

// Stops the processes and removes the temp dirs (the copy, the tarball, the prefix).
afterAll(stopAll);

describe('npm pack', () => {
  test('ships the compiled runtime, bin/vigil and the example config, nothing else', () => {
    const files = tarballEntries.map((entry) => entry.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'sentinel.conf',
        'bin/vigil',
        'dist/cli/main.js',
      ]),
    );
    // Allowed: the package's own metadata and docs, the shim, the example config and the
    // compiled runtime. Not: src/, test/, the benchmarks, source maps, tool configs.
    const unexpected = files.filter(
      (f) =>
        !/^(package\.json|README\.md|LICENSE|sentinel\.conf|bin\/vigil|dist\/.+\.js)$/.test(f) ||
        f.startsWith('dist/bench/'),
    );
    expect(unexpected).toEqual([]);
  });
});

describe('the installed vigil', () => {
  test('is linked into <prefix>/bin with the runtime dependencies only', () => {
    expect(fs.realpathSync(vigilBin)).toBe(
      fs.realpathSync(path.join(prefix, 'lib', 'node_modules', 'vigil', 'bin', 'vigil')),
    );
    const installed = path.join(prefix, 'lib', 'node_modules', 'vigil', 'node_modules');
    for (const dep of ['ioredis', 'pino', 'yargs', 'p-retry', 'prom-client']) {
      expect(fs.existsSync(path.join(installed, dep))).toBe(true);
    }
    for (const devDep of ['typescript', 'jest', 'ts-jest', 'eslint']) {
      expect(fs.existsSync(path.join(installed, devDep))).toBe(false);
    }
  });

  test('--version prints the version of package.json', async () => {
    const { stdout } = await run(vigilBin, ['--version'], { timeoutMs: 30_000 });
    expect(stdout.trim()).toBe(pkg.version);
  });

  test('--help fits 80 columns without splitting a word, piped and on an 80-column terminal', async () => {
    // After USAGE come yargs' own lines (Options: --version, --help).
    const optionWords = 'Options: -v, --version Show version number [boolean] -h, --help Show help [boolean]';
    const expectedWords = `${USAGE} ${optionWords}`.split(/\s+/);
    const piped = (
      await run(vigilBin, ['--help'], { env: { ...npmEnv(), COLUMNS: '80' }, timeoutMs: 30_000 })
    ).stdout;
    // script(1) gives the command a pseudo-terminal; stty sets its width to 80 columns.
    const quoted = `'${vigilBin.replace(/'/g, `'\\''`)}'`;
    const onTerminal = (
      await run('script', ['-qec', `stty cols 80 rows 24; ${quoted} --help`, '/dev/null'], {
        timeoutMs: 30_000,
      })
    ).stdout.replace(/\r\n/g, '\n');
    for (const help of [piped, onTerminal]) {
      const lines = help.split('\n');
      expect(lines.filter((line) => line.length > 80)).toEqual([]);
      // USAGE is laid out for 80 columns: it comes out line for line as written.
      expect(lines.slice(0, USAGE.split('\n').length)).toEqual(USAGE.split('\n'));
      expect(help.split(/\s+/).filter((w) => w !== '')).toEqual(expectedWords);
    }
  });

  test('runs the daemon on a config file: it answers PING, monitors a primary, exits 0 on SIGTERM', async () => {
    const primary = await startRedisServer();
    const port = await getFreePort();
    const configPath = path.join(makeTempDir('pack-config'), 'sentinel.conf');
    fs.writeFileSync(
      configPath,
      `port ${port}\nbind 127.0.0.1\nsentinel monitor mym 127.0.0.1 ${primary.port} 2\n`,
    );
    // Resolves once the daemon answers PING.
    const vigil = await startOnConfig('vigil', configPath, port, { executable: vigilBin });
    const client = await RespClient.connect(port);
    expect(textOf((await client.send('PING')).value)).toBe('PONG');
    // A run ID comes from the primary's INFO: the links (ioredis) work from the installed tree.
    await waitFor(async () => fieldsOf((await client.send('SENTINEL', 'MASTER', 'mym')).value).runid !== '', {
      timeoutMs: 15_000,
      description: "the primary's run ID in SENTINEL MASTER mym",
    });
    await client.close();
    vigil.kill('SIGTERM');
    expect((await vigil.waitForExit()).code).toBe(0);
  });
});

/** Running redis-benchmark against one port, bounded in requests and in time. */
import { parseBenchmarkCsv, type BenchmarkRow } from './csv.js';
import type { Fleet } from './fleet.js';

export interface LoadSpec {
  readonly requests: number;
  readonly clients: number;
  readonly pipeline: number;
  /** Kill redis-benchmark after this long and report the run as timed out. */
  readonly timeoutMs: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly clients: number;
  readonly pipeline: number;
  readonly row: BenchmarkRow | null;
  readonly timedOut: boolean;
  readonly error: string | null;
  readonly wallMs: number;
}

export function benchmarkArgs(port: number, command: readonly string[], spec: LoadSpec): string[] {
  return [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-n',
    String(spec.requests),
    '-c',
    String(spec.clients),
    '-P',
    String(spec.pipeline),
    '--csv',
    ...command,
  ];
}

export function runRedisBenchmark(
  fleet: Fleet,
  port: number,
  command: readonly string[],
  spec: LoadSpec,
): Promise<LoadResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = fleet.spawn(fleet.programs.redisBenchmark, benchmarkArgs(port, command, spec), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const rows = parseBenchmarkCsv(stdout);
      const row = rows[0] ?? null;
      // redis-benchmark 7.0 warns on stderr that a sentinel has no CONFIG GET; that is expected.
      const problems = stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('WARNING: Could not fetch server CONFIG'));
      let error: string | null = null;
      if (timedOut) error = `timed out after ${spec.timeoutMs} ms`;
      else if (code !== 0)
        error = `redis-benchmark exited with ${signal ?? `code ${code}`}: ${problems.join(' ')}`;
      else if (row === null) error = `no CSV result (${problems.join(' ') || 'empty output'})`;
      resolve({
        requests: spec.requests,
        clients: spec.clients,
        pipeline: spec.pipeline,
        row: timedOut ? null : row,
        timedOut,
        error,
        wallMs: performance.now() - started,
      });
    });
  });
}
